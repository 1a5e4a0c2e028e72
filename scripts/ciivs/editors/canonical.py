"""TEMPORARY STUB (replaced by branch format)."""

from typing import Any


def shape(kind: str) -> Any:
    return {}


def header(kind: str) -> str:
    return f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
