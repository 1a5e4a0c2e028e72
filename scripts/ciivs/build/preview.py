"""The preview (`make serve`) after its first build: a saved entry rebuilds only what it changes.

`mkdocs serve` rebuilds the whole site on every save. Here its rebuild first tries the short way:

1. **check** – only the files whose size or time changed are read again (`load_catalogue(reuse=)`);
   the rules run on the whole catalogue, so problems are the same as in a full check.
2. **render** – the pages of the changed entries, of every entry they name or that names them
   (before and after the edit), and the lists and single pages; only changed files are staged.
3. **mkdocs** – those staged pages alone go through MkDocs again, in the language they belong to,
   with the files, navigation and templates the first build left in memory.
4. **extras and search** – redirects, open data and the search index follow in the background.

The background work gives way: when another save comes in, it stops at the next page and starts
again once that save is shown, so a save never waits for the lists of the one before.

Anything else (a hand-written page, a template, labels, an entry added or removed, a proper name
marked in another language, an entry that is not a measure, problems in the catalogue) takes the
full rebuild, as before. The short way gives the pages the full build gives
(tests/test_preview.py compares them).
"""

from __future__ import annotations

import concurrent.futures
import gc
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import REGISTRY
from ciivs.catalogue.model import Catalogue, Entry, ReuseCache
from ciivs.catalogue.relations import Relations
from ciivs.pages.foreign_names import foreign_names
from ciivs.pages.jinja import environment
from ciivs.pages.render import context_for
from ciivs.processes import become_background

log = logging.getLogger("mkdocs.ciivs")

# The kinds whose entries can be previewed the short way: a measure's page shows only itself and
# what it names, and pages that show a measure show nothing of other measures but lists.
SHORT_WAY_KINDS = ("measures",)


def affected_entries(
    old: Catalogue, new: Catalogue, texts: EntryTexts | None = None
) -> set[tuple[str, str]] | None:
    """The entries whose pages may change between two catalogues; None: rebuild everything.

    `texts`: the entries' texts read before (the preview keeps them from one save to the next).
    """
    texts = texts or EntryTexts()
    changed = _changed(old, new)
    if any(kind not in SHORT_WAY_KINDS for kind, _ in changed):
        return None
    if any(old.get(*key) is None or new.get(*key) is None for key in changed):
        return None  # an entry added or removed: new files for MkDocs, the full build adds them
    if any(foreign_names(old, lang) != foreign_names(new, lang) for lang in new.languages):
        return None  # a name marked in another language may appear on any page
    affected = set(changed)
    for kind, entry_id in changed:
        for catalogue in (old, new):
            entry = catalogue.get(kind, entry_id)
            assert entry is not None
            affected |= _named_by(entry, catalogue)
            affected |= _naming(kind, entry_id, catalogue, texts)
    return affected


def _changed(old: Catalogue, new: Catalogue) -> set[tuple[str, str]]:
    keys = {(e.kind, e.id) for e in old.all()} | {(e.kind, e.id) for e in new.all()}
    return {
        key
        for key in keys
        if (a := old.get(*key)) is None
        or (b := new.get(*key)) is None
        or (a is not b and a.data != b.data)
    }


def _named_by(entry: Entry, catalogue: Catalogue) -> set[tuple[str, str]]:
    """Entries that `entry` names in any of its fields (as `id` or `kind/id`)."""
    found = set()
    for text in _strings(entry.data):
        for kind in REGISTRY:
            ref = text.removeprefix(f"{kind.name}/")
            if catalogue.get(kind.name, ref) is not None:
                found.add((kind.name, ref))
    return found


def _naming(
    kind: str, entry_id: str, catalogue: Catalogue, texts: EntryTexts
) -> set[tuple[str, str]]:
    """Entries that name (kind, entry_id) in any of their fields."""
    wanted = {entry_id, f"{kind}/{entry_id}"}
    return {(e.kind, e.id) for e in catalogue.all() if not wanted.isdisjoint(texts.of(e))}


class EntryTexts:
    """Every text value of each entry's fields, read once per entry.

    An unchanged file gives the same entry object from one save to the next
    (`load_catalogue(reuse=)`), and entries are not changed once loaded: a save reads only the
    saved entries' fields. Reading every entry's twice a save took 0.4 s at 5,000 measures.
    """

    def __init__(self) -> None:
        self._read: dict[int, tuple[Entry, frozenset[str]]] = {}  # by id(): entries are unhashable

    def of(self, entry: Entry) -> frozenset[str]:
        kept = self._read.get(id(entry))
        if kept is None or kept[0] is not entry:
            kept = self._read[id(entry)] = (entry, frozenset(_strings(entry.data)))
        return kept[1]

    def keep_only(self, catalogue: Catalogue) -> None:
        """Forget the entries `catalogue` no longer holds (those of files saved since)."""
        self._read = {id(e): self._read[id(e)] for e in catalogue.all() if id(e) in self._read}


def _strings(value: Any) -> Iterator[str]:
    """Every text value of a field, a list or a mapping of fields (language maps included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


# ---------------------------------------------------------------- MkDocs kept in memory


@dataclass
class LanguageSite:
    """What MkDocs built one language with: enough to build a page of it again."""

    lang: str
    config: Any  # MkDocsConfig (shared by the languages: static-i18n builds them in turn)
    files: Any = None
    nav: Any = None
    env: Any = None


def build_again(site: LanguageSite, sources: list[str]) -> None:
    """Run MkDocs again for these staged pages (paths in the staging folder) of one language."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel

    config = site.config
    plugin = config.plugins["i18n"]
    # Put static-i18n (and through it the theme's language, names and switch) back on this language.
    plugin.current_language = site.lang
    config = plugin.on_config(config)
    doc_files = site.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for source in sources:
        file = site.files.get_file_from_path(source)
        _populate_page(file.page, config, site.files)
        _build_page(
            file.page, config, doc_files, site.nav, site.env, excluded=file.inclusion.is_excluded()
        )


# ---------------------------------------------------------------- the preview's state


@dataclass
class Preview:
    """Kept between the rebuilds of one `mkdocs serve`."""

    catalogue_dir: Path
    display: str
    staging: Path
    watched: list[Path]
    reuse: ReuseCache = field(default_factory=dict)
    texts: EntryTexts = field(default_factory=EntryTexts)
    catalogue: Catalogue | None = None
    inputs: frozenset[tuple[str, int, int]] = frozenset()
    entry_files: frozenset[tuple[str, int, int]] = frozenset()
    sites: dict[str, LanguageSite] = field(default_factory=dict)
    # Pages left for the background: lists and pages naming the saved entries.
    later: set[tuple[str, str]] = field(default_factory=set)
    background: threading.Thread | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)  # guards `later`, `background`
    building: threading.Lock = field(default_factory=threading.Lock)  # one MkDocs user at a time
    # Set while no save is being rebuilt: the background pauses when it is cleared.
    idle: threading.Event = field(default_factory=threading.Event)
    # Jinja's templates, compiled once (a changed template takes the full rebuild anyway).
    environment: Any = field(default_factory=environment)

    def __post_init__(self) -> None:
        self.idle.set()

    def full_build(self) -> None:
        """A full build starts: MkDocs starts again from the files, and what the last one left
        in memory may be collected again (`built`)."""
        self.sites.clear()
        gc.unfreeze()

    def built(self, catalogue: Catalogue) -> None:
        """A full build is done with this catalogue: the next save may take the short way.

        What the build leaves in memory (the catalogue, MkDocs' files, menus and pages of every
        language) is kept until the next full build: frozen, the collector no longer walks it.
        At 5,000 measures a collection of the oldest objects took 0.5 s, and came during two
        saves in three (the check of a save makes enough objects to start one).
        """
        self.catalogue = catalogue
        self.inputs = self._inputs()
        self.entry_files = self._entry_files()
        self.texts = EntryTexts()
        for entry in catalogue.all():
            self.texts.of(entry)  # read here, not during the first save
        gc.collect()  # what is garbage now would otherwise stay until the next full build
        gc.freeze()

    def forget(self) -> None:
        """The site no longer matches a catalogue: the next rebuild is a full one."""
        self.catalogue = None

    def update(self, after: Callable[[Catalogue], None], reload: Callable[[], None]) -> bool:
        """Rebuild the saved entries' pages; False when only a full rebuild will do.

        The lists and pages that name them follow in a background thread, then `reload` (the
        browsers show them) and `after` (redirects, open data, search index).
        """
        if self.catalogue is None or self._inputs() != self.inputs or not self.sites:
            return False
        entry_files = self._entry_files()
        if entry_files == self.entry_files:
            return True  # nothing saved since: the background's own request to reload
        self.idle.clear()  # the background pauses at its next page
        try:
            with self.building:
                start = time.perf_counter()
                catalogue, problems = check_catalogue(self.catalogue_dir, self.display, self.reuse)
                if problems:
                    return False
                affected = affected_entries(self.catalogue, catalogue, self.texts)
                if affected is None:
                    return False
                self.texts.keep_only(catalogue)
                checked = time.perf_counter()
                changed = _changed(self.catalogue, catalogue)
                count = self._rebuild(catalogue, changed, lists=False)
                self.catalogue, self.entry_files = catalogue, entry_files
                log.info(
                    "ciivs: %d page(s) of the saved entries rebuilt in %.2f s (check %.2f s)",
                    count,
                    time.perf_counter() - start,
                    checked - start,
                )
        finally:
            self.idle.set()
        with self.lock:
            self.later |= affected - changed
            if self.background is None or not self.background.is_alive():
                self.background = threading.Thread(
                    target=self._work, args=(after, reload), daemon=True
                )
                self.background.start()
        return True

    def _rebuild(self, catalogue: Catalogue, entries: set[tuple[str, str]], lists: bool) -> int:
        written = self._stage(catalogue, entries, lists)
        for lang, sources in written.items():
            build_again(self.sites[lang], sources)
        return sum(len(sources) for sources in written.values())

    def _work(self, after: Callable[[Catalogue], None], reload: Callable[[], None]) -> None:
        """Lists and pages naming the saved entries, then extras; again while saves come in.

        A save comes first: the background stops at the next page when one starts, and begins
        again from the newer catalogue once it is done (its pages may have changed too).
        """
        while True:
            with self.lock:
                entries, self.later = self.later, set()
                if not entries:
                    self.background = None
                    return
            start = time.perf_counter()
            assert self.catalogue is not None
            catalogue = self.catalogue
            count = self._rebuild_yielding(catalogue, entries)
            if count is None:  # a save came in: again, with its entries too
                with self.lock:
                    self.later |= entries
                self.idle.wait()
                continue
            log.info(
                "ciivs: %d list(s) and page(s) naming them rebuilt in %.2f s",
                count,
                time.perf_counter() - start,
            )
            reload()
            with self.lock:
                again = bool(self.later)
            if not again:  # redirects, open data, search: once the saves have settled
                after(catalogue)

    def _rebuild_yielding(self, catalogue: Catalogue, entries: set[tuple[str, str]]) -> int | None:
        """The lists and these entries' pages, page by page; None when a save interrupted.

        The pages are rendered in a helper process: rendered here, in a thread, they would hold
        the interpreter lock against the file watcher and the next save (measured: a save at
        1,000 measures took 4 s instead of 1.2 s while lists rendered beside it).
        """
        langs = list(self.sites)
        try:
            pages = _helper().submit(_render_lists, catalogue, langs, entries, self.staging)
            changed = pages.result()
        except Exception:  # no helper process (or it died): render here
            log.warning("ciivs: the helper process failed; rendering the lists in the preview")
            changed = _render_lists(catalogue, langs, entries, self.staging)
        count = 0
        for source, content in changed:
            if not self.idle.is_set():
                return None
            with self.building:
                if self.catalogue is not catalogue:
                    return None  # a save was rebuilt meanwhile: these pages may be stale
                (self.staging / source).write_text(content, encoding="utf-8")
                build_again(self.sites[source.split("/", 1)[0]], [source])
                count += 1
        return count

    def _stage(
        self, catalogue: Catalogue, entries: set[tuple[str, str]], lists: bool
    ) -> dict[str, list[str]]:
        """Render these entries' pages (and the lists); write those that changed; their staged
        paths by language."""
        written: dict[str, list[str]] = {}
        langs = list(self.sites)
        for source, content in changed_pages(
            catalogue, langs, entries, lists, self.staging, self.environment
        ):
            (self.staging / source).write_text(content, encoding="utf-8")
            written.setdefault(source.split("/", 1)[0], []).append(source)
        return written

    def wait(self) -> None:
        """Let the background work of earlier rebuilds finish."""
        background = self.background
        if background is not None:
            background.join()

    def _entry_files(self) -> frozenset[tuple[str, int, int]]:
        found = set()
        for kind in REGISTRY:
            folder = self.catalogue_dir / kind.folder
            if folder.is_dir():
                for file in folder.iterdir():
                    info = file.stat()
                    found.add((file.name, info.st_mtime_ns, info.st_size))
        return frozenset(found)

    def _inputs(self) -> frozenset[tuple[str, int, int]]:
        """Every watched file but the entries themselves: when one changes, rebuild all."""
        entries = {self.catalogue_dir / kind.folder for kind in REGISTRY}
        found = set()
        for root in self.watched:
            files = [root] if root.is_file() else root.rglob("*")
            for file in files:
                if file.is_file() and file.parent not in entries:
                    info = file.stat()
                    found.add((str(file), info.st_mtime_ns, info.st_size))
        return frozenset(found)


# ---------------------------------------------------------------- the helper process

_HELPER: concurrent.futures.ProcessPoolExecutor | None = None
_HELPER_ENV: Any = None  # the helper's compiled templates, kept between calls


def _helper() -> concurrent.futures.ProcessPoolExecutor:
    """One process, started once per preview ("spawn": the preview's threads stay out of it)."""
    global _HELPER
    if _HELPER is None:
        _HELPER = concurrent.futures.ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_leave_with_parent,
            initargs=(os.getpid(),),
        )
    return _HELPER


def _leave_with_parent(parent: int) -> None:
    """In the helper: end when the preview does. A preview stopped by a signal (SIGTERM, kill)
    never shuts its pool down, and the helper, waiting for work, would live on with its memory.
    Its work is the background's: it gives way to the next save (`become_background`)."""
    become_background()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _render_lists(
    catalogue: Catalogue, langs: list[str], entries: set[tuple[str, str]], staging: Path
) -> list[tuple[str, str]]:
    """In the helper process: the lists and these entries' pages that changed."""
    global _HELPER_ENV
    if _HELPER_ENV is None:
        _HELPER_ENV = environment()
    return changed_pages(catalogue, langs, entries, True, staging, _HELPER_ENV)


def changed_pages(
    catalogue: Catalogue,
    langs: list[str],
    entries: set[tuple[str, str]],
    lists: bool,
    staging: Path,
    env: Any,
) -> list[tuple[str, str]]:
    """These entries' pages (and the lists) in these languages whose staged Markdown would
    change, as (path in the staging folder, new text)."""
    changed = []
    relations = Relations(catalogue)  # the same in every language: read once
    for language in catalogue.languages:
        if language.code in langs:
            context = context_for(catalogue, language, env, relations=relations)
            for page in context.each_page(entries, lists):
                source = f"{page.lang}/{page.src}"
                content = page.markdown()
                if (staging / source).read_text(encoding="utf-8") != content:
                    changed.append((source, content))
    return changed


_PREVIEW: Preview | None = None


def preview_for(catalogue_dir: Path, display: str, staging: Path, watched: list[Path]) -> Preview:
    """The preview of this serve process (the same object across rebuilds)."""
    global _PREVIEW
    if _PREVIEW is None or (_PREVIEW.catalogue_dir, _PREVIEW.staging) != (catalogue_dir, staging):
        _PREVIEW = Preview(catalogue_dir, display, staging, watched)
    return _PREVIEW
