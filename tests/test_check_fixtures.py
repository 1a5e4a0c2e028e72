"""One failing fixture catalogue per problem code, run through the command line an editor uses.

tests/fixtures/problems/<CODE>/ is the valid minimal catalogue (tests/fixtures/valid/) with exactly
one defect; its expected.txt holds `relative/path.yml:LINE CODE`, the line an editor must look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ciivs.catalogue.problems import CODES
from conftest import BUILDERS, PROBLEMS, ROOT, VALID, copy_catalogue, run_check

# INTERNAL_ERROR cannot be triggered on purpose: it is the command line's last resort when the
# checker itself fails, and every such failure is a bug to fix, not a fixture to keep.
UNTRIGGERABLE = {"INTERNAL_ERROR"}
FIXTURE_CODES = sorted(set(CODES) - UNTRIGGERABLE)

# A second entry can only declare an id already used if its file name differs from that id;
# a copied file also keeps the original's uuid.
ALSO_REPORTED = {"DUPLICATE_ID": {"ID_MISMATCH", "DUPLICATE_UUID"}}

PROBLEM_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+): (?P<code>[A-Z_]+) (?P<message>.+)$")


def _expected(code: str) -> tuple[str, int, str]:
    text = (PROBLEMS / code / "expected.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"(?P<path>[a-z-]+/[^:\s]+):(?P<line>\d+) (?P<code>[A-Z_]+)", text)
    assert match, f"{code}/expected.txt must hold `relative/path.yml:LINE CODE`, not {text!r}"
    return match["path"], int(match["line"]), match["code"]


@pytest.mark.parametrize("code", FIXTURE_CODES)
def test_fixture_fails_with_its_code_at_its_line(code: str, tmp_path: Path) -> None:
    path, line, expected_code = _expected(code)
    assert expected_code == code
    if code in BUILDERS:
        folder = copy_catalogue(PROBLEMS / code, tmp_path / code)
        BUILDERS[code](folder)
        display = str(folder)
    else:
        display = (PROBLEMS / code).relative_to(ROOT).as_posix()

    result = run_check(display)

    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output
    prefix = f"{display}/{path}:{line}: {code} "
    lines = result.stderr.splitlines()
    assert any(found.startswith(prefix) for found in lines), (
        f"no line starts with {prefix!r}:\n{result.stderr}"
    )
    # Exactly one defect: nothing else is reported (the last line is the count).
    reported = [PROBLEM_LINE.match(found) for found in lines[:-1]]
    assert all(reported), result.stderr
    assert {m["code"] for m in reported} <= {code} | ALSO_REPORTED.get(code, set()), result.stderr
    assert re.fullmatch(r"\d+ problems? found; nothing was built or changed\.", lines[-1])


def test_every_code_has_a_fixture() -> None:
    folders = {p.name for p in PROBLEMS.iterdir() if p.is_dir()}
    assert sorted(set(FIXTURE_CODES) - folders) == [], "codes without a fixture folder"
    assert sorted(folders - set(CODES)) == [], "fixture folders for codes that do not exist"
    assert not folders & UNTRIGGERABLE
    for code in FIXTURE_CODES:
        assert _expected(code)[2] == code


def test_every_fixture_names_an_existing_file() -> None:
    for code in FIXTURE_CODES:
        path, line, _ = _expected(code)
        file = PROBLEMS / code / path
        if code in BUILDERS:
            assert (PROBLEMS / code / "BUILT_AT_TEST_TIME.txt").is_file()
        assert file.is_file(), f"{code}: {path} does not exist"
        assert 1 <= line <= max(1, file.read_bytes().count(b"\n") + 1), (
            f"{code}: line {line} is past the end of {path}"
        )


def test_readme_lists_every_code() -> None:
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing"
    text = readme.read_text(encoding="utf-8")
    missing = [code for code in CODES if not re.search(rf"(?<![A-Z_]){code}(?![A-Z_])", text)]
    assert missing == [], f"README.md does not list: {', '.join(missing)}"


def test_valid_fixture_passes() -> None:
    result = run_check(VALID.relative_to(ROOT).as_posix())
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("catalogue OK: ")
    assert "1 measures" in result.stdout and "2 institutions" in result.stdout


def test_real_catalogue_passes() -> None:
    result = run_check("catalogue")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("catalogue OK: ")
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_folder_is_one_clean_problem(tmp_path: Path) -> None:
    result = run_check(tmp_path / "no-such-catalogue")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith(f"{tmp_path / 'no-such-catalogue'}:1: FILE_NAME ")
