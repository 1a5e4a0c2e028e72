"""The site's Content Security Policy and security headers, made once here from the built pages.

Every host gets them from this module: the `<meta>` policy written into every page (the only one
GitHub Pages can give), the `_headers` file of Netlify and Cloudflare Pages and the nginx recipe
(`build/hosting.py`). A page may run scripts and styles from the site's own host only, plus the
inline scripts and styles the build finds in the pages, each allowed by its sha256 hash (none
today: the theme's are moved to files). What the pages do not need, they do not get:

    page    every page: no plugins, no other host, base URI and forms limited to the site, no
            framing (`frame-ancestors 'none'`, `X-Frame-Options: DENY`)
    search  the search pages and Pagefind's bundle, whose index runs as WebAssembly:
            `'wasm-unsafe-eval'`, which allows compiling WebAssembly and nothing else (no `eval`)
    embed   the embeddable list, which partners' pages frame: `frame-ancestors *`
    admin   the form editor under /admin/ (Decap CMS): see `_admin`

Markup a hash cannot allow (an `onclick=` attribute, a `style=` attribute, a `javascript:`
address) stops the build with the page and the fix. MkDocs' pages get the policy as they are
written (`PageMarks`, from the hooks); the policy stage reads the others.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass
from html.parser import HTMLParser
from pathlib import Path

from ciivs.build import quiet_html
from ciivs.build.quiet_html import is_quiet
from ciivs.catalogue.urls import ADMIN as ADMIN_SECTION
from ciivs.catalogue.urls import EMBED, SEARCH
from ciivs.editors.cms import Settings
from ciivs.formats.kept import KeptTexts
from ciivs.processes import fork_pool
from ciivs.search.pagefind import BUNDLE

Directives = tuple[tuple[str, tuple[str, ...]], ...]

_PAGE: Directives = (
    ("default-src", ("'none'",)),
    ("script-src", ("'self'",)),
    ("style-src", ("'self'",)),
    # data: for the theme's icons, drawn by its stylesheet as data: SVG images.
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)
# The form editor (Decap CMS, served from the site's own host): it compiles its configuration's
# schema with `new Function` ('unsafe-eval', decap-cms issue #2343), ships WebAssembly, styles its
# widgets inline and previews pictures from blob: and data: addresses. It talks to the local proxy
# of `make edit` on the loopback address (any port: the proxy's is a setting) and, signed in, to
# the git host's API and the canton's sign-in service (`editors/cms.py` Settings.hosts); GitHub
# serves the editor's avatar. Every other page keeps the strict policy.
_LOOPBACK = ("http://127.0.0.1:*", "http://localhost:*")


def _admin(hosts: tuple[str, ...]) -> Directives:
    return (
        ("default-src", ("'none'",)),
        ("script-src", ("'self'", "'unsafe-eval'", "'wasm-unsafe-eval'")),
        ("style-src", ("'self'", "'unsafe-inline'")),
        ("img-src", ("'self'", "data:", "blob:", "https://avatars.githubusercontent.com")),
        ("font-src", ("'self'",)),
        ("connect-src", ("'self'", *_LOOPBACK, *hosts)),
        ("worker-src", ("'self'", "blob:")),
        ("object-src", ("'none'",)),
        ("base-uri", ("'self'",)),
        ("form-action", ("'self'",)),
        ("frame-ancestors", ("'none'",)),
    )


# A <meta> policy cannot carry these: browsers ignore them there (Chromium with a console error).
NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")

REFERRER_POLICY = "strict-origin-when-cross-origin"
# Powerful features no page uses, refused to the pages and to anything they would embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
# Sent over HTTPS only: a year of HTTPS for the host, not for its sub-domains (the canton's
# other sites are not ours to promise).
HSTS = "max-age=31536000"


@dataclass(frozen=True)
class Role:
    """What a group of pages needs from the policy, and the URL sections where they are:
    `sections` under every language's prefix, `root_sections` at the site's root only."""

    name: str
    sections: tuple[str, ...] = ()
    root_sections: tuple[str, ...] = ()
    wasm: bool = False
    framed: bool = False
    directives: Directives = _PAGE


PAGE = Role("page")
# Pagefind runs its WebAssembly in a worker, whose policy is that of the worker's own file: the
# search bundle's folder has the search pages' policy.
SEARCH_ROLE = Role("search", sections=(SEARCH,), root_sections=(BUNDLE,), wasm=True)
EMBED_ROLE = Role("embed", sections=(EMBED,), framed=True)
ADMIN = Role(
    "admin", root_sections=(ADMIN_SECTION,), directives=_admin(Settings.from_environment().hosts())
)
ROLES = (PAGE, SEARCH_ROLE, EMBED_ROLE, ADMIN)


def role_of(path: str, prefixes: Iterable[str]) -> Role:
    """The role of a file of the built site, by its path from the site root ('de/recherche/')."""
    for language in sorted(set(prefixes), key=len, reverse=True):
        if language and path.startswith(language):
            rest = path[len(language) :]
            return next((r for r in ROLES if _in(rest, r.sections)), PAGE)
    return next((r for r in ROLES if _in(path, r.sections + r.root_sections)), PAGE)


def _in(path: str, sections: tuple[str, ...]) -> bool:
    return any(path == s or path.startswith(s + "/") for s in sections)


@dataclass(frozen=True)
class SitePolicy:
    """The policy of a built site: the base directives and the hashes of its inline code."""

    script_hashes: tuple[str, ...] = ()
    style_hashes: tuple[str, ...] = ()

    def directives(self, role: Role) -> Directives:
        found = []
        for name, sources in role.directives:
            if name == "script-src":
                sources = (*sources, *(["'wasm-unsafe-eval'"] if role.wasm else []))
                sources += self.script_hashes
            elif name == "style-src" and "'unsafe-inline'" not in sources:
                sources += self.style_hashes
            elif name == "frame-ancestors" and role.framed:
                sources = ("*",)
            found.append((name, sources))
        return tuple(found)

    def header(self, role: Role) -> str:
        """The Content-Security-Policy header's value."""
        return _text(self.directives(role))

    def meta(self, role: Role) -> str:
        """The policy of a page's <meta http-equiv>: the header's, less what a meta cannot say."""
        return _text(tuple(d for d in self.directives(role) if d[0] not in NOT_IN_META))

    def headers(self, role: Role) -> list[tuple[str, str]]:
        """Every security header of a response in this role, HSTS aside (HTTPS only)."""
        found = [("Content-Security-Policy", self.header(role))]
        if not role.framed:
            found.append(("X-Frame-Options", "DENY"))
        return [
            *found,
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", REFERRER_POLICY),
            ("Permissions-Policy", PERMISSIONS_POLICY),
        ]


def _text(directives: Directives) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def sha256_source(code: str) -> str:
    """The CSP source that allows one inline script or style: its text as the browser hashes it."""
    text = code.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text).digest()).decode("ascii") + "'"


class UnsafeMarkup(Exception):
    """Pages hold markup no strict policy can allow; `lines` name each page and what to do."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def pages(site: Path) -> Iterator[Path]:
    """Every HTML page of a built site, in a stable order."""
    return iter(sorted(site.rglob("*.html")))


def site_policy(site: Path) -> SitePolicy:
    """Read every page of a built site: the hashes of its inline code, or UnsafeMarkup."""
    files = list(pages(site))
    return _gathered(site, files, [_inline_of(page.read_text(encoding="utf-8")) for page in files])


@dataclass(frozen=True)
class Inline:
    """What one page holds inline: scripts, styles, and the markup no hash can allow."""

    scripts: tuple[str, ...]
    styles: tuple[str, ...]
    unsafe: tuple[str, ...]


def _inline_of(text: str) -> Inline | None:
    """What a page holds inline; None for a quiet page."""
    if is_quiet(text):
        return None  # nothing for the parser to find (almost every page: see quiet_html)
    found = _Inline()
    found.feed(text)
    found.close()
    return Inline(tuple(found.scripts), tuple(found.styles), tuple(found.unsafe))


def _gathered(site: Path, files: list[Path], found: list[Inline | None]) -> SitePolicy:
    """The site's policy from what each page holds inline; UnsafeMarkup names the pages."""
    scripts: set[str] = set()
    styles: set[str] = set()
    problems: list[str] = []
    for page, inline in zip(files, found, strict=True):
        if inline is not None:
            scripts.update(sha256_source(s) for s in inline.scripts)
            styles.update(sha256_source(s) for s in inline.styles)
            shown = page.relative_to(site).as_posix()
            problems += [f"{shown}: {what}" for what in inline.unsafe]
    if problems:
        raise UnsafeMarkup(problems)
    return SitePolicy(tuple(sorted(scripts)), tuple(sorted(styles)))


# Script types a browser runs; any other (application/json, application/ld+json) is data.
_RUN = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_ADDRESSES = {"href", "src", "action", "formaction", "xlink:href"}


class _Inline(HTMLParser):
    """The inline scripts and styles of one page, and the markup no hash can allow."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.unsafe: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.unsafe.append(f"<{tag} {name}=…>: move the handler into a script file")
            elif name == "style":
                self.unsafe.append(f'<{tag} style="{value}">: use a class and the style sheet')
            elif name in _ADDRESSES and value.strip().lower().startswith("javascript:"):
                self.unsafe.append(f"<{tag} {name}=javascript:…>: use a script file")
        runs = tag == "script" and "src" not in values
        if runs and values.get("type", "").strip().lower() in _RUN:
            self._open = self.scripts
        elif tag == "style":
            self._open = self.styles
        if self._open is not None:
            self._open.append("")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._open = None


_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_META_START = '<meta http-equiv="Content-Security-Policy" '
_OLD_META = re.compile(re.escape(_META_START) + r'content="[^"]*">\n?')


def write_meta_policies(site: Path, policy: SitePolicy, prefixes: Iterable[str]) -> int:
    """Put the page's policy in a <meta> at the top of its <head>, before any script or style
    (a meta policy covers only what follows it). Returns the number of pages."""
    files = list(pages(site))
    prefixes = tuple(prefixes)
    marked = [
        _mark(site, page, page.read_text(encoding="utf-8"), policy, prefixes) for page in files
    ]
    return _all_marked(site, files, marked)


def _mark(site: Path, page: Path, text: str, policy: SitePolicy, prefixes: tuple[str, ...]) -> bool:
    """Write the page (`text`: as read) with its role's <meta> policy, in place of an earlier
    one; False, and the page left as it is, when it has no <head> to hold it."""
    marked = marked_text(page.relative_to(site).as_posix(), text, policy, prefixes)
    if marked is None:
        return False
    # Replaced whole, never seen half-written: the search may be reading the site meanwhile
    # (`pipeline.build_site`). The name ends in neither .html nor anything Pagefind reads.
    beside = page.with_name(f".{page.name}.policy")
    beside.write_text(marked, encoding="utf-8")
    os.replace(beside, page)
    return True


def marked_text(path: str, text: str, policy: SitePolicy, prefixes: tuple[str, ...]) -> str | None:
    """The page at `path` (from the site root) with its role's <meta> policy at the top of its
    <head>, in place of an earlier one; None when it has no <head> to hold it."""
    tag = f'{_META_START}content="{policy.meta(role_of(path, prefixes))}">'
    if _META_START in text:  # a page marked before (a mirror of one); a plain search is 4x cheaper
        text = _OLD_META.sub("", text)
    anchor = _CHARSET.search(text) or _HEAD.search(text)
    if anchor is None:
        return None
    return text[: anchor.end()] + tag + text[anchor.end() :]


def _all_marked(site: Path, files: list[Path], marked: list[bool]) -> int:
    """The number of pages; UnsafeMarkup names those without a <head> for the policy."""
    missing = [
        f"{page.relative_to(site).as_posix()}: no <head> to hold the Content Security Policy"
        for page, done in zip(files, marked, strict=True)
        if not done
    ]
    if missing:
        raise UnsafeMarkup(missing)
    return len(files)


# From this many pages on, `apply_policy` shares the pages between processes, one per core.
PARALLEL_FROM = 400


def apply_policy(
    site: Path, prefixes: Iterable[str], marks: dict[str, Marked] | None = None
) -> SitePolicy:
    """`site_policy`, then `write_meta_policies`, reading each page once, on every core.

    Each page gets the policy without hashes as it is read; only when some page holds inline
    code (none today) are the pages written again, with the hashes the whole site needs. Pages
    in `marks` were marked as MkDocs wrote them (`PageMarks`) and are not read again, unless
    their size says something else wrote them since.
    """
    prefixes = tuple(prefixes)
    files = list(pages(site))
    known = [_still_marked(site, page, marks) for page in files] if marks else [None] * len(files)
    rest = [page for page, mark in zip(files, known, strict=True) if mark is None]
    shares = max(1, min(len(os.sched_getaffinity(0)), len(rest) // PARALLEL_FROM))
    jobs = [(site, rest[i::shares], prefixes) for i in range(shares)]
    if shares > 1:
        with fork_pool(shares) as pool:
            results = pool.starmap(_scan_and_mark, jobs)
    else:
        results = [_scan_and_mark(*job) for job in jobs]
    scanned: list[tuple[Inline | None, bool]] = [(None, False)] * len(rest)
    for share, result in enumerate(results):
        scanned[share::shares] = result
    read = iter(scanned)
    done = [(mark.inline, True) if mark else next(read) for mark in known]
    policy = _gathered(site, files, [inline for inline, _ in done])
    if policy != SitePolicy():
        write_meta_policies(site, policy, prefixes)
    _all_marked(site, files, [marked for _, marked in done])
    return policy


def _scan_and_mark(
    site: Path, files: list[Path], prefixes: tuple[str, ...]
) -> list[tuple[Inline | None, bool]]:
    """One share of the pages: what each holds inline, and whether it took the hash-free policy."""
    done = []
    for page in files:
        text = page.read_text(encoding="utf-8")
        done.append((_inline_of(text), _mark(site, page, text, SitePolicy(), prefixes)))
    return done


# --- pages marked as MkDocs writes them ----------------------------------------------------------


@dataclass(frozen=True)
class Marked:
    """A page written with the hash-free policy: its size in bytes and what it holds inline."""

    size: int
    inline: Inline | None


class PageMarks:
    """The pages one MkDocs process marks as it writes them (hook `on_post_page`), kept in a
    file of `folder` for the policy stage: reading and writing each page again after MkDocs
    cost 1.4 s at 1,000 measures and 9.6 s at 5,000 (BENCHMARKS.md).

    What a page holds inline is kept between builds in `kept` (the build's cache folder), by
    the page's text: the same page is not scanned again (0.4 ms a page).
    """

    def __init__(self, folder: Path, prefixes: tuple[str, ...], kept: Path | None = None) -> None:
        self.file = folder / f"{os.getpid()}.json"
        self.prefixes = prefixes
        self.marked: dict[str, Marked] = {}
        self.kept = None if kept is None else KeptTexts.read(kept / f"{INLINE_RULES}.json")

    def mark(self, path: str, text: str) -> str:
        """The page at `path` (from the site root) as it must be written: `text` with its role's
        policy; `text` itself when it has no <head> (the policy stage names it)."""
        marked = marked_text(path, text, SitePolicy(), self.prefixes)
        if marked is None:
            return text
        # MkDocs writes pages as UTF-8 with character references for what it cannot encode.
        size = len(marked.encode("utf-8", errors="xmlcharrefreplace"))
        if self.kept is None:
            inline = _inline_of(text)
        else:
            kept = self.kept.get(text, lambda t: json.dumps(_row(_inline_of(t))))
            inline = _from_row(json.loads(kept))
        self.marked[path] = Marked(size, inline)
        return marked

    def save(self) -> None:
        """Write every page marked so far (a process that builds several languages saves after
        each: the last file holds them all), and keep what the pages hold inline."""
        rows = {path: [m.size, _row(m.inline)] for path, m in self.marked.items()}
        self.file.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        if self.kept is not None:
            self.kept.write()


# What a page's scan depends on besides its text: the rules' code and Python's (html.parser).
INLINE_RULES = hashlib.sha256(
    Path(__file__).read_bytes() + Path(quiet_html.__file__).read_bytes() + sys.version.encode()
).hexdigest()[:16]


def _row(inline: Inline | None) -> list[list[str]] | None:
    """What a page holds inline as JSON keeps it (in the marks' file and in the cache)."""
    return None if inline is None else [list(found) for found in astuple(inline)]


def _from_row(row: list[list[str]] | None) -> Inline | None:
    return None if row is None else Inline(*map(tuple, row))


def page_marks(folder: Path) -> dict[str, Marked]:
    """The pages marked by every MkDocs process that wrote into `folder`."""
    found: dict[str, Marked] = {}
    for file in sorted(folder.glob("*.json")):
        for path, (size, inline) in json.loads(file.read_text(encoding="utf-8")).items():
            found[path] = Marked(size, _from_row(inline))
    return found


def _still_marked(site: Path, page: Path, marks: dict[str, Marked]) -> Marked | None:
    """The page's mark, unless its size shows that something replaced it since."""
    mark = marks.get(page.relative_to(site).as_posix())
    return mark if mark is not None and page.stat().st_size == mark.size else None
