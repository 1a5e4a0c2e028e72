"""How to get into a measure, as data: steps, whom to contact first, documents, what comes next.

`make check` refuses a malformed entry; the contact details shown are only those the sources give
(the measure's own, the first contact's, else those of the body it belongs to, said as such);
HSDS, CPSV-AP and schema.org carry the fields and stay valid against the official schemas.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pyshacl
import pytest
import rdflib

from ciivs.catalogue.access import first_contact_of
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.opendata.files import data_files
from conftest import CATALOGUE, ROOT, edit
from test_open_data import BASE, hsds_errors

MEASURE = "measures/formavenir.yml"
SHAPES = ROOT / "tests" / "standards" / "cpsv-ap-3.2.0" / "cpsv-ap-SHACL.ttl"
CV = rdflib.Namespace("http://data.europa.eu/m8g/")
CPSV = rdflib.Namespace("http://purl.org/vocab/cpsv#")


def _codes(folder: Path) -> list[tuple[str, str]]:
    _catalogue, problems = check_catalogue(folder)
    return [(p.code, p.message) for p in problems]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # A note on documents is required: what the source says, or that it says nothing.
        (
            "  note:\n    fr: Apportez-le au premier entretien.\n"
            "    de: Bringen Sie ihn zum ersten Gespräch mit.\n",
            "",
            "MISSING_FIELD",
        ),
        ("first_contact: sas", "first_contact: sass", "UNKNOWN_REFERENCE"),
        ("    de: Sie verweist Sie an FormAvenir.\n", "", "MISSING_TRANSLATION"),
        ("what_next:\n", "what_nxt:\n", "UNKNOWN_FIELD"),
        (
            "  - fr: Elle vous oriente vers FormAvenir.",
            "  - fr: <b>Elle</b> oriente.",
            "UNSAFE_TEXT",
        ),
    ],
)
def test_the_check_refuses_malformed_access_data(valid_copy: Path, old, new, code) -> None:
    edit(valid_copy, MEASURE, old, new)
    assert code in [c for c, _ in _codes(valid_copy)]


def test_the_access_fields_of_the_fixture_pass(valid_copy: Path) -> None:
    assert _codes(valid_copy) == []


def _catalogue() -> Catalogue:
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


def _stepped(catalogue: Catalogue) -> Entry:
    """A measure of the catalogue that gives its steps and a note on documents."""
    return next(m for m in catalogue.of("measures") if "steps" in m.data and "documents" in m.data)


DOCUMENTS = {
    "items": [{"fr": "Contrat d'apprentissage", "de": "Lehrvertrag"}],
    "note": {"fr": "Apportez-le.", "de": "Bringen Sie ihn mit."},
}


def _with(catalogue: Catalogue, kind: str, entry_id: str, **changes) -> Catalogue:
    """A copy of the catalogue where one entry's fields are changed (None removes a field)."""
    changed = copy.copy(catalogue)
    changed.entries = {k: dict(v) for k, v in catalogue.entries.items()}
    entry = catalogue.entries[kind][entry_id]
    data = {k: v for k, v in {**entry.data, **changes}.items() if v is not None}
    changed.entries[kind][entry_id] = Entry(kind, entry_id, data, entry.path, entry.located)
    return changed


def test_details_come_from_the_measure_then_the_contact_then_the_body_it_belongs_to() -> None:
    catalogue = _catalogue()
    measure = catalogue.of("measures")[0]
    usfp = catalogue.entry("institutions", "usfp")
    parent = catalogue.entry("institutions", usfp["parent"])
    # The first contact gives no detail: those of the body it belongs to, said as such.
    bare = _with(catalogue, "measures", measure.id, first_contact="usfp", contact=None)
    contact = first_contact_of(bare.entry("measures", measure.id), bare)
    assert contact.institution.id == "usfp" and contact.via is not None
    assert contact.via.id == parent.id and contact.url("fr") == parent["website"]
    # The measure's own details come first.
    own = _with(bare, "measures", measure.id, contact={"phone": "027 606 00 00"})
    contact = first_contact_of(own.entry("measures", measure.id), own)
    assert contact.phone == "027 606 00 00" and contact.via is None
    # No detail anywhere up the chain: the contact is named alone, nothing is made up.
    alone = _with(bare, "institutions", parent.id, website=None)
    contact = first_contact_of(alone.entry("measures", measure.id), alone)
    assert not contact.reachable and contact.via is None


def test_hsds_carries_steps_documents_and_contacts_with_phones() -> None:
    catalogue = _catalogue()
    measure = _stepped(catalogue)
    office = next(i for i in catalogue.of("institutions") if i.get("phone"))
    changed = _with(
        catalogue,
        "measures",
        measure.id,
        first_contact=office.id,
        contact=None,
        documents=DOCUMENTS,
    )
    for lang in ("fr", "de"):
        [file] = [f for f in data_files(changed, BASE) if f.name == f"hsds-services.{lang}.json"]
        services = json.loads(file.content)
        assert hsds_errors("service", services) == []
        service = next(s for s in services if s["id"] == measure["uuid"])
        steps = measure["steps"]
        assert service["application_process"].startswith(f"1. {steps[0][lang]}\n2. ")
        assert DOCUMENTS["note"][lang] in service["application_process"]
        assert [d["document"] for d in service["required_documents"]] == [
            DOCUMENTS["items"][0][lang]
        ]
        [contact] = service["contacts"]
        assert contact["organization_id"] == office["uuid"]
        assert contact["phones"][0]["number"] == office["phone"]


def test_the_real_catalogue_exports_every_measures_first_contact() -> None:
    catalogue = _catalogue()
    services = {
        s["id"]: s
        for f in data_files(catalogue, BASE)
        if f.name == "hsds-services.fr.json"
        for s in json.loads(f.content)
    }
    for measure in catalogue.of("measures"):
        contact = first_contact_of(measure, catalogue)
        first = services[measure["uuid"]]["contacts"][0]
        assert first["organization_id"] == contact.institution["uuid"]


def test_cpsv_ap_has_a_first_contact_channel_and_evidence_and_conforms() -> None:
    catalogue = _catalogue()
    measure = _stepped(catalogue)
    changed = _with(catalogue, "measures", measure.id, documents=DOCUMENTS)
    [file] = [f for f in data_files(changed, BASE) if f.name == "cpsv-ap.jsonld"]
    graph = rdflib.Graph().parse(data=file.content, format="json-ld")
    conforms, _report, text = pyshacl.validate(graph, shacl_graph=rdflib.Graph().parse(SHAPES))
    assert conforms, text
    service = rdflib.URIRef(f"urn:uuid:{measure['uuid']}")
    owners = {graph.value(c, CV.ownedBy) for c in graph.objects(service, CV.hasChannel)}
    contact = first_contact_of(measure, changed).institution
    assert rdflib.URIRef(f"urn:uuid:{contact['uuid']}") in owners
    titles = {
        (t.language, str(t))
        for e in graph.objects(service, CPSV.hasInput)
        for t in graph.objects(e, rdflib.namespace.DCTERMS.title)
    }
    assert titles == {("fr", "Contrat d'apprentissage"), ("de", "Lehrvertrag")}


def test_schema_org_names_whom_to_contact_first(built_site_measure) -> None:
    catalogue, data, measure = built_site_measure
    contact = first_contact_of(measure, catalogue)
    [first] = [c for c in data["availableChannel"] if "name" in c]
    assert contact.institution["name"]["fr"] in first["name"]
    assert first["description"].startswith(measure["steps"][0]["fr"])


@pytest.fixture
def built_site_measure():
    from bs4 import BeautifulSoup

    from sitekit import build_site_once

    catalogue = _catalogue()
    measure = _stepped(catalogue)
    page = build_site_once() / "mesures" / measure.id / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [script] = soup.find_all("script", type="application/ld+json")
    return catalogue, json.loads(script.get_text()), measure
