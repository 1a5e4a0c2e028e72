"""Hostile strings and a scanner that tells whether generated HTML carries markup of its own.

Used by test_hostile_input.py and test_pipeline_properties.py. The scanner reads HTML with
beautifulsoup4 over Python's HTML tokenizer: script elements, event-handler attributes, URL
attributes and the visible text. "Inert" means: no script element besides the build's own, no on* attribute,
no javascript:/data:/vbscript: URL, and every JSON-LD block parses as JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

# Each is put into catalogue texts; the check must refuse it or the site must show it as text.
HOSTILE: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "md-javascript-link": "[x](javascript:alert(1))",
    "md-data-link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "html-comment": "<!-- comment -->",
    "close-script": "</script><script>alert(1)</script>",
    "attribute-break": '" onmouseover="alert(1)',
    "jinja-expression": "{{ 7*7 }}",
    "jinja-raw": "{% raw %}",
    "very-long": ("Lorem ipsum dolor sit amet " * 371)[:10_000],
    "rtl-override": "Formation \u202egnirahs\u202c pour tous",
    "zero-width-space": "Form\u200bAvenir",
    "combining": "Cafe\u0301 Z\u0335\u0321\u0358a\u0336\u0322lgo\u0489 n\u0303",
    "emoji": "Mesure \U0001f469\u200d\U0001f4bb pour tous \U0001f1e8\U0001f1ed \u2764\ufe0f",
}

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "data",
    "background",
    "ping",
    "cite",
}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript|file):", re.IGNORECASE)
# Tags that load or run something; a page may hold them only where the clean build has them.
ACTIVE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "frame",
    "frameset",
    "applet",
    "img",
    "svg",
    "math",
    "style",
    "link",
    "meta",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "video",
    "audio",
    "source",
}


@dataclass
class Scan:
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)  # tag[onxxx] found
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    active: list[str] = field(default_factory=list)  # active tags in document order
    text: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)  # text of each <h1>
    title: str = ""  # text of <title>
    meta_description: str | None = None

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def jsonld(self) -> list[object]:
        """Every JSON-LD block, parsed (raises if one is not JSON)."""
        return [
            json.loads(body)
            for attrs, body in self.scripts
            if attrs.get("type") == "application/ld+json"
        ]

    def bad_urls(self) -> list[tuple[str, str, str]]:
        return [
            (tag, name, value)
            for tag, name, value in self.urls
            if BAD_SCHEME.match(_normalised_url(value))
        ]


def _normalised_url(value: str) -> str:
    # Browsers drop ASCII whitespace and control characters inside a URL's scheme.
    return re.sub(r"[\x00-\x20\x7f]+", "", value)


def scan_html(html: str) -> Scan:
    """What a page holds that could act: read by beautifulsoup4 with Python's HTML tokenizer."""
    soup = BeautifulSoup(html, "html.parser")
    scan = Scan()
    for tag in soup.find_all(True):
        _scan_attributes(tag, scan)
        if tag.name in ACTIVE_TAGS:
            scan.active.append(tag.name)
        if tag.name == "script":
            scan.scripts.append((_attributes(tag), "".join(tag.strings)))
        if tag.name == "h1":
            scan.h1.append(" ".join("".join(_texts(tag)).split()))
        if tag.name == "title" and tag.find_parent("svg") is None:
            scan.title += "".join(tag.strings)
    scan.active += ["<!--" for _ in soup.find_all(string=lambda s: isinstance(s, Comment))]
    scan.text = _texts(soup, also_skip=("title",))
    return scan


def _attributes(tag: Tag) -> dict[str, str]:
    """Attributes by lower-case name; a multi-valued one (class) as written, one string."""
    return {
        name.lower(): " ".join(value) if isinstance(value, list) else (value or "")
        for name, value in tag.attrs.items()
    }


def _scan_attributes(tag: Tag, scan: Scan) -> None:
    values = _attributes(tag)
    for name, value in values.items():
        if name.startswith("on"):
            scan.handlers.append(f"{tag.name}[{name}]")
        if name in URL_ATTRIBUTES:
            scan.urls.append((tag.name, name, value))
        if name == "content" and tag.name == "meta" and "url=" in value.lower():
            scan.urls.append((tag.name, "content", value.split("=", 1)[1].strip()))
    if tag.name == "meta" and values.get("name") == "description":
        scan.meta_description = values.get("content", "")


def _texts(top: Tag, also_skip: tuple[str, ...] = ()) -> list[str]:
    """Text a reader sees under `top`: not in scripts or styles (nor in a page <title>)."""
    found = []
    for piece in top.find_all(string=True):
        if type(piece) is not NavigableString:
            continue  # comments, doctype, CDATA
        holders = [p for p in piece.parents if p is not top and p.name != "[document]"]
        if any(p.name in ("script", "style") for p in holders):
            continue
        if "title" in also_skip and any(
            p.name == "title" and p.find_parent("svg") is None for p in holders
        ):
            continue
        found.append(str(piece))
    return found


def script_signature(scan: Scan) -> list[tuple[str, str, str]]:
    """What the page runs: external scripts by src, inline ones by type and (for code) text.

    Data blocks (JSON-LD, Material's JSON config) are compared by type only: their content is data.
    """
    signature = []
    for attrs, body in scan.scripts:
        kind = attrs.get("type", "text/javascript")
        if "src" in attrs:
            signature.append(("src", kind, attrs["src"]))
        elif kind in ("application/ld+json", "application/json"):
            signature.append(("data", kind, ""))
        else:
            signature.append(("inline", kind, body))
    return signature


def injected_markup(page: Scan, clean: Scan | None) -> list[str]:
    """Why a page is not inert, compared with the same page built from a clean catalogue."""
    found = []
    if page.handlers:
        found.append(f"event handler attributes: {page.handlers[:5]}")
    if page.bad_urls():
        found.append(f"unsafe URLs: {page.bad_urls()[:5]}")
    try:
        page.jsonld()
    except ValueError as err:
        found.append(f"JSON-LD does not parse: {err}")
    for attrs, body in page.scripts:
        if attrs.get("type") in ("application/ld+json", "application/json"):
            continue
        if "alert(" in body:
            found.append(f"script with a hostile payload: {body[:80]!r}")
    if clean is not None:
        if script_signature(page) != script_signature(clean):
            found.append(
                f"scripts differ from the clean build: {script_signature(page)[:6]} != {script_signature(clean)[:6]}"
            )
        if _counts(page.active) != _counts(clean.active):
            found.append(
                f"active elements differ from the clean build: {_diff(page.active, clean.active)}"
            )
    return found


def _counts(tags: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tag in tags:
        counts[tag] = counts.get(tag, 0) + 1
    return counts


def _diff(a: list[str], b: list[str]) -> dict[str, tuple[int, int]]:
    ca, cb = _counts(a), _counts(b)
    return {
        t: (ca.get(t, 0), cb.get(t, 0)) for t in set(ca) | set(cb) if ca.get(t, 0) != cb.get(t, 0)
    }


def site_pages(site: Path) -> dict[str, Path]:
    """Every HTML file of a built site by its path relative to the site (search index excluded)."""
    return {
        p.relative_to(site).as_posix(): p
        for p in sorted(site.rglob("*.html"))
        if p.relative_to(site).parts[0] not in ("pagefind", "assets")
    }
