"""The site's languages, read from `catalogue/languages.yml`: the one place that lists them.

The first language is the default: its pages are served at `/`, every other language's under
`/<code>/`. A required language must have every text of every entry (`MISSING_TRANSLATION`
otherwise); a language that is not required names a fallback: where an entry lacks its text, the
fallback language's text is shown, marked with its `lang` and a visible note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ciivs import paths
from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.yamlfile import read_yaml

FILE_NAME = "languages.yml"
# The project's own catalogue: a catalogue copy without its own languages.yml or labels/
# (the test fixtures) uses these.
DEFAULT_ROOT = paths.CATALOGUE
_CODE_FIELDS = {"code", "name", "english", "required", "fallback"}


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    name: str  # in the language itself, as the language switch shows it
    english: str  # its English name, for the check's messages (which are in English)
    required: bool = True
    fallback: str | None = None
    default: bool = False

    @property
    def prefix(self) -> str:
        """URL prefix of its pages: '' for the default language, 'de/' for the others."""
        return "" if self.default else f"{self.code}/"


def languages_file(root: Path) -> Path:
    own = root / FILE_NAME
    return own if own.is_file() else DEFAULT_ROOT / FILE_NAME


def _read(file: Path, shown: str) -> tuple[tuple[Language, ...], tuple[Problem, ...]]:
    """The file as read, read again only when it changed (`make serve` keeps one process)."""
    stat = file.stat()
    return _read_version(file, shown, (stat.st_mtime_ns, stat.st_size))


@cache
def _read_version(
    file: Path, shown: str, version: tuple[int, int]
) -> tuple[tuple[Language, ...], tuple[Problem, ...]]:
    located, problems = read_yaml(file.read_bytes(), shown)
    if located is None:
        return (), tuple(problems)
    if not isinstance(located.data, list) or not located.data:
        return (), (
            problem(shown, 1, "WRONG_TYPE", "the file must be a list of languages (- code: fr)"),
        )
    found: list[Language] = []
    for i, item in enumerate(located.data):
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            problems.append(
                problem(shown, located.line((i,)), "MISSING_FIELD", "each language needs a code")
            )
            continue
        for extra in sorted(set(item) - _CODE_FIELDS):
            problems.append(
                problem(
                    shown,
                    located.line((i, extra)),
                    "UNKNOWN_FIELD",
                    f"field '{extra}' is not known here; allowed: {', '.join(sorted(_CODE_FIELDS))}",
                )
            )
        required = item.get("required", True) is True
        fallback = item.get("fallback")
        if not required and not isinstance(fallback, str):
            problems.append(
                problem(
                    shown,
                    located.line((i,)),
                    "MISSING_FIELD",
                    f"language '{item['code']}' is not required: name a fallback language",
                )
            )
        found.append(
            Language(
                item["code"],
                str(item.get("name", item["code"])),
                str(item.get("english", item.get("name", item["code"]))),
                required,
                fallback,
                default=i == 0,
            )
        )
    codes = [lang.code for lang in found]
    for i, lang in enumerate(found):
        if lang.fallback is not None and (lang.fallback not in codes or lang.fallback == lang.code):
            problems.append(
                problem(
                    shown,
                    located.line((i, "fallback")),
                    "UNKNOWN_REFERENCE",
                    f"fallback '{lang.fallback}' is not another language of this file",
                )
            )
    if found and not found[0].required:
        problems.append(
            problem(shown, 1, "BAD_VALUE", "the first (default) language must be required")
        )
    return tuple(found), tuple(problems)


def load_languages(root: Path) -> tuple[Language, ...]:
    """The site's languages, default first (those of `root`, else the project's)."""
    file = languages_file(root)
    return _read(file.resolve(), str(file))[0]


def check_languages(root: Path, display: str) -> list[Problem]:
    """Problems of the catalogue's languages.yml, if it has its own."""
    own = root / FILE_NAME
    if not own.is_file():
        return []
    return list(_read(own.resolve(), f"{display}/{FILE_NAME}")[1])


def codes(root: Path) -> tuple[str, ...]:
    return tuple(lang.code for lang in load_languages(root))


# The site's own languages (the project catalogue's), for code that serves the built site
# rather than one catalogue: redirects, the link check.
SITE_LANGUAGES: tuple[Language, ...] = load_languages(DEFAULT_ROOT)
