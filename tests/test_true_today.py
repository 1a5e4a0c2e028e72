"""One status for a reader, in every output: a measure past its planned end without a new
confirmation reads "Information de 2023 – à confirmer" on its page, in search, the list, the
printed sheet, JSON-LD, HSDS, CSV, Atom and CPSV-AP; one ended at its planned end reads "ended as
planned" everywhere. The catalogue is the valid fixture, built once with a fixed day."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from ciivs.build.pipeline import Options, build_site
from conftest import LANGS, ROOT, VALID, copy_catalogue, edit

TODAY = "2026-12-06"
SOURCE_YEAR = "2023"  # the fixture article's publication, which the information dates from
ENDED_YEAR = "2025"  # the planned end of the measure that ended as planned
LABELS = {
    lang: yaml.safe_load((ROOT / "catalogue" / "labels" / f"{lang}.yml").read_text("utf-8"))
    for lang in LANGS
}
ATOM = "{http://www.w3.org/2005/Atom}"


def unconfirmed(lang: str) -> str:
    """What every output says of the measure to confirm, from the labels file."""
    return LABELS[lang]["badge_unconfirmed"].format(date=SOURCE_YEAR)


def ended_as_planned(lang: str) -> str:
    return LABELS[lang]["badge_ended_as_planned"].format(date=ENDED_YEAR)


def _catalogue(folder: Path) -> Path:
    root = copy_catalogue(VALID, folder)
    shutil.copytree(ROOT / "catalogue" / "labels", root / "labels")
    measure = "measures/formavenir.yml"
    # Planned end passed and no confirmation since: to confirm, dated by its 2023 source.
    text = (root / measure).read_text("utf-8")
    kept = [l for l in text.splitlines() if not l.startswith(("last_reviewed:", "confirmed_by:"))]
    (root / measure).write_text("\n".join(kept) + "\n", encoding="utf-8")
    edit(root, "articles/formavenir.yml", "order: 1\n", f'order: 1\npublished: "{SOURCE_YEAR}"\n')
    # A second measure, ended at its planned end.
    text = (root / measure).read_text("utf-8")
    text = text.replace("id: formavenir", "id: fin-prevue").replace(
        "status: active", "status: ended"
    )
    text = text.replace('valid_to: "2026-07"', f'valid_to: "{ENDED_YEAR}"')
    old_uuid = next(line for line in text.splitlines() if line.startswith("uuid:"))
    text = text.replace(old_uuid, f"uuid: {uuid.uuid5(uuid.NAMESPACE_URL, 'fin-prevue')}")
    (root / "measures" / "fin-prevue.yml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("true-today")
    options = Options(
        catalogue=_catalogue(work / "catalogue"),
        docs=ROOT / "docs",
        staging=work / "staging",
        site=work / "site",
        manifest=None,
        display="catalogue",
    )
    before = os.environ.get("CIIVS_TODAY")
    os.environ["CIIVS_TODAY"] = TODAY
    try:
        build_site(options)
    finally:
        if before is None:
            del os.environ["CIIVS_TODAY"]
        else:
            os.environ["CIIVS_TODAY"] = before
    return options.site


def _page(site: Path, lang: str, path: str) -> BeautifulSoup:
    prefix = "" if lang == LANGS[0] else f"{lang}/"
    html = (site / prefix / path / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


CASES = [
    ("formavenir", "unconfirmed", unconfirmed),
    ("fin-prevue", "ended_as_planned", ended_as_planned),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("measure", "code", "words"), CASES)
def test_the_page_search_and_list_say_it(
    site: Path, lang: str, measure: str, code: str, words
) -> None:
    page = _page(site, lang, f"mesures/{measure}/")
    badge = page.select_one(f".ciivs-badge--{code}")
    assert badge is not None and badge.get_text(strip=True) == words(lang)
    meta = [s["data-pagefind-meta"] for s in page.select("[data-pagefind-meta^='status:']")]
    assert meta == [f"status:{words(lang).replace(',', '')}"]
    listed = _page(site, lang, "mesures/")
    card = next(
        li for li in listed.select(".ciivs-card") if li.select_one(f"a[href$='{measure}/']")
    )
    assert card.select_one(f".ciivs-badge--{code}").get_text(strip=True) == words(lang)
    # Its filter value is the same status.
    assert f"status-{code}" in str(listed)


@pytest.mark.parametrize("lang", LANGS)
def test_the_printed_sheet_and_json_ld_say_it(site: Path, lang: str) -> None:
    page = _page(site, lang, "mesures/formavenir/")
    sheet = page.select_one(".ciivs-print-sheet__text").get_text(" ", strip=True)
    assert unconfirmed(lang) in sheet
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert data["disambiguatingDescription"] == unconfirmed(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_hsds_csv_and_atom_say_it(site: Path, lang: str) -> None:
    data = site / "donnees"
    services = {
        s["url"].rstrip("/").rsplit("/", 1)[1]: s
        for s in json.loads((data / f"hsds-services.{lang}.json").read_text("utf-8"))
    }
    assert services["formavenir"]["status"] == "inactive"
    assert services["formavenir"]["alert"] == unconfirmed(lang)
    assert services["fin-prevue"]["status"] == "defunct"
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO((data / f"mesures.{lang}.csv").read_text("utf-8-sig")))
    }
    assert rows["formavenir"]["status"] == "unconfirmed"
    assert rows["formavenir"]["status_note"] == unconfirmed(lang)
    assert rows["formavenir"]["information_as_of"] == SOURCE_YEAR
    assert rows["fin-prevue"]["status"] == "ended_as_planned"
    assert rows["fin-prevue"]["status_note"] == ended_as_planned(lang)
    feed = ET.parse(data / f"mesures.{lang}.atom").getroot()
    categories = {
        e.findtext(f"{ATOM}id"): e.find(f"{ATOM}category").attrib for e in feed.iter(f"{ATOM}entry")
    }
    assert {"term": "unconfirmed", "label": unconfirmed(lang)} in categories.values()
    assert {"term": "ended_as_planned", "label": ended_as_planned(lang)} in categories.values()


def test_cpsv_ap_claims_no_status_it_does_not_know(site: Path) -> None:
    graph = json.loads((site / "donnees" / "cpsv-ap.jsonld").read_text("utf-8"))["@graph"]
    services = {n["dct:identifier"]: n for n in graph if n.get("@type") == "cpsv:PublicService"}
    fixtures = {
        yaml.safe_load((site.parent / "catalogue" / "measures" / f"{m}.yml").read_text("utf-8"))[
            "id"
        ]: yaml.safe_load((site.parent / "catalogue" / "measures" / f"{m}.yml").read_text("utf-8"))[
            "uuid"
        ]
        for m in ("formavenir", "fin-prevue")
    }
    unknown = services[fixtures["formavenir"]]
    assert "adms:status" not in unknown
    descriptions = {d["@language"]: d["@value"] for d in unknown["dct:description"]}
    for lang, text in descriptions.items():
        assert text.startswith(unconfirmed(lang))
    ended = services[fixtures["fin-prevue"]]
    assert ended["adms:status"]["@id"].endswith("/Withdrawn")
