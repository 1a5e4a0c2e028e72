"""The catalogue's canonical YAML style: `make format`, its check, and its browser twin.

A form editor saves entries through `admin/canonical-yaml.js`; `make format` writes them through
`editors/canonical.py`. Both must give the committed files byte for byte, read back exactly the
data they were given, and keep texts that YAML would misread (yes, 0755, 2026-07) as texts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ciivs.catalogue.kinds import EDITOR_NOTE, NAMES
from ciivs.catalogue.model import entry_files, load_entry
from ciivs.catalogue.schema import SCHEMA_DIR
from ciivs.editors.canonical import dump, header_of, prune, shape
from ciivs.editors.formatter import FORMAT_CODES
from conftest import CATALOGUE, LANGS, ROOT, line_of

SCRIPT = ROOT / "scripts" / "ciivs" / "editors" / "admin" / "canonical-yaml.js"
NODE = shutil.which("node")

# Texts a YAML writer gets wrong, one per trap.
HOSTILE = [
    *("yes", "No", "ON", "off", "y", "N", "true", "False", "null", "NULL", "~", "="),
    *("0755", "1e3", "0x1F", "+1", "-1", ".5", ".inf", "1_000", "12:30", "2026-07", "2023-08-01"),
    *("- item", "-", "--- x", "...", "? key", ": x", "key: value", "a #b", "#tag", "a:", "a: "),
    *("'single'", '"double"', "it's", 'say "hi"', "back\\slash", "[1, 2]", "{a: b}", "&anchor"),
    *(
        "*alias",
        "!tag",
        "|",
        ">",
        "%YAML",
        "@at",
        "`tick`",
        "<<",
        "a, b",
        "50%",
        "C'est pour qui ?",
    ),
    *(" leading", "trailing ", " both ", "\ttab", "in\ttab", "tab\t", "", " ", "  "),
    *("\n", "\n\n", "a\n", "a\n\n", "\na", " a\nb\n", "a \nb\n", "a\n \nb", "line\nline", "a\r\nb"),
    *("crlf\r\n", "\r", "bell\x07", "nul\x00", "del\x7f", "nel\x85x", "ls\u2028x", "bom\ufeffx"),
    *("é à ü ß", "Zürich – Sion", "« guillemets »", "emoji 😀", "😀", "nbsp\xa0:\xa0x", "\u202f;"),
    *("**Markdown**\n\n- item\n  more\n", "# Title\n\ntext", "lone \ud800 surrogate", "\ufffe"),
]


def _node(cases: list[dict[str, Any]]) -> list[str]:
    """What the JavaScript twin writes for each case (data, shape, header), or ERROR."""
    program = f"""
    const canonical = require({json.dumps(str(SCRIPT))});
    const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.stdout.write(JSON.stringify(cases.map((c) => {{
      try {{ return canonical.dump(c.data, c.shape, c.header); }} catch (e) {{ return "ERROR"; }}
    }})));
    """
    done = subprocess.run(
        [NODE or "node", "-e", program],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    return list(json.loads(done.stdout))


def _python(data: Any, shape_: Any = None, header: str = "") -> str:
    try:
        return dump(data, shape_, header)
    except (TypeError, ValueError):
        return "ERROR"


def _format(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "ciivs", "format", str(folder), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _entries(root: Path) -> dict[str, Any]:
    """The data of every entry as the catalogue's loader reads it, by file."""
    loaded = {}
    for kind, file in entry_files(root):
        entry, problems, _ = load_entry(kind, file, file.name, root)
        assert entry is not None and not problems, problems
        loaded[f"{kind}/{file.name}"] = entry.data
    return loaded


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CATALOGUE, tmp_path / "catalogue"))


# --- The committed catalogue -------------------------------------------------------------------


def test_the_committed_catalogue_is_in_its_canonical_style() -> None:
    result = _format(CATALOGUE.relative_to(ROOT), "--check", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == f"{len(entry_files(CATALOGUE))} entry files in the catalogue's style"
    )


def test_every_kind_is_formatted_and_no_other_data_file() -> None:
    """`values` is a kind like the others; labels, messages, search words keep their comments."""
    kinds = {kind for kind, _ in entry_files(CATALOGUE)}
    assert kinds == set(NAMES)
    assert {file.parent.name for _, file in entry_files(CATALOGUE)} == set(NAMES)


# --- make format on a copy ---------------------------------------------------------------------


def test_a_file_out_of_style_is_reported_at_its_line_then_rewritten(catalogue_copy: Path) -> None:
    measure = f"measures/{sorted((catalogue_copy / 'measures').iterdir())[0].name}"
    data = yaml.safe_load((catalogue_copy / measure).read_text(encoding="utf-8"))
    group = data["target_groups"][0]
    line = line_of(catalogue_copy, measure, "\ntarget_groups:") + 1
    file = catalogue_copy / measure
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            f"target_groups:\n  - {group}\n", f"# a comment\ntarget_groups: [{group}]\n", 1
        ),
        encoding="utf-8",
    )
    loaded = _entries(catalogue_copy)
    written = {p: p.read_bytes() for p in catalogue_copy.rglob("*") if p.is_file()}

    for lang, words in {"fr": "commentaires", "de": "Kommentare"}.items():
        result = _format(catalogue_copy, "--check", "--lang", lang)
        assert result.returncode == 1
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"{catalogue_copy}/{measure}:{line}: NOT_CANONICAL "), first
        assert words in first and "editor_note" in first and "make format" in first
    assert {p: p.read_bytes() for p in catalogue_copy.rglob("*") if p.is_file()} == written

    result = _format(catalogue_copy, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{catalogue_copy}/{measure}"
    assert _format(catalogue_copy, "--check").returncode == 0
    assert _entries(catalogue_copy) == loaded
    assert file.read_bytes() == (CATALOGUE / measure).read_bytes()


def test_the_expected_line_is_quoted_with_its_indentation(catalogue_copy: Path) -> None:
    measure = f"measures/{sorted((catalogue_copy / 'measures').iterdir())[0].name}"
    data = yaml.safe_load((catalogue_copy / measure).read_text(encoding="utf-8"))
    title = data["title"][LANGS[0]]
    file = catalogue_copy / measure
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            f"  {LANGS[0]}: {title}\n", f'  {LANGS[0]}: "{title}"\n', 1
        ),
        encoding="utf-8",
    )
    result = _format(catalogue_copy, "--check", "--lang", "en")
    assert result.returncode == 1
    line = line_of(catalogue_copy, measure, f'  {LANGS[0]}: "{title}"')
    assert result.stderr.splitlines()[0] == (
        f"{catalogue_copy}/{measure}:{line}: NOT_CANONICAL this line is not in the catalogue's "
        f"style; it should read '{LANGS[0]}: {title}', indented by 2 spaces. Run make format: "
        "it rewrites the file without changing its data"
    )


def test_a_file_that_does_not_read_is_left_alone_and_reported(catalogue_copy: Path) -> None:
    kind, good = entry_files(catalogue_copy)[0]
    broken = catalogue_copy / kind / "broken-entry.yml"
    broken.write_text("id: broken-entry\ntitle: [unclosed\n", encoding="utf-8")
    good.write_text(good.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    others = {
        p: p.read_bytes()
        for p in catalogue_copy.rglob("*")
        if p.is_file() and p.parent.name not in NAMES
    }

    result = _format(catalogue_copy, "--lang", "en")

    assert result.returncode == 1
    assert f"{catalogue_copy}/{kind}/broken-entry.yml:" in result.stderr
    assert "YAML_SYNTAX" in result.stderr
    assert result.stderr.strip().endswith(
        "1 file left as it was: fix the problems above, then run make format again"
    )
    assert broken.read_text(encoding="utf-8") == "id: broken-entry\ntitle: [unclosed\n"
    assert good.read_bytes() == (CATALOGUE / kind / good.name).read_bytes()
    # Labels, messages, search words, languages.yml…: never rewritten, comments and all.
    assert {p: p.read_bytes() for p in others} == others


# --- The rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
def test_a_hostile_text_reads_back_as_itself(text: str) -> None:
    data = {"id": "x", "text": text, "list": [text, {"fr": text}], "map": {text or "empty": text}}
    assert yaml.safe_load(dump(data, None, "# header")) == prune(data)


def test_empty_values_are_left_out_at_any_depth() -> None:
    data = {
        "title": {"fr": "Titre", "de": ""},
        "gone": {"fr": "", "de": None},
        "steps": [{"fr": "", "de": ""}, {"fr": "Un", "de": "Eins"}, None, "", []],
        "keywords": {"fr": [], "de": ["Wort", ""]},
        "zero": 0,
        "free": False,
    }
    assert dump(data) == (
        "title:\n  fr: Titre\nsteps:\n  - fr: Un\n    de: Eins\n"
        "keywords:\n  de:\n    - Wort\nzero: 0\nfree: false\n"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Carrière au féminin", "Carrière au féminin"),
        ("2026-07", '"2026-07"'),
        ("no", '"no"'),
        ("Durée : 6 mois", '"Durée : 6 mois"'),
        ("a\nb\n", "|\n  a\n  b"),
        ("a\n\nb", "|-\n  a\n\n  b"),
        ("a\n\n", '"a\\n\\n"'),
        (" a\nb", '" a\\nb"'),
        ("tab\there", '"tab\\there"'),
        ("bell\x07", '"bell\\x07"'),
        ("ls\u2028", '"ls\\u2028"'),
        (400, "400"),
        (400.0, "400"),
        (12.5, "12.5"),
        (True, "true"),
    ],
)
def test_how_a_value_is_written(value: Any, written: str) -> None:
    assert dump({"k": value}) == f"k: {written}\n"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2**53, 1e-5, 1e15 + 0.5, object()])
def test_a_value_both_languages_cannot_write_alike_is_refused(value: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        dump({"k": value})


def test_keys_follow_the_shape_then_their_own_order() -> None:
    data = {"z": 1, "de": "D", "fr": "F", "a": 2}
    assert dump(data, {"fr": None, "de": None}) == "fr: F\nde: D\nz: 1\na: 2\n"


_texts = st.text(
    st.one_of(st.sampled_from(list(" \t\n\r#:-?'\"~0.yes\x85\u2028é😀")), st.characters())
)
_values = st.recursive(
    st.one_of(_texts, st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(min_size=1), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=300)
@given(st.dictionaries(st.text(min_size=1, max_size=8), _values, max_size=5))
def test_any_entry_reads_back_as_itself(data: dict[str, Any]) -> None:
    assert (yaml.safe_load(dump(data)) or {}) == prune(data)


# --- The shape ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", NAMES)
def test_the_shape_follows_the_schema_and_travels_as_json(kind: str) -> None:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    found = shape(kind)
    assert isinstance(found, dict)
    assert list(found) == list(schema["properties"])
    assert list(found)[-1] == EDITOR_NOTE
    assert json.loads(json.dumps(found)) == found


def test_the_shape_resolves_shared_definitions() -> None:
    measures = shape("measures")
    assert isinstance(measures, dict)
    text = dict.fromkeys(LANGS)
    assert measures["title"] == text
    assert measures["steps"] == [text]
    assert measures["links"] == [{"url": None, "label": text}]
    assert measures["documents"] == {"items": [text], "note": text}
    institutions = shape("institutions")
    assert isinstance(institutions, dict)
    assert institutions["website"] == dict.fromkeys(LANGS)  # if/then/else: a text or one a language


# --- The browser's twin ------------------------------------------------------------------------

needs_node = pytest.mark.skipif(
    NODE is None, reason="node is not installed (CI has it): the JavaScript twin cannot run"
)


@needs_node
def test_the_browser_writes_every_committed_entry_byte_for_byte() -> None:
    files = entry_files(CATALOGUE)
    cases = [
        {
            "data": yaml.safe_load(file.read_text(encoding="utf-8")),
            "shape": shape(kind),
            "header": header_of(kind),
        }
        for kind, file in files
    ]
    written = _node(cases)
    for (kind, file), text in zip(files, written, strict=True):
        assert text == file.read_text(encoding="utf-8"), f"{kind}/{file.name}"


@needs_node
def test_the_browser_writes_hostile_values_as_python_does() -> None:
    values: list[Any] = [*HOSTILE, 0, -7, 12.5, 0.0001, -0.0, 2**53 - 1, True, False]
    values += [2**53, 1e-5, 1e16]  # refused by both
    cases = [
        {
            "data": {"k": value, "l": [value, {"fr": value}], str(value) or "e": 1},
            "shape": None,
            "header": "",
        }
        for value in values
    ]
    for case, text in zip(cases, _node(cases), strict=True):
        assert text == _python(case["data"]), repr(case["data"])


@needs_node
def test_a_page_gets_window_ciivs_yaml() -> None:
    """Loaded by a <script> tag (no module system), the file defines window.ciivsYaml; data made
    in another frame (here: outside the page's context) are plain objects too, a Date is not."""
    program = f"""
    const vm = require("vm");
    const page = {{}};
    page.window = page.self = page;
    vm.runInNewContext(require("fs").readFileSync({json.dumps(str(SCRIPT))}, "utf8"), page);
    const text = page.ciivsYaml.dump({{id: "x", keywords: {{de: ["yes"], fr: []}}}}, null, "# h");
    let refused = "";
    try {{ page.ciivsYaml.dump({{when: new Date(0)}}); }} catch (e) {{ refused = e.name; }}
    process.stdout.write(JSON.stringify([text, refused]));
    """
    done = subprocess.run(
        [NODE or "node", "-e", program], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == ['# h\nid: x\nkeywords:\n  de:\n    - "yes"\n', "TypeError"]


def test_format_is_a_documented_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make format" in readme
    assert all(code in readme for code in FORMAT_CODES)
    assert "\nformat: " in (ROOT / "Makefile").read_text(encoding="utf-8")
