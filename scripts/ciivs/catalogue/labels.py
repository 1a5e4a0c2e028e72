"""The words of the site's interface, one file per language: `catalogue/labels/<code>.yml`.

Each file maps a label key to its text. The default language's file is the reference: every
other language's file has the same keys. `make check` reports a missing or extra key, or an
unreadable file, as `path:line: CODE message`, like any catalogue problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ciivs.catalogue.languages import DEFAULT_ROOT, Language, load_languages
from ciivs.catalogue.located import Located
from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.yamlfile import read_yaml

FOLDER = "labels"


class MissingLabel(KeyError):
    """A template or module asked for a label that the labels files do not have."""

    def __str__(self) -> str:
        return str(self.args[0])


class Labels:
    """The labels of one language; `L.key` and `L["key"]` in templates."""

    def __init__(self, texts: dict[str, str], lang: str) -> None:
        self._texts = texts
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        try:
            return self._texts[key]
        except KeyError:
            raise MissingLabel(
                f"label '{key}' is not in {FOLDER}/{self.lang}.yml; add it to every labels file"
            ) from None

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __contains__(self, key: str) -> bool:
        return key in self._texts

    def as_dict(self) -> dict[str, str]:
        return dict(self._texts)

    def fmt(self, key: str, **values: object) -> str:
        return self[key].format(**values)


@dataclass(frozen=True)
class _File:
    path: str
    texts: dict[str, str]
    located: Located | None
    problems: tuple[Problem, ...]


def labels_folder(root: Path) -> Path:
    own = root / FOLDER
    return own if own.is_dir() else DEFAULT_ROOT / FOLDER


def _read(file: Path, shown: str) -> _File:
    """The file as read, read again only when it changed (`make serve` keeps one process)."""
    return _read_version(file, shown, _version(file))


def _version(file: Path) -> tuple[int, int]:
    try:
        stat = file.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@cache
def _read_version(file: Path, shown: str, version: tuple[int, int]) -> _File:
    if not file.is_file():
        return _File(shown, {}, None, (problem(shown, 1, "FILE_EMPTY", "labels_missing"),))
    located, problems = read_yaml(file.read_bytes(), shown)
    if located is None:
        return _File(shown, {}, None, tuple(problems))
    if not isinstance(located.data, dict):
        return _File(
            shown,
            {},
            located,
            (problem(shown, 1, "YAML_NOT_A_MAPPING", "labels_not_a_mapping"),),
        )
    texts = {}
    for key, value in located.data.items():
        if isinstance(value, str):
            texts[str(key)] = value
        else:
            problems.append(
                problem(
                    shown,
                    located.line((key,)),
                    "WRONG_TYPE",
                    "label_not_text",
                    key=key,
                )
            )
    return _File(shown, texts, located, tuple(problems))


def _files(root: Path, display: str) -> dict[str, _File]:
    folder = labels_folder(root)
    shown = f"{display}/{FOLDER}" if folder == root / FOLDER else str(folder)
    return {
        lang.code: _read((folder / f"{lang.code}.yml").resolve(), f"{shown}/{lang.code}.yml")
        for lang in load_languages(root)
    }


def load_labels(root: Path = DEFAULT_ROOT) -> dict[str, dict[str, str]]:
    """Interface labels by key then language code."""
    by_key: dict[str, dict[str, str]] = {}
    for code, file in _files(root, str(root)).items():
        for key, text in file.texts.items():
            by_key.setdefault(key, {})[code] = text
    return by_key


def labels_of(root: Path, language: Language) -> Labels:
    """The labels of one language."""
    return Labels(_files(root, str(root))[language.code].texts, language.code)


def check_labels(root: Path, display: str) -> list[Problem]:
    """Every labels file is readable and has exactly the keys of the default language's file."""
    files = _files(root, display)
    problems = [p for file in files.values() for p in file.problems]
    if not files:
        return problems  # no readable languages.yml: reported by its own check
    reference_code, reference = next(iter(files.items()))
    for code, file in files.items():
        if code == reference_code or file.located is None:
            continue
        for key in reference.texts:
            if key not in file.texts and key not in (file.located.data or {}):
                problems.append(
                    problem(
                        file.path,
                        _insert_line(file, reference, key),
                        "MISSING_TRANSLATION",
                        "label_missing_text",
                        key=key,
                        lang=code,
                        reference=reference_code,
                        text=reference.texts[key],
                    )
                )
        for key in file.texts:
            if key not in reference.texts:
                problems.append(
                    problem(
                        file.path,
                        file.located.line((key,)),
                        "UNKNOWN_FIELD",
                        "label_unknown",
                        key=key,
                        reference=reference.path,
                    )
                )
    return problems


def _insert_line(file: _File, reference: _File, key: str) -> int:
    """Where the missing label belongs: after the label that comes before it in the reference."""
    keys = list(reference.texts)
    for previous in reversed(keys[: keys.index(key)]):
        if previous in file.texts and file.located is not None:
            return file.located.line((previous,)) + 1
    return 1
