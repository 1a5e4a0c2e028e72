"""Every entry carries a permanent uuid: missing, malformed or shared ones are reported with a fix."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.identity import UUID_PATTERN, with_uuid
from conftest import line_of, run_check

MEASURE = "measures/formavenir.yml"
UUID_IN_MESSAGE = re.compile(r"`uuid: ([^`]+)`")


def _uuid_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("uuid:"))


def _drop_uuid(file: Path) -> str:
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(_uuid_line(text) + "\n", ""), encoding="utf-8")
    return text


def test_missing_uuid_points_at_the_id_line_and_suggests_a_fresh_one(valid_copy: Path) -> None:
    _drop_uuid(valid_copy / MEASURE)
    used = {e["uuid"] for e in check_catalogue(valid_copy)[0].all() if "uuid" in e.data}

    result = run_check(valid_copy)

    assert result.returncode == 1
    [found] = [line for line in result.stderr.splitlines() if "uuid" in line]
    prefix = (
        f"{valid_copy}/{MEASURE}:{line_of(valid_copy, MEASURE, 'id: formavenir')}: MISSING_FIELD "
    )
    assert found.startswith(prefix), found
    suggested = UUID_IN_MESSAGE.search(found)[1]
    assert UUID_PATTERN.match(suggested) and suggested not in used


def test_upper_case_uuid_is_reported_with_the_same_value_in_lower_case(valid_copy: Path) -> None:
    text = (valid_copy / MEASURE).read_text(encoding="utf-8")
    stored = _uuid_line(text).split()[1]
    (valid_copy / MEASURE).write_text(text.replace(stored, stored.upper()), encoding="utf-8")

    result = run_check(valid_copy)

    assert result.returncode == 1
    assert f": BAD_UUID uuid: '{stored.upper()}'" in result.stderr
    assert UUID_IN_MESSAGE.search(result.stderr)[1] == stored


def test_shared_uuid_is_reported_on_both_files_with_a_new_one(valid_copy: Path) -> None:
    sas = (valid_copy / "institutions/sas.yml").read_text(encoding="utf-8")
    dssc = valid_copy / "institutions/dssc.yml"
    text = dssc.read_text(encoding="utf-8")
    dssc.write_text(text.replace(_uuid_line(text), _uuid_line(sas)), encoding="utf-8")

    lines = run_check(valid_copy).stderr.splitlines()

    reported = [line for line in lines if ": DUPLICATE_UUID " in line]
    assert len(reported) == 2
    assert {line.split(":", 1)[0] for line in reported} == {
        f"{valid_copy}/institutions/sas.yml",
        f"{valid_copy}/institutions/dssc.yml",
    }
    for line in reported:
        assert UUID_IN_MESSAGE.search(line)[1] != _uuid_line(sas).split()[1]


def test_scaffold_helper_puts_a_fresh_uuid_after_the_id_line(valid_copy: Path) -> None:
    file = valid_copy / MEASURE
    _drop_uuid(file)

    file.write_text(with_uuid(file.read_text(encoding="utf-8")), encoding="utf-8")

    lines = file.read_text(encoding="utf-8").splitlines()
    at = lines.index("id: formavenir")
    assert lines[at + 1].startswith("uuid: ")
    assert uuid.UUID(lines[at + 1].split()[1]).version == 4
    assert run_check(valid_copy).returncode == 0
    assert with_uuid(file.read_text(encoding="utf-8")) == file.read_text(encoding="utf-8")


def test_every_entry_of_the_catalogue_has_its_own_uuid() -> None:
    catalogue, problems = check_catalogue(Path(__file__).parents[1] / "catalogue")
    assert problems == []
    values = [e["uuid"] for e in catalogue.all()]
    assert len(values) == len(set(values)) == len(list(catalogue.all()))
