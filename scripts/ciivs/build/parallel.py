"""MkDocs for every language at once: one MkDocs process per language, bounded by the cores; the search index is written afterwards, once, by `search.pagefind.index_site`.

The published site is the same as the sequential build's (`mkdocs build`, then `pagefind --site`):
each language is built by `ciivs.build.mkdocs_language` exactly as static-i18n builds it, into a folder
of its own; the other languages' trees are then moved into the default language's output and
their sitemaps joined (tests/test_parallel_build.py compares both builds).
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ciivs import environ

SITEMAP = "sitemap.xml"


class LanguageBuildFailed(Exception):
    """A MkDocs process failed or warned; `lines` is what it printed."""

    def __init__(self, lang: str, lines: list[str]) -> None:
        super().__init__(f"{lang}: " + "; ".join(lines))
        self.lang = lang
        self.lines = lines


@dataclass
class Timings:
    """Seconds from the start of the stage until every MkDocs build was done."""

    mkdocs: float = 0.0
    languages: dict[str, float] = field(default_factory=dict)


def build_languages(
    langs: list[str],
    config: Path,
    docs: Path,
    out: Path,
    env: dict[str, str],
    between: Callable[[], None] = lambda: None,
) -> Timings:
    """Build every language into `out` (the default one, `langs[0]`, at its root).

    `between` runs once every page is in place (the extras stage: redirects and open data).
    Plain processes rather than asyncio: an interrupted build must kill its MkDocs children
    and return without an event loop left to close behind it.
    """
    timings = Timings()
    start = time.perf_counter()
    folders = {lang: out if lang == langs[0] else _sibling(out, lang) for lang in langs}
    try:
        _run_all(langs, config, docs, folders, env, timings, start)
        timings.mkdocs = time.perf_counter() - start
        merge_languages(langs, folders)
        between()
    finally:
        for lang, folder in folders.items():
            if lang != langs[0]:
                shutil.rmtree(folder, ignore_errors=True)
    return timings


def worker_count(langs: list[str]) -> int:
    """One MkDocs process per language, at most one per core this process may use."""
    return max(1, min(len(langs), len(os.sched_getaffinity(0))))


@dataclass
class _Running:
    lang: str
    process: subprocess.Popen[bytes]
    output: IO[bytes]


def _run_all(
    langs: list[str],
    config: Path,
    docs: Path,
    folders: dict[str, Path],
    env: dict[str, str],
    timings: Timings,
    start: float,
) -> None:
    waiting = list(langs)
    running: list[_Running] = []
    try:
        while waiting or running:
            while waiting and len(running) < worker_count(langs):
                lang = waiting.pop(0)
                running.append(_start_mkdocs(lang, config, docs, folders[lang], env))
            for job in [job for job in running if job.process.poll() is not None]:
                running.remove(job)
                _finish(job)
                timings.languages[job.lang] = time.perf_counter() - start
            time.sleep(0.02)
    finally:
        for job in running:
            job.process.kill()
            job.process.wait()
            job.output.close()


def _sibling(out: Path, lang: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{out.name}-{lang}-", dir=out.parent))


def _start_mkdocs(lang: str, config: Path, docs: Path, site: Path, env: dict[str, str]) -> _Running:
    # A file, not a pipe: nobody reads while MkDocs writes, so a pipe could fill and block it.
    output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _finish or on interruption)
    process = subprocess.Popen(
        [sys.executable, "-m", "ciivs.build.mkdocs_language", lang, str(config)],
        env={**env, environ.DOCS_DIR: str(docs), environ.SITE_DIR: str(site)},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    return _Running(lang, process, output)


def _finish(job: _Running) -> None:
    """Raise `LanguageBuildFailed` if MkDocs failed or warned."""
    job.output.seek(0)
    text = job.output.read().decode("utf-8", "replace")
    job.output.close()
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("INFO")]
    if job.process.returncode != 0 or any(line.startswith(("WARNING", "ERROR")) for line in lines):
        raise LanguageBuildFailed(job.lang, lines[-20:] or ["mkdocs build failed"])


def merge_languages(langs: list[str], folders: dict[str, Path]) -> None:
    """Move each other language's tree into the default output and join the sitemaps.

    The theme's files and 404.html of the other builds are the default build's or unused
    (static-i18n keeps the default language's 404 page).
    """
    out = folders[langs[0]]
    for lang in langs[1:]:
        os.replace(folders[lang] / lang, out / lang)
    sitemaps = [(folders[lang] / SITEMAP).read_text(encoding="utf-8") for lang in langs]
    joined = join_sitemaps(sitemaps)
    (out / SITEMAP).write_text(joined, encoding="utf-8")
    _gzip_like_mkdocs(joined, out / f"{SITEMAP}.gz", folders[langs[-1]] / f"{SITEMAP}.gz")


def join_sitemaps(sitemaps: list[str]) -> str:
    """One sitemap with the <url> entries of each, in order, as static-i18n writes it after
    building every language in one process (its last build lists the pages of all of them)."""
    end = "\n</urlset>"
    parts = [sitemaps[0][: sitemaps[0].rindex(end)]]
    for text in sitemaps[1:]:
        opening = text.index(">", text.index("<urlset")) + 1
        parts.append(text[opening : text.rindex(end)])
    return "".join(parts) + sitemaps[-1][sitemaps[-1].rindex(end) :]


def _gzip_like_mkdocs(text: str, target: Path, model: Path) -> None:
    """sitemap.xml.gz as MkDocs writes it: same name in the header, the build's date as mtime."""
    mtime = int.from_bytes(model.read_bytes()[4:8], "little")
    with (
        target.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, filename=str(target), mode="wb", mtime=mtime) as packed,
    ):
        packed.write(text.encode("utf-8"))
