"""A value read from YAML with the line and tag of each part: what every problem points at."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Path = tuple[Any, ...]


@dataclass
class Located:
    """A value as read from YAML, with the line and YAML tag of each part (by path)."""

    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    tags: dict[Path, str] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    text: str = ""  # the file as read, to quote its lines in hints

    def source_line(self, number: int) -> str | None:
        """Line `number` (from 1) of the file as written."""
        lines = self.text.split("\n")
        return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else None

    def data_at(self, path: Path) -> Any:
        """The value at `path`, or None when there is none."""
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value

    def line(self, path: Path) -> int:
        """The line of `path`, or of its closest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)
