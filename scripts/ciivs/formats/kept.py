"""Texts made from other texts, kept in a file between builds (the build cache).

A value is looked up by a digest of the text it was made from; the file written back holds only
the values asked for since it was read, so texts that left the catalogue leave the file too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path


class KeptTexts:
    """The values kept in `file`, and those asked for since it was read."""

    def __init__(self, file: Path, old: dict[str, str]) -> None:
        self.file = file
        self.old = old
        self.used: dict[str, str] = {}
        self.made = 0

    @classmethod
    def read(cls, file: Path) -> KeptTexts:
        """The values kept in `file`; none when it is missing or unreadable (they are made again)."""
        try:
            old = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        return cls(file, old if isinstance(old, dict) else {})

    def get(self, text: str, make: Callable[[str], str]) -> str:
        """The value made from `text`: kept, or made now by `make`."""
        # surrogatepass: a key for any text (the same bytes as UTF-8 for every valid one).
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        value = self.old.get(key)
        if not isinstance(value, str):
            value = make(text)
            self.made += 1
        self.used[key] = value
        return value

    def write(self) -> None:
        """Keep the values asked for (whole file under a temporary name, then renamed), unless
        nothing changed. A cache that cannot be written only means making them again."""
        if not self.made and len(self.used) == len(self.old):
            return
        keep_file(self.file, json.dumps(self.used, ensure_ascii=False).encode("utf-8"))


def keep_file(file: Path, data: bytes) -> None:
    """Write a cache file whole under a temporary name, then rename it: a reader never sees half
    of it. A cache that cannot be written (read-only, full disk) only means making it again."""
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f".{file.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, file)
