"""Benchmark: build generated catalogues of N measures end to end; write BENCHMARKS.md.

    python -m ciivs.tools.bench --sizes 7,100,1000,5000 --repeat 3     (what `make bench` runs)

For each size N the real catalogue is copied into a temporary folder and completed with generated
measures up to N: both languages, texts as long as the real ones (each real measure serves in turn
as a model, its words replaced by words of the same length from the catalogue's own vocabulary),
each with a made-up proper name, and references to the real institutions, target groups, regions,
programmes and bulletin articles. The same seed gives the same catalogue.

The catalogue is then built with the stages of `ciivs.build.pipeline` in a child process (so that its peak
memory is its own), interleaved with its references, `--repeat` times: a plain `mkdocs build` of the
same staged Markdown, and the machine's floor for the built site (Pagefind alone, writing the
site's files). Chromium then loads /recherche/?q=WORD to count the bytes a first search downloads,
and the preview is timed after saves. `tools/bench_report.py` writes the tables and targets. Not
part of `make test` (tests/test_bench.py only checks that a tiny run produces its row).
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import http.server
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ciivs import environ, paths
from ciivs.catalogue.languages import load_languages
from ciivs.catalogue.placeholders import find_placeholder
from ciivs.search.pagefind import BUNDLE, index_language
from ciivs.tools.bench_report import KEY_MEASURE, Floor, Row, Run, write_report

__all__ = ["Row", "generate_catalogue", "main", "run_size", "write_report"]

ROOT = paths.ROOT
CATALOGUE = paths.CATALOGUE
SEARCH_WORD = "formation"
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
    return sum(process_tree(pid).values())


def process_tree(pid: int) -> dict[int, int]:
    """A process and all its descendants now, each with its resident memory in KB (Linux /proc).

    Sampled every 50 ms beside the build it measures: each `status` file is searched for its two
    lines (making each into a dict of its 55 lines took 2.9 ms of CPU a walk, 6 % of a core).
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", "rb") as file:
                status = file.read()
        except OSError:
            continue
        parents[int(name)] = _field(status, b"\nPPid:")
        rss[int(name)] = _field(status, b"\nVmRSS:")  # kB; none for a kernel thread
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return {p: rss.get(p, 0) for p in tree}


def _field(status: bytes, name: bytes) -> int:
    """The first number after `name` in a /proc status file; 0 when it is not there."""
    at = status.find(name)
    if at < 0:
        return 0
    end = status.find(b"\n", at + 1)
    words = status[at + len(name) : end if end >= 0 else None].split()
    return int(words[0]) if words else 0


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
    # The old site is deleted in the background once the new one is in place: not part of the
    # build's time, but over before the next measured run starts.
    if report.deleting is not None:
        report.deleting.wait()
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


# ---------------------------------------------------------------- the floor


def measure_floor(site: Path, langs: list[str]) -> Floor:
    """What the machine needs at least for this built site: Pagefind alone over it, language by
    language as the build runs it, and writing its files (read beforehand) into a new folder."""
    with tempfile.TemporaryDirectory(prefix="ciivs-floor-", dir=site.parent) as work:
        start = time.perf_counter()
        for lang in langs:
            index_language(site, lang, langs, Path(work) / "pagefind" / lang)
        search = time.perf_counter() - start
        files = [
            (p.relative_to(site), p.read_bytes())
            for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).parts[0] != BUNDLE  # Pagefind writes those
        ]
        copy = Path(work) / "site"
        start = time.perf_counter()
        for relative, content in files:
            target = copy / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        write = time.perf_counter() - start
    return Floor(search, write)


# ---------------------------------------------------------------- one size


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

    The build, the plain MkDocs build (`plain`) and the floor (with `search`) run `repeat` times,
    interleaved: each round runs each once, the build first in the first round (the others use
    what it built), then in an order that turns, so that a busy moment of the machine falls on
    all of them. With `saves`, the preview is then started on the catalogue and a measure saved
    that many times (`preview_latency`).
    """
    work = Path(tempfile.mkdtemp(prefix=f"ciivs-bench-{measures}-", dir=keep))
    try:
        count = generate_catalogue(work / "catalogue", measures, seed)
        langs = [language.code for language in load_languages(work / "catalogue")]
        row = Row(count)
        steps = ["build", *(["plain"] if plain else []), *(["floor"] if search else [])]
        for round_ in range(max(1, repeat)):
            turn = round_ % len(steps)
            run = Run(0.0, {})
            for step in steps[turn:] + steps[:turn]:
                if step == "build":
                    _record_build(row, run, build_in_child(work, search))
                elif step == "plain":
                    run.plain = plain_mkdocs(work)
                else:
                    run.floor = measure_floor(work / "site", langs)
            row.runs.append(run)
        _measure_site(row, work / "site")
        if search and browser:
            row.search = first_search_bytes(work / "site", word)
        if saves:
            row.preview = preview_latency(work / "catalogue", saves)
        return row
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _record_build(row: Row, run: Run, built: dict[str, Any]) -> None:
    row.pages = built["pages"]
    run.total, run.timings = built["total"], built["timings"]
    row.rss_self_kb = max(row.rss_self_kb, built["rss_self_kb"])
    row.rss_child_kb = max(row.rss_child_kb, built["rss_child_kb"])
    row.rss_tree_kb = max(row.rss_tree_kb, built["rss_tree_kb"])


def _measure_site(row: Row, site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    row.site_files = len(files)
    row.site_bytes = sum(p.stat().st_size for p in files)
    row.pagefind_bytes = sum(
        p.stat().st_size for p in files if BUNDLE in p.relative_to(site).parts[:1]
    )
    row.measure_page_bytes = (site / "mesures" / KEY_MEASURE / "index.html").stat().st_size


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
        "--repeat",
        type=int,
        default=3,
        help="runs of each size, interleaved with the references (min and median are reported)",
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
            f"  medians: total {row.total:.1f} s "
            f"({', '.join(f'{k} {v:.1f}' for k, v in row.timings.items())}); "
            f"floor {_seconds(row.floor)} s; plain mkdocs {_seconds(row.plain)} s; "
            f"together {row.rss_tree_kb / 1024:,.0f} MB; preview {row.preview}",
            file=sys.stderr,
            flush=True,
        )
    command = (
        "python -m ciivs.tools.bench --sizes "
        + ",".join(map(str, sizes))
        + f" --out {Path(args.out).name}"
    )
    command += f" --repeat {args.repeat}"
    text = write_report(
        rows, Path(args.out), command, args.seed, args.word, time.perf_counter() - start
    )
    print(text)
    return 0


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


if __name__ == "__main__":
    sys.exit(main())
