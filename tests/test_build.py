"""The whole build, in strict mode, into temporary folders: `ciivs.build.pipeline.build_site(Options(...))`.

Search is off for speed (Pagefind is tested on the real site). Each test works on its own copy of
the catalogue and of the URL manifest, so the committed files are never touched.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ciivs.build import pipeline as build_module
from ciivs.build.pipeline import BuildFailed, Options, build_site
from ciivs.catalogue.check import check_catalogue
from conftest import VALID, copy_catalogue, line_of, rename_entry

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "catalogue"
MANIFEST = CATALOGUE / "published-urls.txt"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\s]+\.yml):(?P<line>\d+): (?P<code>[A-Z_]+) \S")


def _options(tmp: Path, **changes) -> Options:
    return Options(site=tmp / "site", staging=tmp / "staging", search=False, **changes)


def _tree_hash(folder: Path) -> str:
    """One hash over every file's path and bytes (and every folder's path)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _copy_catalogue(tmp: Path) -> tuple[Path, Path]:
    """A writable copy of the catalogue and of its URL manifest."""
    catalogue = shutil.copytree(CATALOGUE, tmp / "catalogue")
    manifest = tmp / "published-urls.txt"
    shutil.copyfile(MANIFEST, manifest)
    return catalogue, manifest


def _copy_fixture(tmp: Path) -> tuple[Path, Path]:
    """A writable copy of the valid fixture catalogue, whose files the tests may name."""
    catalogue = copy_catalogue(VALID, tmp / "catalogue")
    manifest = tmp / "published-urls.txt"
    manifest.write_text("", encoding="utf-8")
    return catalogue, manifest


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site"))


def _refresh_target(index: Path) -> str:
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})
    assert meta is not None, f"{index} is not a redirect page"
    delay, _, target = str(meta["content"]).partition(";")
    assert delay.strip() == "0" and target.strip().lower().startswith("url="), meta
    return target.strip()[4:]


def _resolve(url: str, relative: str) -> str:
    from urllib.parse import urljoin

    return urljoin("http://x.invalid" + url, relative).removeprefix("http://x.invalid")


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    """The committed catalogue built once, strictly, with MkDocs' output recorded.

    Built sequentially (one `mkdocs build`) to record that command; test_parallel_build.py shows
    that the default parallel build publishes the same site and is as strict."""
    tmp = tmp_path_factory.mktemp("clean")
    outputs: list[subprocess.CompletedProcess] = []
    real_run = subprocess.run

    def recording_run(*args, **kwargs):
        result = real_run(*args, **kwargs)
        outputs.append(result)
        return result

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module.subprocess, "run", recording_run)
        report = build_site(_options(tmp, parallel=False))
    return tmp, report, outputs


def test_clean_build_is_strict_and_has_no_warning(clean_build) -> None:
    tmp, report, outputs = clean_build
    site = tmp / "site"
    mkdocs = [r for r in outputs if "mkdocs" in r.args]
    assert len(mkdocs) == 1, "the build runs MkDocs once (static-i18n builds both languages)"
    assert "--strict" in mkdocs[0].args, "MkDocs must run in strict mode: a warning stops the build"
    assert mkdocs[0].returncode == 0
    # --quiet would hide warnings from strict mode's count (see the next test).
    assert "--quiet" not in mkdocs[0].args and "-q" not in mkdocs[0].args
    output = (mkdocs[0].stdout or "") + (mkdocs[0].stderr or "")
    noisy = [l for l in output.splitlines() if l.strip() and not l.startswith("INFO")]
    assert noisy == [], "zero warnings:\n" + "\n".join(noisy)
    assert set(report.timings) >= {"check", "render", "mkdocs", "extras", "urls"}
    assert "search" not in report.timings
    assert (site / "index.html").is_file() and (site / "de" / "index.html").is_file()
    assert (site / "sitemap.xml").is_file() and (site / "donnees" / "catalogue.json").is_file()
    # Every entry in both languages, and the committed URL promise holds.
    catalogue, problems = check_catalogue(CATALOGUE)
    assert not problems
    from ciivs.catalogue.kinds import SECTIONS

    for entry in catalogue.all():
        for prefix in ("", "de/", "fr/"):
            assert (site / prefix / SECTIONS[entry.kind] / entry.id / "index.html").is_file()
    assert _leftovers(tmp) == [], "no temporary build folder is left behind"


def test_a_warning_fails_the_build_and_keeps_the_site(clean_build, tmp_path: Path) -> None:
    """Strict mode: a hand-written page with a broken link stops the build."""
    site = tmp_path / "site"
    shutil.copytree(clean_build[0] / "site", site)
    before = _tree_hash(site)
    docs = shutil.copytree(ROOT / "docs", tmp_path / "docs")
    page = docs / "fr" / "a-propos.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n\n[Perdu](page-qui-n-existe-pas.md)\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(_options(tmp_path, docs=docs))
    text = "\n".join(failed.value.lines)
    assert all(line.startswith("mkdocs: ") for line in failed.value.lines), text
    assert any(
        "WARNING" in line and "page-qui-n-existe-pas.md" in line for line in failed.value.lines
    ), text
    assert _tree_hash(site) == before
    assert _leftovers(tmp_path) == []


def _removable_measure(catalogue: Path) -> str:
    """Remove a measure, its easy-read text and the references to it; return its id. Only their
    URLs are lost."""
    measure = sorted(p.stem for p in (catalogue / "measures").glob("*.yml"))[0]
    (catalogue / "measures" / f"{measure}.yml").unlink()
    for easy in (catalogue / "easy-read").glob("*.yml"):
        if f"\nmeasure: {measure}\n" in easy.read_text(encoding="utf-8"):
            easy.unlink()
    for file in catalogue.rglob("*.yml"):
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [l for l in lines if l.strip() not in (f"- measures/{measure}",)]
        if kept != lines:
            file.write_text("".join(kept), encoding="utf-8")
    return measure


def test_removing_a_published_entry_fails_with_url_removed(clean_build, tmp_path: Path) -> None:
    catalogue, manifest = _copy_catalogue(tmp_path)
    measure = _removable_measure(catalogue)
    promise = (catalogue / "published-urls.txt").read_text(encoding="utf-8").splitlines()
    assert f"/mesures/{measure}/" in promise
    site = tmp_path / "site"
    shutil.copytree(clean_build[0] / "site", site)
    before = _tree_hash(site)
    with pytest.raises(BuildFailed) as failed:
        build_site(_options(tmp_path, catalogue=catalogue, manifest=manifest))
    lines = failed.value.lines
    # The check stops the build before anything is rendered, at the line that promised the page
    # (no new measure took its place, so no entry is a likely heir).
    lost = [u for u in (f"/mesures/{measure}/", f"/facile-a-lire/{measure}/") if u in promise]
    expected = [
        f"catalogue/published-urls.txt:{promise.index(url) + 1}: URL_REMOVED " for url in lost
    ]
    assert [l for l in lines[:-1] if not l.startswith(tuple(expected))] == [], lines
    assert len(lines) == len(lost) + 1, f"one problem per lost page, then the count:\n{lines}"
    assert f"former_ids: [{measure}]" in lines[0], "the line tells the editor what to do"
    assert _tree_hash(site) == before, "a failed build leaves the site folder byte-identical"
    assert _leftovers(tmp_path) == []


def test_renaming_with_former_ids_redirects_and_passes(tmp_path: Path) -> None:
    catalogue, manifest = _copy_catalogue(tmp_path)
    old = sorted(p.stem for p in (catalogue / "measures").glob("*.yml"))[-1]
    new = f"{old}-renomme"
    rename_entry(catalogue, "measures", old, new)
    _, problems = check_catalogue(catalogue)
    assert not problems, "\n".join(map(str, problems))

    report = build_site(_options(tmp_path, catalogue=catalogue, manifest=manifest))
    site = tmp_path / "site"
    # The new pages (and any other page made for the measure) are new; nothing else is.
    assert set(report.new_urls) >= {f"/mesures/{new}/", f"/de/mesures/{new}/"}
    # (and its data files, /donnees/mesures/<new>.<lang>.json)
    assert all(f"/{new}/" in url or f"/{new}." in url for url in report.new_urls), report.new_urls
    for prefix, lang in (("/", "fr"), ("/de/", "de"), ("/fr/", "fr")):
        old_url, new_url = (
            f"{prefix}mesures/{old}/",
            f"{'/de/' if lang == 'de' else '/'}mesures/{new}/",
        )
        index = site / old_url.strip("/") / "index.html"
        assert index.is_file(), f"{old_url} must keep working"
        assert f'<html lang="{lang}">' in index.read_text(encoding="utf-8")
        assert _resolve(old_url, _refresh_target(index)) == new_url, (
            f"{old_url} must lead to {new_url}"
        )
        assert (site / new_url.strip("/") / "index.html").is_file()
        assert "noindex" in index.read_text(encoding="utf-8")
    # The new French page is mirrored under /fr/ like every other.
    mirror = site / "fr" / "mesures" / new / "index.html"
    assert _resolve(f"/fr/mesures/{new}/", _refresh_target(mirror)) == f"/mesures/{new}/"


def test_catalogue_problems_stop_the_build_and_keep_the_site(clean_build, tmp_path: Path) -> None:
    catalogue, manifest = _copy_fixture(tmp_path)
    site = tmp_path / "site"
    shutil.copytree(clean_build[0] / "site", site)
    before = _tree_hash(site)
    staging = tmp_path / "staging"
    # Two defects in two files: every problem is reported at once, each at its line.
    formavenir = catalogue / "measures" / "formavenir.yml"
    formavenir.write_text(
        formavenir.read_text(encoding="utf-8").replace(
            "responsible: sas\n", "responsible: service-inconnu\n"
        ),
        encoding="utf-8",
    )
    sas = catalogue / "institutions" / "sas.yml"
    sas.write_text(
        sas.read_text(encoding="utf-8").replace("kind: service\n", "kind: galaxy\n"),
        encoding="utf-8",
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(_options(tmp_path, catalogue=catalogue, manifest=manifest, display="catalogue"))
    lines = failed.value.lines
    problems = [PROBLEM_LINE.match(l) for l in lines[:-1]]
    assert all(problems), lines
    found = {(m["path"], int(m["line"]), m["code"]) for m in problems}
    assert (
        "catalogue/measures/formavenir.yml",
        line_of(catalogue, "measures/formavenir.yml", "responsible:"),
        "UNKNOWN_REFERENCE",
    ) in found, lines
    assert (
        "catalogue/institutions/sas.yml",
        line_of(catalogue, "institutions/sas.yml", "kind:"),
        "BAD_VALUE",
    ) in found, lines
    assert re.fullmatch(
        r"\d+ problems? found; the site was not built and the previous one is unchanged\.",
        lines[-1],
    )
    assert _tree_hash(site) == before, "a failed build leaves the site folder byte-identical"
    assert not staging.exists(), "the check stage stops before anything is rendered"
    assert _leftovers(tmp_path) == []


def test_command_line_reports_problems_without_traceback(clean_build, tmp_path: Path) -> None:
    """`python -m ciivs site` as an editor runs it: problem lines, exit code 1, the old site kept."""
    import os
    import sys

    catalogue, _ = _copy_fixture(tmp_path)
    file = catalogue / "measures" / "formavenir.yml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("minimum_age: 15", "minimum_age: 40"),
        encoding="utf-8",
    )
    site = shutil.copytree(clean_build[0] / "site", tmp_path / "site")
    before = _tree_hash(site)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ciivs",
            "site",
            "--catalogue",
            str(catalogue),
            "--site-dir",
            str(site),
            "--no-search",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    found = re.search(
        rf"^{re.escape(str(catalogue))}/measures/formavenir\.yml:(\d+): AGE_ORDER ",
        result.stderr,
        re.M,
    )
    assert found, result.stderr
    # The editor is sent to one of the two ages that disagree.
    ages = {
        line_of(catalogue, "measures/formavenir.yml", f"{key}:")
        for key in ("minimum_age", "maximum_age")
    }
    assert int(found.group(1)) in ages
    assert result.stderr.strip().splitlines()[-1].startswith("1 problem found;")
    assert _tree_hash(site) == before
