"""`make format`: write every entry file in the catalogue's canonical style (see canonical.py).

    python -m ciivs format catalogue            # rewrite the entries that are not canonical
    python -m ciivs format catalogue --check    # only report them, one line each:
    catalogue/measures/x.yml:12: NOT_CANONICAL …

Only entries are formatted: the files of every kind's folder. Labels, messages, search words and
the other data files keep their hand-written layout and comments. A file that does not read or
does not pass its schema is left as it is and its problems are reported: formatting never
rewrites what the check could not read, so nothing is lost.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

import yaml

from ciivs.catalogue.messages import Msg, msg
from ciivs.catalogue.model import Entry, entry_files, load_entry
from ciivs.catalogue.problems import Problem, problem
from ciivs.editors.canonical import dump, header_of, prune, shape

# The code `make format --check` uses, with the advice the README shows.
FORMAT_CODES: dict[str, str] = {
    "NOT_CANONICAL": "An entry file is not written in the catalogue's style: run make format, "
    "which rewrites it without changing its data. Comments are not kept: notes go in editor_note.",
}
# PyYAML's safe loader, with libyaml's parser when PyYAML has it (the same data, faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The longest expected line a message quotes.
_QUOTED_AT_MOST = 100


class NotReadBack(RuntimeError):
    """The canonical text would not read back as the entry's data: a bug, nothing is written."""


@dataclass
class Formatted:
    """What `format_catalogue` found and did."""

    # Files left as they were (their own problems), and with `write=False` each file not canonical.
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: int = 0


def format_catalogue(root: Path, display: str | None = None, write: bool = True) -> Formatted:
    """Rewrite (or with `write=False` only report) every entry file that is not canonical."""
    shown = display if display is not None else str(root)
    result = Formatted()
    if not root.is_dir():
        result.problems.append(problem(shown, 1, "FILE_NAME", "catalogue_missing"))
        return result
    for kind, file in entry_files(root):
        path = f"{shown}/{kind}/{file.name}"
        entry, problems, _ = load_entry(kind, file, path, root)
        if problems or entry is None:
            result.problems += problems
            continue
        old, new = file.read_bytes(), canonical_text(entry, root).encode("utf-8")
        if old == new:
            result.unchanged += 1
        elif write:
            _replace(file, new)
            result.written.append(path)
        else:
            result.problems.append(not_canonical(path, old.decode("utf-8"), new.decode("utf-8")))
    return result


def canonical_text(entry: Entry, root: Path) -> str:
    """The entry's file as `make format` writes it; refuses a text that reads back otherwise."""
    text = dump(entry.data, shape(entry.kind, root), header_of(entry.kind))
    if yaml.load(text, Loader=_SAFE_LOADER) != prune(entry.data):
        raise NotReadBack(f"{entry.path}: its canonical text reads back otherwise; not written")
    return text


def not_canonical(path: str, old: str, new: str) -> Problem:
    """The problem at the first line where the file leaves the canonical text."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    pairs = enumerate(zip_longest(old_lines, new_lines), start=1)
    number, (was, wanted) = next((n, pair) for n, pair in pairs if pair[0] != pair[1])
    # `new` ends with a line break: its last "line" is the empty text after it.
    if was is None:
        said = msg("not_canonical_newline")
        number -= 1
    elif wanted is None or number == len(new_lines):
        said = msg("not_canonical_end")
    elif _comment(was, wanted):
        said = msg("not_canonical_comment")
    else:
        said = _expected(wanted)
    return _problem(path, number, said)


def _expected(line: str) -> Msg:
    """The line the file should hold; its indentation in words, as messages fold spaces."""
    text = line.lstrip(" ")
    shown = text if len(text) <= _QUOTED_AT_MOST else text[: _QUOTED_AT_MOST - 1] + "…"
    indent = len(line) - len(text)
    if indent:
        return msg("not_canonical_indented", expected=f"'{shown}'", indent=indent)
    return msg("not_canonical", expected=f"'{shown}'")


def _comment(was: str, wanted: str) -> bool:
    """A line that is a comment, or the expected line followed by one."""
    return was.lstrip().startswith("#") or (
        was.startswith(wanted) and was[len(wanted) :].lstrip().startswith("#")
    )


def _problem(path: str, line: int, said: Msg) -> Problem:
    # Like the report's codes, NOT_CANONICAL is not a check problem (`problem()` refuses it);
    # its words come from the same message files, in the language asked for.
    return Problem(path, max(line, 1), "NOT_CANONICAL", " ".join(said.text("en").split()), said)


def _replace(file: Path, data: bytes) -> None:
    """Write `data` into `file` in one step: an interruption leaves the old file whole."""
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        shutil.copymode(file, temporary)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
