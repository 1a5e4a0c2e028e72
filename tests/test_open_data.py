"""Open data as partners get it: files valid against the official HSDS 3.0 schemas, CSV that a
spreadsheet reads back, the licence everywhere, no personal e-mail in bulk, and the /donnees/ page."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.formats.plaintext import plain_text
from ciivs.opendata import files as exports
from ciivs.opendata.files import DATA_DIR, data_files, open_data_description
from conftest import CATALOGUE, LANGS, ROOT, expected_status
from sitekit import built_site  # noqa: F401

HSDS = ROOT / "tests" / "standards" / "hsds-3.0"
BASE = "https://catalogue.example.ch/"
ATOM = "{http://www.w3.org/2005/Atom}"


@cache
def hsds_validator(name: str) -> Draft202012Validator:
    """The official schema of one HSDS object, its `$ref`s resolved from the vendored files."""
    registry: Registry = Registry()
    for file in HSDS.glob("*.json"):
        schema = json.loads(file.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        registry = registry.with_resource(file.name, resource)
    schema = json.loads((HSDS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def hsds_errors(name: str, items: list[dict[str, Any]]) -> list[str]:
    validator = hsds_validator(name)
    return [
        f"item {i}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for i, item in enumerate(items)
        for e in validator.iter_errors(item)
    ]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


@pytest.fixture(scope="module")
def files(catalogue: Catalogue) -> dict[str, bytes]:
    return {f.name: f.content for f in data_files(catalogue, BASE)}


def _json(files: dict[str, bytes], name: str) -> Any:
    return json.loads(files[name].decode("utf-8"))


# --- HSDS ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_hsds_exports_are_valid_against_the_official_schemas(files, lang: str) -> None:
    services = _json(files, f"hsds-services.{lang}.json")
    organizations = _json(files, f"hsds-organizations.{lang}.json")
    assert services and organizations
    assert hsds_errors("service", services) == []
    assert hsds_errors("organization", organizations) == []


def test_the_schema_check_catches_a_broken_export(files) -> None:
    service = copy.deepcopy(_json(files, "hsds-services.fr.json")[0])
    service["status"] = "pilot"
    service["id"] = "formavenir"
    service["service_areas"] = [{"name": "Valais central"}]  # an area needs its id
    assert len(hsds_errors("service", [service])) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_services_carry_what_the_catalogue_knows(catalogue: Catalogue, files, lang: str) -> None:
    services = {s["id"]: s for s in _json(files, f"hsds-services.{lang}.json")}
    assert len(services) == len(catalogue.of("measures"))
    prefix = BASE if lang == "fr" else f"{BASE}de/"
    for measure in catalogue.of("measures"):
        service = services[measure["uuid"]]
        assert service["url"] == f"{prefix}mesures/{measure.id}/"
        assert service["name"] == measure["title"][lang]
        assert service["description"] == plain_text(measure["description"][lang])
        assert "](" not in service["description"] and "**" not in service["description"]
        areas = [a["name"] for a in service.get("service_areas", [])]
        assert areas == [
            catalogue.get("regions", r)["name"][lang] for r in measure.get("regions", [])
        ]
        terms = [a["taxonomy_term"] for a in service.get("attributes", [])]
        assert [t["name"] for t in terms] == [
            catalogue.get("target-groups", g)["name"][lang] for g in measure["target_groups"]
        ]
        assert all(a["link_type"] == "audience" for a in service.get("attributes", []))
        taxonomy = open_data_description()["taxonomy"]["name"][lang]
        assert all(t["taxonomy"] == taxonomy for t in terms)
        for field in ("minimum_age", "maximum_age"):
            assert service.get(field) == measure.get(field)
        reviewed = measure.get("last_reviewed")
        if reviewed and reviewed.count("-") == 2:
            assert service["assured_date"] == reviewed
        if "programme" in measure.data:
            programme = catalogue.get("programmes", measure["programme"])
            assert service["program"]["id"] == service["program_id"] == programme["uuid"]
        if measure.get("contact", {}).get("phone"):
            assert service["phones"][0]["number"] == measure["contact"]["phone"]
        assert [l["code"] for l in service.get("languages", [])] == measure.get("languages", [])


def test_programmes_are_published_with_their_organization(catalogue: Catalogue, files) -> None:
    organizations = _json(files, "hsds-organizations.fr.json")
    published = {p["id"] for o in organizations for p in o.get("programs", [])}
    assert published == {p["uuid"] for p in catalogue.of("programmes") if "responsible" in p.data}


def test_ids_are_the_stored_uuids_and_survive_a_rename(catalogue: Catalogue) -> None:
    before = {s["name"]: s["id"] for s in _services(catalogue)}
    measure = catalogue.of("measures")[0]
    renamed = copy.copy(catalogue)
    renamed.entries = {k: dict(v) for k, v in catalogue.entries.items()}
    moved = Entry("measures", measure.id + "-nouveau", measure.data, measure.path, measure.located)
    del renamed.entries["measures"][measure.id]
    renamed.entries["measures"][moved.id] = moved
    after = {s["name"]: s["id"] for s in _services(renamed)}
    assert after == before
    assert before[measure["title"]["fr"]] == measure["uuid"]


def test_a_language_open_data_yml_lacks_takes_the_default_languages_texts(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """open-data.yml is not part of the check: a language it has no text for (a new one) gets
    the default language's in its files, as an untranslated entry text would on a page."""
    default, other = (language.code for language in catalogue.languages[:2])
    about = copy.deepcopy(open_data_description())
    del about["taxonomy"]["name"][other], about["publisher"][other]
    monkeypatch.setattr(exports, "open_data_description", lambda: about)
    monkeypatch.setattr(exports, "_MEMO", {})
    files = {f.name: f.content for f in data_files(catalogue, BASE)}
    services = _json(files, f"hsds-services.{other}.json")
    terms = [a["taxonomy_term"] for s in services for a in s.get("attributes", [])]
    assert terms and {t["taxonomy"] for t in terms} == {about["taxonomy"]["name"][default]}
    feed = ET.fromstring(files[f"mesures.{other}.atom"])
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == about["publisher"][default]
    assert _json(files, "datapackage.json")["title"] == about["publisher"][default]


def _services(catalogue: Catalogue) -> list[dict[str, Any]]:
    [file] = [f for f in data_files(catalogue, BASE) if f.name == "hsds-services.fr.json"]
    return json.loads(file.content)


# --- CSV -------------------------------------------------------------------------------------------


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), (
        "no UTF-8 byte-order mark: Excel would garble accents"
    )
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("lang", LANGS)
def test_measures_csv_reads_back_one_row_per_measure(catalogue: Catalogue, files, lang) -> None:
    rows = read_csv(files[f"mesures.{lang}.csv"])
    described = open_data_description()["fields"]["mesures.{lang}.csv"]
    assert list(rows[0]) == list(described)
    by_id = {row["id"]: row for row in rows}
    assert sorted(by_id) == sorted(m.id for m in catalogue.of("measures"))
    for measure in catalogue.of("measures"):
        row = by_id[measure.id]
        assert all(value is not None for value in row.values()), "a row with too few columns"
        assert row["uuid"] == measure["uuid"]
        assert row["title"] == measure["title"][lang]
        assert row["summary"] == measure["summary"][lang]
        # What the page says: the editor's status while confirmed and within its planned end,
        # else "to confirm" (never a bare "active" for information nobody confirmed since).
        assert row["status"] == expected_status(measure, catalogue)[0]
        assert row["url"].endswith(f"mesures/{measure.id}/")
        groups = [catalogue.get("target-groups", g)["name"][lang] for g in measure["target_groups"]]
        assert row["target_groups"].split("; ") == groups
        assert (
            row["regions"].split("; ")
            == [catalogue.get("regions", r)["name"][lang] for r in measure.get("regions", [])]
            or row["regions"] == ""
        )
        assert row["minimum_age"] == str(measure.get("minimum_age", ""))
        assert row["contact_phone"] == measure.get("contact", {}).get("phone", "")
        assert row["description"] == plain_text(measure["description"][lang])


@pytest.mark.parametrize("lang", LANGS)
def test_institutions_csv_reads_back(catalogue: Catalogue, files, lang) -> None:
    rows = read_csv(files[f"institutions.{lang}.csv"])
    assert list(rows[0]) == list(open_data_description()["fields"]["institutions.{lang}.csv"])
    assert [r["id"] for r in rows] == [i.id for i in catalogue.of("institutions")]
    for row, institution in zip(rows, catalogue.of("institutions"), strict=True):
        assert row["name"] == institution["name"][lang]
        assert row["postcode"] == institution.get("address", {}).get("postcode", "")


# --- licence, privacy, datapackage -----------------------------------------------------------------


def test_every_file_names_the_licence(files) -> None:
    licence = open_data_description()["licence"]
    package = _json(files, "datapackage.json")
    assert package["licenses"][0]["path"] == licence["url"]
    described = {r["path"].split(f"/{DATA_DIR}/", 1)[1]: r for r in package["resources"]}
    assert set(described) == set(files) - {"datapackage.json"}  # it describes the others
    for name, content in files.items():
        if name == "datapackage.json":
            continue
        assert described[name]["bytes"] == len(content)
    assert _json(files, "catalogue.json")["licence"]["url"] == licence["url"]


def test_personal_emails_stay_out_of_bulk_data(catalogue: Catalogue) -> None:
    people = [p for p in catalogue.of("people") if "email" in p.data]
    if not people:
        pytest.skip("no person with an e-mail address in the catalogue")
    files = {f.name: f.content for f in data_files(catalogue, BASE)}
    for content in files.values():
        for person in people:
            assert person["email"].encode() not in content


def test_an_email_marked_public_is_published(catalogue: Catalogue) -> None:
    people = [p for p in catalogue.of("people") if "email" in p.data]
    if not people:
        pytest.skip("no person with an e-mail address in the catalogue")
    public = copy.copy(catalogue)
    public.entries = {k: dict(v) for k, v in catalogue.entries.items()}
    person = people[0]
    public.entries["people"][person.id] = Entry(
        "people", person.id, {**person.data, "email_public": True}, person.path, person.located
    )
    [file] = [f for f in data_files(public, BASE) if f.name == "catalogue.json"]
    assert person["email"].encode() in file.content


# --- the /donnees/ page ----------------------------------------------------------------------------


def _listed_files(soup: BeautifulSoup) -> dict[str, dict[str, str]]:
    """File name -> {format, size, date} as the page shows them (one list item per file)."""
    files = {}
    # The content's list items that start with a link to a file (not the language switch's).
    for link in soup.select(f'article li > a[href*="{DATA_DIR}/"]:first-child'):
        facts = [dd.get_text().strip() for dd in link.parent.find_all("dd")]
        files[link.get_text().strip()] = dict(
            zip(("format", "size", "updated"), facts, strict=True)
        )
    return files


@pytest.mark.parametrize("lang", LANGS)
def test_open_data_page_lists_every_file_with_its_size(built_site: Path, lang: str) -> None:
    page = built_site / ("" if lang == "fr" else "de") / DATA_DIR / "index.html"
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == lang
    listed = _listed_files(soup)
    other = "de" if lang == "fr" else "fr"
    # The files of the whole catalogue; those of one entry each (in sub-folders) are in a table.
    on_disk = {
        p.name for p in (built_site / DATA_DIR).iterdir() if p.is_file() and p.name != "index.html"
    }
    assert set(listed) == {n for n in on_disk if f".{other}." not in n}
    for name, facts in listed.items():
        size = (built_site / DATA_DIR / name).stat().st_size
        shown = float(re.sub(r"[^\d,]", "", facts["size"]).replace(",", "."))
        assert abs(shown - size / 1000) <= (0.05 if size < 10_000 else 0.5), (name, facts, size)
        assert re.search(r"\d{4}", facts["updated"]), f"no update date for {name}"
    licence = open_data_description()["licence"]
    assert soup.find("a", href=licence["url"], rel="license") is not None
    assert licence["attribution"][lang] in html
    for pattern in open_data_description()["fields"]:
        assert pattern.replace("{lang}", lang) in html
