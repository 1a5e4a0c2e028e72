"""The check stage: load the catalogue and apply every rule. The site build calls this first."""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.feedback import load_feedback
from ciivs.catalogue.kept import KeptLoads
from ciivs.catalogue.labels import check_labels
from ciivs.catalogue.languages import check_languages, codes, languages_file
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
    kept = KeptLoads.read(kept_in, languages_file(root)) if kept_in is not None else None
    catalogue, problems = load_catalogue(root, display, reuse, kept)
    if not root.is_dir():
        return catalogue, [problem(display or str(root), 1, "FILE_NAME", "catalogue_missing")]
    shown = display if display is not None else str(root)
    problems += check_languages(root, shown)
    problems += check_labels(root, shown)
    problems += check_rules(catalogue)
    if kept is not None:
        # Now that each entry holds what the rules on its own texts found (`Entry.text_problems`,
        # a pure function of the file): the next build checks those texts no more than it reads
        # the file (4 of the 4.7 s of a 5,000-measure check).
        kept.write()
    catalogue.search, found = load_search_data(
        root, codes(root), set(catalogue.entries["institutions"]), shown
    )
    problems += found
    catalogue.feedback, found = load_feedback(root, shown, set(catalogue.entries["articles"]))
    problems += found
    return catalogue, sorted(set(problems))
