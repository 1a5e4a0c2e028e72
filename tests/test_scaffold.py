"""`make new`: a commented template per kind, refused when it cannot be right, and a new measure
made with it, once filled in, shows in both languages, in the lists, its group's page and search."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.identity import UUID_PATTERN
from ciivs.catalogue.model import KINDS
from ciivs.editors.scaffold import PLACEHOLDER, template, write_new
from sitekit import browser, serve  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONIOENCODING": "utf-8"}


def ciivs(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ciivs", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


def placeholders(value: object) -> int:
    """How many values of a loaded template are still the placeholder."""
    if isinstance(value, dict):
        return sum(placeholders(v) for v in value.values())
    if isinstance(value, list):
        return sum(placeholders(v) for v in value)
    return int(value == PLACEHOLDER)


@pytest.mark.parametrize("kind", KINDS)
def test_template_is_valid_yaml_with_every_required_field_to_fill(kind: str) -> None:
    data = yaml.safe_load(template(kind, "nouvelle-entree"))
    schema = yaml.safe_load((ROOT / "catalogue" / "schemas" / f"{kind}.schema.json").read_text())
    assert data["id"] == "nouvelle-entree"
    assert set(data) == set(schema["required"]) - {"uuid"}
    assert placeholders(data) >= len(schema["required"]) - 1


@pytest.mark.parametrize("kind", KINDS)
def test_unfilled_template_of_every_kind_names_every_placeholder(kind: str, valid_copy: Path):
    path = write_new(valid_copy, kind, "nouvelle-entree")
    _, problems = check_catalogue(valid_copy)
    assert all(f"{kind}/nouvelle-entree.yml:" in str(found) for found in problems)
    left = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
            if PLACEHOLDER in line and not line.lstrip().startswith("#")]  # fmt: skip
    named = {found.line for found in problems if found.code == "PLACEHOLDER"}
    # A block text (`fr: |`) has its placeholder on the line below its key.
    assert all(n in named or n - 1 in named for n in left), (left, sorted(named))


def test_new_from_the_command_line_writes_the_file(valid_copy: Path) -> None:
    made = ciivs("new", "measures", "nouvelle-entree", "--catalogue", str(valid_copy))
    assert made.returncode == 0, made.stderr
    assert "measures/nouvelle-entree.yml" in made.stdout
    written = yaml.safe_load((valid_copy / "measures" / "nouvelle-entree.yml").read_text("utf-8"))
    assert UUID_PATTERN.match(written["uuid"])
    checked = ciivs("check", str(valid_copy))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr


@pytest.mark.parametrize(
    ("kind", "entry_id", "says"),
    [
        ("mesures", "essai", "unknown kind"),
        ("measures", "Essai_1", "not a valid id"),
        ("measures", None, "already exists"),  # None: an id the copy already has
    ],
)
def test_new_refuses_what_cannot_be_right(kind, entry_id, says, valid_copy: Path) -> None:
    entry_id = entry_id or next((valid_copy / "measures").glob("*.yml")).stem
    before = {p: p.read_bytes() for p in valid_copy.rglob("*") if p.is_file()}
    result = ciivs("new", kind, entry_id, "--catalogue", str(valid_copy))
    assert result.returncode == 1
    assert says in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in valid_copy.rglob("*") if p.is_file()} == before


def _fill(path: Path, catalogue: Path) -> dict:
    """Fill a new measure's template as an editor would, with ids that exist in the catalogue."""
    found, problems = check_catalogue(catalogue)
    assert not [p for p in problems if "nouvelle-mesure" not in str(p)]
    group = next(iter(found.entries["target-groups"]))
    institution = next(iter(found.entries["institutions"]))
    article = next(iter(found.entries["articles"]))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data |= {
        "title": {"fr": "Atelier Zéphyrin", "de": "Werkstatt Zephyrin"},
        "german_name": "likely",
        "summary": {"fr": "Un atelier d'essai.", "de": "Eine Probewerkstatt."},
        "description": {"fr": "Un atelier **zéphyrin**.", "de": "Eine **Zephyrin**-Werkstatt."},
        "status": "active",
        "phase": "pilot",
        "application_process": {"fr": "Demandez à l'ORP.", "de": "Fragen Sie beim RAV."},
        "cost": {"free": True},
        "target_groups": [group],
        "responsible": institution,
        "sources": [article],
    }
    text = path.read_text(encoding="utf-8").split("\nid:")[0] + "\n"
    path.write_text(text + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return data


@pytest.mark.browser
def test_new_measure_filled_in_appears_everywhere(tmp_path: Path, browser) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(ROOT / "catalogue", catalogue)
    assert (
        ciivs("new", "measures", "nouvelle-mesure", "--catalogue", str(catalogue)).returncode == 0
    )
    data = _fill(catalogue / "measures" / "nouvelle-mesure.yml", catalogue)
    checked = ciivs("check", str(catalogue))
    assert checked.returncode == 0, checked.stderr
    site = tmp_path / "site"
    built = ciivs(
        "site", "--catalogue", str(catalogue), "--site-dir", str(site),
        "--staging-dir", str(tmp_path / "staging"),
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    group = data["target_groups"][0]
    for prefix, lang in (("", "fr"), ("/de", "de")):
        measure = (
            site / prefix.strip("/") / "mesures" / "nouvelle-mesure" / "index.html"
        ).read_text()
        assert data["title"][lang] in measure
        for listing in ("mesures", f"publics/{group}"):
            page = (site / prefix.strip("/") / listing / "index.html").read_text()
            assert f"{prefix}/mesures/nouvelle-mesure/" in page or "nouvelle-mesure/" in page

    httpd, base = serve(site)
    pg = browser.new_page()
    try:
        for prefix, word in (("", "zephyrin"), ("/de", "Zephyrin")):
            pg.goto(f"{base}{prefix}/recherche/?q={quote(word)}")
            first = pg.locator("[data-ciivs-search-results] a").first
            first.wait_for(timeout=15_000)
            assert f"{prefix}/mesures/nouvelle-mesure/" in first.get_attribute("href")
    finally:
        pg.close()
        httpd.shutdown()
