"""Smoke test of the benchmark. The benchmark itself (`make bench`) is not part of `make test`."""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.check import check_catalogue
from ciivs.tools import bench, bench_report


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yml"))}


def test_generated_catalogue_is_valid_and_the_same_for_the_same_seed(tmp_path):
    assert bench.generate_catalogue(tmp_path / "a", 30, seed=3) == 30
    bench.generate_catalogue(tmp_path / "b", 30, seed=3)
    catalogue, problems = check_catalogue(tmp_path / "a")
    assert not problems, [str(p) for p in problems]
    assert len(catalogue.of("measures")) == 30
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generated = [
        m
        for m in catalogue.of("measures")
        if not (bench.CATALOGUE / "measures" / f"{m.id}.yml").exists()
    ]
    assert len(generated) == 30 - len(list((bench.CATALOGUE / "measures").glob("*.yml")))
    for measure in generated:  # both languages, real references
        assert measure["title"]["fr"] and measure["title"]["de"]
        assert catalogue.get("institutions", measure["responsible"]) is not None


def test_a_small_run_produces_its_table_row(tmp_path):
    row = bench.run_size(20, seed=1, search=False, browser=False, keep=tmp_path)
    assert row.measures == 20 and row.pages > 0 and row.site_files > 0
    assert (
        set(row.timings) >= {"check", "render", "mkdocs", "extras"} and "search" not in row.timings
    )
    assert row.total > 0 and row.plain and row.plain > 0 and row.measure_page_bytes > 0
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("old\n\n## Notes\n\nkept by hand\n", encoding="utf-8")
    text = bench.write_report(
        [row], out, "python -m ciivs.tools.bench --sizes 20", seed=1, word="formation", seconds=1.0
    )
    assert text == out.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| measures |"))
    rows = [line for line in text.splitlines() if line.startswith("| 20 | ")]
    assert len(rows) == 1 and rows[0].count("|") == header.count("|")
    assert text.endswith("## Notes\n\nkept by hand\n")


def test_the_report_gives_min_and_median_of_each_figure_and_of_each_ratio_run_by_run(tmp_path):
    """Three runs of a size, each with its floor and plain MkDocs build: the table shows the
    minimum and the median of each, ratios are taken run by run, and the floor target compares
    medians."""
    runs = [
        bench_report.Run(30.0, {"render": 6.0}, plain=20.0, floor=bench_report.Floor(8.0, 2.0)),
        bench_report.Run(24.0, {"render": 5.0}, plain=30.0, floor=bench_report.Floor(10.0, 2.0)),
        bench_report.Run(27.0, {"render": 9.0}, plain=27.0, floor=bench_report.Floor(12.0, 3.0)),
    ]
    row = bench_report.Row(1000, pages=2000, runs=runs, measure_page_bytes=1)
    assert row.total == 27.0 and row.floor == 12.0 and row.plain == 27.0
    assert row.render_ms == 6.0 / 2000 * 1000
    cells = bench_report.table([row]).splitlines()[2].split(" | ")
    assert "24.0 / 27.0" in cells  # total
    assert "10.0 / 12.0" in cells  # floor
    assert "10.0 + 2.0" in cells  # its parts, medians
    assert "1.80 / 2.00" in cells  # total ÷ floor: 3.00, 2.00, 1.80
    assert "0.80 / 1.00" in cells  # total ÷ plain: 1.50, 0.80, 1.00
    [floor] = [t for t in bench_report.targets([row]) if "floor" in t[0]]
    assert floor[1].startswith("27.0 s ÷ 12.0 s = 2.25×") and floor[2] == "**miss**"
    [render] = [t for t in bench_report.targets([row]) if "render" in t[0]]
    assert render[2] == "**miss**"
