"""JSON written with indentation, as `json.dumps(data, ensure_ascii=False, indent=n, default=f)`
writes it, byte for byte, at 1.5 to 1.8 times its speed.

Python before 3.14 writes indented JSON in pure Python, one generator step per value: at 1,000
measures the open-data files' JSON took 0.27 s of the render stage's main process (two files of
7 MB) and about 0.17 s of each language's. Here each container is one Python call and each string
is escaped by the standard library's own C function. Circular references are not looked for: the
build's data has none (`json.dumps` would raise ValueError, this RecursionError).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from json.encoder import encode_basestring  # the C function when _json is built, as json uses
from typing import Any

_INT = int.__repr__  # what json writes for an int, also for IntEnum members
_CONSTANTS = {True: "true", False: "false", None: "null"}


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None:
        return _CONSTANTS[key]
    if isinstance(key, int):
        return _INT(key)
    if isinstance(key, float):
        return _float(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def indented(data: Any, indent: int = 1, default: Callable[[Any], Any] | None = None) -> str:
    """`data` as `json.dumps(data, ensure_ascii=False, indent=indent, default=default)`."""
    pieces: list[str] = []
    add = pieces.append
    breaks = ["\n"]  # the line break and indentation of each depth

    def line(depth: int) -> str:
        while len(breaks) <= depth:
            breaks.append("\n" + " " * (indent * len(breaks)))
        return breaks[depth]

    def value(item: Any, depth: int) -> None:
        if isinstance(item, str):
            add(encode_basestring(item))
        elif item is None or item is True or item is False:
            add(_CONSTANTS[item])
        elif isinstance(item, int):
            add(_INT(item))
        elif isinstance(item, float):
            add(_float(item))
        elif isinstance(item, (list, tuple, dict)):
            # A list or an object: each member (after its key, in an object) on its own line.
            keyed = isinstance(item, dict)
            members: Iterable[Any] = item.items() if isinstance(item, dict) else item
            start, end = ("{", "}") if keyed else ("[", "]")
            if not item:
                add(start + end)
                return
            inner = line(depth + 1)
            add(start + inner)
            between = "," + inner
            for at, member in enumerate(members):
                if keyed:
                    key, member = member
                    add((between if at else "") + encode_basestring(_key(key)) + ": ")
                elif at:
                    add(between)
                value(member, depth + 1)
            add(line(depth) + end)
        elif default is not None:
            value(default(item), depth)
        else:
            raise TypeError(f"Object of type {item.__class__.__name__} is not JSON serializable")

    value(data, 0)
    return "".join(pieces)
