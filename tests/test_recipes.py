"""The README's recipes stay true: a step left out when adding a field or a kind fails here.

Adding a field: each schema property of a kind is shown by its page templates, carried by an
open-data export, or declared in kinds.py (`not_shown`, `not_exported`). Adding a kind: the
README's URL table names its section, and every kind is in the registry's derived lists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ciivs import paths
from ciivs.catalogue.kinds import DATED, EDITOR_NOTE, REGISTRY, SECTIONS, Kind

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "ciivs"
TEMPLATES = PACKAGE / "pages" / "templates"
# Kinds whose entries the standard exports (CSV, HSDS, CPSV-AP) carry: those that declare fields
# of their own (every kind declares the editors' note).
EXPORTED = [k for k in REGISTRY if {*k.not_shown, *k.not_exported} - {EDITOR_NOTE}]


def _properties(kind: Kind) -> list[str]:
    schema = json.loads((paths.SCHEMAS / kind.schema).read_text(encoding="utf-8"))
    return list(schema["properties"])


def _mentions(text: str, field: str) -> bool:
    """`d.field`, `e.field`, `entry["field"]` or `"field"` in a template or a module."""
    return re.search(rf"\.{re.escape(field)}\b|[\"']{re.escape(field)}[\"']", text) is not None


def _page_sources(kind: Kind) -> str:
    templates = [kind.template, kind.index_template, "_macros.html", "search-block.html"]
    modules = [*(PACKAGE / "pages").glob("*.py"), *(PACKAGE / "search").glob("*.py")]
    return "".join(
        [(TEMPLATES / name).read_text(encoding="utf-8") for name in templates]
        + [m.read_text(encoding="utf-8") for m in modules]
    )


def _export_sources() -> str:
    return "".join(m.read_text(encoding="utf-8") for m in (PACKAGE / "opendata").glob("*.py"))


@pytest.mark.parametrize("kind", EXPORTED, ids=lambda k: k.name)
def test_every_field_is_shown_or_declared(kind: Kind) -> None:
    page = _page_sources(kind)
    silent = [f for f in _properties(kind) if f not in kind.not_shown and not _mentions(page, f)]
    assert not silent, (
        f"{kind.name}: {silent} are in {kind.schema} but no page shows them: show them in "
        f"templates/{kind.template}, or list them in kinds.py `not_shown`"
    )


@pytest.mark.parametrize("kind", EXPORTED, ids=lambda k: k.name)
def test_every_field_is_exported_or_declared(kind: Kind) -> None:
    exports = _export_sources()
    missing = [
        f for f in _properties(kind) if f not in kind.not_exported and not _mentions(exports, f)
    ]
    assert not missing, (
        f"{kind.name}: {missing} are in {kind.schema} but in no export: add them to the CSV "
        f"(opendata/tables.py), HSDS (opendata/hsds.py) or CPSV-AP (opendata/linkeddata.py), "
        f"or list them in kinds.py `not_exported`"
    )


@pytest.mark.parametrize("kind", EXPORTED, ids=lambda k: k.name)
def test_declarations_name_real_fields(kind: Kind) -> None:
    """A declared field that the schema lost would hide the next field of that name."""
    properties = set(_properties(kind))
    assert set(kind.not_shown) <= properties
    assert set(kind.not_exported) <= properties


@pytest.mark.parametrize("kind", REGISTRY, ids=lambda k: k.name)
def test_every_kind_has_a_note_for_editors_that_no_page_shows(kind: Kind) -> None:
    """A comment in a file is lost by a form editor and by `make format`: notes go in this field."""
    assert _properties(kind)[-1] == EDITOR_NOTE, f"{kind.schema}: editor_note comes last"
    assert EDITOR_NOTE in kind.not_shown and EDITOR_NOTE in kind.not_exported
    assert not _mentions(_page_sources(kind), EDITOR_NOTE)
    assert not _mentions(_export_sources(), EDITOR_NOTE)


def test_a_new_field_without_page_or_export_is_caught() -> None:
    """The check above is not blind: a made-up field is found in neither place."""
    assert not _mentions(_page_sources(REGISTRY[0]), "waiting_time")
    assert not _mentions(_export_sources(), "waiting_time")


def _readme_url_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### URLs")
    return text[start : text.index("\n#", start + 1)]


@pytest.mark.parametrize("kind", REGISTRY, ids=lambda k: k.name)
def test_readme_url_table_names_every_kind(kind: Kind) -> None:
    assert f"/{kind.section}/" in _readme_url_table(), (
        f"README.md, section URLs: add a row for {kind.name} (/{kind.section}/<id>/)"
    )


def test_registry_derives_sections_and_dated_kinds() -> None:
    assert dict(SECTIONS) == {k.name: k.section for k in REGISTRY}
    assert tuple(k.name for k in REGISTRY if k.dated) == DATED
    # Every template a kind needs exists: a new kind without its pages fails here, not at build.
    for kind in REGISTRY:
        assert (TEMPLATES / kind.template).is_file(), kind.template
        assert (TEMPLATES / kind.index_template).is_file(), kind.index_template
