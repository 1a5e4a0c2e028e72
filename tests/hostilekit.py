"""Hostile strings and a scanner that tells whether generated HTML carries markup of its own.

Used by test_hostile_input.py and test_pipeline_properties.py. The scanner reads HTML the way a
browser's tokenizer does (html.parser): script elements, event-handler attributes, URL attributes
and the visible text. "Inert" means: no script element besides the build's own, no on* attribute,
no javascript:/data:/vbscript: URL, and every JSON-LD block parses as JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

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


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._skip_text = 0
        self._h1: list[str] | None = None
        self._in_title = False
        self._svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.scan.handlers.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES:
                self.scan.urls.append((tag, name, value))
            if name == "content" and tag == "meta" and "url=" in value.lower():
                self.scan.urls.append((tag, "content", value.split("=", 1)[1].strip()))
        if tag in ACTIVE_TAGS:
            self.scan.active.append(tag)
        if tag == "meta" and values.get("name") == "description":
            self.scan.meta_description = values.get("content", "")
        if tag == "h1":
            self._h1 = []
        if tag == "svg":
            self._svg += 1
        if tag == "title" and not self._svg:
            self._in_title = True
        if tag == "script":
            self._script, self._script_text = values, []
        if tag in ("script", "style"):
            self._skip_text += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._h1 is not None:
            self.scan.h1.append(" ".join("".join(self._h1).split()))
            self._h1 = None
        if tag == "title":
            self._in_title = False
        if tag == "svg" and self._svg:
            self._svg -= 1
        if tag == "script" and self._script is not None:
            self.scan.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if tag in ("script", "style") and self._skip_text:
            self._skip_text -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        elif self._in_title:
            self.scan.title += data
        elif not self._skip_text:
            self.scan.text.append(data)
            if self._h1 is not None:
                self._h1.append(data)

    def handle_comment(self, data: str) -> None:
        self.scan.active.append("<!--")


def scan_html(html: str) -> Scan:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


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
