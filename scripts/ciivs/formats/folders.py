"""Folders put together by renames: nothing is copied."""

from __future__ import annotations

import os
from pathlib import Path


def move_into(source: Path, target: Path) -> None:
    """Move everything below `source` to the same place below `target`, by renames: a folder
    missing there goes as a whole, a file there is replaced. `source` is removed."""
    with os.scandir(source) as listing:
        entries = list(listing)
    for entry in entries:
        there = target / entry.name
        if entry.is_dir(follow_symlinks=False) and there.is_dir():
            move_into(Path(entry.path), there)
        else:
            os.replace(entry.path, there)
    source.rmdir()
