"""Schemas that help while typing: every field explained in French and German, and every
reference field offering the ids that exist (ids.schema.json, kept current by the check)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import REGISTRY
from ciivs.catalogue.schema_ids import FILE, write_ids_schema
from ciivs.editors.scaffold import field_help, template
from conftest import ROOT, VALID

SCHEMAS = ROOT / "catalogue" / "schemas"


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def _fields(kind: str):
    for name, prop in _schema(kind)["properties"].items():
        yield name, prop
        for sub, sub_prop in prop.get("properties", {}).items():
            yield f"{name}.{sub}", sub_prop


@pytest.mark.parametrize("kind", [k.name for k in REGISTRY])
def test_every_field_is_explained_in_french_and_german(kind: str) -> None:
    unexplained = [name for name, prop in _fields(kind) if set(field_help(prop)) < {"fr", "de"}]
    assert not unexplained, f"{kind}.schema.json: add 'fr: …' and 'de: …' lines to {unexplained}"


@pytest.mark.parametrize("kind", [k.name for k in REGISTRY])
def test_template_shows_the_help_of_each_required_field(kind: str) -> None:
    text = template(kind, "x")
    schema = _schema(kind)
    for name in set(schema["required"]) - {"id", "uuid"}:
        help_ = field_help(schema["properties"][name])
        assert f"# FR: {help_['fr']}" in text and f"# DE: {help_['de']}" in text


@pytest.mark.parametrize(
    ("kind", "field", "target"),
    [(k.name, f, t) for k in REGISTRY for f, t in k.references.items()],
)
def test_reference_fields_offer_the_ids_of_their_kind(kind: str, field: str, target: str) -> None:
    prop = _schema(kind)["properties"][field]
    pointer = prop.get("items", prop)["$ref"]
    assert pointer == f"{FILE}#/$defs/{target}"


def test_committed_ids_are_those_of_the_catalogue() -> None:
    catalogue, _ = check_catalogue(ROOT / "catalogue")
    listed = json.loads((SCHEMAS / FILE).read_text(encoding="utf-8"))["$defs"]
    for kind, entries in catalogue.entries.items():
        assert listed[kind]["examples"] == sorted(entries), f"run `make check` to refresh {FILE}"


def test_ids_file_follows_an_added_entry(tmp_path: Path) -> None:
    copy = tmp_path / "catalogue"
    shutil.copytree(VALID, copy, ignore=shutil.ignore_patterns("*.txt"))
    catalogue, _ = check_catalogue(copy)
    assert write_ids_schema(catalogue.entries, tmp_path) is True
    assert write_ids_schema(catalogue.entries, tmp_path) is False  # unchanged: not rewritten
    measure = next((copy / "measures").glob("*.yml"))
    text = measure.read_text(encoding="utf-8")
    (copy / "measures" / "atelier-nouveau.yml").write_text(
        text.replace(f"id: {measure.stem}\n", "id: atelier-nouveau\n"), encoding="utf-8"
    )
    catalogue, _ = check_catalogue(copy)
    assert write_ids_schema(catalogue.entries, tmp_path) is True
    examples = json.loads((tmp_path / FILE).read_text(encoding="utf-8"))["$defs"]["measures"]
    assert "atelier-nouveau" in examples["examples"]
