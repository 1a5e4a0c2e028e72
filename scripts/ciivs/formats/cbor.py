"""CBOR (RFC 8949), the little the build needs to read and write Pagefind's index files: integers,
text and byte strings, arrays, maps, false, true and null, each in its shortest form (the form
Pagefind writes). Anything else is refused with a ValueError, never guessed.

>>> decode(encode(["kind", [["measures", [1, 2, 300]]]]))
['kind', [['measures', [1, 2, 300]]]]
"""

from __future__ import annotations

from typing import Any

_SIMPLE = {20: False, 21: True, 22: None}


def encode(value: Any) -> bytes:
    """The value in CBOR's shortest form."""
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise ValueError(f"CBOR: cannot write a {type(value).__name__}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError(f"CBOR: {number} is too large")


def decode(data: bytes) -> Any:
    """The value of a CBOR document; ValueError when it holds more, less or an unknown item."""
    value, end = _item(data, 0)
    if end != len(data):
        raise ValueError(f"CBOR: {len(data) - end} bytes after the value")
    return value


def _item(data: bytes, at: int) -> tuple[Any, int]:
    if at >= len(data):
        raise ValueError("CBOR: the data ends inside a value")
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if major == 7:
        if info not in _SIMPLE:
            raise ValueError(f"CBOR: simple value or float {info} is not supported")
        return _SIMPLE[info], at
    if info < 24:
        number = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        number, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError(
            f"CBOR: additional information {info} (indefinite length) is not supported"
        )
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        raw = data[at : at + number]
        return (raw if major == 2 else raw.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, at = _item(data, at)
            mapping[key], at = _item(data, at)
        return mapping, at
    raise ValueError(f"CBOR: major type {major} (tags) is not supported")
