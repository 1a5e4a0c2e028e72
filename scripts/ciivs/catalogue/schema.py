"""Validate one entry against the JSON Schema of its kind, in words an editor understands."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from ciivs import paths
from ciivs.catalogue import suggest, traps
from ciivs.catalogue.identity import canonical_uuid, new_uuid
from ciivs.catalogue.kinds import NAMES as KIND_NAMES
from ciivs.catalogue.kinds import kind as kind_of
from ciivs.catalogue.languages import DEFAULT_ROOT, Language, load_languages
from ciivs.catalogue.located import Located
from ciivs.catalogue.messages import Msg, msg, templates
from ciivs.catalogue.placeholders import find_placeholder
from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.schema_ids import FILE as IDS_FILE
from ciivs.catalogue.schema_ids import ids_document
from ciivs.formats.phones import is_valid_phone

SCHEMA_DIR = paths.SCHEMAS
_TRAPS = {
    "bool": "YAML_BOOLEAN",
    "int": "YAML_NUMBER",
    "float": "YAML_NUMBER",
    "date": "YAML_DATE",
}


# Formats the schemas name that JSON Schema does not define.
FORMATS = FormatChecker(formats=())
FORMATS.checks("phone")(is_valid_phone)

# The language-keyed definitions of common.schema.json: their languages come from languages.yml.
LANGUAGE_TEXTS = ("text", "markdown")
# Definitions with one optional key per language: definition -> what each language holds.
OPTIONAL_PER_LANGUAGE = {
    "keywords": "#/$defs/keyword_list",
    "some_texts": "#/$defs/lang_text",
    "some_dates": "#/$defs/date",
}


@cache
def validator(kind: str, languages: tuple[Language, ...] = ()) -> Draft202012Validator:
    """The validator for one kind, with the shared definitions registered.

    Texts take one key per language of the site (the required ones must be there), and a
    "kind/id" reference names a declared kind: both come from their one declaration, not from
    the copies in common.schema.json that editors' tools read (a test keeps those in step).
    """
    registry: Registry = Registry().with_resources(
        (uri, Resource.from_contents(document))
        for uri, document in schema_documents(languages).items()
    )
    # A kind's schema, or a schema named by its file (data that is not an entry: search words).
    file_name = kind if kind.endswith(".schema.json") else kind_of(kind).schema
    schema = json.loads((SCHEMA_DIR / file_name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=FORMATS)


def schema_documents(languages: tuple[Language, ...] = ()) -> dict[str, dict[str, Any]]:
    """Every schema document by its `$id`, as the check reads them: texts in the site's
    `languages` (when given) and "kind/id" references to the declared kinds."""
    # The ids file only offers completions to editors: validation never depends on it.
    documents = {IDS_FILE: ids_document({})}
    for file in SCHEMA_DIR.glob("*.schema.json"):
        if file.name == IDS_FILE:
            continue
        schema = json.loads(file.read_text(encoding="utf-8"))
        if schema["$id"] == "common.schema.json":
            _set_languages(schema, languages)
            _set_kinds(schema)
        documents[schema["$id"]] = schema
    return documents


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
    # An easy-read text has its sections in every required language.
    sections = common["$defs"]["easy_sections"]
    item = next(iter(sections["properties"].values()))
    sections["properties"] = {lang.code: item for lang in languages}
    sections["required"] = [lang.code for lang in languages if lang.required]
    # Keywords, reviews and their dates are optional in every language.
    for name, each in OPTIONAL_PER_LANGUAGE.items():
        common["$defs"][name]["properties"] = {lang.code: {"$ref": each} for lang in languages}


def validate_entry(
    kind: str,
    located: Located,
    path: str,
    root: Path | None = None,
    faulty: list[tuple[Any, ...]] | None = None,
) -> list[Problem]:
    """Check one entry's fields and value types; one problem per error found.

    `faulty` receives the path of every value found wrong (not of missing ones).
    """
    languages = load_languages(root or DEFAULT_ROOT)
    errors = sorted(
        validator(kind, languages).iter_errors(located.data),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    problems = []
    for error in errors:
        at = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            problems += _explain_unknown(error, located, path)
            if faulty is not None:
                faulty += [(*at, name) for name in _unknown_names(error)]
        else:
            problems.append(_explain(error, located, path, languages))
            if error.validator != "required" and at and faulty is not None:
                faulty.append(at)
    # A value can break two rules that say the same thing (a phone's pattern and its digits).
    return list(dict.fromkeys(problems))


def _rule(error: ValidationError) -> Any:
    """The value of the schema keyword that failed (jsonschema types it loosely)."""
    return error.validator_value


def _instance(error: ValidationError) -> Any:
    """The part of the entry that failed."""
    return error.instance


def _where(at: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in at)


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
    if kind in ("type", "pattern", "format", "enum") and isinstance(error.instance, str):
        found = find_placeholder(error.instance)
        if found is not None:  # left from a template: say so, rather than "not allowed"
            return problem(path, line, "PLACEHOLDER", "placeholder", field=_where(at), value=found)
    if kind == "type":
        return _explain_type(error, at, located, path)
    code = schema.get("x-code", "BAD_VALUE")
    if kind in ("minLength", "pattern") and code == "MISSING_TRANSLATION":
        code_of_text = str(at[-1]) if at else ""
        return problem(
            path,
            line,
            code,
            "empty_text",
            field=_where(at),
            language=_language(code_of_text, languages),
        )
    if code == "BAD_UUID":
        return _bad_uuid(str(error.instance), line, path)
    if kind in ("pattern", "format"):
        value = str(error.instance)
        key = f"pattern_{code.lower()}"
        return problem(
            path,
            line,
            code,
            key if key in templates("en") else "pattern_bad_value",
            field=_where(at),
            value=value,
            hint=suggest.id_hint(value) if code == "BAD_REFERENCE" else "",
        )
    if kind == "enum":
        written = located.raw.get(at, error.instance)
        return problem(
            path,
            line,
            "BAD_VALUE",
            "bad_enum",
            field=_where(at),
            value=written,
            allowed=", ".join(map(str, _rule(error))),
            hint=suggest.value_hint(at, str(written), [str(v) for v in _rule(error)]),
        )
    if kind == "anyOf" and code != "BAD_VALUE" and code.lower() in templates("en"):
        return problem(path, line, code, code.lower(), field=_where(at))  # the schema's own words
    if kind == "uniqueItems":
        return problem(path, line, "BAD_VALUE", "duplicate_item", field=_where(at))
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return problem(
            path,
            line,
            "BAD_VALUE",
            f"out_of_range_{'low' if 'inimum' in kind else 'high'}",
            field=_where(at),
            value=error.instance,
            limit=_rule(error),
        )
    return problem(
        path, line, "BAD_VALUE", "bad_value_other", field=_where(at), detail=error.message
    )


def _unknown_names(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return sorted(set(_instance(error)) - set(schema.get("properties", {})))


def _explain_unknown(error: ValidationError, located: Located, path: str) -> list[Problem]:
    """One problem per unknown field, so that every misspelt field is reported in one run."""
    at = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = sorted(schema.get("properties", {}))
    return [
        traps.explain_unknown_field(located, at, name, path, known)
        or problem(
            path,
            located.line((*at, name)),
            "UNKNOWN_FIELD",
            "unknown_field",
            field=_where((*at, name)),
            hint=suggest.field_hint(name, known),
        )
        for name in _unknown_names(error) or ["?"]
    ]


def _language(code: str, languages: tuple[Language, ...]) -> Msg | str:
    """The name of the language `code` in the words of the message (French, français, Französisch)."""
    key = f"language_{code}"
    if key in templates("en"):
        return msg(key)
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
        return problem(
            path,
            line,
            "MISSING_TRANSLATION",
            "missing_text",
            field=_where(at),
            language=_language(name, languages),
            lang=name,
        )
    if name == "responsible":
        return problem(path, line, "MISSING_FIELD", "missing_responsible")
    return problem(path, line, "MISSING_FIELD", "missing_field", field=_where((*at, name)))


def _missing_uuid(line: int, path: str) -> Problem:
    return problem(path, line, "MISSING_FIELD", "missing_uuid", uuid=new_uuid())


def _bad_uuid(value: str, line: int, path: str) -> Problem:
    same = canonical_uuid(value)
    if same is not None:
        return problem(path, line, "BAD_UUID", "bad_uuid_case", value=value, uuid=same)
    return problem(path, line, "BAD_UUID", "bad_uuid_new", value=value, uuid=new_uuid())


def _explain_type(
    error: ValidationError, at: tuple[Any, ...], located: Located, path: str
) -> Problem:
    line = located.line(at)
    expected = _rule(error) if isinstance(_rule(error), str) else _rule(error)[0]
    tag = located.tags.get(at)
    raw = located.raw.get(at, "")
    if tag == "null":
        return traps.explain_empty(located, at, path) or problem(
            path, line, "YAML_EMPTY_VALUE", "yaml_empty_value", field=_where(at)
        )
    if expected == "string" and tag in _TRAPS:
        return problem(path, line, _TRAPS[tag], _trap_key(tag, raw), field=_where(at), value=raw)
    return problem(
        path, line, "WRONG_TYPE", "wrong_type", field=_where(at), expected=msg(f"type_{expected}")
    )


def _trap_key(tag: str, raw: str) -> str:
    """The message for a value YAML read as something else than text."""
    if tag in ("bool", "date"):
        return f"yaml_{tag}"
    if raw.startswith("0") and len(raw) > 1:
        return "yaml_number_leading_zero"
    return "yaml_number"
