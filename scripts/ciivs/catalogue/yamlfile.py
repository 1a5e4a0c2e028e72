"""Read one YAML file safely, keeping the line of every value and catching YAML's traps.

PyYAML follows YAML 1.1, where `no` is false, `0276067320` is an octal number and
`2023-08-01` is a date. We keep what PyYAML decided (the tag) next to each value so that
the schema check can explain such surprises in an editor's words instead of accepting them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import AliasEvent

try:
    from yaml._yaml import CParser as _CParser

    _HAS_LIBYAML = True
except ImportError:  # PyYAML built without libyaml: the pure-Python parser does everything
    _HAS_LIBYAML = False

from ciivs.catalogue.located import Located
from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.traps import explain_syntax

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
Path = tuple[Any, ...]


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _alias_line(loader: Any) -> int:
    """The line (from 1) of the alias event the loader is looking at."""
    line: int = loader.peek_event().start_mark.line + 1
    return line


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases while composing, before any expansion can happen."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            raise _AliasFound(_alias_line(self))
        return super().compose_node(parent, index)


if _HAS_LIBYAML:

    class _FastLoader(
        _CParser, yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):
        """libyaml's scanner and parser (C) under PyYAML's own composer and resolver: the same nodes,
        lines and tags as `_Loader`, several times faster. Used for files that read without trouble;
        any problem is worded by `_Loader`, the reference."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            if self.check_event(AliasEvent):
                raise _AliasFound(_alias_line(self))
            return yaml.composer.Composer.compose_node(self, parent, index)


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def read_yaml(text_bytes: bytes, path: str) -> tuple[Located | None, list[Problem]]:
    """Parse bytes of one YAML file into a Located value, or return the problems found."""
    if len(text_bytes) > MAX_BYTES:
        return None, [
            problem(
                path,
                1,
                "FILE_TOO_LARGE",
                "file_too_large",
                size=f"{len(text_bytes):,}",
                limit=f"{MAX_BYTES:,}",
            )
        ]
    text, problems = _decode(text_bytes, path)
    if problems:
        return None, problems
    problems = [
        problem(
            path,
            text.count("\n", 0, m.start()) + 1,
            "YAML_TAB",
            "yaml_tab",
        )
        for m in _TAB_INDENT.finditer(text)
    ]
    if problems:
        return None, problems
    node, quotes = _compose(text, path)
    if node is None:
        return None, quotes or [problem(path, 1, "FILE_EMPTY", "file_empty")]
    # Texts to put in quotes do not hide the file's other problems: it is read as corrected.
    located = Located(text=text)
    problems = []
    try:
        located.data = _convert(node, (), located, path, problems, depth=0)
    except _TooDeep as deep:
        return None, [problem(path, deep.line, "YAML_TOO_DEEP", "yaml_too_deep")]
    except RecursionError:
        return None, [problem(path, 1, "YAML_TOO_DEEP", "yaml_too_deep")]
    return (None if problems else located), quotes + problems


def _decode(text_bytes: bytes, path: str) -> tuple[str, list[Problem]]:
    try:
        text = text_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = text_bytes.count(b"\n", 0, err.start) + 1
        return "", [
            problem(
                path,
                line,
                "FILE_ENCODING",
                "file_encoding_byte",
                byte=f"0x{text_bytes[err.start]:02x}",
            )
        ]
    found = _CONTROL.search(text)  # the first one
    if found is not None:
        number = text.count("\n", 0, found.start()) + 1
        return "", [
            problem(
                path,
                number,
                "FILE_ENCODING",
                "file_encoding_control",
                char=f"U+{ord(found.group()):04X}",
            )
        ]
    return text, []


# Control characters other than tab and line ends, non-characters, and U+2028/U+2029 (they end a
# line for YAML but not in most editors: every line number after them would be off).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")


def _compose(text: str, path: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The document's node, or None with the problems; a node with problems when texts
    needed quotes (the node is then read from the corrected text)."""
    if _HAS_LIBYAML:
        fast = _FastLoader(text)
        try:
            return yaml.composer.Composer.get_single_node(fast), []
        except (yaml.YAMLError, _AliasFound, RecursionError):
            pass  # read again below, so that every problem is reported exactly as _Loader words it
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        return loader.get_single_node(), []
    except _AliasFound as found:
        return None, [
            problem(
                path,
                found.line,
                "YAML_ALIAS",
                "yaml_alias",
            )
        ]
    except yaml.composer.ComposerError as err:
        if "single document" in f"{err.context} {err.problem}":
            line = err.problem_mark.line + 1 if err.problem_mark else 1
            return None, [
                problem(
                    path,
                    line,
                    "YAML_MULTIPLE_DOCUMENTS",
                    "yaml_multiple_documents",
                )
            ]
        return _syntax(path, err, text)
    except yaml.YAMLError as err:
        return _syntax(path, err, text)
    except RecursionError:
        return None, [problem(path, 1, "YAML_TOO_DEEP", "yaml_too_deep")]
    finally:
        loader.dispose()


def _syntax(path: str, err: yaml.YAMLError, text: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Texts to put in quotes when that is what YAML stumbled on, else YAML's own words."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    quotes, corrected = explain_syntax(text, line, path)
    if corrected is not None:
        node, problems = _compose(corrected, path)
        return node, quotes + problems
    what = getattr(err, "problem", None) or "unreadable YAML"
    return None, [*quotes, problem(path, line, "YAML_SYNTAX", "yaml_syntax", detail=what)]


_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "date",
}


def _convert(
    node: yaml.Node, at: Path, out: Located, path: str, problems: list[Problem], depth: int
) -> Any:
    """Turn a node into plain Python data, recording line, tag and raw text by path."""
    if depth > MAX_DEPTH:
        raise _TooDeep(node.start_mark.line + 1)
    out.lines[at] = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        # e.g. `!!python/object/apply:os.system [...]`: never built, but refused rather than ignored.
        problems.append(
            problem(
                path,
                node.start_mark.line + 1,
                "YAML_SYNTAX",
                "yaml_tag",
                tag=node.tag,
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, at, out, path, problems, depth)
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*at, i), out, path, problems, depth + 1)
            for i, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)  # the composer makes no other kind of node
    return _convert_scalar(node, at, out, path, problems)


def _convert_mapping(
    node: yaml.MappingNode, at: Path, out: Located, path: str, problems: list[Problem], depth: int
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(problem(path, line, "YAML_SYNTAX", "yaml_key_not_plain"))
            continue
        # Keys are taken as written: `no:` or `on:` as a field name stays text.
        key = str(key_node.value)
        if key in result:
            problems.append(
                problem(
                    path,
                    line,
                    "YAML_DUPLICATE_KEY",
                    "yaml_duplicate_key",
                    field=key,
                    first=out.lines[(*at, key)],
                )
            )
            continue
        out.lines[(*at, key)] = line
        result[key] = _convert(value_node, (*at, key), out, path, problems, depth + 1)
        out.lines[(*at, key)] = line
    return result


def _convert_scalar(
    node: yaml.ScalarNode, at: Path, out: Located, path: str, problems: list[Problem]
) -> Any:
    tag = _TAGS.get(node.tag)
    out.raw[at] = node.value
    if tag is None:
        problems.append(
            problem(
                path,
                node.start_mark.line + 1,
                "YAML_SYNTAX",
                "yaml_tag",
                tag=node.tag,
            )
        )
        return None
    out.tags[at] = tag
    if tag == "str":
        return node.value
    try:
        return yaml.SafeLoader.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (
        ValueError,
        OverflowError,
        KeyError,
        IndexError,
        AttributeError,
        TypeError,
        yaml.YAMLError,
    ):
        # An explicit tag on a value that does not fit it, e.g. `!!bool maybe` or `!!timestamp soon`.
        problems.append(
            problem(
                path,
                node.start_mark.line + 1,
                "BAD_VALUE",
                "yaml_unreadable_value",
                value=node.value,
            )
        )
        return None


_CONSTRUCTOR = yaml.SafeLoader("")
