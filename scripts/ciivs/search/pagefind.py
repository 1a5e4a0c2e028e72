"""The search index: Pagefind run over the built site, one language at a time, into one bundle."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ciivs.catalogue.urls import ADMIN, EMBED, GO
from ciivs.formats import cbor
from ciivs.formats.folders import move_into
from ciivs.processes import in_background

BUNDLE = "pagefind"  # the search's folder in the built site: scripts, WebAssembly, index


class PagefindFailed(Exception):
    """Pagefind stopped with an error; `lines` are the last lines it printed."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


# Pagefind keeps every page it indexes in memory until it writes, about 6.6 times the pages' HTML
# (1.65 GB for French alone at 5,000 measures). Below this much HTML in all, the languages are
# indexed side by side, one Pagefind per core; above, one after the other.
SIDE_BY_SIDE_BELOW = 200_000_000


def index_site(out: Path, langs: list[str], background: bool = False) -> None:
    """Index the site with Pagefind into one bundle, `pagefind/`, with one index per language
    (`background`: at the niceness of a preview's background work, `processes.in_background`)."""
    start_index(out, langs, background).finish()


def start_index(out: Path, langs: list[str], background: bool = False) -> Indexing:
    """Start indexing the pages of `out`; `Indexing.finish` waits and puts the bundle together.

    Pagefind runs once per language and the bundles are put together: one run over both
    languages needed twice the memory (2.85 GB against 1.65 GB at 5,000 measures,
    BENCHMARKS.md). Below SIDE_BY_SIDE_BELOW of HTML every language starts now, side by side,
    and the build goes on beside them (the redirects and the other files written after MkDocs:
    Pagefind reads none of their folders, `_language_glob`). Above, nothing starts before
    `finish`, which runs the languages one after the other once the build has given back its
    memory.
    """
    small = _html_bytes(out) < SIDE_BY_SIDE_BELOW
    indexing = Indexing(out, list(langs), _cores() if small else 1, background)
    if small:
        indexing.start_waiting()
    return indexing


class Indexing:
    """Pagefind's runs over one built site, each language's bundle in a work folder beside it."""

    def __init__(self, out: Path, langs: list[str], at_once: int, background: bool) -> None:
        self.out = out
        self.langs = langs
        self.at_once = max(1, at_once)
        self.background = background
        self._work = tempfile.TemporaryDirectory(prefix=".pagefind-", dir=out.parent)
        self.parts = {lang: Path(self._work.name) / lang for lang in langs}
        self._waiting = list(langs)
        self._running: list[_Run] = []

    def start_waiting(self) -> None:
        """Start languages until `at_once` of them run."""
        while self._waiting and len(self._running) < self.at_once:
            lang = self._waiting.pop(0)
            glob = _language_glob(self.out, lang, self.langs)
            self._running.append(_start(self.out, glob, self.parts[lang], self.background))

    def finish(self) -> None:
        """Run every language to its end, then write the bundle, `pagefind/`; PagefindFailed if
        a run failed."""
        try:
            self.start_waiting()
            while self._running:
                _finish(self._running.pop(0))
                self.start_waiting()
            self._bundle()
        finally:
            self.close()

    def close(self) -> None:
        """Stop what still runs and remove the work folder (after `finish`: nothing to do)."""
        self._waiting.clear()
        for run in self._running:
            run.process.kill()
            _finish_quietly(run)
        self._running.clear()
        self._work.cleanup()

    def _bundle(self) -> None:
        """The languages' bundles moved into one, the filters settled, the entry file joined.

        The files of a language's index carry its code in their names; the scripts and the
        WebAssembly are the same in every run; `pagefind-entry.json` lists the languages.
        """
        bundle = self.out / BUNDLE
        shutil.rmtree(bundle, ignore_errors=True)
        entry: dict[str, object] = {}
        languages: dict[str, object] = {}
        for lang in self.langs:
            part = self.parts[lang]
            found = json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
            languages.update(found.get("languages", {}))
            entry = {**found, "languages": languages}
            # By renames: the index is thousands of small files (copying them took 1 s at 1,000
            # measures). The scripts and WebAssembly each run writes are the same.
            bundle.mkdir(exist_ok=True)
            move_into(part, bundle)
        for info in languages.values():
            settle_filters(bundle, info)  # type: ignore[arg-type]
        (bundle / "pagefind-entry.json").write_text(
            json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )


def _finish_quietly(run: _Run) -> None:
    with contextlib.suppress(PagefindFailed):
        _finish(run)


def _html_bytes(site: Path) -> int:
    return sum(page.stat().st_size for page in site.rglob("*.html"))


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# Pagefind's files: "pagefind_dcd" and a CBOR value, compressed with gzip. In the metadata file
# (a list) the filters are the fourth item: [[filter name, file hash], ...].
_SIGNATURE = b"pagefind_dcd"
_META_FILTERS = 3


def settle_filters(bundle: Path, language: dict[str, Any]) -> None:
    """Make a language's filter index the same for the same pages.

    Pagefind writes each filter's values in hash-map order, which changes at every run (Pagefind
    issue #638), and names the files after their content, so the filter file, the metadata file
    that names it and `pagefind-entry.json` would differ between two builds of one commit. The
    values are sorted and the files named after their new content; `language` is the entry's
    record of the language, whose metadata hash is updated. The search reads them the same way.
    """
    meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _read(meta_file)
    filters = meta[_META_FILTERS] if isinstance(meta, list) and len(meta) > _META_FILTERS else None
    if not isinstance(filters, list) or not all(
        isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in filters
    ):
        raise PagefindFailed(
            [f"pagefind: {meta_file.name} has an unknown layout (Pagefind upgraded?)"]
        )
    settled = []
    for name, old in filters:
        file = bundle / "filter" / f"{old}.pf_filter"
        key, values = _read(file)
        file.unlink()
        settled.append([name, _write(bundle / "filter", old, ".pf_filter", [key, sorted(values)])])
    meta[_META_FILTERS] = sorted(settled)
    meta_file.unlink()
    language["hash"] = _write(bundle, language["hash"], ".pf_meta", meta, prefix="pagefind.")


def _read(file: Path) -> Any:
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise PagefindFailed([f"pagefind: {file.name} is not a Pagefind index file"])
    value = cbor.decode(data[len(_SIGNATURE) :])
    if cbor.encode(value) != data[len(_SIGNATURE) :]:
        raise PagefindFailed([f"pagefind: {file.name} is written in a form the build cannot copy"])
    return value


def _write(folder: Path, old: str, suffix: str, value: Any, prefix: str = "") -> str:
    """Write the value under a name made like Pagefind's (language, hash of the same length)."""
    data = _SIGNATURE + cbor.encode(value)
    language, digest = old.split("_", 1)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[: len(digest)]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def index_language(site: Path, lang: str, langs: list[str], output: Path) -> None:
    """Pagefind alone over one language's pages of a built site, its bundle into `output`
    (`index_site` joins them; the bench times it as the floor of a build)."""
    _finish(_start(site, _language_glob(site, lang, langs), output))


def _language_glob(out: Path, lang: str, langs: list[str]) -> str:
    """The HTML files of one language: the first language's at the root (without the others'
    folders), another's under its folder.

    Never the folders written after MkDocs, which hold no page to index (redirects under the
    first language's code, permalinks, embeds, the form editor), in any language: the glob is
    the same before and after the build writes them, so Pagefind can start as soon as MkDocs is
    done. Redirects for renamed ids land in folders it reads; they hold no page to index either.
    """
    folder, prefix = (out, "") if lang == langs[0] else (out / lang, f"{lang}/")
    others = set(langs) | {BUNDLE, ADMIN, GO, EMBED}
    names = sorted(p.name for p in folder.iterdir() if p.name not in others)
    parts = [
        f"{prefix}{n}/**/*.html" if (folder / n).is_dir() else prefix + n
        for n in names
        if (folder / n).is_dir() or n.endswith(".html")
    ]
    return "{" + ",".join(parts) + "}"


@dataclass
class _Run:
    process: subprocess.Popen[bytes]
    output: IO[bytes]


def _start(site: Path, glob: str, output: Path, background: bool = False) -> _Run:
    # Its output goes to a file, not a pipe: nobody reads while another language's run is waited
    # for, and a full pipe would block it.
    printed = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _finish)
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--glob",
        glob,
        "--output-path",
        str(output),
        "--silent",
    ]
    process = subprocess.Popen(
        in_background(command) if background else command,
        stdout=printed,
        stderr=subprocess.STDOUT,
    )
    return _Run(process, printed)


def _finish(run: _Run) -> None:
    """Wait for a Pagefind run; PagefindFailed with its last lines if it failed."""
    run.process.wait()
    run.output.seek(0)
    lines = run.output.read().decode("utf-8", "replace").splitlines()
    run.output.close()
    if run.process.returncode != 0:
        raise PagefindFailed(["pagefind: " + l for l in lines[-10:]])
