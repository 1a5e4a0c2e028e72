"""The benchmark's results and BENCHMARKS.md: what each size measured, the table, the targets.

`tools/bench.py` measures; this module only holds and reports. Each size is built several
times, interleaved with its references (a plain MkDocs build, the machine's floor), so every
figure has a minimum and a median, and every ratio is taken run by run: on a shared machine a
slow moment then weighs on both sides of a ratio, not on one.
"""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ciivs import paths

KEY_MEASURE = "formavenir"  # a real measure: its page must not grow with N
STAGES = ("check", "render", "mkdocs", "extras", "search", "policy", "urls")
TARGETS: dict[str, Any] = {
    # The whole build against the machine's floor (Pagefind alone and writing the files).
    "floor_at": 1000,
    "floor_ratio": 2.0,
    "floor_moonshot": 1.5,
    "render_at": 1000,
    "render_ms": 2.5,  # wall clock per generated page
    # Median seconds from a save to the page showing it; "real": the committed catalogue's size.
    "preview_s": {"real": 0.5, 5000: 2.0},
    "memory_at": 5000,
    "memory_mb": 2700,
    "search_at": 5000,
    "search_gzip_kb": 150,
    "search_gzip_kb_at_least": 200,
    "growth_from": 1000,
    "growth_to": 5000,
    "growth": 5.0,
}
NOTES_HEADING = "## Notes"


@dataclass(frozen=True)
class Floor:
    """What a build of this site cannot go below on this machine: Pagefind alone over the built
    site, language by language, and writing the site's files (from memory into a new folder)."""

    search: float
    write: float

    @property
    def total(self) -> float:
        return self.search + self.write


@dataclass
class Run:
    """One round at one size: the build, and its references measured beside it."""

    total: float
    timings: dict[str, float]
    plain: float | None = None
    floor: Floor | None = None


@dataclass
class Row:
    measures: int
    pages: int = 0
    runs: list[Run] = field(default_factory=list)
    rss_self_kb: int = 0
    rss_child_kb: int = 0
    rss_tree_kb: int = 0
    preview: list[float] = field(default_factory=list)
    site_bytes: int = 0
    site_files: int = 0
    pagefind_bytes: int = 0
    measure_page_bytes: int = 0
    search: dict[str, Any] | None = None

    def spread(self, value: Callable[[Run], float | None]) -> tuple[float, float] | None:
        """(minimum, median) of a figure over the runs that have it."""
        found = [v for v in map(value, self.runs) if v is not None]
        return (min(found), statistics.median(found)) if found else None

    def median(self, value: Callable[[Run], float | None]) -> float | None:
        found = self.spread(value)
        return found[1] if found else None

    @property
    def total(self) -> float:
        return self.median(lambda r: r.total) or 0.0

    @property
    def plain(self) -> float | None:
        return self.median(lambda r: r.plain)

    @property
    def floor(self) -> float | None:
        return self.median(lambda r: r.floor.total if r.floor else None)

    @property
    def timings(self) -> dict[str, float]:
        """Each stage's median."""
        names = dict.fromkeys(name for run in self.runs for name in run.timings)
        return {
            name: statistics.median([r.timings[name] for r in self.runs if name in r.timings])
            for name in names
        }

    @property
    def render_ms(self) -> float | None:
        """The render stage's median, wall clock, per generated page."""
        render = self.timings.get("render")
        return render / self.pages * 1000 if render is not None and self.pages else None


def _s(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.1f}"


def _kb(size: int | None) -> str:
    return "–" if size is None else f"{size / 1000:,.0f}"


def _spread(found: tuple[float, float] | None, digits: int = 1) -> str:
    return "–" if found is None else f"{found[0]:.{digits}f} / {found[1]:.{digits}f}"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table, one row per size."""
    columns = [
        "measures",
        "pages",
        *STAGES,
        "total s",
        "floor s",
        "floor: Pagefind + write s",
        "total ÷ floor",
        "plain mkdocs s",
        "total ÷ plain",
        "render ms/page",
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
        timings = r.timings
        floor_search = r.median(lambda run: run.floor.search if run.floor else None)
        floor_write = r.median(lambda run: run.floor.write if run.floor else None)
        cells = [
            f"{r.measures:,}",
            f"{r.pages:,}",
            *(_s(timings.get(st)) for st in STAGES),
            _spread(r.spread(lambda run: run.total)),
            _spread(r.spread(lambda run: run.floor.total if run.floor else None)),
            "–" if floor_search is None else f"{floor_search:.1f} + {floor_write:.1f}",
            _spread(r.spread(lambda run: run.total / run.floor.total if run.floor else None), 2),
            _spread(r.spread(lambda run: run.plain)),
            _spread(r.spread(lambda run: run.total / run.plain if run.plain else None), 2),
            "–" if r.render_ms is None else f"{r.render_ms:.2f}",
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
    t = TARGETS
    return [
        *_floor_target(by.get(t["floor_at"])),
        *_render_target(by.get(t["render_at"])),
        *_preview_targets(rows, by),
        *_memory_target(by.get(t["memory_at"])),
        *_growth_target(by.get(t["growth_from"]), by.get(t["growth_to"])),
        *_page_size_target(rows),
        *_search_target(by.get(t["search_at"])),
    ]


Target = list[tuple[str, str, str]]


def _floor_target(r: Row | None) -> Target:
    t = TARGETS
    if r is None or r.floor is None:
        return []
    ratio = r.total / r.floor
    result = (
        f"pass (moonshot ≤ {t['floor_moonshot']}× met)"
        if ratio <= t["floor_moonshot"]
        else _ok(ratio <= t["floor_ratio"])
    )
    return [
        (
            f"at {r.measures:,} measures the pipeline's median is ≤ {t['floor_ratio']}× the "
            f"floor's median (moonshot {t['floor_moonshot']}×)",
            f"{r.total:.1f} s ÷ {r.floor:.1f} s = {ratio:.2f}× ({len(r.runs)} runs)",
            result,
        )
    ]


def _render_target(r: Row | None) -> Target:
    if r is None or r.render_ms is None:
        return []
    limit = TARGETS["render_ms"]
    return [
        (
            f"at {r.measures:,} measures render takes ≤ {limit} ms a page, wall clock (median)",
            f"{r.timings['render']:.1f} s ÷ {r.pages:,} pages = {r.render_ms:.2f} ms",
            _ok(r.render_ms <= limit),
        )
    ]


def _preview_targets(rows: list[Row], by: dict[int, Row]) -> Target:
    out = []
    real = len(list((paths.CATALOGUE / "measures").glob("*.yml")))
    limits = {real if key == "real" else key: limit for key, limit in TARGETS["preview_s"].items()}
    for r in rows:
        if not r.preview:
            continue
        median = statistics.median(r.preview)
        saves = ", ".join(f"{x:.2f}" for x in r.preview)
        if r.measures in limits:
            out.append(
                (
                    f"save → preview shows the change, {r.measures:,} measures: median ≤ "
                    f"{limits[r.measures]} s",
                    f"{median:.2f} s (saves: {saves})",
                    _ok(median <= limits[r.measures]),
                )
            )
        else:
            out.append(
                (
                    f"(measured) save → preview shows the change, {r.measures:,} measures",
                    f"median {median:.2f} s",
                    "–",
                )
            )
    return out


def _memory_target(r: Row | None) -> Target:
    limit = TARGETS["memory_mb"]
    if r is None or not r.rss_tree_kb:
        return []
    return [
        (
            f"at {r.measures:,} measures the processes alive together peak ≤ {limit / 1000} GB",
            f"{r.rss_tree_kb / 1024 / 1000:.2f} GB",
            _ok(r.rss_tree_kb / 1024 <= limit),
        )
    ]


def _growth_target(a: Row | None, b: Row | None) -> Target:
    if a is None or b is None:
        return []
    growth = b.total / a.total
    return [
        (
            f"{a.measures:,} → {b.measures:,} measures ({b.measures // a.measures}× more): "
            f"build time grows ≤ {TARGETS['growth']}× (medians)",
            f"{a.total:.1f} s → {b.total:.1f} s = {growth:.2f}×",
            _ok(growth <= TARGETS["growth"]),
        )
    ]


def _page_size_target(rows: list[Row]) -> Target:
    if len(rows) < 2:
        return []
    sizes = [r.measure_page_bytes for r in rows]
    return [
        (
            f"the HTML of a measure page (/mesures/{KEY_MEASURE}/) does not grow with N",
            " → ".join(f"{s:,} B" for s in sizes),
            _ok(max(sizes) <= min(sizes) * 1.01),
        )
    ]


def _search_target(r: Row | None) -> Target:
    if r is None or not r.search:
        return []
    t = TARGETS
    every = r.search["all_gzip_bytes"] / 1000
    result = (
        "pass"
        if every <= t["search_gzip_kb"]
        else ("pass (at least)" if every <= t["search_gzip_kb_at_least"] else _ok(False))
    )
    return [
        (
            f"at {r.measures:,} measures the first search page (HTML, CSS, JS, Pagefind), gzip, "
            f"≤ {t['search_gzip_kb']} KB (at least ≤ {t['search_gzip_kb_at_least']} KB)",
            f"{every:,.0f} KB ({r.search['requests']} requests; Pagefind "
            f"{r.search['pagefind_bytes'] / 1000:,.0f} KB in {r.search['pagefind_requests']}, "
            f"{r.search['all_bytes'] / 1000:,.0f} KB uncompressed in all)",
            result,
        )
    ]


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
    rows: list[Row], out: Path, command: str, seed: int, word: str, seconds: float
) -> str:
    """Write BENCHMARKS.md (its Notes section is kept) and return its text."""
    chromium = next((r.search["chromium"] for r in rows if r.search), None)
    runs = max((len(r.runs) for r in rows), default=1)
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
        f"Times in seconds, wall clock, {runs} run{'s' if runs > 1 else ''} of each size: the build, "
        "a plain MkDocs build and the floor in turn, in an order that changes from run to run. "
        "*a / b*: minimum / median over the runs; a ratio is taken run by run, then its minimum "
        "and median. Stages: medians. *pages*: pages generated (both languages). *total*: check → "
        "render → mkdocs → extras → search → policy → urls, as `make site`. *floor*: what this "
        "machine needs at least for this site, Pagefind alone over the built site (language by "
        "language, as the build runs it) plus writing the site's files from memory into a new "
        "folder. *plain mkdocs*: `mkdocs build --strict` of the same staged Markdown with the hooks "
        "idle (every page through Markdown). *render ms/page*: the render stage's median per page. "
        "*peak MB*: peak resident memory of the build process (check, render, extras) and of its "
        "largest child process (MkDocs or Pagefind); *together*: the highest sum, every 50 ms, of "
        "the build and all its descendants. *index KB*: the `pagefind/` folder. *first search*: "
        "what Chromium downloads to show `/recherche/?q="
        + word
        + "` (served without HTTP compression; *gzip* estimates what a compressing host sends). "
        "The build keeps QR codes in a cache folder: the first run of a size draws them, the "
        "others read them, as an editor's second build does.",
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
