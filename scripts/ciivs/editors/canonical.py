"""The catalogue's canonical YAML style: one text for each entry, so that changing one field
changes only that field's lines.

`make format` writes every entry file this way, a form editor saves entries this way through
its JavaScript twin (`admin/canonical-yaml.js`, the same rules byte for byte), and a test keeps
the committed files in this style.

    >>> print(dump({"id": "x", "title": {"de": "Titel", "fr": "Titre"}}, shape("measures"),
    ...            header_of("measures")), end="")
    # yaml-language-server: $schema=../schemas/measures.schema.json
    id: x
    title:
      fr: Titre
      de: Titel

The shape: what the kind's JSON Schema says of key order, as JSON-able data the browser can
read too. An object is a dict of its properties in schema order, each with its own shape; an
array is a one-item list holding its items' shape; anything else is None. `$ref`, `allOf`,
`anyOf`, `oneOf`, `then` and `else` add their properties (texts take the languages of
`catalogue/languages.yml`, as the check does).

The rules of `dump(data, shape, header)`:

1. Empty values (None, "", [], {}) are left out, at any depth (list items too); a mapping or
   list left empty by this is left out in turn. A form sends "" for a field left blank.
2. The first line is `header`, when given (`# yaml-language-server: $schema=...`).
3. Mappings are in block style, one `key: value` a line; keys in the shape's order, then the
   keys the shape does not name, in their own order as JavaScript keeps it (keys made of digits
   that could index an array first, ascending; no schema names such a key). A nested mapping or
   list starts on the line after its key, two spaces deeper. Lists are always in block style,
   `- item`, two spaces deeper than their key; an item that is a mapping or a list starts on
   the dash line (`- fr: …`, then `  de: …`).
4. Booleans are `true` and `false`. Whole numbers (a float too, when it is whole) are written
   in digits, up to 2**53 - 1; other numbers as the shortest decimal that reads back the same,
   from 0.0001 to 10**15. Anything else (other numbers, dates, other types) is refused.
5. A string without line break is plain unless one of these holds, then double-quoted:
   - it is empty, or ends with a space or a colon;
   - it starts with a space, a digit, or one of - ? : , [ ] { } # & * ! | > ' " % @ ` + . ~ = <
   - it holds ": " or " #", or a character that must be escaped (rule 7);
   - it is y, n, yes, no, true, false, on, off or null, in any case (ASCII letters).
   Dates ("2026-07"), numbers in quotes ("0755") and YAML words ("no") thus stay strings.
6. A string with line breaks is a literal block, `|` when it ends with one line break, `|-`
   when it ends with none, its lines indented two spaces deeper than its key or dash (an empty
   line stays empty), unless one of these holds, then double-quoted: it ends with two or more
   line breaks; its first line is empty or starts with a space; a line ends with a space; or
   it holds a character that must be escaped.
7. Double quotes escape \\ and ", line feed, tab and carriage return as \\n, \\t, \\r, and
   every other character that must be escaped as \\xXX (below 0x100) or \\uXXXX (uppercase
   hex). Characters that must be escaped: U+0000-U+001F, U+007F-U+009F, U+2028, U+2029, U+FEFF,
   U+FFFE, U+FFFF and lone surrogates. Nothing else is escaped (accents, emoji, no-break
   spaces stay as they are).
8. No line is ever folded, whatever its length. Every line ends with a line feed.

Keys follow rule 5 as well. Every rule keeps `yaml.safe_load(dump(x)) == prune(x)` with
PyYAML (YAML 1.1) and reads the same under YAML 1.2.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

from ciivs.catalogue.kinds import kind as kind_of
from ciivs.catalogue.languages import DEFAULT_ROOT, load_languages
from ciivs.catalogue.schema import schema_documents

Shape: TypeAlias = "dict[str, Shape] | list[Shape] | None"

HEADER = "# yaml-language-server: $schema=../schemas/{schema}"
# The largest whole number a browser holds exactly (JavaScript numbers are doubles).
MAX_SAFE_INTEGER = 2**53 - 1
_SMALLEST, _LARGEST = 1e-4, 1e15  # both languages write decimals between these without exponent
_UNSAFE_START = frozenset(" 0123456789-?:,[]{}#&*!|>'\"%@`+.~=<")
_YAML_WORDS = re.compile(r"y|n|yes|no|true|false|on|off|null", re.ASCII | re.IGNORECASE)
_INDEX = re.compile(r"0|[1-9][0-9]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


class ShapeError(ValueError):
    """A schema whose key order cannot be described (a value both object and array)."""


# --- The shape: key order from the schema ------------------------------------------------------


def header_of(kind: str) -> str:
    """The first line of every entry file of `kind`: its schema, for editors' YAML tools."""
    return HEADER.format(schema=kind_of(kind).schema)


@cache
def shape(kind: str, root: Path = DEFAULT_ROOT) -> Shape:
    """The key order of `kind`'s entries, its texts in the languages of catalogue `root`."""
    documents = schema_documents(load_languages(root))
    return shape_of(documents[kind_of(kind).schema], documents)


def shape_of(schema: Mapping[str, Any], documents: Mapping[str, Any] | None = None) -> Shape:
    """The key order a JSON Schema describes; `$ref`s are looked up in `documents` (by `$id`),
    by default the catalogue's schemas."""
    if documents is None:
        documents = schema_documents(load_languages(DEFAULT_ROOT))
    return _shape(schema, documents, str(schema.get("$id", "")), ())


def _shape(node: Any, documents: Mapping[str, Any], base: str, seen: tuple[str, ...]) -> Shape:
    """Merge what every branch of `node` says about properties and items."""
    found: Shape = None
    for branch, where, trail in _branches(node, documents, base, seen):
        properties = branch.get("properties")
        if isinstance(properties, Mapping):
            found = _merge(
                found,
                {
                    _key_name(name): _shape(sub, documents, where, trail)
                    for name, sub in properties.items()
                },
            )
        items = branch.get("items")
        if isinstance(items, Mapping):
            found = _merge(found, [_shape(items, documents, where, trail)])
    return found


def _branches(
    node: Any, documents: Mapping[str, Any], base: str, seen: tuple[str, ...]
) -> Iterator[tuple[Mapping[str, Any], str, tuple[str, ...]]]:
    """`node` and the schemas it is made of, each with the document it lives in."""
    if not isinstance(node, Mapping):
        return
    yield node, base, seen
    ref = node.get("$ref")
    if isinstance(ref, str):
        where, target = _resolve(ref, base, documents)
        address = f"{where}#{ref.partition('#')[2]}"
        if address not in seen:  # a recursive schema: its inner levels keep their own order
            yield from _branches(target, documents, where, (*seen, address))
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(keyword, ()):
            yield from _branches(sub, documents, base, seen)
    for keyword in ("then", "else"):
        yield from _branches(node.get(keyword), documents, base, seen)


def _resolve(ref: str, base: str, documents: Mapping[str, Any]) -> tuple[str, Any]:
    """The document named by `ref` (or `base`) and the part its JSON pointer names."""
    file, _, pointer = ref.partition("#")
    where = file or base
    if where not in documents:
        raise ShapeError(f"$ref {ref!r} names a schema that is not in catalogue/schemas/")
    target = documents[where]
    for part in filter(None, pointer.split("/")):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return where, target


def _key_name(name: str) -> str:
    # A browser lists an object's keys that are array indices ("0", "12") before the others,
    # whatever their order in the JSON: such a key would break the shape's order there.
    if name.isdigit():
        raise ShapeError(f"property {name!r}: a key made of digits cannot keep its order in JSON")
    return name


def _merge(first: Shape, second: Shape) -> Shape:
    if first is None:
        return second
    if second is None:
        return first
    if isinstance(first, dict) and isinstance(second, dict):
        merged = dict(first)
        for key, sub in second.items():
            merged[key] = _merge(merged.get(key), sub)
        return merged
    if isinstance(first, list) and isinstance(second, list):
        return [_merge(first[0], second[0])]
    raise ShapeError("a schema allows both an object and an array in one place")


# --- The text ----------------------------------------------------------------------------------


def dump(data: Mapping[str, Any], shape: Shape = None, header: str = "") -> str:
    """The canonical text of an entry (rules in the module's docstring)."""
    if not isinstance(data, Mapping):
        raise TypeError("an entry is a mapping of fields")
    if "\n" in header or (header and not header.startswith("#")):
        raise ValueError("the header is one comment line")
    lines = [header] if header else []
    lines += _mapping(prune(data) or {}, shape, 0)
    return "".join(line + "\n" for line in lines)


def prune(value: Any) -> Any:
    """`value` without its empty values (None, "", [], {}), at any depth."""
    if isinstance(value, Mapping):
        kept = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if not _empty(item)}
    if isinstance(value, (list, tuple)):
        return [item for item in map(prune, value) if not _empty(item)]
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _mapping(data: Mapping[str, Any], shape: Shape, indent: int) -> list[str]:
    order = list(shape) if isinstance(shape, dict) else []
    others = [key for key in data if key not in order]
    # A browser lists an object's array-index keys first, ascending: the other keys follow suit.
    indices = sorted((key for key in others if _is_index(key)), key=int)
    keys = [key for key in order if key in data] + indices
    keys += [key for key in others if not _is_index(key)]
    lines = []
    for key in keys:
        value = data[key]
        sub = shape.get(key) if isinstance(shape, dict) else None
        head = " " * indent + _key(key) + ":"
        if isinstance(value, Mapping):
            lines += [head, *_mapping(value, sub, indent + 2)]
        elif isinstance(value, (list, tuple)):
            lines += [head, *_sequence(value, sub, indent + 2)]
        else:
            first, *rest = _scalar(value, indent + 2)
            lines += [f"{head} {first}", *rest]
    return lines


def _is_index(key: Any) -> bool:
    return isinstance(key, str) and _INDEX.fullmatch(key) is not None and int(key) < 2**32 - 1


def _sequence(items: Sequence[Any], shape: Shape, indent: int) -> list[str]:
    item_shape = shape[0] if isinstance(shape, list) else None
    dash = " " * indent + "- "
    lines = []
    for item in items:
        if isinstance(item, Mapping):
            block = _mapping(item, item_shape, indent + 2)
        elif isinstance(item, (list, tuple)):
            block = _sequence(item, item_shape, indent + 2)
        else:
            block = _scalar(item, indent + 2)
            block[0] = " " * (indent + 2) + block[0]
        # The item's first line moves onto the dash: `- fr: …`, then `  de: …` below it.
        lines += [dash + block[0][indent + 2 :], *block[1:]]
    return lines


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"a field name is a text, not {key!r}")
    return key if _plain(key) else _quoted(key)


def _scalar(value: Any, indent: int) -> list[str]:
    """The value's text after `key: ` or `- `, then the lines of a literal block, if any."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (int, float)):
        return [_number(value)]
    if isinstance(value, str):
        return _string(value, indent)
    raise TypeError(f"cannot write a {type(value).__name__} in an entry: {value!r}")


def _number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a number an entry can hold")
    if value == int(value):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError(f"{value} is too large to be written exactly by a browser")
        return str(int(value))
    if not _SMALLEST <= abs(value) < _LARGEST:
        raise ValueError(f"{value} is too small or too large to be written without an exponent")
    return repr(value)


def _string(text: str, indent: int) -> list[str]:
    if "\n" not in text:
        return [text if _plain(text) else _quoted(text)]
    if not _literal(text):
        return [_quoted(text)]
    body = text.removesuffix("\n")
    lines = [" " * indent + line if line else "" for line in body.split("\n")]
    return ["|" if text.endswith("\n") else "|-", *lines]


def _plain(text: str) -> bool:
    return (
        text != ""
        and text[0] not in _UNSAFE_START
        and text[-1] not in " :"
        and ": " not in text
        and " #" not in text
        and not _YAML_WORDS.fullmatch(text)
        and all(map(_printable, text))
    )


def _literal(text: str) -> bool:
    lines = text.removesuffix("\n").split("\n")
    return (
        lines[0] != ""
        and not lines[0].startswith(" ")
        and lines[-1] != ""
        and not any(line.endswith(" ") for line in lines)
        and all(_printable(char) for line in lines for char in line)
    )


def _printable(char: str) -> bool:
    """False for a character that must be escaped (rule 7)."""
    code = ord(char)
    return not (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
        or 0xD800 <= code <= 0xDFFF
    )


def _quoted(text: str) -> str:
    return '"' + "".join(map(_escaped, text)) + '"'


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if _printable(char):
        return char
    code = ord(char)
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"
