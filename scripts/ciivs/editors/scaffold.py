"""Write a new entry from its kind's JSON Schema: a commented, bilingual template to fill in.

The template is derived from the schema (fields, required or optional, allowed values, help in
French and German), so it never disagrees with what the check accepts. Every value to fill in is
the placeholder `…`, which the check reports until it is replaced.

    >>> print(template("regions", "chablais").splitlines()[1])
    id: chablais
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ciivs.catalogue.identity import with_uuid
from ciivs.catalogue.kinds import NAMES as KINDS
from ciivs.catalogue.model import ID_PATTERN
from ciivs.catalogue.placeholders import PLACEHOLDER
from ciivs.catalogue.schema import SCHEMA_DIR

# Fields the scaffold fills itself or that only exist after a rename.
_FILLED = {"id", "uuid"}
_SKIPPED = {"former_ids"}


class ScaffoldError(Exception):
    """A reason the new entry cannot be written, in one line for the editor."""


@cache
def kind_schema(name: str) -> dict[str, Any]:
    """A schema of catalogue/schemas/ by its name (a kind, `common` or `ids`), read once."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def resolve(prop: dict[str, Any]) -> dict[str, Any]:
    """The property with a `$ref` to the shared definitions followed (own keys win)."""
    ref = prop.get("$ref")
    if not ref:
        return prop
    file, _, pointer = ref.partition("#")
    target: dict[str, Any] = (
        kind_schema(file.removesuffix(".schema.json")) if file else kind_schema("common")
    )
    for part in pointer.strip("/").split("/"):
        target = target[part]
    merged = {**resolve(target), **{k: v for k, v in prop.items() if k != "$ref"}}
    return merged


def field_help(prop: dict[str, Any]) -> dict[str, str]:
    """The field's help per language, from a description written as `fr: …` and `de: …` lines."""
    help_: dict[str, str] = {}
    for line in str(prop.get("description", "")).splitlines():
        lang, sep, text = line.partition(":")
        if sep and lang.strip() in ("fr", "de", "en"):
            help_[lang.strip()] = text.strip()
    return help_


def template(kind: str, entry_id: str) -> str:
    """The commented template of a new entry of `kind` named `entry_id`."""
    schema = kind_schema(kind)
    required = set(schema.get("required", ()))
    fields = [name for name in schema["properties"] if name not in _FILLED | _SKIPPED]
    lines = [f"# yaml-language-server: $schema=../schemas/{kind}.schema.json", f"id: {entry_id}"]
    lines += ["", _REQUIRED]
    for name in (name for name in fields if name in required):
        lines += _field_lines(name, schema["properties"][name], commented=False)
    lines += ["", _OPTIONAL]
    for name in (name for name in fields if name not in required):
        lines += _field_lines(name, schema["properties"][name], commented=True)
    return "\n".join(lines) + "\n"


_REQUIRED = (
    "# À remplir : remplacez chaque … / Auszufüllen: ersetzen Sie jedes …\n"
    "# ---------------------------------------------------------------"
)
_OPTIONAL = (
    "# Facultatif : enlevez les # devant un champ pour le remplir, sinon laissez-le tel quel.\n"
    "# Freiwillig: Entfernen Sie die # vor einem Feld, um es auszufüllen; sonst so lassen.\n"
    "# ---------------------------------------------------------------"
)


def _field_lines(name: str, raw: dict[str, Any], commented: bool) -> list[str]:
    """One field: its help in both languages, then its value lines (commented when optional)."""
    prop = resolve(raw)
    help_ = field_help(raw) or field_help(prop)
    lines = [""] + [f"# {lang.upper()}: {help_[lang]}" for lang in ("fr", "de") if help_.get(lang)]
    body = "\n".join(_value_lines(name, prop)).splitlines()
    return lines + ([f"# {line}" for line in body] if commented else body)


def _value_lines(name: str, prop: dict[str, Any]) -> list[str]:
    """The YAML lines of one field with placeholders, following the field's shape."""
    if "enum" in prop:
        choices = " | ".join(str(choice) for choice in prop["enum"])
        return [f"{name}: {PLACEHOLDER}    # {choices}"]
    if prop.get("x-markdown"):
        return [f"{name}:", f"  fr: |\n    {PLACEHOLDER}", f"  de: |\n    {PLACEHOLDER}"]
    if prop.get("type") in ("integer", "number"):
        return [f"{name}: {PLACEHOLDER}"]
    if prop.get("type") == "object" and "properties" in prop:
        inner = [
            line
            for key, sub in prop["properties"].items()
            for line in _value_lines(key, resolve(sub))
        ]
        return [f"{name}:"] + [f"  {line}" for line in inner]
    if prop.get("type") == "array":
        item = resolve(prop.get("items", {}))
        if item.get("type") == "object" and "properties" in item:
            inner = _value_lines("-", item)[1:]
            return [f"{name}:", f"  - {inner[0].strip()}"] + [f"  {line}" for line in inner[1:]]
        return [f"{name}:", f"  - {PLACEHOLDER}"]
    return [f'{name}: "{PLACEHOLDER}"']


def write_new(catalogue: Path, kind: str, entry_id: str) -> Path:
    """Write `catalogue/<kind>/<entry_id>.yml` from the template; refuse what cannot be right."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if not ID_PATTERN.match(entry_id):
        raise ScaffoldError(
            f"{entry_id!r} is not a valid id: use lower-case letters a-z, digits and hyphens, "
            "e.g. job-coaching-orp-50-plus"
        )
    path = catalogue / kind / f"{entry_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists: choose another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(with_uuid(template(kind, entry_id)), encoding="utf-8")
    return path
