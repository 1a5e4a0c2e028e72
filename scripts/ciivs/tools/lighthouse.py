"""Lighthouse on the built site, as a phone sees it: a benchmark, never a test.

    python -m ciivs.tools.lighthouse            (what `make lighthouse` runs; needs `make site` first)

Serves site/ on a free local port, runs Lighthouse (npm, in .venv/node_modules) with Debian's
Chromium and its default mobile settings (Moto G-sized screen, simulated slow 4G and a four times
slower CPU) on the home page, a measure, the measure list, the finder and a search result page in
both languages, and prints one Markdown table row per page: accessibility and performance scores,
the page weight (as sent, gzip-compressed like the hosting recipe's nginx) and its largest
contentful paint. The load of the machine is printed too: on a
shared machine the performance score moves with it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

from ciivs import paths

LIGHTHOUSE = paths.NODE_MODULES / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def pages(site: Path) -> list[tuple[str, str]]:
    """(name, path) of the pages measured, per language; the measure is the first one built."""
    measure = sorted(p.name for p in (site / "mesures").iterdir() if (p / "index.html").exists())[0]
    result = []
    for prefix in ("", "/de"):
        lang = prefix.strip("/") or "fr"
        title = _title(site / prefix.strip("/") / "mesures" / measure / "index.html")
        result += [
            (f"home {lang}", f"{prefix}/"),
            (f"measure {lang}", f"{prefix}/mesures/{measure}/"),
            (f"measure list {lang}", f"{prefix}/mesures/"),
            (f"finder {lang}", f"{prefix}/trouver/"),
            (f"search {lang}", f"{prefix}/recherche/?q={quote(title)}"),
        ]
    return result


def _title(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index("<h1")
    inner = text[text.index(">", start) + 1 : text.index("</h1>", start)]
    # The heading may mark a proper name in the other language (<span lang="fr">): keep its words.
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve site/ with gzip for text files, as the hosting recipe's nginx does."""

    class Compressing(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send_head(self):  # type: ignore[no-untyped-def]
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            wants = "gzip" in self.headers.get("Accept-Encoding", "")
            if not wants or path.suffix not in _TEXT or not path.is_file():
                return super().send_head()
            if path.name == "index.html" and not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # let the parent redirect /dir to /dir/
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    handler = functools.partial(Compressing, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


_TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


def measure(url: str) -> dict[str, float]:
    """One Lighthouse run: scores out of 100, weight in KB, LCP in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--only-categories=performance,accessibility",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=300,
        )
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "weight": audits["total-byte-weight"]["numericValue"] / 1024,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(paths.SITE))
    site = Path(parser.parse_args().site)
    if not (site / "index.html").exists() or not LIGHTHOUSE.exists():
        print("Needs a built site (make site) and Lighthouse (make lighthouse installs it).")
        return 1
    httpd, base = serve(site)
    try:
        print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print("| page | accessibility | performance | weight KB | LCP s |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, path in pages(site):
            r = measure(base + path)
            print(
                f"| {name} | {r['accessibility']} | {r['performance']} "
                f"| {r['weight']:,.0f} | {r['lcp']:.1f} |",
                flush=True,
            )
        print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
