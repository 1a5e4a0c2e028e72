"""Command line: `python -m ciivs check|format|site|render|urls|links|new|diff|report|nginx`. A thin
layer over the library."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from pathlib import Path

from ciivs import paths
from ciivs.build.hosting import NotBuilt, nginx_recipe
from ciivs.build.pipeline import (
    BuildFailed,
    Options,
    build_site,
    stage_check,
    stage_render,
)
from ciivs.build.policy import UnsafeMarkup
from ciivs.build.promise import write_manifest
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.languages import load_languages
from ciivs.catalogue.messages import LANGUAGES, choose_language, msg
from ciivs.catalogue.problems import Problem, problems_found
from ciivs.catalogue.schema_ids import refresh_ids_schema


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the command, turn failures into one clean line each."""
    parser = _parser()
    args = parser.parse_args(argv)
    choose_language(getattr(args, "lang", None))
    _terminate_like_interrupt()
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; the previous site is left as it was", file=sys.stderr)
        return 130
    except Exception as err:
        print(
            f"{args.catalogue}:1: INTERNAL_ERROR {type(err).__name__}: {err} (please report this)",
            file=sys.stderr,
        )
        return 3


def _terminate_like_interrupt() -> None:
    """SIGTERM (a CI timeout, `kill`) stops a build like Ctrl-C: the temporary folder is removed and
    the previous site stays in place. Without this, Python would exit without cleaning up."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Not the main thread (the CLI called from a test): leave the default.
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, stop)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ciivs", description="CII Valais catalogue tools.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    # Messages about the catalogue follow LANGUAGE, LC_ALL, LC_MESSAGES or LANG unless told.
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the messages (default: from the locale, e.g. LANG=fr_CH.UTF-8)",
    )
    check = sub.add_parser(
        "check",
        parents=[language],
        help="validate the catalogue; e.g. python -m ciivs check catalogue --lang fr",
    )
    check.add_argument(
        "catalogue", nargs="?", default="catalogue", help="catalogue folder (default: catalogue)"
    )
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: path:line: CODE message (default); github: annotations on a pull request's lines",
    )
    check.set_defaults(run=run_check)
    format_ = sub.add_parser(
        "format",
        parents=[language],
        help="write every entry file in the catalogue's style (comments are not kept); "
        "e.g. python -m ciivs format catalogue --check",
    )
    format_.add_argument(
        "catalogue", nargs="?", default="catalogue", help="catalogue folder (default: catalogue)"
    )
    format_.add_argument(
        "--check",
        action="store_true",
        help="write nothing; report each file not in the style (path:line: NOT_CANONICAL message)",
    )
    format_.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: also print GitHub annotations, shown on the lines of a pull request",
    )
    format_.set_defaults(run=run_format)
    site = sub.add_parser(
        "site",
        parents=[language],
        help="check, render and build the site into site/ (the old site stays if anything fails)",
    )
    site.add_argument(
        "--catalogue", default="catalogue", help="catalogue folder (default: catalogue)"
    )
    site.add_argument(
        "--site-dir", default=str(paths.SITE), help="where the site goes (default: site)"
    )
    site.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    site.add_argument(
        "--sequential",
        action="store_true",
        help="build the languages one after the other, then index (the same site, slower)",
    )
    site.add_argument(
        "--staging-dir",
        default=None,
        help="where the generated pages are staged (default: build/docs)",
    )
    site.set_defaults(run=run_site)
    render = sub.add_parser(
        "render", parents=[language], help="check and stage the pages for `mkdocs serve`"
    )
    render.add_argument("--catalogue", default="catalogue")
    render.set_defaults(run=run_render)
    urls = sub.add_parser(
        "urls",
        help="record every URL of the built site as published (catalogue/published-urls.txt)",
    )
    urls.add_argument("--catalogue", default="catalogue")
    urls.add_argument("--site-dir", default=str(paths.SITE))
    urls.set_defaults(run=run_urls)
    changes = sub.add_parser(
        "diff",
        help="what changes for readers since a git revision, in French and German (Markdown); "
        "e.g. python -m ciivs diff main",
    )
    changes.add_argument("base", help="the git revision to compare with (e.g. main, origin/main)")
    changes.add_argument(
        "--head", default=None, help="compare with this revision instead of the files as they are"
    )
    changes.add_argument("--catalogue", default="catalogue")
    changes.add_argument(
        "--site-url", default="", help="address of a built copy: pages become links to it"
    )
    changes.set_defaults(run=run_diff)
    links = sub.add_parser(
        "links", help="check the internal links of the built site and list its external links"
    )
    links.add_argument("--site-dir", default=str(paths.SITE), help="the built site (default: site)")
    links.add_argument(
        "--check", action="store_true", help="also try each external link (needs the network)"
    )
    links.add_argument(
        "--timeout",
        type=float,
        default=8.0,
        help="seconds per external link with --check (default: 8)",
    )
    links.set_defaults(run=run_links, catalogue="catalogue")
    report = sub.add_parser(
        "report",
        help="list what editors should confirm, translate or simplify; never fails. "
        "e.g. python -m ciivs report catalogue",
    )
    report.add_argument(
        "catalogue", nargs="?", default="catalogue", help="catalogue folder (default: catalogue)"
    )
    report.add_argument(
        "--today", default=None, help="apply the date rules on this day (YYYY-MM-DD)"
    )
    report.add_argument(
        "--no-history", action="store_true", help="skip the git-history translation check"
    )
    report.set_defaults(run=run_report)
    nginx = sub.add_parser(
        "nginx",
        help="print the nginx recipe for the built site, its security headers included; "
        "e.g. python -m ciivs nginx --listen 80 --root /srv/www",
    )
    nginx.add_argument("--site-dir", default=str(paths.SITE), help="the built site (default: site)")
    nginx.add_argument(
        "--listen",
        default="80",
        help='what nginx listens on (default: 80; "443 ssl" and add your ssl_certificate lines)',
    )
    nginx.add_argument(
        "--root",
        default=None,
        help="the folder that contains the site on the host (default: the site folder itself, "
        "for a site built for the root of its host)",
    )
    nginx.add_argument("--catalogue", default="catalogue", help="for the site's languages")
    nginx.set_defaults(run=run_nginx)
    new = sub.add_parser(
        "new",
        help="write a new entry from a commented template; e.g. python -m ciivs new measures mon-id",
    )
    new.add_argument("kind", help="the kind folder, e.g. measures, institutions")
    new.add_argument("id", help="the new entry's id (its file name), e.g. job-coaching-orp-50-plus")
    new.add_argument("--catalogue", default="catalogue")
    new.set_defaults(run=run_new)
    edit = sub.add_parser(
        "edit",
        help="the form editor on this clone (make edit): saves are commits on cms/... branches",
    )
    edit.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    edit.add_argument("--port", type=int, default=8000, help="the editor's page (default 8000)")
    edit.add_argument("--proxy-port", type=int, default=8081, help="the proxy (default 8081)")
    edit.add_argument("--no-browser", action="store_true", help="do not open a browser")
    edit.set_defaults(run=run_edit)
    return parser


def print_problems(problems: list[Problem]) -> None:
    """Print problems one per line, then a count, on stderr."""
    for found in problems:
        print(found, file=sys.stderr)
    print(problems_found(len(problems)), file=sys.stderr)


def github_annotation(found: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on the file's line in a pull request.

    >>> github_annotation(Problem("catalogue/measures/x.yml", 3, "BAD_DATE", "..."))
    '::error file=catalogue/measures/x.yml,line=3,title=BAD_DATE::...'
    """

    def escape(text: str, properties: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if properties else text

    return (
        f"::error file={escape(found.path, True)},line={found.line},"
        f"title={escape(found.code, True)}::{escape(found.message)}"
    )


def run_check(args: argparse.Namespace) -> int:
    """Validate the catalogue; exit 1 when it has problems."""
    catalogue, problems = check_catalogue(Path(args.catalogue), args.catalogue.rstrip("/"))
    refresh_ids_schema(catalogue.root, catalogue.entries)
    if problems and args.format == "github":
        # Workflow commands are read from standard output.
        print("\n".join(github_annotation(found) for found in problems))
    if problems:
        print_problems(problems)
        return 1
    counts = ", ".join(f"{len(items)} {kind}" for kind, items in catalogue.entries.items())
    print(msg("catalogue_ok", counts=counts).text())
    return 0


def run_format(args: argparse.Namespace) -> int:
    """Rewrite the entries in the catalogue's style, or with --check report those that are not;
    exit 1 when a file was left as it was or, with --check, is not in the style."""
    from ciivs.editors.formatter import format_catalogue

    result = format_catalogue(
        Path(args.catalogue), args.catalogue.rstrip("/"), write=not args.check
    )
    if args.check:
        if result.problems and args.format == "github":
            print("\n".join(github_annotation(found) for found in result.problems))
        if result.problems:
            print_problems(result.problems)
            return 1
        print(msg("format_check_ok", count=result.unchanged).text())
        return 0
    for line in result.written:
        print(line)
    print(msg("format_done", written=len(result.written), unchanged=result.unchanged).text())
    if result.problems:
        for found in result.problems:
            print(found, file=sys.stderr)
        files = len({found.path for found in result.problems})
        left = (
            msg("format_left_alone_one")
            if files == 1
            else msg("format_left_alone_many", count=files)
        )
        print(left.text(), file=sys.stderr)
        return 1
    return 0


def _options(args: argparse.Namespace) -> Options:
    catalogue = Path(args.catalogue)
    options = Options(catalogue=catalogue, display=args.catalogue.rstrip("/"))
    if catalogue.resolve() != paths.CATALOGUE.resolve():
        options.manifest = None  # the URL promise belongs to the real catalogue only
    if getattr(args, "site_dir", None):
        options.site = Path(args.site_dir).resolve()
    if getattr(args, "staging_dir", None):
        options.staging = Path(args.staging_dir).resolve()
    return options


def run_site(args: argparse.Namespace) -> int:
    """Build the whole site; print every problem and exit 1 if the catalogue or build fails."""
    options = _options(args)
    options.search = not args.no_search
    options.parallel = not args.sequential
    try:
        report = build_site(options)
    except BuildFailed as failed:
        print("\n".join(failed.lines), file=sys.stderr)
        return 1
    stages = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.timings.items())
    print(f"site built in {options.site} ({report.pages} generated pages; {stages})")
    if report.new_urls:
        print(
            f"{len(report.new_urls)} new URL(s) not yet in catalogue/published-urls.txt; run `make urls` to publish them:"
        )
        for url in report.new_urls[:20]:
            print(f"  {url}")
    return 0


def run_render(args: argparse.Namespace) -> int:
    """Stage the pages so that `mkdocs serve` finds them."""
    options = _options(args)
    # Even when the catalogue has problems, the preview starts (and shows them): it needs the folder.
    options.staging.mkdir(parents=True, exist_ok=True)
    try:
        stage_render(stage_check(options), options)
    except BuildFailed as failed:
        print("\n".join(failed.lines), file=sys.stderr)
        return 1
    return 0


def run_urls(args: argparse.Namespace) -> int:
    """Write the URL manifest from the built site."""
    options = _options(args)
    if not (options.site / "index.html").exists():
        print("no built site: run `make site` first", file=sys.stderr)
        return 1
    count = write_manifest(options.site, paths.CATALOGUE / paths.MANIFEST)
    print(f"{count} URLs recorded in catalogue/published-urls.txt")
    return 0


def run_nginx(args: argparse.Namespace) -> int:
    """Print the nginx recipe of the built site (scripts/hosting/nginx.conf filled in)."""
    prefixes = [language.prefix for language in load_languages(Path(args.catalogue))]
    try:
        recipe = nginx_recipe(Path(args.site_dir), args.listen, args.root, prefixes)
    except (NotBuilt, UnsafeMarkup) as error:
        print(error, file=sys.stderr)
        return 1
    print(recipe, end="")
    return 0


def run_report(args: argparse.Namespace) -> int:
    """Print the editors' report on stdout, one finding a line; exit 0 even with findings.

    A catalogue that fails the check is reported with its problems first (still exit 0: the
    report is advice; `make check` is the gate). Every reader-facing text's sentence lengths and
    reading-ease scores follow, one READABILITY line each.
    """
    import datetime as dt

    from ciivs.catalogue.freshness import today
    from ciivs.editors.report import Options, readability_lines, report_catalogue

    catalogue, problems = check_catalogue(Path(args.catalogue), args.catalogue.rstrip("/"))
    on = dt.date.fromisoformat(args.today) if args.today else today()
    findings = report_catalogue(catalogue, Options(on=on, history=not args.no_history))
    # Then, for information, every reader-facing text's sentences and reading-ease scores.
    measured = readability_lines(catalogue)
    for line in [*problems, *findings, *measured]:
        print(line)
    print(
        f"{len(findings)} report findings on {on}"
        + (f", {len(problems)} check problems (run make check)" if problems else "")
        + f"; {len(measured)} texts measured (READABILITY lines)",
        file=sys.stderr,
    )
    return 0


def run_diff(args: argparse.Namespace) -> int:
    """Print the Markdown summary of what changes for readers."""
    from ciivs.editors.diff import DiffFailed, diff

    try:
        print(diff(Path(args.catalogue), args.base, args.head, args.site_url))
    except DiffFailed as failed:
        print(failed, file=sys.stderr)
        return 2
    return 0


def run_links(args: argparse.Namespace) -> int:
    """Report broken internal links (stderr), then list every external link with its pages (stdout)."""
    from ciivs.tools.linkcheck import check_site, external_links, probe_all

    site = Path(args.site_dir)
    if not (site / "index.html").exists():
        print("no built site: run `make site` first", file=sys.stderr)
        return 1
    problems = check_site(site)
    for found in problems:
        print(found, file=sys.stderr)
    links = external_links(site)
    results = probe_all(list(links), timeout=args.timeout) if args.check else {}
    for url, pages in links.items():
        print(f"{results[url]}  {url}" if args.check else url)
        for page in pages:
            print(f"    {page}")
    broken = [url for url, result in results.items() if not result.startswith("ok")]
    summary = f"{len(links)} external links"
    if args.check:
        summary += f", {len(broken)} broken"
    print(f"{summary}; {len(problems)} internal link problems", file=sys.stderr)
    return 1 if problems or broken else 0


def run_edit(args: argparse.Namespace) -> int:
    """Serve the form editor with the local proxy; one line and exit 1 when it cannot start."""
    from ciivs.build.local_editor import EditorUnavailable, serve_editor

    try:
        return serve_editor(args.host, args.port, args.proxy_port, not args.no_browser)
    except EditorUnavailable as err:
        print(f"make edit: {err}", file=sys.stderr)
        return 1


def run_new(args: argparse.Namespace) -> int:
    """Write the template of a new entry; refuse an unknown kind, a bad or an existing id."""
    from ciivs.editors.scaffold import ScaffoldError, write_new

    try:
        path = write_new(Path(args.catalogue), args.kind, args.id)
    except ScaffoldError as err:
        print(f"{args.catalogue}/{args.kind}/{args.id}.yml:1: NEW_REFUSED {err}", file=sys.stderr)
        return 1
    print(f"{path} written: replace every … then run `make check`")
    return 0
