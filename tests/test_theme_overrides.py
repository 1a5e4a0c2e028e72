"""Theme overrides survive upgrades, and reader-facing words live only in the catalogue and docs/."""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import material
import pytest

from ciivs.catalogue.labels import load_labels

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"
TEMPLATES = ROOT / "scripts" / "ciivs" / "pages" / "templates"


def _copies() -> list[Path]:
    """Override files that replace a whole Material template of the same path."""
    return [
        f
        for f in sorted(OVERRIDES.rglob("*.html"))
        if (MATERIAL / f.relative_to(OVERRIDES)).is_file()
        and f.name not in ("main.html", "404.html")
    ]


def test_main_and_404_extend_material_through_blocks() -> None:
    """main.html extends base.html and 404.html extends main.html: blocks, not copies."""
    assert '{% extends "base.html" %}' in (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert '{% extends "main.html" %}' in (OVERRIDES / "404.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("copy", _copies(), ids=lambda p: str(p.relative_to(OVERRIDES)))
def test_copied_partial_matches_the_installed_material_original(copy: Path) -> None:
    """A copied partial names the sha256 of the original it was made from; when Material is
    upgraded and its original changes, this fails until the copy is made again."""
    text = copy.read_text(encoding="utf-8")
    found = re.search(r"Original sha256: ([0-9a-f]{64})", text)
    assert found, f"{copy.relative_to(ROOT)} copies a Material partial without naming its hash"
    original = MATERIAL / copy.relative_to(OVERRIDES)
    installed = hashlib.sha256(original.read_bytes()).hexdigest()
    assert installed == found.group(1), (
        f"Material's {original.relative_to(MATERIAL)} changed since "
        f"{copy.relative_to(ROOT)} was copied from it: copy it again and re-apply the changes"
    )


# --- No reader-facing words outside catalogue/ and docs/ -----------------------------------------

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>", re.DOTALL)
_ENTITY = re.compile(r"&#?\w+;")


def _template_text(path: Path) -> str:
    """What a template writes as text: everything outside Jinja statements, tags and entities."""
    text = path.read_text(encoding="utf-8")
    # Scripts, style sheets, drawings and commands (<code>make report</code>) are not words.
    text = re.sub(
        r"<script\b.*?</script>|<style\b.*?</style>|<svg\b.*?</svg>|<code>.*?</code>",
        " ",
        text,
        flags=re.DOTALL,
    )
    text = _ENTITY.sub(" ", _TAG.sub(" ", _JINJA.sub(" ", text)))
    return " ".join(text.split())


def _templates() -> list[Path]:
    return sorted([*TEMPLATES.glob("*.html"), *OVERRIDES.rglob("*.html")])


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_write_no_words_of_their_own(path: Path) -> None:
    """Every word a template shows comes from the labels or the catalogue."""
    words = re.findall(r"[^\W\d_]{2,}", _template_text(path))
    assert words == [], f"{path.relative_to(ROOT)} writes words itself: {words[:10]}"


def _label_phrases() -> set[str]:
    """Label texts of two words or more, in every language: such a text in code was moved back."""
    phrases = set()
    for texts in load_labels().values():
        for text in texts.values():
            plain = re.sub(r"\{\w+\}", "", text).strip(" :«»")
            if len(plain.split()) >= 2:
                phrases.add(plain)
    return phrases


# Words of French or German sentences, which English code and messages do not use.
_FOREIGN = re.compile(
    r"\b(le|la|les|des|du|une|pour|avec|dans|est|sont|pas|und|der|die|das|mit|für|nicht|"
    r"ist|oder|Sie|suchen|rechercher|Massnahmen?|Seite|accueil|Startseite|"
    r"Weiterleitung|Redirection)\b"
)


def _python_strings(path: Path) -> list[str]:
    """The string constants of a module, without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


# Modules that build test catalogues, read French/German text on purpose, or write the
# bilingual comments of the editors' entry templates (`make new`): none of it is a page.
_NOT_READER_FACING = {"tools/bench.py", "editors/report.py", "editors/scaffold.py"}
PACKAGE = ROOT / "scripts" / "ciivs"


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.relative_to(PACKAGE).as_posix() not in _NOT_READER_FACING
    ],
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_python_writes_no_french_or_german_words(path: Path) -> None:
    strings = _python_strings(path)
    phrases = _label_phrases()
    moved = [s for s in strings if s.strip() in phrases]
    foreign = [s for s in strings if _FOREIGN.search(s)]
    assert not moved, f"{path.name} holds label texts: {moved[:5]}"
    assert not foreign, f"{path.name} holds French or German words: {foreign[:5]}"
