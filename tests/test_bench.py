"""Smoke test of the benchmark. The benchmark itself (`make bench`) is not part of `make test`."""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.check import check_catalogue
from ciivs.tools import bench


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
