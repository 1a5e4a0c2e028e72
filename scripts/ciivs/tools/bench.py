"""Benchmark: build generated catalogues of N measures end to end; write BENCHMARKS.md.

    python -m ciivs.tools.bench --sizes 100,1000,5000 --out BENCHMARKS.md     (what `make bench` runs)

For each size N the real catalogue is copied into a temporary folder and completed with generated
measures up to N: both languages, texts as long as the real ones (each real measure serves in turn
as a model, its words replaced by words of the same length from the catalogue's own vocabulary),
each with a made-up proper name, and references to the real institutions, target groups, regions,
programmes and bulletin articles. The same seed gives the same catalogue.

The catalogue is then built with the stages of `ciivs.build.pipeline` in a child process (so that its peak
memory is its own), a plain `mkdocs build` of the same staged Markdown is timed for comparison, and
Chromium loads /recherche/?q=WORD to count the bytes a first search downloads. Not part of `make test`
(tests/test_bench.py only checks that a tiny run produces its row).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import gzip
import http.server
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from ciivs import environ, paths
from ciivs.catalogue.placeholders import find_placeholder

ROOT = paths.ROOT
CATALOGUE = paths.CATALOGUE
KEY_MEASURE = "formavenir"  # a real measure: its page must not grow with N
SEARCH_WORD = "formation"
STAGES = ("check", "render", "mkdocs", "extras", "search", "urls")
TARGETS: dict[str, Any] = {
    "ratio_at": (1000, 5000),
    "ratio": 1.0,
    "ratio_at_least": 1.3,
    "growth_from": 1000,
    "growth_to": 5000,
    "growth": 5.0,
    # Median seconds from a save to the page showing it; "real": the committed catalogue's size.
    "preview_s": {"real": 1.0, 1000: 2.0},
    "memory_at": 5000,
    "memory_mb": 2700,
    "search_at": 5000,
    "search_kb": 300,
}
NOTES_HEADING = "## Notes"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


# ---------------------------------------------------------------- generated catalogue

_WORD = re.compile(r"[^\W\d_]+")
# Kept as they are: link targets, autolinks, e-mail addresses (a changed URL would be refused).
_KEEP = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|[\w.+-]+@[\w-]+\.[\w.-]+")
_SYLLABLES = (
    "for",
    "ma",
    "ve",
    "nir",
    "job",
    "to",
    "pa",
    "ri",
    "lo",
    "ka",
    "mi",
    "sen",
    "tra",
    "vis",
    "an",
    "do",
    "el",
    "ur",
    "be",
    "ni",
    "co",
    "qua",
    "sta",
    "lu",
    "pro",
    "dia",
    "ge",
    "ter",
    "mo",
    "via",
)


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as `|` blocks, like the hand-written files."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _str)


def _is_text(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"fr", "de"}
        and all(isinstance(v, str) for v in value.values())
    )


class Generator:
    """Makes measures that look like the real ones, deterministically from a seed."""

    def __init__(self, source: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        self.models = [
            yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((source / "measures").glob("*.yml"))
        ]
        self.ids = {
            kind: sorted(p.stem for p in (source / kind).glob("*.yml"))
            for kind in ("institutions", "target-groups", "regions", "programmes", "articles")
        }
        words: dict[str, set[str]] = {"fr": set(), "de": set()}
        for file in sorted(source.glob("*/*.yml")):
            self._collect(yaml.safe_load(file.read_text(encoding="utf-8")), words)
        self.words: dict[str, dict[int, list[str]]] = {}
        for lang, found in words.items():
            by_length: dict[int, list[str]] = {}
            for w in sorted(found):
                by_length.setdefault(len(w), []).append(w)
            self.words[lang] = by_length
        self.names: set[str] = set()

    def _collect(self, value: Any, words: dict[str, set[str]]) -> None:
        if _is_text(value):
            for lang in ("fr", "de"):
                # Never a word that marks a placeholder ("[… ergänzen]"): the check refuses it.
                words[lang].update(
                    w.lower()
                    for w in _WORD.findall(_KEEP.sub(" ", value[lang]))
                    if len(w) > 3 and find_placeholder(f"[{w}]") is None
                )
        elif isinstance(value, dict):
            for v in value.values():
                self._collect(v, words)
        elif isinstance(value, list):
            for v in value:
                self._collect(v, words)

    def _word(self, lang: str, like: str) -> str:
        choices = self.words[lang].get(len(like))
        if len(like) <= 3 or not choices:
            return like
        word = self.rng.choice(choices)
        if like.isupper():
            return word.upper()
        return word.capitalize() if like[0].isupper() else word

    def text(self, lang: str, model: str) -> str:
        """`model` with each word replaced by another of the same length; Markdown and links kept."""
        out, pos = [], 0
        for keep in _KEEP.finditer(model):
            out.append(_WORD.sub(lambda m: self._word(lang, m.group()), model[pos : keep.start()]))
            out.append(keep.group())
            pos = keep.end()
        out.append(_WORD.sub(lambda m: self._word(lang, m.group()), model[pos:]))
        return "".join(out)

    def _texts(self, value: Any) -> Any:
        if _is_text(value):
            return {lang: self.text(lang, value[lang]) for lang in ("fr", "de")}
        if isinstance(value, dict):
            return {k: self._texts(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._texts(v) for v in value]
        return value

    def proper_name(self) -> str:
        while True:
            name = "".join(
                self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 4))
            ).capitalize()
            # Never a name the check reads as a placeholder ("Todo", "Tbd").
            if name not in self.names and len(name) > 3 and find_placeholder(name) is None:
                self.names.add(name)
                return name

    def _some(self, kind: str, low: int, high: int) -> list[str]:
        return self.rng.sample(
            self.ids[kind], min(len(self.ids[kind]), self.rng.randint(low, high))
        )

    def measure(self, number: int) -> dict[str, Any]:
        model = self.models[number % len(self.models)]
        data = self._texts(copy.deepcopy(model))
        name = self.proper_name()
        data["id"] = f"{name.lower()}-{number:05d}"
        # A uuid drawn from the seeded generator: copies of one model never share one.
        data["uuid"] = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if self.rng.random() < 1 / 7:  # like FormAvenir: a French proper name in both languages
            data["title"] = {"fr": name, "de": name}
            data["name_language"] = "fr"
        else:
            data.pop("name_language", None)
            data["title"] = {
                lang: f"{name} – {self.text(lang, model['title'][lang])}"[:120].strip()
                for lang in ("fr", "de")
            }
        if data.get("german_name") == "to-confirm":
            data["german_name"] = "official"
            data.pop("gloss", None)
        data.pop("former_ids", None)
        data["target_groups"] = self._some("target-groups", 1, 3)
        regions = self.ids["regions"]
        data["regions"] = (
            regions if self.rng.random() < 0.5 else self._some("regions", 1, len(regions))
        )
        data["responsible"] = self.rng.choice(self.ids["institutions"])
        for role, high in (("providers", 4), ("funders", 2), ("referrers", 5)):
            chosen = self._some("institutions", 0, high)
            if chosen:
                data[role] = chosen
            else:
                data.pop(role, None)
        if self.rng.random() < 0.3:
            data["programme"] = self.rng.choice(self.ids["programmes"])
        else:
            data.pop("programme", None)
        data["sources"] = self._some("articles", 1, 2)
        return data


def generate_catalogue(target: Path, measures: int, seed: int = 1, source: Path = CATALOGUE) -> int:
    """Copy the real catalogue to `target` and add generated measures up to `measures` in all."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("published-urls.txt"))
    real = len(list((source / "measures").glob("*.yml")))
    generator = Generator(source, seed)
    for number in range(max(0, measures - real)):
        data = generator.measure(number)
        text = "# yaml-language-server: $schema=../schemas/measures.schema.json\n"
        text += yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
        (target / "measures" / f"{data['id']}.yml").write_text(text, encoding="utf-8")
    return max(real, measures)


# ---------------------------------------------------------------- one build (child process)


def build_in_child(work: Path, search: bool) -> dict[str, Any]:
    """Run the build stages on work/catalogue in a fresh Python; its timings and peak memory.

    Every 50 ms the resident memory of the build process and all its descendants (MkDocs per
    language, Pagefind, render workers) is summed (/proc): `rss_tree_kb` is the highest sum.
    """
    command = [sys.executable, "-m", "ciivs.tools.bench", "--worker", str(work)] + (
        [] if search else ["--no-search"]
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), os.environ.get("PYTHONPATH", "")]),
    }
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"build of {work} failed:\n{stderr[-4000:]}{stdout[-2000:]}")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["rss_tree_kb"] = peak
    return result


def tree_rss_kb(pid: int) -> int:
    """Resident memory (KB) of a process and of all its descendants now (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0] or 0)
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(p, 0) for p in tree)


def _worker(work: Path, search: bool) -> None:
    from ciivs.build.pipeline import Options, build_site

    options = Options(
        catalogue=work / "catalogue",
        site=work / "site",
        staging=work / "docs",
        cache=work / "cache",  # kept between the runs of one size, as between an editor's builds
        manifest=None,
        search=search,
        display="catalogue",
    )
    start = time.perf_counter()
    report = build_site(options)
    total = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "timings": report.timings,
                "total": total,
                "pages": report.pages,
                "rss_self_kb": own,
                "rss_child_kb": children,
            }
        )
    )


def plain_mkdocs(work: Path) -> float:
    """Seconds for `mkdocs build --strict` of the already staged Markdown, hooks idle (every page
    through Markdown, as MkDocs does by itself)."""
    out = work / "plain-site"
    env = {
        **os.environ,
        environ.DOCS_DIR: str(work / "docs"),
        environ.SITE_DIR: str(out),
        environ.PRERENDERED: "1",
        environ.PLAIN_MKDOCS: "1",  # every page through Markdown, as MkDocs does by itself
        "NO_MKDOCS_2_WARNING": "1",
    }
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(paths.MKDOCS_CONFIG)],
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return seconds


# ---------------------------------------------------------------- the first search in a browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def first_search_bytes(site: Path, word: str = SEARCH_WORD) -> dict[str, Any] | None:
    """Bytes Chromium downloads to show /recherche/?q=word: Pagefind files, everything, gzip-estimated."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    seen: list[tuple[str, int, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            page = context.new_page()

            def finished(response: Any) -> None:
                try:
                    body = response.body()
                except Exception:
                    return
                seen.append((response.url, len(body), len(gzip.compress(body, 6))))

            page.on("response", finished)
            page.goto(f"{base}/recherche/?q={word}")
            page.wait_for_function(
                """() => {
              const r = document.querySelector('[data-ciivs-search]');
              const s = r && r.querySelector('[data-ciivs-search-status]');
              return !!s && s.textContent !== '' && s.textContent !== r.getAttribute('data-loading');
            }""",
                timeout=60_000,
            )
            page.wait_for_load_state("networkidle")
            results = page.locator("[data-ciivs-search-results] li").count()
            version = browser.version
            browser.close()
    finally:
        httpd.shutdown()
    pagefind = [s for s in seen if "/pagefind/" in s[0]]
    return {
        "results": results,
        "requests": len(seen),
        "pagefind_requests": len(pagefind),
        "pagefind_bytes": sum(s[1] for s in pagefind),
        "all_bytes": sum(s[1] for s in seen),
        "all_gzip_bytes": sum(min(s[1], s[2]) for s in seen),
        "chromium": version,
    }


# ---------------------------------------------------------------- the preview after a save


def preview_latency(catalogue: Path, saves: int = 3, port: int = 0) -> list[float]:
    """Seconds from saving a measure's YAML to `make serve` serving its page with the change.

    Starts the preview as `make serve` does (`mkdocs serve` with the hooks) on `catalogue`, waits
    until it serves, then saves KEY_MEASURE `saves` times, each with a new word in its French
    summary, and fetches its page every 20 ms until the word is there.
    """
    port = port or _free_port()
    staging = Path(tempfile.mkdtemp(prefix="ciivs-preview-"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), os.environ.get("PYTHONPATH", "")]),
        environ.CATALOGUE: str(catalogue),
        environ.DOCS_DIR: str(staging),
        environ.PREVIEW: "1",  # as `make serve` sets it: a local preview, no public address
        "NO_MKDOCS_2_WARNING": "1",
    }
    env.pop(environ.PRERENDERED, None)  # the hooks check and render, as in `make serve`
    log = open(staging.with_suffix(".log"), "w+")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--livereload",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/mesures/{KEY_MEASURE}/"
    file = catalogue / "measures" / f"{KEY_MEASURE}.yml"
    original = file.read_text(encoding="utf-8")
    times = []
    try:
        _wait_for(url, lambda body: True, server, timeout=1800)
        for number in range(saves):
            time.sleep(3)  # let the previous rebuild's background work (search index) settle
            word = f"Previewmark{number}x{random.randrange(10**6)}"
            data = yaml.safe_load(original)
            data["summary"]["fr"] = f"{data['summary']['fr']} {word}"
            text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
            start = time.perf_counter()
            file.write_text(text, encoding="utf-8")
            _wait_for(url, _contains(word), server, timeout=600)
            times.append(time.perf_counter() - start)
    finally:
        file.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    return times


def _contains(word: str) -> Callable[[str], bool]:
    return lambda body: word in body


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(
    url: str, ready: Callable[[str], bool], server: subprocess.Popen[bytes], timeout: float
) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the preview stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not show the change within {timeout:.0f} s")


# ---------------------------------------------------------------- one size, the table


@dataclass
class Row:
    measures: int
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    plain: float | None = None
    rss_self_kb: int = 0
    rss_child_kb: int = 0
    rss_tree_kb: int = 0
    preview: list[float] = field(default_factory=list)
    site_bytes: int = 0
    site_files: int = 0
    pagefind_bytes: int = 0
    measure_page_bytes: int = 0
    search: dict[str, Any] | None = None

    @property
    def ratio(self) -> float | None:
        return self.total / self.plain if self.plain else None


def run_size(
    measures: int,
    seed: int = 1,
    search: bool = True,
    browser: bool = True,
    plain: bool = True,
    keep: Path | None = None,
    word: str = SEARCH_WORD,
    repeat: int = 1,
    saves: int = 0,
) -> Row:
    """Generate, build and measure one catalogue of `measures` measures.

    With `saves`, the preview is then started on it and a measure saved that many times
    (`preview_latency`).

    With `repeat` > 1 the build and the plain MkDocs build run that many times, alternately, and
    the shortest time of each stage is kept (other work on the machine only ever adds time).
    """
    work = Path(tempfile.mkdtemp(prefix=f"ciivs-bench-{measures}-", dir=keep))
    try:
        count = generate_catalogue(work / "catalogue", measures, seed)
        row = Row(count)
        for _ in range(max(1, repeat)):
            built = build_in_child(work, search)
            row.pages = built["pages"]
            row.timings = {k: min(v, row.timings.get(k, v)) for k, v in built["timings"].items()}
            row.total = min(built["total"], row.total or built["total"])
            row.rss_self_kb = max(row.rss_self_kb, built["rss_self_kb"])
            row.rss_child_kb = max(row.rss_child_kb, built["rss_child_kb"])
            row.rss_tree_kb = max(row.rss_tree_kb, built["rss_tree_kb"])
            if plain:
                seconds = plain_mkdocs(work)
                row.plain = min(seconds, row.plain or seconds)
        site = work / "site"
        files = [p for p in site.rglob("*") if p.is_file()]
        row.site_files = len(files)
        row.site_bytes = sum(p.stat().st_size for p in files)
        row.pagefind_bytes = sum(
            p.stat().st_size for p in files if "pagefind" in p.relative_to(site).parts[:1]
        )
        row.measure_page_bytes = (site / "mesures" / KEY_MEASURE / "index.html").stat().st_size
        if search and browser:
            row.search = first_search_bytes(site, word)
        if saves:
            row.preview = preview_latency(work / "catalogue", saves)
        return row
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.1f}"


def _kb(size: int | None) -> str:
    return "–" if size is None else f"{size / 1000:,.0f}"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table, one row per size."""
    columns = [
        "measures",
        "pages",
        *STAGES,
        "total s",
        "plain mkdocs s",
        "total ÷ plain",
        "peak MB (build + child)",
        "peak MB together",
        "save → preview s",
        "site MB",
        "files",
        "index KB",
        "measure page B",
        "first search: Pagefind KB",
        "all KB",
        "all gzip KB",
    ]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" ---: " for _ in columns) + "|"]
    for r in rows:
        s = r.search or {}
        cells = [
            f"{r.measures:,}",
            f"{r.pages:,}",
            *(_s(r.timings.get(st)) for st in STAGES),
            _s(r.total),
            _s(r.plain),
            "–" if r.ratio is None else f"{r.ratio:.2f}",
            f"{r.rss_self_kb / 1024:,.0f} + {r.rss_child_kb / 1024:,.0f}",
            f"{r.rss_tree_kb / 1024:,.0f}" if r.rss_tree_kb else "–",
            ", ".join(f"{t:.2f}" for t in r.preview) or "–",
            f"{r.site_bytes / 1e6:,.1f}",
            f"{r.site_files:,}",
            _kb(r.pagefind_bytes),
            f"{r.measure_page_bytes:,}",
            _kb(s.get("pagefind_bytes")),
            _kb(s.get("all_bytes")),
            _kb(s.get("all_gzip_bytes")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(rows: list[Row]) -> list[tuple[str, str, str]]:
    """(target, measured, pass/miss) for each target whose sizes were measured."""
    by = {r.measures: r for r in rows}
    out = []
    t = TARGETS
    for size in t["ratio_at"]:
        r = by.get(size)
        if not (r and r.ratio is not None and r.plain):
            continue
        out.append(
            (
                f"at {size:,} measures the whole pipeline takes ≤ {t['ratio']}× a plain mkdocs build "
                f"(at least ≤ {t['ratio_at_least']}×)",
                f"{r.total:.1f} s ÷ {r.plain:.1f} s = {r.ratio:.2f}×",
                "pass"
                if r.ratio <= t["ratio"]
                else ("pass (≤ 1.3×)" if r.ratio <= t["ratio_at_least"] else _ok(False)),
            )
        )
    real = len(list((CATALOGUE / "measures").glob("*.yml")))
    for key, limit in t["preview_s"].items():
        size = real if key == "real" else key
        r = by.get(size)
        if r and r.preview:
            median = statistics.median(r.preview)
            out.append(
                (
                    f"save → preview shows the change, {size:,} measures: median ≤ {limit} s",
                    f"{median:.2f} s (saves: {', '.join(f'{x:.2f}' for x in r.preview)})",
                    _ok(median <= limit),
                )
            )
    for r in rows:
        if r.preview and r.measures not in (real, *t["preview_s"]):
            out.append(
                (
                    f"(measured) save → preview shows the change, {r.measures:,} measures",
                    f"median {statistics.median(r.preview):.2f} s",
                    "–",
                )
            )
    r = by.get(t["memory_at"])
    if r and r.rss_tree_kb:
        out.append(
            (
                f"at {t['memory_at']:,} measures the processes alive together peak ≤ {t['memory_mb'] / 1000} GB",
                f"{r.rss_tree_kb / 1024 / 1000:.2f} GB",
                _ok(r.rss_tree_kb / 1024 <= t["memory_mb"]),
            )
        )
    a, b = by.get(t["growth_from"]), by.get(t["growth_to"])
    if a and b:
        growth = b.total / a.total
        out.append(
            (
                f"{t['growth_from']:,} → {t['growth_to']:,} measures ({t['growth_to'] // t['growth_from']}× more): "
                f"build time grows ≤ {t['growth']}×",
                f"{a.total:.1f} s → {b.total:.1f} s = {growth:.2f}×",
                _ok(growth <= t["growth"]),
            )
        )
    if len(rows) > 1:
        sizes = [r.measure_page_bytes for r in rows]
        out.append(
            (
                f"the HTML of a measure page (/mesures/{KEY_MEASURE}/) does not grow with N",
                " → ".join(f"{s:,} B" for s in sizes),
                _ok(max(sizes) <= min(sizes) * 1.01),
            )
        )
    r = by.get(t["search_at"])
    if r and r.search:
        pf, every = r.search["pagefind_bytes"], r.search["all_gzip_bytes"]
        out.append(
            (
                f"at {t['search_at']:,} measures the first search downloads ≤ {t['search_kb']} KB (Pagefind files)",
                f"{pf / 1000:,.0f} KB ({r.search['pagefind_requests']} requests)",
                _ok(pf <= t["search_kb"] * 1000),
            )
        )
        out.append(
            (
                f"at {t['search_at']:,} measures the whole first search page (HTML, CSS, JS, Pagefind), gzip, ≤ {t['search_kb']} KB",
                f"{every / 1000:,.0f} KB ({r.search['requests']} requests; {r.search['all_bytes'] / 1000:,.0f} KB "
                "uncompressed)",
                _ok(every <= t["search_kb"] * 1000),
            )
        )
    return out


def _ok(passed: bool) -> str:
    return "pass" if passed else "**miss**"


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(l.split()[1])
            for l in Path("/proc/meminfo").read_text().splitlines()
            if l.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "unknown"
    versions = []
    for dist in (
        "mkdocs",
        "mkdocs-material",
        "mkdocs-static-i18n",
        "pagefind",
        "pagefind_bin_extended",
        "Jinja2",
        "jsonschema",
        "PyYAML",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{dist} {metadata.version(dist)}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {ram} RAM, "
        f"{platform.system()} {platform.release()}; load average when the report was written: {load}",
        f"- Python {platform.python_version()}; " + ", ".join(versions),
    ]


def write_report(
    rows: list[Row], out: Path, command: str, seed: int, word: str, seconds: float, repeat: int = 1
) -> str:
    chromium = next((r.search["chromium"] for r in rows if r.search), None)
    lines = [
        "# Benchmarks",
        "",
        "Build time, size and search cost of the site for generated catalogues (the real catalogue plus "
        "generated measures; see `scripts/ciivs/tools/bench.py`). Written by `make bench`; the section *Notes* "
        "is kept when the file is rewritten.",
        "",
        *machine(),
        f"- Chromium {chromium}"
        if chromium
        else "- first search: not measured (no search index or no Chromium)",
        f"- reproduce: `{command}` (seed {seed}, search word `{word}`; {seconds / 60:.0f} min in all)",
        "",
        "## Results",
        "",
        f"Times in seconds, wall clock, {'one run each' if repeat <= 1 else f'the fastest of {repeat} runs'}. *pages*: pages generated (both languages). *total*: "
        "check → render → mkdocs → extras → search → urls, as `make site`. *plain mkdocs*: `mkdocs build "
        "--strict` of the same staged Markdown with the hooks idle. *peak MB*: peak resident memory of the "
        "build process (check, render, extras) and of its largest child process (MkDocs or Pagefind); "
        "their sum bounds the peak of the whole build. *index KB*: "
        "the `pagefind/` folder. *first search*: what Chromium downloads to show `/recherche/?q="
        + word
        + "` "
        "(served without HTTP compression; *gzip* estimates what a compressing host sends).",
        "",
        table(rows),
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "| --- | --- | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in targets(rows)),
        "",
    ]
    notes = f"{NOTES_HEADING}\n\n(none yet)\n"
    if out.exists():
        old = out.read_text(encoding="utf-8")
        if NOTES_HEADING in old:
            notes = old[old.index(NOTES_HEADING) :]
    text = "\n".join(lines) + "\n" + notes
    out.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ciivs.tools.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default="7,100,1000,5000",
        help="numbers of measures, comma-separated (7: the committed catalogue as it is)",
    )
    parser.add_argument(
        "--saves",
        type=int,
        default=3,
        help="times a measure is saved in the preview at each size (0: no preview measured)",
    )
    parser.add_argument(
        "--out", default=str(ROOT / "BENCHMARKS.md"), help="Markdown report to write"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--word", default=SEARCH_WORD, help="the query of the first search")
    parser.add_argument("--no-search", action="store_true", help="skip Pagefind and the browser")
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the first-search measurement"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="build each size this many times; keep the fastest"
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the generated catalogues and sites under DIR"
    )
    parser.add_argument("--worker", metavar="WORK", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(Path(args.worker), not args.no_search)
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    keep = Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    rows, start = [], time.perf_counter()
    for n in sizes:
        print(f"{n:,} measures …", file=sys.stderr, flush=True)
        row = run_size(
            n,
            args.seed,
            search=not args.no_search,
            browser=not args.no_browser,
            keep=keep,
            word=args.word,
            repeat=args.repeat,
            saves=args.saves,
        )
        rows.append(row)
        print(
            f"  total {row.total:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in row.timings.items())}); "
            f"plain mkdocs {_s(row.plain)} s; together {row.rss_tree_kb / 1024:,.0f} MB; "
            f"preview {row.preview}",
            file=sys.stderr,
            flush=True,
        )
    command = (
        "python -m ciivs.tools.bench --sizes "
        + ",".join(map(str, sizes))
        + f" --out {Path(args.out).name}"
    )
    if args.repeat > 1:
        command += f" --repeat {args.repeat}"
    text = write_report(
        rows,
        Path(args.out),
        command,
        args.seed,
        args.word,
        time.perf_counter() - start,
        args.repeat,
    )
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
