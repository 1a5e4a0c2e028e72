"""Put a finished build in place of the site in one step, so no half-built site is ever served."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Threads deleting the old site's folders side by side: the kernel unlinks files of different
# folders at once, and the old site's 11,600 files took 1.5-2 s alone at 1,000 measures (0.8 s so).
_DELETERS = 4


def swap_into_place(built: Path, site: Path) -> None:
    """Replace `site` by `built` with two renames, so no half-built site is ever in place."""
    old = site.with_name(f".{site.name}-old")
    if old.exists():
        remove_tree(old)
    try:
        if site.exists():
            os.replace(site, old)
        os.replace(built, site)
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM) or failed between the two renames: the old site goes back.
        recover_interrupted_swap(site)
        raise
    if old.exists():
        remove_tree(old)


def remove_tree(folder: Path) -> None:
    """Delete `folder` and everything below it, its sub-sub-folders side by side."""
    below = [
        inner.path
        for outer in os.scandir(folder)
        if outer.is_dir(follow_symlinks=False)
        for inner in os.scandir(outer.path)
        if inner.is_dir(follow_symlinks=False)
    ]
    with ThreadPoolExecutor(_DELETERS) as pool:
        for _ in pool.map(shutil.rmtree, below):
            pass  # an error is raised here, as shutil.rmtree raises it
    shutil.rmtree(folder)


def recover_interrupted_swap(site: Path) -> None:
    """If a previous run stopped between the two renames, put the old site back."""
    old = site.with_name(f".{site.name}-old")
    if old.exists() and not site.exists():
        os.replace(old, site)
