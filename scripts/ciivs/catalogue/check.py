"""The check stage: load the catalogue and apply every rule. The site build calls this first."""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.feedback import load_feedback
from ciivs.catalogue.labels import check_labels
from ciivs.catalogue.languages import check_languages, codes
from ciivs.catalogue.model import Catalogue, ReuseCache, load_catalogue
from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.rules import check_rules
from ciivs.catalogue.searchdata import load_search_data


def check_catalogue(
    root: Path,
    display: str | None = None,
    reuse: ReuseCache | None = None,
    kept_in: Path | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Return the catalogue and every problem in it, sorted by file and line.

    >>> catalogue, problems = check_catalogue(Path("catalogue"))

    `reuse` keeps the files read between calls, `kept_in` between builds (see `load_catalogue`).
    """
    catalogue, problems = load_catalogue(root, display, reuse, kept_in)
    if not root.is_dir():
        return catalogue, [problem(display or str(root), 1, "FILE_NAME", "catalogue_missing")]
    shown = display if display is not None else str(root)
    problems += check_languages(root, shown)
    problems += check_labels(root, shown)
    problems += check_rules(catalogue)
    catalogue.search, found = load_search_data(
        root, codes(root), set(catalogue.entries["institutions"]), shown
    )
    problems += found
    catalogue.feedback, found = load_feedback(root, shown, set(catalogue.entries["articles"]))
    problems += found
    return catalogue, sorted(set(problems))
