"""The whole build as small named stages: check -> render -> mkdocs -> extras -> search -> policy
-> urls -> publish.

`build_site` is what `make site` runs. `mkdocs serve` runs the same stages through the hooks in
`mkdocs_hooks.py`; the environment variable CIIVS_PRERENDERED tells the hooks to step aside.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ciivs import environ, paths
from ciivs.build.hosting import write_headers_file
from ciivs.build.parallel import LanguageBuildFailed, build_languages
from ciivs.build.policy import SitePolicy, UnsafeMarkup, apply_policy, page_marks
from ciivs.build.promise import check_url_promise
from ciivs.build.render_stage import Rendered, render_stage
from ciivs.build.swap import recover_interrupted_swap, swap_into_place
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.history import source_date_epoch
from ciivs.catalogue.messages import msg
from ciivs.catalogue.model import Catalogue, ReuseCache
from ciivs.catalogue.problems import Problem
from ciivs.catalogue.schema_ids import refresh_ids_schema
from ciivs.catalogue.urls import MissingSiteUrl, public_url
from ciivs.editors.admin import write_admin
from ciivs.formats import markdown
from ciivs.formats.folders import move_into
from ciivs.formats.plaintext import plain_text
from ciivs.opendata.atom import date_sitemap
from ciivs.opendata.files import DataFile, data_files, write_exports
from ciivs.pages.embed import write_embeds
from ciivs.pages.permalinks import write_permalinks
from ciivs.pages.redirects import write_redirects
from ciivs.pages.sheet import copy_qrcode_library, write_sheet_cards
from ciivs.search.pagefind import Indexing, PagefindFailed, start_index


class BuildFailed(Exception):
    """The build stopped; `lines` say why, one per line, in words an editor understands."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class Options:
    catalogue: Path = paths.CATALOGUE
    docs: Path = paths.DOCS
    staging: Path = paths.STAGING
    # Drawings kept between builds (None: none kept); deleting it only costs time.
    cache: Path | None = paths.CACHE
    site: Path = paths.SITE
    config: Path = paths.MKDOCS_CONFIG
    manifest: Path | None = paths.CATALOGUE / paths.MANIFEST
    search: bool = True
    display: str = "catalogue"
    # One MkDocs process per language and the index fed as each is done; False: one `mkdocs
    # build` for all languages, then `pagefind --site` (the same site, kept for comparison).
    parallel: bool = True


@dataclass
class Report:
    timings: dict[str, float] = field(default_factory=dict)
    new_urls: list[str] = field(default_factory=list)
    pages: int = 0
    # The process deleting the old site, which the build does not wait for (`swap_into_place`).
    deleting: subprocess.Popen[bytes] | None = None


def stage_check(options: Options, reuse: ReuseCache | None = None) -> Catalogue:
    """Load and validate; stop with every problem at once. (`reuse`: see `load_catalogue`.)"""
    # A build keeps what reading each file gave in its cache folder; so does the preview's first
    # build. After that the preview keeps it in memory (`reuse`): after a save, writing the whole
    # cache file again would cost more than it saves.
    kept_in = options.cache if not reuse else None
    catalogue, problems = check_catalogue(options.catalogue, options.display, reuse, kept_in)
    refresh_ids_schema(
        catalogue.root, catalogue.entries
    )  # completion lists for editors' text editors
    if problems:
        raise BuildFailed([str(p) for p in problems] + [_count(problems)])
    return catalogue


def stage_render(catalogue: Catalogue, options: Options) -> Rendered:
    """Generate the pages of every language next to a copy of docs/ in the staging folder, with
    the open-data files and hand-off cards (`build/render_stage.py`)."""
    try:
        return render_stage(catalogue, options.docs, options.staging, options.cache, public_url())
    except (MissingSiteUrl, LookupError) as error:
        raise BuildFailed([str(error)]) from None


def _mkdocs_env(options: Options, out: Path) -> dict[str, str]:
    return {
        **os.environ,
        # MkDocs dates pages without an entry (the sitemap's lastmod) with it: not the clock.
        environ.SOURCE_DATE_EPOCH: str(source_date_epoch(options.catalogue)),
        environ.DOCS_DIR: str(options.staging),
        environ.SITE_DIR: str(out),
        environ.PRERENDERED: "1",
        environ.CATALOGUE: str(options.catalogue),
        environ.CACHE_DIR: "" if options.cache is None else str(options.cache),
        environ.POLICY_MARKS: str(marks_folder(out)),
        "NO_MKDOCS_2_WARNING": "1",
    }


def marks_folder(out: Path) -> Path:
    """Where MkDocs notes the pages of `out` it wrote with the security policy (`PageMarks`)."""
    return out.with_name(out.name + "-marks")


def stage_mkdocs(options: Options, out: Path) -> None:
    """Build with MkDocs in strict mode into `out` (a fresh folder)."""
    env = _mkdocs_env(options, out)
    # Never --quiet: MkDocs counts warnings for --strict through its log, and --quiet drops
    # them before they are counted, so a quiet strict build succeeds despite warnings.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(options.config)],
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [
        l
        for l in (result.stderr + result.stdout).splitlines()
        if l.strip() and not l.startswith("INFO")
    ]
    if result.returncode != 0 or any(l.startswith(("WARNING", "ERROR")) for l in lines):
        raise BuildFailed(["mkdocs: " + l for l in lines[-20:]] or ["mkdocs build failed"])


def stage_extras(
    catalogue: Catalogue,
    out: Path,
    cache: Path | None = paths.CACHE,
    rendered: Rendered | None = None,
) -> None:
    """Redirect pages (/fr/ mirrors, renamed ids), the hand-off cards, the open-data files
    (`rendered`: those the render stage made; else they are made here) and the form editor."""
    write_redirects(out, catalogue)
    extras_of_catalogue(catalogue, out, cache, rendered)
    date_sitemap(out, catalogue, public_url())


def extras_of_catalogue(
    catalogue: Catalogue, out: Path, cache: Path | None, rendered: Rendered | None
) -> None:
    """The extras made of the catalogue alone, which read nothing of the built site:
    permalinks, the embeddable lists, the hand-off cards, the form editor, the open-data files."""
    write_permalinks(out, catalogue)
    write_embeds(out, catalogue)
    write_sheet_cards(out, catalogue, cache, rendered.cards if rendered else None)
    copy_qrcode_library(out)
    write_admin(out)
    write_exports(out, rendered.data if rendered else _data_files(catalogue))


def stage_policy(out: Path, prefixes: tuple[str, ...]) -> SitePolicy:
    """The Content Security Policy, made from the built pages: a <meta> in every page
    (`build/policy.py`). The `_headers` file, which covers every file, comes last
    (`stage_headers`)."""
    marks = marks_folder(out)
    try:
        return apply_policy(out, prefixes, page_marks(marks) if marks.is_dir() else None)
    except UnsafeMarkup as unsafe:
        raise BuildFailed(
            [f"{line} (a strict Content Security Policy blocks it)" for line in unsafe.lines]
        ) from None


def stage_headers(out: Path, policy: SitePolicy, prefixes: tuple[str, ...]) -> None:
    """The `_headers` file for hosts that read one (`build/hosting.py`): the last file written
    into the site, since its rules cover every file."""
    write_headers_file(out, policy, prefixes)


def _data_files(catalogue: Catalogue) -> list[DataFile]:
    """The open-data files, built once per catalogue; a missing public address stops the build."""
    try:
        return data_files(catalogue, public_url())
    except (MissingSiteUrl, LookupError) as error:
        raise BuildFailed([str(error)]) from None


def stage_search(
    out: Path, langs: list[str], background: bool = False, started: Indexing | None = None
) -> None:
    """Index the built site with Pagefind: one bundle, one index per language (search.pagefind);
    `background`: a preview's, giving way to the next save; `started`: an index started when
    MkDocs was done (`stage_languages`), waited for here."""
    try:
        (started or start_index(out, langs, background)).finish()
    except PagefindFailed as failed:
        raise BuildFailed(failed.lines) from None


def stage_languages(
    catalogue: Catalogue, options: Options, out: Path, report: Report, rendered: Rendered
) -> Indexing | None:
    """MkDocs and extras with every language at once (see `ciivs.build.parallel`); the search
    index started as soon as MkDocs is done, returned to be waited for (`stage_search`).

    The extras made of the catalogue alone are written while MkDocs builds, by a thread of this
    process, into a folder of their own (MkDocs empties its output folder when it starts): mostly
    creating 5,000 small files at 1,000 measures, which took 1-3 s after MkDocs. Once MkDocs is
    done, the redirects mirror its pages, then the extras are moved in (by renames), as
    `stage_extras` writes them after the redirects. Timed as `extras`: what is left after MkDocs.
    Pagefind starts before them on a site small enough for its runs to share the memory
    (`search.pagefind.start_index`): they were a second on one core at 1,000 measures.
    """
    extras: list[float] = []
    indexing: list[Indexing] = []
    beside = Path(tempfile.mkdtemp(prefix=f"{out.name}-extras-", dir=out.parent))

    def after_mkdocs() -> None:
        start = time.perf_counter()
        if options.search:
            langs = [language.code for language in catalogue.languages]
            indexing.append(start_index(out, langs))
        written.result()  # raises what the thread raised
        write_redirects(out, catalogue)
        move_into(beside, out)
        date_sitemap(out, catalogue, public_url())
        extras.append(time.perf_counter() - start)

    try:
        with ThreadPoolExecutor(1) as writer:
            written = writer.submit(extras_of_catalogue, catalogue, beside, options.cache, rendered)
            timings = build_languages(
                [language.code for language in catalogue.languages],
                options.config,
                options.staging,
                out,
                _mkdocs_env(options, out),
                after_mkdocs,
            )
    except LanguageBuildFailed as failed:
        raise BuildFailed([f"mkdocs: {l}" for l in failed.lines]) from None
    except BaseException:
        for started in indexing:
            started.close()
        raise
    finally:
        shutil.rmtree(beside, ignore_errors=True)
    report.timings["mkdocs"] = timings.mkdocs
    report.timings["extras"] = sum(extras)
    return indexing[0] if indexing else None


def stage_urls(options: Options, out: Path) -> list[str]:
    """Fail if a published URL disappeared; return the new URLs."""
    if options.manifest is None:
        return []
    lost, new = check_url_promise(out, options.manifest)
    if lost:
        raise BuildFailed(
            [
                f"{options.manifest.name}:1: URL_REMOVED {url} was published and is gone; "
                f"add its old id to `former_ids` of the entry that replaces it"
                for url in lost
            ]
        )
    return new


def build_site(options: Options) -> Report:
    """Run every stage; the site folder is replaced only when all of them succeeded."""
    report = Report()
    recover_interrupted_swap(options.site)
    guard_folders(options)
    try:
        public_url()
    except MissingSiteUrl as error:
        raise BuildFailed([str(error)]) from None
    catalogue = _timed(report, "check", stage_check, options)
    rendered = _timed(report, "render", stage_render, catalogue, options)
    report.pages = rendered.pages
    options.site.parent.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix=f".{options.site.name}-new-", dir=options.site.parent))
    marks_folder(out).mkdir()
    prefixes = tuple(language.prefix for language in catalogue.languages)
    indexing: Indexing | None = None
    try:
        if options.parallel:
            indexing = stage_languages(catalogue, options, out, report, rendered)
        else:
            _timed(report, "mkdocs", stage_mkdocs, options, out)
            _timed(report, "extras", stage_extras, catalogue, out, options.cache, rendered)
        # Pagefind needs as much memory as the largest stage before it, and the policy stage
        # forks this process: give back the catalogue and the open-data files first (measured
        # in BENCHMARKS.md: 1.1 GB at 5,000 measures).
        langs = [language.code for language in catalogue.languages]
        del catalogue, rendered
        release_memory()
        # The pages' policy while Pagefind may be reading them: it never changes what Pagefind
        # indexes, and each page it rewrites is replaced whole.
        policy = _timed(report, "policy", stage_policy, out, prefixes)
        if options.search:
            # With the CLI: Pagefind's service API, fed language by language, at times wrote
            # pagefind.js cut short (search then found nothing).
            _timed(report, "search", stage_search, out, langs, False, indexing)
        _timed(report, "policy", stage_headers, out, policy, prefixes)
        report.new_urls = _timed(report, "urls", stage_urls, options, out)
        report.deleting = swap_into_place(out, options.site)
    finally:
        if indexing is not None:
            indexing.close()  # a stage failed while Pagefind ran
        shutil.rmtree(marks_folder(out), ignore_errors=True)
        if out.exists():
            shutil.rmtree(out, ignore_errors=True)
    return report


def guard_folders(options: Options) -> None:
    """Refuse a site or staging folder that would replace or empty someone's work.

    The site folder is replaced as a whole and the staging folder loses every file the build did
    not write: neither may be (or contain) the catalogue, docs/ or the project, and an existing
    site folder must be a site built before (index.html and sitemap.xml) or empty.
    """
    precious = {p.resolve() for p in (options.catalogue, options.docs, options.config.parent)}
    for name, folder in (("site", options.site), ("staging", options.staging)):
        target = folder.resolve()
        if any(target == p or target in p.parents for p in precious):
            raise BuildFailed(
                [
                    f"{folder}: the {name} folder would replace or empty {', '.join(sorted(str(p) for p in precious if target == p or target in p.parents))}; "
                    f"choose another folder, nothing was changed"
                ]
            )
    site = options.site
    if (
        site.is_dir()
        and any(site.iterdir())
        and not ((site / "index.html").is_file() and (site / "sitemap.xml").is_file())
    ):
        raise BuildFailed(
            [
                f"{site}: this folder is not empty and is not a built site (no index.html and sitemap.xml); "
                f"the build would replace it: choose an empty or new folder, nothing was changed"
            ]
        )


def release_memory() -> None:
    """Free what is no longer referenced and hand the freed heap back to the system (glibc keeps
    it for the process otherwise; elsewhere only the collection runs)."""
    markdown.clear_cache()
    plain_text.cache_clear()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _timed(report: Report, name: str, stage, *args):  # type: ignore[no-untyped-def]
    """Run a stage and add its time to `name` (a stage may run in two parts)."""
    start = time.perf_counter()
    try:
        return stage(*args)
    finally:
        report.timings[name] = report.timings.get(name, 0.0) + time.perf_counter() - start


def _count(problems: list[Problem]) -> str:
    if len(problems) == 1:
        return msg("site_not_built_one").text()
    return msg("site_not_built_many", count=len(problems)).text()
