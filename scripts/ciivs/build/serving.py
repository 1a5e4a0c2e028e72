"""The preview never hangs: a clear line for a busy port, and a page for the catalogue's problems.

    python -m ciivs.build.serving check-port 127.0.0.1 8000    # what `make serve` runs first

While the catalogue has problems, `make serve` keeps serving: every page of the preview is
replaced by one page that lists them (`path:line: CODE message`) in each language of the site,
and the browser reloads it on each save, back to the site once they are fixed. The hooks in
`mkdocs_hooks.py` call `show_problems` after such a build.
"""

from __future__ import annotations

import errno
import html
import re
import socket
import sys
from pathlib import Path

from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.languages import load_languages

_PROBLEM = re.compile(r"^\S.*:\d+: [A-Z][A-Z_]+ ")
# Inline style: the page must show even when the theme's assets were never built.
_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;"
    "line-height:1.5;color:#1a1a1a}h1{color:#a30000;font-size:1.5rem}"
    "ol{padding-left:1.5rem}li{margin:.4rem 0;overflow-wrap:anywhere}"
    "code{font-family:ui-monospace,monospace;background:#f3f3f3;padding:0 .2rem}"
    "section+section{border-top:1px solid #ccc;margin-top:2rem}"
)


def port_problem(host: str, port: int) -> str | None:
    """Why the preview cannot listen at host:port, in one line; None when it can."""
    try:
        address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError, OverflowError):
        return f"make serve: {host} is not an address of this machine; try HOST=127.0.0.1"
    with socket.socket(address[0], socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind(address[4])
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return (
                    f"make serve: port {port} is already in use on {host} (another preview?); "
                    f"stop it, or choose another port: make serve PORT={port + 1}"
                )
            return f"make serve: cannot listen on {host}:{port} ({err.strerror}); try HOST=127.0.0.1 PORT=8000"
    return None


def problems_page(lines: list[str], root: Path, first: str | None = None) -> str:
    """One HTML page listing the problems, a section per language (`first` first)."""
    # The problems themselves, without the build's closing count ("3 problems found; …").
    lines = [line for line in lines if _PROBLEM.match(line)] or lines
    sections, titles = [], []
    languages = sorted(load_languages(root), key=lambda lang: lang.code != first)
    for lang in languages:
        try:
            words = labels_of(root, lang)
            title, intro, after = (
                words.preview_problems_title,
                words.preview_problems_intro,
                words.preview_problems_after,
            )
        except Exception:  # the labels may be what is broken: the list alone still helps
            title, intro, after = "catalogue", "", ""
        titles.append(title)
        items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
        sections.append(
            f'<section lang="{lang.code}"><h1>{html.escape(title)}</h1>'
            f"<p>{html.escape(intro)}</p><ol>{items}</ol><p>{html.escape(after)}</p></section>"
        )
    code = languages[0].code if languages else "fr"
    heading = html.escape(" / ".join(titles))
    return (
        f'<!doctype html><html lang="{code}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta name="robots" content="noindex"><title>{heading}</title>'
        f"<style>{_STYLE}</style></head><body><main>{''.join(sections)}</main></body></html>"
    )


def show_problems(site: Path, lines: list[str], root: Path) -> int:
    """Replace every page of the built preview with the problems page; returns the pages replaced."""
    others = [lang.code for lang in load_languages(root) if not lang.default]
    # The home pages too, in case the first build had nothing staged yet.
    pages = {site / "index.html", *(site / code / "index.html" for code in others)}
    pages.update(site.rglob("*.html"))
    for page in pages:
        relative = page.relative_to(site).parts
        first = next((code for code in others if relative[0] == code), None)
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(problems_page(lines, root, first), encoding="utf-8")
    return len(pages)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "check-port" or not argv[2].isdigit():
        print("usage: python -m ciivs.build.serving check-port HOST PORT", file=sys.stderr)
        return 2
    found = port_problem(argv[1], int(argv[2]))
    if found:
        print(found, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
