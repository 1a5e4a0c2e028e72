"""The search index: Pagefind run over the built site, one language at a time, into one bundle."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BUNDLE = "pagefind"  # the search's folder in the built site: scripts, WebAssembly, index


class PagefindFailed(Exception):
    """Pagefind stopped with an error; `lines` are the last lines it printed."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def index_site(out: Path, langs: list[str]) -> None:
    """Index the site with Pagefind into one bundle, `pagefind/`, with one index per language.

    Pagefind runs once per language, one after the other, and the bundles are put together:
    Pagefind keeps every indexed page in memory until it writes, so one run over both languages
    needed twice the memory (2.85 GB against 1.65 GB at 5,000 measures, BENCHMARKS.md). The
    files of a language's index carry its code in their names; the scripts and the WebAssembly
    are the same in every run; `pagefind-entry.json` lists the languages.
    """
    bundle = out / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=out.parent) as work:
        entry: dict[str, object] = {}
        languages: dict[str, object] = {}
        for lang in langs:
            part = Path(work) / lang
            _pagefind(out, _language_glob(out, lang, langs), part)
            found = json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
            languages.update(found.get("languages", {}))
            entry = {**found, "languages": languages}
            shutil.copytree(part, bundle, dirs_exist_ok=True)
        (bundle / "pagefind-entry.json").write_text(
            json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )


def _language_glob(out: Path, lang: str, langs: list[str]) -> str:
    """The HTML files of one language: the first language's at the root (without the others'
    folders), another's under its folder."""
    if lang != langs[0]:
        return f"{lang}/**/*.html"
    others = set(langs[1:]) | {BUNDLE}
    names = sorted(p.name for p in out.iterdir() if p.name not in others)
    parts = [
        f"{n}/**/*.html" if (out / n).is_dir() else n
        for n in names
        if (out / n).is_dir() or n.endswith(".html")
    ]
    return "{" + ",".join(parts) + "}"


def _pagefind(site: Path, glob: str, output: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--glob",
            glob,
            "--output-path",
            str(output),
            "--silent",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PagefindFailed(
            ["pagefind: " + l for l in (result.stderr + result.stdout).splitlines()[-10:]]
        )
