"""Linked data partners and search engines read: the CPSV-AP 3.2.0 export checked with the
official SHACL shapes, and the schema.org JSON-LD of measure and institution pages."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pyshacl
import pytest
import rdflib
from bs4 import BeautifulSoup

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.model import Entry
from ciivs.catalogue.urls import PREVIEW_URL
from ciivs.opendata.files import data_files
from conftest import CATALOGUE, ROOT
from sitekit import built_site  # noqa: F401

SHAPES = ROOT / "tests" / "standards" / "cpsv-ap-3.2.0" / "cpsv-ap-SHACL.ttl"
CPSV = rdflib.Namespace("http://purl.org/vocab/cpsv#")
CV = rdflib.Namespace("http://data.europa.eu/m8g/")
DCT = rdflib.namespace.DCTERMS
LOCN = rdflib.Namespace("http://www.w3.org/ns/locn#")


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES)


@pytest.fixture(scope="module")
def export(built_site: Path) -> rdflib.Graph:
    text = (built_site / "donnees" / "cpsv-ap.jsonld").read_text(encoding="utf-8")
    assert '"@context": {' in text, "the context must be in the file: nothing is fetched"
    return rdflib.Graph().parse(data=text, format="json-ld")


def _violations(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, str]:
    conforms, _graph, text = pyshacl.validate(data, shacl_graph=shapes)
    return conforms, text


def test_cpsv_export_conforms_to_the_official_shapes(export, shapes) -> None:
    conforms, report = _violations(export, shapes)
    assert conforms, report


def test_the_shapes_catch_a_service_without_competent_authority(export, shapes) -> None:
    broken = rdflib.Graph()
    for triple in export:
        broken.add(triple)
    service = next(export.subjects(rdflib.RDF.type, CPSV.PublicService))
    broken.remove((service, CV.hasCompetentAuthority, None))
    conforms, report = _violations(broken, shapes)
    assert not conforms
    assert "hasCompetentAuthority" in report


def test_every_measure_is_a_public_service_in_both_languages(export, catalogue) -> None:
    services = set(export.subjects(rdflib.RDF.type, CPSV.PublicService))
    assert services == {rdflib.URIRef(f"urn:uuid:{m['uuid']}") for m in catalogue.of("measures")}
    for measure in catalogue.of("measures"):
        node = rdflib.URIRef(f"urn:uuid:{measure['uuid']}")
        titles = {(t.language, str(t)) for t in export.objects(node, DCT.title)}
        assert titles == {("fr", measure["title"]["fr"]), ("de", measure["title"]["de"])}
        authority = export.value(node, CV.hasCompetentAuthority)
        responsible = catalogue.get("institutions", measure["responsible"])
        assert authority == rdflib.URIRef(f"urn:uuid:{responsible['uuid']}")


def test_a_federal_authority_is_placed_in_the_country_named_by_the_labels(catalogue) -> None:
    """The country's name comes from the labels, one value per language (no text in code)."""
    federal = next(i for i in catalogue.of("institutions") if i.get("kind") == "confederation")
    measure = catalogue.of("measures")[0]
    moved = copy.copy(catalogue)
    moved.entries = {k: dict(v) for k, v in catalogue.entries.items()}
    data = {**measure.data, "responsible": federal.id}
    moved.entries["measures"][measure.id] = Entry(
        "measures", measure.id, data, measure.path, measure.located
    )
    [file] = [f for f in data_files(moved, PREVIEW_URL) if f.name == "cpsv-ap.jsonld"]
    graph = rdflib.Graph().parse(data=file.content, format="json-ld")
    place = graph.value(rdflib.URIRef(f"urn:uuid:{federal['uuid']}"), DCT.spatial)
    names = {(n.language, str(n)) for n in graph.objects(place, LOCN.geographicName)}
    country = load_labels()["country_served"]
    required = [language.code for language in catalogue.languages if language.required]
    assert names == {(lang, country[lang]) for lang in required}


def _jsonld(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [
        json.loads(script.get_text())
        for script in soup.find_all("script", type="application/ld+json")
    ]


def test_measure_pages_describe_one_service_in_both_languages(built_site, catalogue) -> None:
    for measure in catalogue.of("measures"):
        described = {}
        for lang, prefix in (("fr", ""), ("de", "de/")):
            [data] = _jsonld(built_site / prefix / "mesures" / measure.id / "index.html")
            assert data["@type"] == "GovernmentService"
            assert "inLanguage" not in data, "not a property of GovernmentService"
            assert data["url"] == f"{PREVIEW_URL}{prefix}mesures/{measure.id}/"
            for prop in (
                "provider",
                "serviceOperator",
                "areaServed",
                "audience",
                "availableChannel",
                "serviceType",
            ):
                assert data.get(prop), f"{measure.id} ({lang}) without {prop}"
            operator = catalogue.get("institutions", measure["responsible"])
            assert data["serviceOperator"]["@id"] == f"urn:uuid:{operator['uuid']}"
            assert data["name"] == measure["title"][lang]
            described[lang] = data["@id"]
        assert described["fr"] == described["de"] == f"urn:uuid:{measure['uuid']}"


def test_institution_pages_describe_the_organization(built_site, catalogue) -> None:
    for institution in catalogue.of("institutions"):
        for lang, prefix in (("fr", ""), ("de", "de/")):
            [data] = _jsonld(built_site / prefix / "institutions" / institution.id / "index.html")
            assert data["@type"] in ("GovernmentOrganization", "Organization")
            assert data["@id"] == f"urn:uuid:{institution['uuid']}"
            assert data["name"] == institution["name"][lang]
            if "parent" in institution.data:
                parent = catalogue.get("institutions", institution["parent"])
                assert data["parentOrganization"]["@id"] == f"urn:uuid:{parent['uuid']}"
