"""Property tests: whatever an editor (or a broken editor program) writes, the checker answers with
problems in the `path:line: CODE message` form, and never with an exception.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import NAMES as KIND_NAMES
from ciivs.catalogue.problems import CODES, Problem
from ciivs.catalogue.yamlfile import read_yaml
from conftest import CATALOGUE

PROBLEM_LINE = re.compile(r"^.+:\d+: [A-Z_]+ .+$")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every entry of the real catalogue, as (kind/file.yml, bytes), read once.
ENTRIES: dict[str, bytes] = {
    f"{file.parent.name}/{file.name}": file.read_bytes()
    for file in sorted(CATALOGUE.glob("*/*.yml"))
    if file.parent.name in KIND_NAMES  # entries only: labels, messages and search words are data
}
IDS = sorted({name.split("/")[1].removesuffix(".yml") for name in ENTRIES})


def assert_well_formed(problems: list[Problem]) -> None:
    for found in problems:
        assert PROBLEM_LINE.match(str(found)), repr(str(found))
        assert found.code in CODES and found.code != "INTERNAL_ERROR", str(found)
        assert found.line >= 1


def assert_read_result(result: tuple[object, list[Problem]]) -> None:
    located, problems = result
    if located is None:
        assert problems, "no value and no problem"
    else:
        # A file is still read when its only problems are texts to put in quotes (as corrected).
        assert {p.code for p in problems} <= {"YAML_QUOTES"}, "a value and other problems"
    assert_well_formed(problems)


# --- (a) read_yaml on anything ----------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=3000))
def test_read_yaml_on_random_bytes(data: bytes) -> None:
    assert_read_result(read_yaml(data, "random.yml"))


@SETTINGS
@given(st.text(max_size=2000))
def test_read_yaml_on_random_text(text: str) -> None:
    assert_read_result(read_yaml(text.encode("utf-8", "surrogatepass"), "random.yml"))


TOKENS = [
    "id",
    "name",
    "fr",
    "de",
    "summary",
    "circles",
    "- ",
    "-",
    ":",
    ": ",
    "? ",
    "|",
    ">",
    "|-",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!int ",
    "!!bool ",
    "!!float ",
    "!!timestamp ",
    "!!null ",
    "!!binary ",
    "!!python/object/apply:os.system ",
    "!local ",
    "!<tag:x> ",
    "%YAML 1.1\n",
    "%TAG ! tag:x:\n",
    "---",
    "...",
    "#",
    "no",
    "yes",
    "on",
    "off",
    "~",
    "null",
    "0276067320",
    "1950",
    "2023-08-01",
    "2023-02-30",
    "1e999",
    ".nan",
    "0x1F",
    "0o17",
    "1:20",
    "<<",
    "\t",
    "\r\n",
    "\n",
    "\n  ",
    "\n    ",
    " ",
    "\u2028",
    "\ufeff",
    "\u202e",
    "é",
    "«",
]


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=80).map("".join))
def test_read_yaml_on_yaml_like_text(text: str) -> None:
    assert_read_result(read_yaml(text.encode("utf-8"), "yamlish.yml"))


# --- (b) mutated real catalogue files through the whole check ----------------------------------------

VALUES = [
    "no",
    "yes",
    "on",
    "off",
    "~",
    "",
    '""',
    "[]",
    "{}",
    "0276067320",
    "1950",
    "2023-08-01",
    "2023-13-45",
    "*a",
    "&a",
    "&a x",
    '!!python/object/apply:os.system ["true"]',
    "!!binary aGk=",
    "|",
    ">",
    "- x",
    "[a, b",
    "{a: b}",
    "'unclosed",
    "x: y",
    "\u202eevil",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "2023",
    "02023",
    "-1",
    "999999999999999999999",
    "1.5",
    "true",
    "@",
    "`",
    "%",
    "\ufeff",
    "\u2028",
    "!!bool maybe",
    "!!timestamp soon",
    "!!int",
    "!!float ''",
    "!!set {a}",
    "!!omap [a: 1]",
    '"15\u202e-25"',
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def mutate(data: st.DataObject, text: str) -> bytes:
    """Apply one editing accident to a file's text and return the new bytes."""
    lines = _lines(text)
    index = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="line")
    position = data.draw(st.integers(0, len(text)), label="position")
    kind = data.draw(
        st.sampled_from(
            [
                "delete line",
                "duplicate line",
                "tab at line start",
                "tab in line",
                "swap characters",
                "truncate",
                "insert token",
                "replace value",
                "indent",
                "dedent",
                "random text",
                "random bytes",
                "new document",
                "other id",
                "add parent",
                "add former id",
                "duplicate key",
                "empty",
            ]
        ),
        label="mutation",
    )
    if kind == "delete line":
        del lines[index]
    elif kind == "duplicate line":
        lines.insert(index, lines[index])
    elif kind == "tab at line start":
        lines[index] = "\t" + lines[index]
    elif kind == "tab in line":
        cut = data.draw(st.integers(0, len(lines[index])))
        lines[index] = lines[index][:cut] + "\t" + lines[index][cut:]
    elif kind == "swap characters":
        if len(text) >= 2:
            at = min(position, len(text) - 2)
            return (text[:at] + text[at + 1] + text[at] + text[at + 2 :]).encode("utf-8")
    elif kind == "truncate":
        return text.encode("utf-8")[:position]
    elif kind == "insert token":
        token = data.draw(
            st.sampled_from(
                [
                    "*a",
                    "&a",
                    "&a ",
                    " *a",
                    "*a\n",
                    "---\n",
                    "...\n",
                    ": ",
                    "- ",
                    "#",
                    "'",
                    '"',
                    "[",
                    "{",
                    "|\n",
                    '!!python/object/apply:os.system ["true"]',
                    "\t",
                    "\r",
                    "\x00",
                    "\u202e",
                    "<b>",
                    "\n  - ",
                ]
            )
        )
        return (text[:position] + token + text[position:]).encode("utf-8", "surrogatepass")
    elif kind == "replace value":
        match = re.match(r"^(\s*(?:- )?[\w-]+:)(.*)$", lines[index])
        value = data.draw(st.sampled_from(VALUES))
        lines[index] = f"{match[1]} {value}" if match else f"{lines[index]}{value}"
    elif kind == "indent":
        lines[index] = "  " + lines[index]
    elif kind == "dedent":
        lines[index] = lines[index][2:] if lines[index].startswith("  ") else lines[index].lstrip()
    elif kind == "random text":
        return (text[:position] + data.draw(st.text(max_size=20)) + text[position:]).encode(
            "utf-8", "surrogatepass"
        )
    elif kind == "random bytes":
        raw = text.encode("utf-8")
        cut = min(position, len(raw))
        return raw[:cut] + data.draw(st.binary(min_size=1, max_size=8)) + raw[cut:]
    elif kind == "new document":
        lines.insert(index, "---")
    elif kind == "other id":
        lines = [
            f"id: {data.draw(st.sampled_from(IDS))}" if line.startswith("id:") else line
            for line in lines
        ]
    elif kind == "add parent":
        lines.insert(index, f"parent: {data.draw(st.sampled_from(IDS))}")
    elif kind == "add former id":
        lines.insert(index, f"former_ids: [{data.draw(st.sampled_from(IDS))}]")
    elif kind == "duplicate key":
        match = re.match(r"^(\s*[\w-]+):", lines[index])
        if match:
            lines.insert(index + 1, f"{match[1]}: again")
    elif kind == "empty":
        return b""
    return "\n".join(lines).encode("utf-8")


@SETTINGS
@given(
    target=st.sampled_from(sorted(ENTRIES)),
    others=st.lists(st.sampled_from(sorted(ENTRIES)), max_size=10, unique=True),
    data=st.data(),
)
def test_check_on_mutated_catalogue_files(
    target: str, others: list[str], data: st.DataObject
) -> None:
    text = ENTRIES[target].decode("utf-8")
    mutated = mutate(data, text)
    if data.draw(st.booleans(), label="mutate twice"):
        with contextlib.suppress(UnicodeDecodeError):
            mutated = mutate(data, mutated.decode("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "catalogue"
        files = {name: ENTRIES[name] for name in others} | {target: mutated}
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)

        _, problems = check_catalogue(root, "cat")

        assert_well_formed(problems)
        for found in problems:
            name = found.path.removeprefix("cat/")
            assert name in files, str(found)
            line_count = len(files[name].decode("utf-8", "replace").splitlines()) + 1
            assert found.line <= line_count, f"line past the end of the file: {found}"
        if files[target] == ENTRIES[target]:
            # An unchanged file only misses the entries it needs: those it names, and the
            # glossary words that explain an easy-read text's abbreviations.
            assert all(
                p.code in ("UNKNOWN_REFERENCE", "UNEXPLAINED_ABBREVIATION") for p in problems
            )
