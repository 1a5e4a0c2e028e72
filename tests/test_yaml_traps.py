"""YAML's traps, one test each, through check_catalogue on a copy of the valid fixture with one file changed.

PyYAML reads YAML 1.1: `no` is false, `0276067320` is an octal number, `2023-08-01` is a date,
`*a` repeats an anchor. An editor must get a problem with the right code and line, never a
silently changed value, a crash or a hang.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.problems import Problem
from ciivs.catalogue.yamlfile import read_yaml
from conftest import CATALOGUE, edit, line_of, run_check

SAS = "institutions/sas.yml"
DSSC = "institutions/dssc.yml"
MEASURE = "measures/formavenir.yml"


def problems_of(root: Path) -> list[Problem]:
    _, problems = check_catalogue(root, "cat")
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_valid_copy_has_no_problem(valid_copy: Path) -> None:
    assert problems_of(valid_copy) == []


def test_duplicate_key_points_at_the_second_key(valid_copy: Path) -> None:
    edit(
        valid_copy,
        SAS,
        "email: sas@admin.vs.ch\n",
        "email: sas@admin.vs.ch\nemail: contact@admin.vs.ch\n",
    )
    found = only(problems_of(valid_copy))
    assert (found.path, found.code) == (f"cat/{SAS}", "YAML_DUPLICATE_KEY")
    assert found.line == line_of(valid_copy, SAS, "email:", nth=2)
    assert f"line {line_of(valid_copy, SAS, 'email:')}" in found.message


def test_duplicate_key_inside_a_nested_block(valid_copy: Path) -> None:
    edit(valid_copy, DSSC, "  de: DGSK\n", "  de: DGSK\n  fr: DSS\n")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == (
        "YAML_DUPLICATE_KEY",
        line_of(valid_copy, DSSC, "  fr: DSS\n"),
    )


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES", "Off"])
def test_yes_no_on_off_where_text_is_expected(valid_copy: Path, word: str) -> None:
    edit(valid_copy, DSSC, "  de: DGSK", f"  de: {word}")
    found = only(problems_of(valid_copy))
    assert (found.path, found.line, found.code) == (
        f"cat/{DSSC}",
        line_of(valid_copy, DSSC, f"  de: {word}"),
        "YAML_BOOLEAN",
    )
    assert f"'{word}'" in found.message and "quotes" in found.message


@pytest.mark.parametrize("word", ["no", "yes", "on", "off"])
def test_quoted_yes_no_on_off_are_text(valid_copy: Path, word: str) -> None:
    edit(valid_copy, DSSC, "  de: DGSK", f'  de: "{word}"')
    assert problems_of(valid_copy) == []


def test_a_field_named_on_stays_a_field_name(valid_copy: Path) -> None:
    edit(valid_copy, DSSC, "german_name: official\n", "german_name: official\non: true\n")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("UNKNOWN_FIELD", line_of(valid_copy, DSSC, "on: true"))
    assert "'on'" in found.message


@pytest.mark.parametrize(
    "file, old", [(SAS, 'phone: "027 606 48 00"'), (MEASURE, '  phone: "027 606 48 00"')]
)
def test_unquoted_phone_with_leading_zero(valid_copy: Path, file: str, old: str) -> None:
    new = old.replace('"027 606 48 00"', "0276067320")
    edit(valid_copy, file, old, new)
    found = only(problems_of(valid_copy))
    assert (found.path, found.line, found.code) == (
        f"cat/{file}",
        line_of(valid_copy, file, new),
        "YAML_NUMBER",
    )
    assert "leading zero" in found.message
    assert "0276067320" in found.message


def test_unquoted_phone_with_eights_and_nines_keeps_its_digits(valid_copy: Path) -> None:
    # Not an octal number, so YAML keeps it as the text "0276064800": nothing is lost.
    edit(valid_copy, SAS, 'phone: "027 606 48 00"', "phone: 0276064800")
    catalogue, problems = check_catalogue(valid_copy, "cat")
    assert problems == []
    assert catalogue.get("institutions", "sas")["phone"] == "0276064800"


def test_postcode_read_as_a_number(valid_copy: Path) -> None:
    edit(valid_copy, SAS, 'postcode: "1950"', "postcode: 1950")
    found = only(problems_of(valid_copy))
    assert found.code in {"BAD_POSTCODE", "YAML_NUMBER"}
    assert (
        found.code == "YAML_NUMBER"
    )  # what the checker says today: the value was read as a number
    assert (found.path, found.line) == (f"cat/{SAS}", line_of(valid_copy, SAS, "postcode:"))
    assert "postcode" in found.message


def test_date_where_text_was_meant(valid_copy: Path) -> None:
    edit(valid_copy, MEASURE, '  - value: "15-25"', "  - value: 2023-08-01")
    found = only(problems_of(valid_copy))
    assert (found.path, found.line, found.code) == (
        f"cat/{MEASURE}",
        line_of(valid_copy, MEASURE, "- value: 2023"),
        "YAML_DATE",
    )
    assert "2023-08-01" in found.message and "quotes" in found.message


def test_date_where_text_was_meant_in_a_translation(valid_copy: Path) -> None:
    edit(valid_copy, DSSC, "  de: DGSK", "  de: 2024-01-01")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("YAML_DATE", line_of(valid_copy, DSSC, "  de: 2024"))


def test_unquoted_date_in_a_date_field_keeps_its_value(valid_copy: Path) -> None:
    # Documented leniency: dates and years in date fields may be written without quotes.
    edit(valid_copy, MEASURE, 'valid_from: "2023-08-01"', "valid_from: 2023-08-01")
    catalogue, problems = check_catalogue(valid_copy, "cat")
    assert problems == []
    assert catalogue.get("measures", "formavenir")["valid_from"] == "2023-08-01"


@pytest.mark.parametrize("written", ["02023", "20:23", "0x7E7"])
def test_year_that_yaml_reads_in_another_base_is_not_silently_changed(
    valid_copy: Path, written: str
) -> None:
    edit(valid_copy, MEASURE, 'valid_from: "2023-08-01"', f"valid_from: {written}")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("BAD_DATE", line_of(valid_copy, MEASURE, "valid_from:"))
    assert written in found.message


def test_tab_used_for_indentation(valid_copy: Path) -> None:
    edit(valid_copy, SAS, "  locality: Sion", "\tlocality: Sion")
    found = only(problems_of(valid_copy))
    assert (found.path, found.line, found.code) == (
        f"cat/{SAS}",
        line_of(valid_copy, SAS, "\tlocality"),
        "YAML_TAB",
    )


def test_tab_after_spaces_in_indentation(valid_copy: Path) -> None:
    edit(valid_copy, DSSC, "  de: DGSK", "  \tde: DGSK")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("YAML_TAB", line_of(valid_copy, DSSC, "\tde: DGSK"))


@pytest.mark.parametrize("bad, what", [(b"\xe9", "0xe9"), (b"\xff\xfe", "0xff"), (b"\xc3", "0xc3")])
def test_bytes_that_are_not_utf8(valid_copy: Path, bad: bytes, what: str) -> None:
    file = valid_copy / DSSC
    data = file.read_bytes()
    marker = b"  de: Das kantonale Departement"
    file.write_bytes(data.replace(marker, marker + bad))
    found = only(problems_of(valid_copy))
    assert (found.path, found.code) == (f"cat/{DSSC}", "FILE_ENCODING")
    assert found.line == data[: data.index(marker)].count(b"\n") + 1
    assert what in found.message


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\ufffe", "\u2028", "\u2029"])
def test_control_character(valid_copy: Path, char: str) -> None:
    edit(valid_copy, DSSC, "  de: DGSK", f"  de: DG{char}SK")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("FILE_ENCODING", line_of(valid_copy, DSSC, "  de: DG"))


def test_byte_order_mark_and_windows_line_ends_are_fine(valid_copy: Path) -> None:
    file = valid_copy / DSSC
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    assert problems_of(valid_copy) == []


@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \n", b"# only a comment\n# and another\n"])
def test_empty_file(valid_copy: Path, content: bytes) -> None:
    (valid_copy / "institutions" / "ocps.yml").write_bytes(content)
    found = only(problems_of(valid_copy))
    assert (found.path, found.line, found.code) == ("cat/institutions/ocps.yml", 1, "FILE_EMPTY")


def test_emptied_file_does_not_also_break_references_to_it(valid_copy: Path) -> None:
    # sas.yml refers to dssc; once dssc.yml is emptied, the one problem is the empty file.
    (valid_copy / DSSC).write_bytes(b"")
    found = only(problems_of(valid_copy))
    assert (found.path, found.code) == (f"cat/{DSSC}", "FILE_EMPTY")


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_refused_quickly(valid_copy: Path) -> None:
    (valid_copy / "institutions" / "lol.yml").write_text(
        "# a YAML bomb\n" + BILLION_LAUGHS, encoding="utf-8"
    )
    started = time.monotonic()
    found = only(problems_of(valid_copy))
    assert time.monotonic() - started < 2
    assert (found.path, found.line, found.code) == ("cat/institutions/lol.yml", 3, "YAML_ALIAS")


def test_billion_laughs_through_read_yaml() -> None:
    started = time.monotonic()
    located, problems = read_yaml(BILLION_LAUGHS.encode() * 50, "lol.yml")
    assert time.monotonic() - started < 2
    assert located is None
    assert [(p.line, p.code) for p in problems] == [(2, "YAML_ALIAS")]


def test_alias_of_a_text(valid_copy: Path) -> None:
    edit(valid_copy, DSSC, "  fr: DSSC\n  de: DGSK", "  fr: &abbr DSSC\n  de: *abbr")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("YAML_ALIAS", line_of(valid_copy, DSSC, "*abbr"))


def test_merge_key_with_alias(valid_copy: Path) -> None:
    edit(valid_copy, SAS, "address:\n", "address: &addr\n")
    (valid_copy / SAS).write_text(
        (valid_copy / SAS).read_text(encoding="utf-8") + "contact:\n  <<: *addr\n", encoding="utf-8"
    )
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("YAML_ALIAS", line_of(valid_copy, SAS, "*addr"))


def test_multiple_documents(valid_copy: Path) -> None:
    file = valid_copy / DSSC
    file.write_text(
        file.read_text(encoding="utf-8") + "---\nid: dssc\nkind: department\n", encoding="utf-8"
    )
    found = only(problems_of(valid_copy))
    assert (found.path, found.line, found.code) == (
        f"cat/{DSSC}",
        line_of(valid_copy, DSSC, "---"),
        "YAML_MULTIPLE_DOCUMENTS",
    )


def test_one_document_with_start_and_end_markers_is_fine(valid_copy: Path) -> None:
    file = valid_copy / DSSC
    file.write_text("---\n" + file.read_text(encoding="utf-8") + "...\n", encoding="utf-8")
    assert problems_of(valid_copy) == []


PYTHON_TAGS = [
    'summary: !!python/object/apply:os.system ["touch {marker}"]',
    'circles: !!python/object/apply:os.system ["touch {marker}"]',
    'summary: !!python/object/new:os.system ["touch {marker}"]',
    "summary: !!python/name:os.system",
    "summary: !!python/object:os.system {{}}",
    'summary: !python/object/apply:os.system ["touch {marker}"]',
    # The tag must not be dropped silently when what it wraps would be valid.
    "circles: !!python/object/apply:os.system [premier-cercle]",
    "circles: !!set {{premier-cercle}}",
]


@pytest.mark.parametrize("line", PYTHON_TAGS)
def test_python_object_tag_is_a_problem_and_never_runs(
    valid_copy: Path, tmp_path: Path, line: str
) -> None:
    marker = tmp_path / "executed"
    text = (valid_copy / SAS).read_text(encoding="utf-8")
    field = line.split(":", 1)[0]
    start = text.index(f"\n{field}:") + 1
    end = text.index("\n", start)
    while text[end + 1 : end + 3] == "  ":  # drop the old block under the field
        end = text.index("\n", end + 1)
    (valid_copy / SAS).write_text(
        text[:start] + line.format(marker=marker) + text[end:], encoding="utf-8"
    )

    problems = problems_of(valid_copy)

    assert not marker.exists(), "the YAML tag ran a command"
    assert problems, "a Python tag must be reported"
    assert {p.path for p in problems} == {f"cat/{SAS}"}
    assert line_of(valid_copy, SAS, f"{field}: !") in {p.line for p in problems}


@pytest.mark.parametrize(
    "value", ["!!bool maybe", "!!timestamp soon", "!!int ''", "!!float ''", "!!int 0x"]
)
def test_explicit_tag_that_does_not_fit_its_value(valid_copy: Path, value: str) -> None:
    edit(valid_copy, DSSC, "  de: DGSK", f"  de: {value}")
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("BAD_VALUE", line_of(valid_copy, DSSC, "  de: !!"))


def test_invisible_character_in_a_list_item(valid_copy: Path) -> None:
    edit(valid_copy, MEASURE, '  - value: "15-25"', '  - value: "15\u202e-25"')
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == (
        "UNSAFE_CHARACTER",
        line_of(valid_copy, MEASURE, "- value:"),
    )
    assert found.message.startswith("key_figures.0.value ")


def test_message_stays_on_one_line(valid_copy: Path) -> None:
    edit(
        valid_copy,
        SAS,
        "website: https://www.vs.ch/web/sas",
        "website: |\n  https://www.vs.ch/\n  web/sas",
    )
    found = only(problems_of(valid_copy))
    assert (found.code, found.line) == ("BAD_LINK", line_of(valid_copy, SAS, "website:"))
    assert "\n" not in str(found)


def test_all_problems_of_several_files_in_one_run(valid_copy: Path) -> None:
    edit(valid_copy, SAS, "  locality: Sion", "\tlocality: Sion")  # YAML_TAB
    edit(valid_copy, DSSC, "kind: department", "kind: departement")  # BAD_VALUE
    edit(
        valid_copy, DSSC, "german_name: official\n", "german_name: official\nweb: x\n"
    )  # UNKNOWN_FIELD
    edit(valid_copy, MEASURE, "maximum_age: 25", "maximum_age: 12")  # AGE_ORDER
    edit(valid_copy, MEASURE, 'valid_to: "2026-07"', 'valid_to: "2022"')  # DATE_ORDER
    edit(
        valid_copy, "target-groups/jeunes-en-formation.yml", "  - formavenir", "  - formavenirs"
    )  # UNKNOWN_REFERENCE
    (valid_copy / "values").mkdir()
    (valid_copy / "values" / "respect.yml").write_bytes(b"")  # FILE_EMPTY

    problems = problems_of(valid_copy)

    assert [(p.path, p.line, p.code) for p in problems] == [
        (f"cat/{DSSC}", line_of(valid_copy, DSSC, "kind:"), "BAD_VALUE"),
        (f"cat/{DSSC}", line_of(valid_copy, DSSC, "web:"), "UNKNOWN_FIELD"),
        (f"cat/{SAS}", line_of(valid_copy, SAS, "\tlocality"), "YAML_TAB"),
        (f"cat/{MEASURE}", line_of(valid_copy, MEASURE, "valid_to:"), "DATE_ORDER"),
        (f"cat/{MEASURE}", line_of(valid_copy, MEASURE, "maximum_age:"), "AGE_ORDER"),
        (
            "cat/target-groups/jeunes-en-formation.yml",
            line_of(valid_copy, "target-groups/jeunes-en-formation.yml", "- formavenirs"),
            "UNKNOWN_REFERENCE",
        ),
        ("cat/values/respect.yml", 1, "FILE_EMPTY"),
    ]
    result = run_check(valid_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[-1] == "7 problems found; nothing was built or changed."


def test_several_problems_in_one_file_in_one_run(valid_copy: Path) -> None:
    edit(valid_copy, MEASURE, "status: active\nphase: pilot\n", "")
    edit(
        valid_copy,
        MEASURE,
        "minimum_age: 15\n",
        "minimum_age: 15\nminimal_age: 15\nmaximal_age: 25\n",
    )
    edit(valid_copy, MEASURE, "  fr: FormAvenir\n  de: FormAvenir\n", "  fr: FormAvenir\n")
    found = [(p.line, p.code, p.message.split(";")[0]) for p in problems_of(valid_copy)]
    assert (
        line_of(valid_copy, MEASURE, "title:"),
        "MISSING_TRANSLATION",
        "title has no German text (de)",
    ) in found
    assert (
        line_of(valid_copy, MEASURE, "minimal_age"),
        "UNKNOWN_FIELD",
        "field 'minimal_age' is not known here",
    ) in found
    assert (
        line_of(valid_copy, MEASURE, "maximal_age"),
        "UNKNOWN_FIELD",
        "field 'maximal_age' is not known here",
    ) in found
    missing = sorted(message for _, code, message in found if code == "MISSING_FIELD")
    assert missing == ["field 'phase' is missing", "field 'status' is missing"]


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_check_never_rewrites_a_file(valid_copy: Path) -> None:
    edit(valid_copy, SAS, 'phone: "027 606 48 00"', "phone: 0276067320")
    edit(valid_copy, DSSC, "  de: DGSK", "  de: no")
    (valid_copy / MEASURE).write_bytes(
        (valid_copy / MEASURE).read_bytes().replace(b"\n", b"\r\n") + b"\xe9"
    )
    (valid_copy / "institutions" / "ocps.yml").write_bytes(
        b"\xef\xbb\xbfid: ocps\r\nkind: office\r\n"
    )
    os.utime(valid_copy / SAS, ns=(1_000_000_000, 1_000_000_000))
    before = _snapshot(valid_copy)

    assert problems_of(valid_copy)
    assert run_check(valid_copy).returncode == 1

    assert _snapshot(valid_copy) == before


def test_check_never_rewrites_the_real_catalogue() -> None:
    before = _snapshot(CATALOGUE)
    check_catalogue(CATALOGUE)
    assert run_check("catalogue").returncode == 0
    assert _snapshot(CATALOGUE) == before
