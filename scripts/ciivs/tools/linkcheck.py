"""Link integrity of a built site, and the list of its external links (`python -m ciivs links`).

`check_site(site)` walks every HTML page and reports, one line each as `page: link -> problem`:

- an internal href/src (relative, root-absolute, or absolute on the site's own address) that does
  not resolve to a file, or a #fragment that names no id on the target page;
- a link with a scheme other than http:, https:, mailto: or tel:;
- a page that cannot be reached from the home pages (/ and /de/) by following links;
- a French page linking into /de/, or a German page linking to a French page, except through the
  language switch (Material's `.md-select` links, which carry `hreflang`);
- a page whose `<html lang>` is not its language.

Redirect pages (/fr/ mirrors, former ids) and the 404 page are checked for their links but need
not be reachable. `external_links(site)` maps each http(s) URL to the pages that use it, and
`probe(url)` tries it (HEAD, then GET) where the network is open.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ciivs.catalogue.languages import SITE_LANGUAGES
from ciivs.catalogue.urls import ADMIN, DATA
from ciivs.formats.html import VOID_ELEMENTS
from ciivs.formats.markdown import CONTACT_SCHEMES, SAFE_SCHEMES, WEB_SCHEMES

DEFAULT_LANG = SITE_LANGUAGES[0].code
OTHER_LANGS = tuple(lang.code for lang in SITE_LANGUAGES[1:])
# Generated files that are not pages: linked to, never links from. The form editor (/admin/) is
# a tool for editors, drawn by its own scripts; its end-to-end test (tests/test_form_editor.py)
# checks it.
NOT_PAGES = ("assets", "pagefind", "search", ADMIN)
# Pages that are doors into the site for partners, not stops on its paths: the language-neutral
# permalinks and the embeddable lists. Their own links are checked; nothing needs to lead to them.
ENTRY_POINTS = ("/go/", "/embed/", *(f"/{lang}/embed/" for lang in OTHER_LANGS))
URL_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "embed": "src",
    "video": "src",
    "audio": "src",
    "form": "action",
    "button": "formaction",  # a submit button that leads elsewhere ("What is for me?")
}
_BASE = "http://site.invalid"


@dataclass(frozen=True)
class LinkProblem:
    page: str
    link: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link} -> {self.problem}"


@dataclass
class Link:
    tag: str
    url: str
    hreflang: str | None
    switch: bool  # inside the language switch (.md-select)
    rel: str = ""


@dataclass
class PageInfo:
    url: str  # '/mesures/x/' or '/404.html'
    lang: str | None = None  # <html lang>
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    redirect: str | None = None  # target of a <meta http-equiv=refresh>
    canonical: str | None = None


class _PageParser(HTMLParser):
    def __init__(self, info: PageInfo) -> None:
        super().__init__(convert_charrefs=True)
        self.info = info
        self._stack: list[tuple[str, bool]] = []  # (tag, opens the language switch)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._visit(tag, values)
        if tag not in VOID_ELEMENTS:
            self._stack.append((tag, "md-select" in values.get("class", "").split()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._visit(tag, {name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def _visit(self, tag: str, values: dict[str, str]) -> None:
        if tag == "html" and "lang" in values:
            self.info.lang = values["lang"]
        for key in ("id", "name") if tag in ("a", "input", "form", "map") else ("id",):
            if values.get(key):
                self.info.ids.add(values[key])
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _, _, target = values.get("content", "").partition("url=")
            self.info.redirect = target.strip()
            self.info.links.append(Link("meta", target.strip(), None, False))
        if tag == "link" and values.get("rel", "").lower() == "canonical":
            self.info.canonical = values.get("href")
        attribute = URL_ATTRIBUTES.get(tag)
        if attribute and attribute in values:
            if tag == "form" and not values[attribute]:
                return  # action="" submits to the page itself
            switch = any(opens for _, opens in self._stack)
            self.info.links.append(
                Link(
                    tag,
                    values[attribute],
                    values.get("hreflang"),
                    switch,
                    values.get("rel", "").lower(),
                )
            )


def page_url(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def read_pages(site: Path) -> dict[str, PageInfo]:
    """Every HTML page of the site by URL, parsed."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site)
        if rel.parts[0] in NOT_PAGES:
            continue
        info = PageInfo(page_url(site, file))
        parser = _PageParser(info)
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        pages[info.url] = info
    return pages


def language_of(url: str) -> str | None:
    """The language a URL belongs to by its path; None for files shared by both (assets, data)."""
    first = url.strip("/").split("/")[0]
    if first in OTHER_LANGS:
        return first
    if (
        first in NOT_PAGES
        or first == DATA
        or url == "/404.html"
        or not (url.endswith("/") or url.endswith(".html"))
    ):
        return None
    return DEFAULT_LANG


def _own_base(pages: dict[str, PageInfo]) -> str | None:
    """The site's public address, read from the home page's canonical link (MkDocs writes it)."""
    home = pages.get("/")
    if home is None or not home.canonical:
        return None
    parts = urlsplit(home.canonical)
    return (
        f"{parts.scheme}://{parts.netloc}{parts.path}"
        if parts.scheme in ("http", "https")
        else None
    )


def resolve(
    site: Path, page: str, url: str, own_base: str | None
) -> tuple[str, str | None, str] | None:
    """(kind, target URL path or None, fragment) where kind is 'internal', 'external' or 'scheme:x'.

    Returns None for links that need no check (empty href, a bare '#').
    """
    url = url.strip()
    if not url:
        return None
    if own_base and url.startswith(own_base):
        url = "/" + url[len(own_base) :]
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme.lower() in WEB_SCHEMES and parts.netloc:
            return ("external", None, "")
        if parts.scheme.lower() in CONTACT_SCHEMES:
            return ("mail", None, "")
        return (f"scheme:{parts.scheme.lower()}", None, "")
    if parts.netloc:  # //host/...
        return ("external", None, "")
    absolute = urlsplit(urljoin(_BASE + page, url))
    return ("internal", unquote(absolute.path) or "/", unquote(absolute.fragment))


def target_file(site: Path, path: str) -> Path | None:
    """The file a URL path is served from, or None."""
    relative = PurePosixPath(path.lstrip("/"))
    if ".." in relative.parts:
        return None
    candidate = site / relative
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


HOMES = ("/", *[f"/{lang}/" for lang in OTHER_LANGS])


def check_site(site: Path, homes: tuple[str, ...] = HOMES) -> list[LinkProblem]:
    """Every link problem of a built site, sorted by page."""
    pages = read_pages(site)
    own_base = _own_base(pages)
    problems: list[LinkProblem] = []
    edges: dict[str, set[str]] = {url: set() for url in pages}
    for url, info in pages.items():
        expected_lang = language_of(url)
        if expected_lang and info.lang != expected_lang and info.redirect is None:
            problems.append(
                LinkProblem(
                    url,
                    f"<html lang={info.lang!r}>",
                    f"the page is in /{expected_lang}/ territory; lang must be {expected_lang!r}",
                )
            )
        for link in info.links:
            resolved = resolve(site, url, link.url, own_base)
            if resolved is None:
                continue
            kind, path, fragment = resolved
            if (
                kind == "scheme:data"
                and link.tag == "link"
                and "icon" in link.rel.split()
                and link.url.strip() == "data:,"
            ):
                continue  # the redirect pages' empty icon, which spares browsers a request for /favicon.ico
            if kind.startswith("scheme:"):
                problems.append(
                    LinkProblem(
                        url,
                        link.url,
                        f"the scheme {kind[7:]}: is not allowed (only {', '.join(SAFE_SCHEMES)})",
                    )
                )
                continue
            if kind != "internal" or path is None:
                continue
            file = target_file(site, path)
            if file is None:
                problems.append(LinkProblem(url, link.url, "no such file"))
                continue
            target = page_url(site, file)
            target_info = pages.get(target)
            if fragment and target_info is not None and fragment not in target_info.ids:
                problems.append(
                    LinkProblem(url, link.url, f"no element with id '{fragment}' on {target}")
                )
            if target_info is None:
                continue
            if link.tag in ("a", "area", "meta", "button"):  # a button with formaction navigates
                edges[url].add(target)
            problems += _language_problem(url, link, target)
    problems += _unreachable(pages, edges, homes)
    return sorted(set(problems), key=lambda p: (p.page, p.link, p.problem))


def _language_problem(url: str, link: Link, target: str) -> list[LinkProblem]:
    source_lang, target_lang = language_of(url), language_of(target)
    if source_lang is None or target_lang is None or source_lang == target_lang:
        return []
    # A link may change language when it says so: the language switch, the head's alternates
    # (hreflang, x-default) and the permalink pages' choices all carry hreflang.
    if link.hreflang in (target_lang, "x-default"):
        return []
    where = "the language switch" if link.switch else "a link"
    return [
        LinkProblem(
            url,
            link.url,
            f"a {source_lang} page leads to the {target_lang} page {target} through {where} "
            f"without hreflang={target_lang!r}; only the language switch may change language",
        )
    ]


def _unreachable(
    pages: dict[str, PageInfo], edges: dict[str, set[str]], homes: tuple[str, ...]
) -> list[LinkProblem]:
    seen = {home for home in homes if home in pages}
    queue = deque(seen)
    while queue:
        for target in edges[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    problems = [LinkProblem(home, home, "home page missing") for home in homes if home not in pages]
    for url, info in pages.items():
        if url in seen or info.redirect is not None or url == "/404.html":
            continue
        if url.startswith(ENTRY_POINTS):
            continue
        problems.append(
            LinkProblem(
                url, "(incoming)", f"not reachable from {' or '.join(homes)} by following links"
            )
        )
    return problems


def external_links(site: Path) -> dict[str, list[str]]:
    """Every external http(s) URL of the site, with the pages that link to it (sorted)."""
    pages = read_pages(site)
    own_base = _own_base(pages)
    found: dict[str, set[str]] = {}
    for url, info in pages.items():
        for link in info.links:
            resolved = resolve(site, url, link.url, own_base)
            if resolved and resolved[0] == "external":
                found.setdefault(link.url.strip(), set()).add(url)
    return {link: sorted(users) for link, users in sorted(found.items())}


def probe(url: str, timeout: float = 8.0) -> str:
    """'ok <status>' or 'broken <reason>' for one external URL: HEAD first, GET when HEAD is refused."""
    headers = {"User-Agent": "ciivs-linkcheck/1.0 (+https://www.vs.ch)"}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return f"ok {response.status}"
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return f"broken HTTP {err.code}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
            return f"broken {getattr(err, 'reason', err)}"
    return "broken"


def probe_all(urls: list[str], timeout: float = 8.0, workers: int = 8) -> dict[str, str]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(urls, pool.map(lambda u: probe(u, timeout), urls), strict=False))
