"""MkDocs and Pagefind for every language at once: one MkDocs process per language, bounded by
the cores; the search index is written afterwards, once, by `build.stage_search`.

The published site is the same as the sequential build's (`mkdocs build`, then `pagefind --site`):
each language is built by `ciivs.mkdocs_language` exactly as static-i18n builds it, into a folder
of its own; the other languages' trees are then moved into the default language's output and
their sitemaps joined (tests/test_parallel_build.py compares both builds).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
    """
    work = _build(langs, config, docs, out, env, between)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    # Called from code that runs an event loop in this thread (Playwright's sync API does).
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, work).result()


def worker_count(langs: list[str]) -> int:
    """One MkDocs process per language, at most one per core this process may use."""
    return max(1, min(len(langs), len(os.sched_getaffinity(0))))


async def _build(
    langs: list[str],
    config: Path,
    docs: Path,
    out: Path,
    env: dict[str, str],
    between: Callable[[], None],
) -> Timings:
    timings = Timings()
    await _build_all(langs, config, docs, out, env, between, timings, time.perf_counter())
    return timings


async def _build_all(
    langs: list[str],
    config: Path,
    docs: Path,
    out: Path,
    env: dict[str, str],
    between: Callable[[], None],
    timings: Timings,
    start: float,
) -> None:
    slots = asyncio.Semaphore(worker_count(langs))
    folders = {lang: out if lang == langs[0] else _sibling(out, lang) for lang in langs}

    async def one(lang: str) -> None:
        async with slots:
            await _run_mkdocs(lang, config, docs, folders[lang], env)
        timings.languages[lang] = time.perf_counter() - start

    try:
        await asyncio.gather(*(one(lang) for lang in langs))
        timings.mkdocs = time.perf_counter() - start
        merge_languages(langs, folders)
        between()
    finally:
        for lang, folder in folders.items():
            if lang != langs[0]:
                shutil.rmtree(folder, ignore_errors=True)


def _sibling(out: Path, lang: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{out.name}-{lang}-", dir=out.parent))


async def _run_mkdocs(lang: str, config: Path, docs: Path, site: Path, env: dict[str, str]) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ciivs.mkdocs_language",
        lang,
        str(config),
        env={**env, "CIIVS_DOCS_DIR": str(docs), "CIIVS_SITE_DIR": str(site)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await process.communicate()
    except BaseException:
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    lines = [
        line
        for line in output.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.startswith("INFO")
    ]
    if process.returncode != 0 or any(line.startswith(("WARNING", "ERROR")) for line in lines):
        raise LanguageBuildFailed(lang, lines[-20:] or ["mkdocs build failed"])


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
