"""Validate one entry against the JSON Schema of its kind, in words an editor understands."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .identity import canonical_uuid, new_uuid
from .kinds import NAMES as KIND_NAMES
from .kinds import kind as kind_of
from .languages import DEFAULT_ROOT, Language, load_languages
from .problems import Problem, problem
from .schema_ids import FILE as IDS_FILE
from .schema_ids import ids_document
from .yamlfile import Located

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "catalogue" / "schemas"
_JSON_TYPES = {
    "string": "a text",
    "object": "a group of fields",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
_TRAPS = {
    "bool": "YAML_BOOLEAN",
    "int": "YAML_NUMBER",
    "float": "YAML_NUMBER",
    "date": "YAML_DATE",
    "null": "YAML_EMPTY_VALUE",
}


# The language-keyed definitions of common.schema.json: their languages come from languages.yml.
LANGUAGE_TEXTS = ("text", "markdown")


@cache
def validator(kind: str, languages: tuple[Language, ...] = ()) -> Draft202012Validator:
    """The validator for one kind, with the shared definitions registered.

    Texts take one key per language of the site (the required ones must be there), and a
    "kind/id" reference names a declared kind: both come from their one declaration, not from
    the copies in common.schema.json that editors' tools read (a test keeps those in step).
    """
    # The ids file only offers completions to editors: validation never depends on it.
    registry: Registry = Registry().with_resource(
        IDS_FILE, Resource.from_contents(ids_document({}))
    )
    for file in SCHEMA_DIR.glob("*.schema.json"):
        if file.name == IDS_FILE:
            continue
        schema = json.loads(file.read_text(encoding="utf-8"))
        if schema["$id"] == "common.schema.json":
            _set_languages(schema, languages)
            _set_kinds(schema)
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    schema = json.loads((SCHEMA_DIR / kind_of(kind).schema).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry)


def _set_kinds(common: dict[str, Any]) -> None:
    typed = common["$defs"]["typed_ref"]
    typed["pattern"] = re.sub(r"^\^\([^)]*\)", "^(" + "|".join(KIND_NAMES) + ")", typed["pattern"])


def _set_languages(common: dict[str, Any], languages: tuple[Language, ...]) -> None:
    if not languages:
        return
    for name in LANGUAGE_TEXTS:
        definition = common["$defs"][name]
        definition["properties"] = {lang.code: {"$ref": "#/$defs/lang_text"} for lang in languages}
        definition["required"] = [lang.code for lang in languages if lang.required]


def validate_entry(
    kind: str, located: Located, path: str, root: Path | None = None
) -> list[Problem]:
    """Check one entry's fields and value types; one problem per error found."""
    languages = load_languages(root or DEFAULT_ROOT)
    errors = sorted(
        validator(kind, languages).iter_errors(located.data),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    problems = []
    for error in errors:
        if error.validator == "additionalProperties":
            problems += _explain_unknown(error, located, path)
        else:
            problems.append(_explain(error, located, path, languages))
    return problems


def _rule(error: ValidationError) -> Any:
    """The value of the schema keyword that failed (jsonschema types it loosely)."""
    return error.validator_value


def _instance(error: ValidationError) -> Any:
    """The part of the entry that failed."""
    return error.instance


def _where(at: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in at) or "the file"


def _explain(
    error: ValidationError, located: Located, path: str, languages: tuple[Language, ...] = ()
) -> Problem:
    at = tuple(error.absolute_path)
    line = located.line(at)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    if kind == "required":
        if not at and "uuid" in _rule(error) and error.message.startswith("'uuid'"):
            return _missing_uuid(located.line(("id",)) if "id" in _instance(error) else line, path)
        return _explain_required(error, at, line, path, languages)
    if kind == "additionalProperties":
        return _explain_unknown(error, located, path)[0]
    if kind == "type":
        return _explain_type(error, at, located, path)
    code = schema.get("x-code", "BAD_VALUE")
    if kind in ("minLength", "pattern") and code == "MISSING_TRANSLATION":
        return problem(
            path, line, code, f"{_where(at)} is empty; write the {_lang(at, languages)} text"
        )
    if code == "BAD_UUID":
        return _bad_uuid(str(error.instance), line, path)
    if kind == "pattern":
        return problem(
            path,
            line,
            code,
            f"{_where(at)}: '{error.instance}' is not valid. {schema.get('description', '')}".strip(),
        )
    if kind == "enum":
        allowed = ", ".join(map(str, _rule(error)))
        return problem(
            path,
            line,
            "BAD_VALUE",
            f"{_where(at)}: '{located.raw.get(at, error.instance)}' is not allowed; use one of: {allowed}",
        )
    if kind == "uniqueItems":
        return problem(path, line, "BAD_VALUE", f"{_where(at)} lists the same entry twice")
    return problem(path, line, "BAD_VALUE", f"{_where(at)}: {error.message}")


def _explain_unknown(error: ValidationError, located: Located, path: str) -> list[Problem]:
    """One problem per unknown field, so that every misspelt field is reported in one run."""
    at = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    extra = sorted(set(_instance(error)) - set(schema.get("properties", {}))) or ["?"]
    known = ", ".join(sorted(schema.get("properties", {})))
    return [
        problem(
            path,
            located.line((*at, name)),
            "UNKNOWN_FIELD",
            f"field '{_where((*at, name))}' is not known here; allowed: {known}",
        )
        for name in extra
    ]


def _lang(at: tuple[Any, ...], languages: tuple[Language, ...]) -> str:
    """The English name of the language whose text is at `at` (messages are in English)."""
    code = str(at[-1]) if at else ""
    return next((lang.english for lang in languages if lang.code == code), code)


def _explain_required(
    error: ValidationError,
    at: tuple[Any, ...],
    line: int,
    path: str,
    languages: tuple[Language, ...] = (),
) -> Problem:
    missing = [name for name in _rule(error) if name not in _instance(error)]
    # jsonschema raises one error per missing field; its message names the field.
    name = next(
        (name for name in missing if error.message.startswith(repr(name))),
        missing[0] if missing else "?",
    )
    if name in {lang.code for lang in languages}:
        lang = _lang((name,), languages)
        return problem(
            path, line, "MISSING_TRANSLATION", f"{_where(at)} has no {lang} text ({name}); add it"
        )
    if name == "responsible":
        return problem(
            path,
            line,
            "MISSING_FIELD",
            "field 'responsible' is missing: every measure needs the id of its responsible institution",
        )
    return problem(path, line, "MISSING_FIELD", f"field '{_where((*at, name))}' is missing")


def _missing_uuid(line: int, path: str) -> Problem:
    return problem(
        path,
        line,
        "MISSING_FIELD",
        f"field 'uuid' is missing: add the line `uuid: {new_uuid()}` right after the id line; "
        "it is the entry's permanent identity, never changed, not even on a rename",
    )


def _bad_uuid(value: str, line: int, path: str) -> Problem:
    same = canonical_uuid(value)
    if same is not None:
        advice = f"write the same UUID in lower case: `uuid: {same}`"
    else:
        advice = f"if the entry never had a valid one, use a new one: `uuid: {new_uuid()}`"
    return problem(
        path, line, "BAD_UUID", f"uuid: '{value}' is not a UUID (8-4-4-4-12 hex digits); {advice}"
    )


def _explain_type(
    error: ValidationError, at: tuple[Any, ...], located: Located, path: str
) -> Problem:
    line = located.line(at)
    expected = _rule(error) if isinstance(_rule(error), str) else _rule(error)[0]
    tag = located.tags.get(at)
    raw = located.raw.get(at, "")
    if expected == "string" and tag in _TRAPS:
        return problem(path, line, _TRAPS[tag], _trap_message(tag, raw, at))
    if tag == "null":
        return problem(
            path,
            line,
            "YAML_EMPTY_VALUE",
            f"{_where(at)} has no value; fill it in or remove the line",
        )
    return problem(
        path, line, "WRONG_TYPE", f"{_where(at)} must be {_JSON_TYPES.get(expected, expected)}"
    )


def _trap_message(tag: str, raw: str, at: tuple[Any, ...]) -> str:
    where = _where(at)
    if tag == "bool":
        return f"{where}: '{raw}' was read as true/false, not as text; write \"{raw}\" in quotes"
    if tag == "date":
        return f"{where}: '{raw}' was read as a date, not as text; write \"{raw}\" in quotes"
    if tag == "null":
        return f"{where} has no value; fill it in or remove the line"
    if raw.startswith("0") and len(raw) > 1:
        return f"{where}: '{raw}' was read as a number and its leading zero is lost; write \"{raw}\" in quotes"
    return f"{where}: '{raw}' was read as a number, not as text; write \"{raw}\" in quotes"
