"""Put a finished build in place of the site in one step, so no half-built site is ever served."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def swap_into_place(built: Path, site: Path) -> None:
    """Replace `site` by `built` with two renames, so no half-built site is ever in place."""
    old = site.with_name(f".{site.name}-old")
    if old.exists():
        shutil.rmtree(old)
    try:
        if site.exists():
            os.replace(site, old)
        os.replace(built, site)
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM) or failed between the two renames: the old site goes back.
        recover_interrupted_swap(site)
        raise
    if old.exists():
        shutil.rmtree(old)


def recover_interrupted_swap(site: Path) -> None:
    """If a previous run stopped between the two renames, put the old site back."""
    old = site.with_name(f".{site.name}-old")
    if old.exists() and not site.exists():
        os.replace(old, site)
