"""The check after a save (the preview's, with `reuse`): files not changed are not read again and
their entries' texts are not checked again; the problems are always those of a full check."""

from __future__ import annotations

import os
from pathlib import Path

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import ReuseCache


def save(file: Path, old: str, new: str) -> None:
    """Edit a file as an editor saves it (a new modification time even within the same tick)."""
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    info = file.stat()
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def codes(problems: list) -> list[tuple[str, str]]:
    return [(p.path.rsplit("/", 1)[-1], p.code) for p in problems]


def test_each_save_gives_the_problems_of_a_full_check(valid_copy: Path) -> None:
    measure = valid_copy / "measures" / "formavenir.yml"
    summary = "Un coaching individuel"
    reuse: ReuseCache = {}
    first = check_catalogue(valid_copy, "cat", reuse)[1]
    assert first == [] == check_catalogue(valid_copy, "cat")[1]
    steps = [
        (summary, "TODO coaching individuel", ("formavenir.yml", "PLACEHOLDER")),
        ("TODO coaching", "Un\u202ecoaching", ("formavenir.yml", "UNSAFE_CHARACTER")),
        ("Un\u202ecoaching", "Un coaching", None),
    ]
    for old, new, expected in steps:
        save(measure, old, new)
        after_save = check_catalogue(valid_copy, "cat", reuse)[1]
        assert after_save == check_catalogue(valid_copy, "cat")[1]
        assert codes(after_save) == ([expected] if expected else [])


def test_an_unchanged_entry_keeps_its_problems_while_another_is_saved(valid_copy: Path) -> None:
    measure = valid_copy / "measures" / "formavenir.yml"
    save(measure, "Un coaching individuel", "TODO coaching individuel")
    reuse: ReuseCache = {}
    before = check_catalogue(valid_copy, "cat", reuse)[1]
    assert ("formavenir.yml", "PLACEHOLDER") in codes(before)
    other = next(p for p in (valid_copy / "institutions").glob("*.yml"))
    save(other, "\n", "\n# saved again\n")
    after = check_catalogue(valid_copy, "cat", reuse)[1]
    assert after == before == check_catalogue(valid_copy, "cat")[1]
