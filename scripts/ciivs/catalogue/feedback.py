"""Where readers' error reports go: `catalogue/feedback.yml`, the one place that says it.

Every page links "Report an error on this page": an e-mail to `email`, prefilled with the page's
address, and the language's issue form (`issue_forms`) for readers with a GitHub account. The
address is editable by pull request; until `confirmed` is true the editors' report lists it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.schema import validate_entry
from ciivs.catalogue.yamlfile import read_yaml

FILE = "feedback.yml"
SCHEMA = "feedback.schema.json"


@dataclass(frozen=True)
class Feedback:
    """The report address, whether the canton confirmed it, and the issue form per language.
    `path` and `line` say where the address is written (for the editors' report)."""

    email: str | None = None
    confirmed: bool = False
    source: str | None = None
    issue_forms: dict[str, str] = field(default_factory=dict)
    path: str = ""
    line: int = 1


def load_feedback(
    root: Path, shown: str, articles: set[str] | None = None
) -> tuple[Feedback, list[Problem]]:
    """Read `<root>/feedback.yml` (none: no e-mail link); `articles` are the ids a source may
    name (None: the source is not checked, as when the site is configured after the check)."""
    file = root / FILE
    path = f"{shown}/{FILE}"
    if not file.is_file():
        return Feedback(), []
    located, problems = read_yaml(file.read_bytes(), path)
    if located is None:
        return Feedback(), problems
    if not isinstance(located.data, dict):
        return Feedback(), [
            problem(path, located.line(()), "YAML_NOT_A_MAPPING", "the file must hold `email:`")
        ]
    problems = validate_entry(SCHEMA, located, path, root)
    if problems:
        return Feedback(), problems
    data = located.data
    source = data.get("source")
    if source is not None and articles is not None and source not in articles:
        problems.append(
            problem(
                path,
                located.line(("source",)),
                "UNKNOWN_REFERENCE",
                f"source: no bulletin article has the id '{source}'",
            )
        )
    found = Feedback(
        email=data["email"],
        confirmed=data["confirmed"],
        source=source,
        issue_forms=dict(data.get("issue_forms", {})),
        path=path,
        line=located.line(("email",)),
    )
    return found, problems
