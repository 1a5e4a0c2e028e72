"""What a change of the catalogue means for readers, in every language of the site.

    python -m ciivs diff main                  # the working tree against the branch main
    python -m ciivs diff origin/main --head HEAD --site-url https://preview.example.org/

Compares the catalogue at a git revision with the working tree (or another revision) and writes
a Markdown summary: entries added, changed (which fields, in which language), ended, renamed
(with the redirects the build creates), removed, and the site addresses added or redirected.
Pull requests put it in their job summary; the words come from `catalogue/labels/<code>.yml`.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ciivs.catalogue.history import GitFailed, git, git_bytes
from ciivs.catalogue.kinds import EDITOR_NOTE, NAMES, kind, url_of
from ciivs.catalogue.labels import Labels, labels_of
from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue, Entry, load_catalogue
from ciivs.catalogue.naming import name_in
from ciivs.catalogue.status import ENDED

# Fields that never show as a change: the rename itself is reported as such, and readers never
# see the editors' note.
_SILENT = ("id", "former_ids", EDITOR_NOTE)


class DiffFailed(Exception):
    """The revision or the repository could not be read; the message says why, in one line."""


@dataclass
class Change:
    """One entry that readers will see differently."""

    what: str  # added | changed | ended | renamed | removed
    entry: Entry
    old_id: str | None = None
    # Field -> the languages whose text changed (empty: the value itself, in every language).
    fields: dict[str, set[str]] = field(default_factory=dict)


def catalogue_at(catalogue: Path, revision: str, into: Path) -> Catalogue:
    """Load the catalogue folder as it was at a git revision (extracted into `into`)."""
    folder = catalogue.resolve()
    top = _git(folder, "rev-parse", "--show-toplevel").strip()
    inside = folder.relative_to(Path(top).resolve()).as_posix()
    try:
        archive = git_bytes(Path(top), "archive", "--format=tar", revision, "--", inside)
    except GitFailed as error:
        raise DiffFailed(f"git cannot read {inside}/ at {revision}: {error}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        # Extraction filters came with Python 3.11.4; Debian 12's 3.11.2 extracts without one
        # (the archive is the repository's own, made by git just above).
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
        else:  # pragma: no cover - Python before 3.11.4
            tar.extractall(into)
    return load_catalogue(into / inside)[0]


def _git(folder: Path, *args: str) -> str:
    try:
        return git(folder, *args)
    except GitFailed as error:
        raise DiffFailed(f"{folder}: not in a git repository ({error})") from None


def compare(before: Catalogue, after: Catalogue) -> list[Change]:
    """Every entry added, changed, ended, renamed or removed, by kind then id."""
    languages = {lang.code for lang in after.languages}
    changes: list[Change] = []
    for name in NAMES:
        old, new = before.entries.get(name, {}), after.entries.get(name, {})
        renamed = {former: e for e in new.values() for former in e.get("former_ids", [])}
        for entry_id, entry in new.items():
            previous = old.get(entry_id)
            if previous is None:
                origin = next((o for o in entry.get("former_ids", []) if o in old), None)
                if origin is None:
                    changes.append(Change("added", entry))
                    continue
                previous = old[origin]
                fields = _changed_fields(previous.data, entry.data, languages)
                changes.append(Change("renamed", entry, origin, fields))
                continue
            fields = _changed_fields(previous.data, entry.data, languages)
            if not fields:
                continue
            ended = entry.get("status") in ENDED and previous.get("status") not in ENDED
            changes.append(Change("ended" if ended else "changed", entry, fields=fields))
        for entry_id, entry in old.items():
            if entry_id not in new and entry_id not in renamed:
                changes.append(Change("removed", entry))
    return changes


def _changed_fields(
    old: dict[str, Any], new: dict[str, Any], languages: set[str]
) -> dict[str, set[str]]:
    fields: dict[str, set[str]] = {}
    for path in _differences(old, new):
        if path[0] in _SILENT:
            continue
        in_language = {part for part in path[1:] if part in languages}
        fields.setdefault(path[0], set()).update(in_language)
    return fields


def _differences(old: Any, new: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The paths (field, sub-field, …) where two values differ; lists count as one value."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                yield from _differences(old.get(key), new.get(key), (*path, str(key)))
    elif old != new:
        yield path


def summarise(
    changes: list[Change],
    languages: tuple[Language, ...],
    labels: dict[str, Labels],
    site_url: str = "",
) -> str:
    """The Markdown summary: one section per language, in that language's words."""
    return "\n".join(_section(changes, lang, labels[lang.code], site_url) for lang in languages)


def _section(changes: list[Change], lang: Language, L: Labels, site_url: str) -> str:
    lines = [f"## {L.diff_title}", ""]
    if not changes:
        return "\n".join([*lines, L.diff_nothing, ""])
    for what in ("added", "changed", "ended", "renamed", "removed"):
        these = [c for c in changes if c.what == what]
        if these:
            lines += [f"### {L['diff_' + what]} ({len(these)})", ""]
            lines += [f"- {_describe(c, lang, L, site_url)}" for c in these]
            lines.append("")
    added = [
        _link(f"/{lang.prefix}{url_of(c.entry.kind, c.entry.id)}", site_url)
        for c in changes
        if c.what == "added"
    ]
    if added:
        lines += [f"### {L.diff_urls_added}", "", *[f"- {url}" for url in added], ""]
    redirected = [
        L.fmt(
            "diff_redirect",
            old=f"`/{lang.prefix}{url_of(c.entry.kind, c.old_id)}`",
            new=_link(f"/{lang.prefix}{url_of(c.entry.kind, c.entry.id)}", site_url),
        )
        for c in changes
        if c.what == "renamed" and c.old_id
    ]
    if redirected:
        lines += [f"### {L.diff_urls_redirected}", "", *[f"- {r}" for r in redirected], ""]
    return "\n".join(lines)


def _describe(change: Change, lang: Language, L: Labels, site_url: str) -> str:
    entry = change.entry
    name = name_in(entry, lang.code)
    page = f"/{lang.prefix}{url_of(entry.kind, entry.id)}"
    text = f"{L[kind(entry.kind).title]}: **{name}** (`{entry.id}`)"
    if change.what != "removed":
        text += f" – {_link(page, site_url)}"
    if change.what == "renamed":
        text += " – " + L.fmt("diff_renamed_from", old=f"`{change.old_id}`")
    if change.fields:
        described = [
            f"`{f}`" + (f" [{', '.join(sorted(ls))}]" if ls else "")
            for f, ls in sorted(change.fields.items())
        ]
        text += f" – {L.diff_fields}: {', '.join(described)}"
    return text


def _link(path: str, site_url: str) -> str:
    return f"[{path}]({site_url.rstrip('/')}{path})" if site_url else f"`{path}`"


def diff(catalogue: Path, base: str, head: str | None = None, site_url: str = "") -> str:
    """The Markdown summary of what changes for readers between `base` and `head` (or the files)."""
    with tempfile.TemporaryDirectory(prefix="ciivs-diff-") as tmp:
        before = catalogue_at(catalogue, base, Path(tmp) / "base")
        after = (
            catalogue_at(catalogue, head, Path(tmp) / "head")
            if head
            else load_catalogue(catalogue)[0]
        )
        languages = after.languages
        labels = {lang.code: labels_of(after.root, lang) for lang in languages}
        return summarise(compare(before, after), languages, labels, site_url)
