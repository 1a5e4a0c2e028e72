"""Load the catalogue folder: one YAML file per entry, `catalogue/<kind>/<id>.yml`."""

from __future__ import annotations

import copy
import datetime as dt
import multiprocessing as mp
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ciivs.catalogue import suggest
from ciivs.catalogue.feedback import Feedback
from ciivs.catalogue.kept import KeptLoads
from ciivs.catalogue.kinds import NAMES as KINDS
from ciivs.catalogue.kinds import kind as declared_kind
from ciivs.catalogue.languages import Language, load_languages
from ciivs.catalogue.located import Located
from ciivs.catalogue.messages import Msg, msg
from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.schema import validate_entry
from ciivs.catalogue.searchdata import SearchData
from ciivs.catalogue.yamlfile import read_yaml
from ciivs.processes import fork_pool

# Data under catalogue/ that is not an entry: folders end with "/". This is the one list to extend
# when such data is added; any other YAML file outside `<kind>/<id>.yml` is reported, never ignored.
NOT_ENTRIES = (
    "schemas/",
    "labels/",
    "search/",
    "messages/",
    "languages.yml",
    "open-data.yml",
    "feedback.yml",
    "published-urls.txt",
)
YAML_SUFFIXES = (".yml", ".yaml")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_FIELDS = ("valid_from", "valid_to", "last_reviewed", "published")


@dataclass
class Entry:
    """One entry of the catalogue, with where it came from."""

    kind: str
    id: str
    data: dict[str, Any]
    path: str
    located: Located
    # False when the file has problems of its own: the faulty values were left out of `data`,
    # so a required field may be missing. Rules read fields with .get().
    complete: bool = True
    # What the rules on its own texts found (rules.TEXT_RULES), kept with it: the preview reads an
    # unchanged file's entry again as the same object, and its texts are not checked again.
    text_problems: list[Problem] | None = field(default=None, compare=False, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def line(self, *at: Any) -> int:
        return self.located.line(at)


@dataclass
class Catalogue:
    """All entries, by kind then id."""

    root: Path
    display: str = ""  # the root as problems name it, e.g. "catalogue"
    entries: dict[str, dict[str, Entry]] = field(default_factory=lambda: {k: {} for k in KINDS})
    # Files that exist but could not be read: references to them are not reported twice.
    broken: set[tuple[str, str]] = field(default_factory=set)
    # Equivalent words, whom to contact and the finder's age bands (catalogue/search/).
    search: SearchData = field(default_factory=SearchData)
    # Where readers' error reports go (catalogue/feedback.yml).
    feedback: Feedback = field(default_factory=Feedback)

    @property
    def languages(self) -> tuple[Language, ...]:
        """The site's languages (catalogue/languages.yml), default first."""
        return load_languages(self.root)

    def all(self) -> Iterator[Entry]:
        for kind in KINDS:
            yield from self.entries[kind].values()

    def of(self, kind: str) -> list[Entry]:
        return list(self._kind(kind).values())

    def get(self, kind: str, id: str) -> Entry | None:
        return self._kind(kind).get(id)

    def entry(self, kind: str, id: str) -> Entry:
        """The entry a checked reference names (KeyError if there is none)."""
        return self._kind(kind)[id]

    def _kind(self, kind: str) -> dict[str, Entry]:
        try:
            return self.entries[kind]
        except KeyError:
            declared_kind(kind)  # raises with the list of declared kinds
            raise


# From this many files to read, two processes read them (forked: nothing but results travels).
PARALLEL_LOAD_FROM = 600
# What `load_catalogue(reuse=...)` keeps per file: its stat and what loading it gave.
Loaded = tuple[Entry | None, list[Problem], tuple[str, int] | None]
ReuseCache = dict[Path, tuple[tuple[int, int], Loaded]]


def load_catalogue(
    root: Path,
    display: str | None = None,
    reuse: ReuseCache | None = None,
    kept: KeptLoads | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Read and schema-check every file; return the entries that could be read and all problems.

    With `reuse` (a dict kept between calls, as the preview does), a file whose size and
    modification time did not change is not read again. With `kept` (what builds read before,
    `kept.py`), a file whose bytes a build read before is not parsed nor checked again; the
    caller writes `kept` once the entries hold what the rules found.
    """
    shown = display if display is not None else str(root)
    catalogue = Catalogue(root, shown)
    problems: list[Problem] = []
    declared: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
    files = entry_files(root)
    for (kind, file), (entry, found, entry_id) in zip(
        files, _load_files(files, shown, root, reuse, kept), strict=True
    ):
        problems += found
        if entry_id is not None:
            declared.setdefault((kind, entry_id[0]), []).append(
                (file.name.removesuffix(".yml"), f"{shown}/{kind}/{file.name}", entry_id[1])
            )
        if entry is not None:
            catalogue.entries[kind][entry.id] = entry
        else:
            catalogue.broken.add((kind, file.name.removesuffix(".yml")))
    problems += misplaced_files(root, shown)
    return catalogue, problems + _duplicates(declared)


def entry_files(root: Path) -> list[tuple[str, Path]]:
    """(kind, file) of every file in a kind's folder, by kind then name; hidden files left out."""
    return [
        (kind, file)
        for kind in KINDS
        if (root / kind).is_dir()
        for file in sorted((root / kind).iterdir(), key=_name)
        if not file.name.startswith(".") and not file.is_dir()
    ]


def misplaced_files(root: Path, shown: str) -> list[Problem]:
    """Every YAML file that is neither an entry (`<kind>/<id>.yml`) nor declared other data."""
    problems = []
    for file in sorted(_yaml_files(root), key=_parts):
        parts = file.relative_to(root).parts
        if len(parts) == 2 and parts[0] in KINDS:
            continue  # an entry (its name is checked as one)
        if parts[0] in KINDS:
            hint = msg("misplaced_in_kind", folder=f"{parts[0]}/")
        elif len(parts) > 1:
            hint = _folder_hint(parts[0])
        else:
            hint = msg("misplaced_any", folders=", ".join(f"{k}/" for k in KINDS))
        shown_path = "/".join((shown, *parts))
        problems.append(problem(shown_path, 1, "MISPLACED_FILE", "misplaced_file", hint=hint))
    return problems


# Sort keys in the order of Path's own comparison (by parts), without its cost per comparison
# (at 5,000 measures, 111,000 comparisons took a quarter of the check after a save).
def _name(path: Path) -> str:
    return path.name


def _parts(path: Path) -> tuple[str, ...]:
    return path.parts


def _yaml_files(root: Path) -> Iterator[Path]:
    """YAML files under `root`, leaving out hidden files and the declared non-entry data."""
    skip = {name.rstrip("/") for name in NOT_ENTRIES}
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = [
            d for d in subfolders if not d.startswith(".") and not (here == root and d in skip)
        ]
        for name in files:
            hidden = name.startswith(".") or (here == root and name in skip)
            if name.lower().endswith(YAML_SUFFIXES) and not hidden:
                yield here / name


def _folder_hint(folder: str) -> Msg:
    """`mesures/` -> did you mean `measures/`? (French and German words name their kind)."""
    guesses = suggest.nearest(folder, suggest.folder_words(KINDS))
    if not guesses:
        return msg("misplaced_any", folders=", ".join(f"{k}/" for k in KINDS))
    return msg("misplaced_folder", folder=f"{folder}/", guesses=", ".join(f"{g}/" for g in guesses))


def _load_files(
    files: list[tuple[str, Path]],
    shown: str,
    root: Path,
    reuse: ReuseCache | None,
    kept: KeptLoads | None = None,
) -> list[Loaded]:
    """What `load_entry` gives for each file, read again only where needed, in order."""
    stats = [_stat(file) for _, file in files]
    results: list[Loaded | None] = [
        cached[1]
        if reuse is not None and (cached := reuse.get(file)) and cached[0] == stat
        else None
        for (_, file), stat in zip(files, stats, strict=True)
    ]
    todo = [i for i, result in enumerate(results) if result is None]
    jobs = [
        (files[i][0], files[i][1], f"{shown}/{files[i][0]}/{files[i][1].name}", root) for i in todo
    ]
    keys: dict[int, bytes] = {}
    read = todo
    if kept is not None:
        jobs, read = _from_kept(kept, jobs, todo, results, keys)
    for i, result in zip(read, _load_many(jobs), strict=True):
        results[i] = result
        if kept is not None and i in keys:
            kept.put(keys[i], result)
    if reuse is not None:
        for i in todo:
            reuse[files[i][1]] = (stats[i], results[i])  # type: ignore[assignment]
        for gone in set(reuse) - {file for _, file in files}:
            del reuse[gone]
    return results  # type: ignore[return-value]


def _from_kept(
    kept: KeptLoads,
    jobs: list[tuple[str, Path, str, Path]],
    todo: list[int],
    results: list[Loaded | None],
    keys: dict[int, bytes],
) -> tuple[list[tuple[Any, ...]], list[int]]:
    """Fill `results` with what `kept` holds for these files; the jobs left (each with the bytes
    its key was made of, so that a file saved meanwhile is not kept under its old key)."""
    left_jobs: list[tuple[Any, ...]] = []
    left: list[int] = []
    for i, (kind, file, shown_as, root) in zip(todo, jobs, strict=True):
        try:
            content = file.read_bytes()
        except OSError:
            left_jobs.append((kind, file, shown_as, root, None))  # load_entry says why
            left.append(i)
            continue
        keys[i] = kept.key(kind, shown_as, content)
        results[i] = kept.get(keys[i])
        if results[i] is None:
            left_jobs.append((kind, file, shown_as, root, content))
            left.append(i)
    return left_jobs, left


def _stat(file: Path) -> tuple[int, int]:
    info = file.stat()
    return info.st_mtime_ns, info.st_size


def _load_many(jobs: list[tuple[Any, ...]]) -> list[Loaded]:
    if len(jobs) < PARALLEL_LOAD_FROM or len(os.sched_getaffinity(0)) < 2:
        return [load_entry(*job) for job in jobs]
    if "fork" not in mp.get_all_start_methods():
        return [load_entry(*job) for job in jobs]
    with fork_pool(2) as pool:
        return pool.starmap(load_entry, jobs, chunksize=max(1, len(jobs) // 8))


def load_entry(
    kind: str, file: Path, shown: str, root: Path | None = None, content: bytes | None = None
) -> tuple[Entry | None, list[Problem], tuple[str, int] | None]:
    """Read one file (or `content`, its bytes read already); an entry with problems of its own
    comes without its faulty values.

    The third value is the id the file declares, if it declares one as text, with its line.
    """
    stem, suffix = file.name.rsplit(".", 1) if "." in file.name else (file.name, "")
    if suffix != "yml" or not ID_PATTERN.match(stem):
        return (
            None,
            [
                problem(
                    shown,
                    1,
                    "FILE_NAME",
                    "file_name",
                    name=file.name,
                )
            ],
            None,
        )
    located, quotes = read_yaml(file.read_bytes() if content is None else content, shown)
    if located is None:
        return None, quotes, None
    if not isinstance(located.data, dict):
        return (
            None,
            [
                problem(
                    shown,
                    located.line(()),
                    "YAML_NOT_A_MAPPING",
                    "yaml_not_a_mapping",
                )
            ],
            None,
        )
    _normalise_dates(located)
    faulty: list[tuple[Any, ...]] = []
    problems = quotes + validate_entry(kind, located, shown, root, faulty=faulty)
    entry_id = located.data.get("id")
    if isinstance(entry_id, str) and entry_id != stem:
        problems.append(
            problem(
                shown,
                located.line(("id",)),
                "ID_MISMATCH",
                "id_mismatch",
                id=entry_id,
                stem=stem,
            )
        )
    declared = (entry_id, located.line(("id",))) if isinstance(entry_id, str) else None
    # An entry with problems is kept without its faulty values, so that the rules across entries
    # (references, dates, texts) report the rest of its problems in the same run.
    data = _without(located.data, faulty) if problems else located.data
    return Entry(kind, stem, data, shown, located, complete=not problems), problems, declared


def _without(data: dict[str, Any], faulty: list[tuple[Any, ...]]) -> dict[str, Any]:
    """A copy of `data` without the values at the `faulty` paths (list items become None)."""
    data = copy.deepcopy(data)
    for at in sorted(faulty, key=len, reverse=True):
        parent = data
        for part in at[:-1]:
            parent = parent[part] if isinstance(parent, (dict, list)) else None
        if isinstance(parent, dict):
            parent.pop(at[-1], None)
        elif isinstance(parent, list) and isinstance(at[-1], int) and at[-1] < len(parent):
            parent[at[-1]] = None  # keep the positions: lines are looked up by index
    return data


def _normalise_dates(located: Located) -> None:
    """Accept unquoted dates and years in date fields: YAML reads them as dates or numbers."""
    for name in DATE_FIELDS:
        value = located.data.get(name)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            located.data[name] = value.isoformat()
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and located.tags.get((name,)) == "int"
        ):
            # Keep the digits as written: `02024` (octal) or `20:24` (base 60) must not become another year.
            located.data[name] = located.raw.get((name,), str(value))


def _duplicates(declared: dict[tuple[str, str], list[tuple[str, str, int]]]) -> list[Problem]:
    """One problem per file that declares an id already used; the file named after the id owns it."""
    problems = []
    for (_kind, entry_id), files in declared.items():
        owner = next((f for f in files if f[0] == entry_id), files[0])
        for _stem, shown, line in files:
            if shown != owner[1]:
                problems.append(
                    problem(
                        shown,
                        line,
                        "DUPLICATE_ID",
                        "duplicate_id",
                        id=entry_id,
                        owner=owner[1],
                    )
                )
    return problems
