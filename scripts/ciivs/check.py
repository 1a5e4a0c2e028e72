"""The check stage: load the catalogue and apply every rule. The site build calls this first."""

from __future__ import annotations

from pathlib import Path

from .catalogue import Catalogue, load_catalogue
from .problems import Problem, problem
from .rules import check_rules


def check_catalogue(root: Path, display: str | None = None) -> tuple[Catalogue, list[Problem]]:
    """Return the catalogue and every problem in it, sorted by file and line.

    >>> catalogue, problems = check_catalogue(Path("catalogue"))
    """
    catalogue, problems = load_catalogue(root, display)
    if not root.is_dir():
        return catalogue, [
            problem(display or str(root), 1, "FILE_NAME", "the catalogue folder does not exist")
        ]
    problems += check_rules(catalogue)
    return catalogue, sorted(set(problems))
