"""Linked data: schema.org JSON-LD for measure and institution pages, and the CPSV-AP 3.2.0 export.

Both name entries by `urn:uuid:` of their permanent uuid, so the French and German pages (and
the export) describe one resource. Controlled-vocabulary values (languages, currency, status,
places) are typed in the data, as the CPSV-AP shapes require.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ciivs.catalogue.access import (
    FirstContact,
    document_items,
    document_note,
    first_contact_of,
    steps_of,
)
from ciivs.catalogue.costs import cost_of
from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import display_name, localized, title_of, website_of
from ciivs.catalogue.status import Said
from ciivs.catalogue.urls import page_url
from ciivs.formats.plaintext import plain_text

# Places, by the Swiss federal linked-data service (LINDAS): the canton of Valais (no. 23), Switzerland.
CANTON = "https://ld.admin.ch/canton/23"
COUNTRY = "https://ld.admin.ch/country/CHE"
_GOVERNMENT_KINDS = {
    "confederation",
    "department",
    "service",
    "office",
    "unit",
    "centre",
    "committee",
    "network",
    "programme-office",
}


def urn(entry: Entry) -> str:
    return f"urn:uuid:{entry['uuid']}"


def _t(text: dict[str, str], language: Language) -> str:
    """A text in the page's language, or in its fallback language where it has none."""
    return localized(text, language)[0]


def _org_ref(catalogue: Catalogue, entry_id: str, language: Language) -> dict[str, Any]:
    org = catalogue.entries["institutions"][entry_id]
    found: dict[str, Any] = {
        "@type": _org_type(org),
        "@id": urn(org),
        "name": display_name(org, language),
    }
    website = website_of(org, language.code)
    if website:
        found["url"] = website
    return found


def _org_type(org: Entry) -> str:
    return "GovernmentOrganization" if org.get("kind") in _GOVERNMENT_KINDS else "Organization"


def measure_schema_org(
    measure: Entry,
    catalogue: Catalogue,
    language: Language,
    base: str,
    words: dict[str, str],
    status: str,
) -> dict[str, Any]:
    """schema.org GovernmentService for a measure page in one language; `status` is the reader
    status in words ('Information de 2023 – à confirmer'), as the page shows it."""
    lang = language.code
    page = page_url(base, lang, url_of("measures", measure.id))
    providers = measure.get("providers") or [measure["responsible"]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "@id": urn(measure),
        "url": page,
        "identifier": measure["uuid"],
        "name": _t(measure["title"], language),
        "description": _t(measure["summary"], language),
        # What the page's badge says: running, planned, ended, or to confirm with its date.
        "disambiguatingDescription": status,
        "serviceType": _t(measure["format"], language)
        if "format" in measure.data
        else words["service_type"],
        "provider": [_org_ref(catalogue, p, language) for p in providers],
        "serviceOperator": _org_ref(catalogue, measure["responsible"], language),
        "areaServed": [
            {
                "@type": "AdministrativeArea",
                "name": _t(title_of(catalogue.entries["regions"][r]), language),
            }
            for r in measure.get("regions", [])
        ]
        or {"@type": "AdministrativeArea", "name": words["area_served"]},
    }
    audience: dict[str, Any] = {
        "@type": "PeopleAudience",
        "audienceType": [
            _t(catalogue.entries["target-groups"][g]["name"], language)
            for g in measure["target_groups"]
        ],
    }
    for field, prop in (("minimum_age", "requiredMinAge"), ("maximum_age", "requiredMaxAge")):
        if field in measure.data:
            audience[prop] = measure[field]
    data["audience"] = audience
    data["availableChannel"] = _channels(measure, catalogue, language, page)
    cost = cost_of(measure)
    if cost and cost.priced:
        data["offers"] = {"@type": "Offer", "price": cost.price, "priceCurrency": cost.currency}
    return data


def _channels(
    measure: Entry, catalogue: Catalogue, language: Language, page: str
) -> list[dict[str, Any]]:
    """The page, and whom to contact first: named, with the steps and the details the sources give."""
    contact = first_contact_of(measure, catalogue)
    first: dict[str, Any] = {
        "@type": "ServiceChannel",
        "name": display_name(contact.institution, language),
        "serviceUrl": contact.url(language.code) or page,
    }
    steps = [_t(step, language) for step in steps_of(measure)]
    if steps:
        first["description"] = " ".join(steps)
    if contact.phone or contact.email:
        point = {"@type": "ContactPoint"}
        if contact.phone:
            point["telephone"] = contact.phone
        if contact.email:
            point["email"] = contact.email
        first["servicePhone"] = point
    if contact.address:
        first["servicePostalAddress"] = _postal(contact.address)
    channels = [{"@type": "ServiceChannel", "serviceUrl": page}, first]
    if measure.get("languages"):
        for channel in channels:
            channel["availableLanguage"] = list(measure["languages"])
    return channels


def _postal(address: dict[str, str]) -> dict[str, str]:
    return {
        "@type": "PostalAddress",
        "streetAddress": address.get("street", ""),
        "postalCode": address.get("postcode", ""),
        "addressLocality": address.get("locality", ""),
        "addressCountry": "CH",
    }


def institution_schema_org(
    institution: Entry, catalogue: Catalogue, language: Language, base: str
) -> dict[str, Any]:
    """schema.org GovernmentOrganization (or Organization) for an institution page."""
    lang = language.code
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _org_type(institution),
        "@id": urn(institution),
        "identifier": institution["uuid"],
        "name": _t(institution["name"], language),
        "description": _t(institution["summary"], language),
        "mainEntityOfPage": page_url(base, lang, url_of("institutions", institution.id)),
    }
    if lang in institution.get("abbreviation", {}):  # German may have none
        data["alternateName"] = institution["abbreviation"][lang]
    website = website_of(institution, lang)
    if website:
        data["url"] = website
    for field in ("email", "phone"):
        if field in institution.data:
            data["telephone" if field == "phone" else field] = institution[field]
    address = institution.get("address")
    if address:
        data["address"] = _postal(address)
    if "parent" in institution.data:
        data["parentOrganization"] = _org_ref(catalogue, institution["parent"], language)
    return data


# --- CPSV-AP 3.2.0 ---------------------------------------------------------------------------------

CPSV_CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "locn": "http://www.w3.org/ns/locn#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_EU = "http://publications.europa.eu/resource/authority/"
_LANGUAGE = {"fr": "FRA", "de": "DEU", "it": "ITA", "en": "ENG"}
# ADMS status vocabulary, by reader status: a running measure is a completed (usable) asset.
# Information "to confirm" has no ADMS status (none says "unknown"): the service states none,
# and its description opens with the status note and the date of the information.
_STATUS = {
    "active": "http://purl.org/adms/status/Completed",
    "planned": "http://purl.org/adms/status/UnderDevelopment",
    "ended": "http://purl.org/adms/status/Withdrawn",
    "ended_as_planned": "http://purl.org/adms/status/Withdrawn",
}


def cpsv_document(
    catalogue: Catalogue,
    langs: list[str],
    base: str,
    about: dict[str, Any],
    words: dict[str, dict[str, str]],
    said: Mapping[str, Said],
) -> dict[str, Any]:
    """The measures as CPSV-AP public services, texts in every language, with a local context."""
    dataset = f"{base}donnees/cpsv-ap.jsonld#dataset"
    publisher = f"{base}donnees/cpsv-ap.jsonld#publisher"
    graph: list[dict[str, Any]] = [
        {
            "@id": dataset,
            "@type": "dcat:Dataset",
            "dct:title": _texts(about["files"]["cpsv-ap.jsonld"]["about"], langs),
            "dct:description": _texts(about["files"]["cpsv-ap.jsonld"]["about"], langs),
            "dct:license": {"@id": about["licence"]["url"]},
            "dct:publisher": {"@id": publisher},
        }
    ]
    nodes: dict[str, dict[str, Any]] = {}
    canton = _named(words, "area_served", langs)
    nodes[publisher] = {
        "@id": publisher,
        "@type": ["foaf:Agent", "cv:PublicOrganisation"],
        "dct:identifier": "cii-valais",
        "dct:title": _texts(about["publisher"], langs),
        "foaf:name": _texts(about["publisher"], langs),
        "skos:prefLabel": _texts(about["publisher"], langs),
        "dct:spatial": _place(nodes, CANTON, canton),
    }
    for measure in catalogue.of("measures"):
        graph.append(
            _public_service(
                measure, catalogue, langs, base, dataset, nodes, words, said[measure.id]
            )
        )
    graph += nodes.values()
    return {"@context": CPSV_CONTEXT, "@graph": graph}


def _texts(text: dict[str, str], langs: list[str]) -> list[dict[str, str]]:
    return [{"@value": text[l], "@language": l} for l in langs if text.get(l)]


def _named(words: dict[str, dict[str, str]], key: str, langs: list[str]) -> list[dict[str, str]]:
    """One label (`words[lang][key]`) in every language, as language-tagged values."""
    return [{"@value": words[lang][key], "@language": lang} for lang in langs]


def _concept(
    nodes: dict[str, dict[str, Any]],
    iri: str,
    labels: list[dict[str, str]],
    kind: str = "skos:Concept",
) -> dict[str, str]:
    nodes.setdefault(iri, {"@id": iri, "@type": kind, "skos:prefLabel": labels})
    return {"@id": iri}


def _place(
    nodes: dict[str, dict[str, Any]], iri: str, labels: list[dict[str, str]]
) -> dict[str, str]:
    nodes.setdefault(iri, {"@id": iri, "@type": "dct:Location", "locn:geographicName": labels})
    return {"@id": iri}


def _public_service(
    measure: Entry,
    catalogue: Catalogue,
    langs: list[str],
    base: str,
    dataset: str,
    nodes: dict[str, dict[str, Any]],
    words: dict[str, dict[str, str]],
    said: Said,
) -> dict[str, Any]:
    canton = _named(words, "area_served", langs)
    note = "" if said.status.code in _STATUS else "{} "
    service: dict[str, Any] = {
        "@id": urn(measure),
        "@type": "cpsv:PublicService",
        "dct:identifier": measure["uuid"],
        "dct:title": _texts(measure["title"], langs),
        "dct:description": [
            {
                "@value": note.format(said.words[l]) + plain_text(measure["description"][l]),
                "@language": l,
            }
            for l in langs
        ],
        "dct:isPartOf": {"@id": dataset},
        "cv:hasCompetentAuthority": _authority(
            measure["responsible"], catalogue, langs, nodes, words
        ),
        "dct:audience": [
            _concept(nodes, urn(g), _texts(g["name"], langs))
            for g in (catalogue.entries["target-groups"][i] for i in measure["target_groups"])
        ],
        "dct:spatial": [
            _place(nodes, urn(r), _texts(title_of(r), langs))
            for r in (catalogue.entries["regions"][i] for i in measure.get("regions", []))
        ]
        or [_place(nodes, CANTON, canton)],
        **(
            {
                "adms:status": _concept(
                    nodes,
                    _STATUS[said.status.code],
                    [{"@value": said.status.code, "@language": "en"}],
                )
            }
            if said.status.code in _STATUS
            else {}
        ),
        "dct:language": [
            _concept(
                nodes,
                _EU + "language/" + _LANGUAGE[c],
                [{"@value": c, "@language": "en"}],
                "dct:LinguisticSystem",
            )
            for c in measure.get("languages", [])
            if c in _LANGUAGE
        ],
        "cv:hasChannel": [
            {
                "@id": page_url(base, langs[0], url_of("measures", measure.id)) + "#channel",
                "@type": "cv:Channel",
                "dct:identifier": f"{measure['uuid']}/channel",
                "dct:description": [
                    {"@value": page_url(base, l, url_of("measures", measure.id)), "@language": l}
                    for l in langs
                ],
            },
            _first_contact_channel(measure, catalogue, langs, nodes, words),
        ],
    }
    evidence = [
        {
            "@id": f"urn:uuid:{measure['uuid']}#document-{i}",
            "@type": "cv:Evidence",
            "dct:identifier": f"{measure['uuid']}/document/{i}",
            "dct:title": _texts(item, langs),
        }
        for i, item in enumerate(document_items(measure))
    ]
    if evidence:
        service["cpsv:hasInput"] = evidence
    if "eligibility" in measure.data:
        service["cv:holdsRequirement"] = {
            "@id": f"urn:uuid:{measure['uuid']}#eligibility",
            "@type": "cv:Requirement",
            "dct:identifier": f"{measure['uuid']}/eligibility",
            "dct:title": [{"@value": words[l]["eligibility"], "@language": l} for l in langs],
            "dct:description": [
                {"@value": plain_text(measure["eligibility"][l]), "@language": l} for l in langs
            ],
        }
    cost = cost_of(measure)
    if cost and cost.priced:
        currency = cost.currency
        service["cv:hasCost"] = {
            "@id": f"urn:uuid:{measure['uuid']}#cost",
            "@type": "cv:Cost",
            "dct:identifier": f"{measure['uuid']}/cost",
            "cv:hasValue": {
                "@value": str(float(cost.price)),
                "@type": "xsd:double",
            },
            "cv:currency": _concept(
                nodes, _EU + "currency/" + currency, [{"@value": currency, "@language": "en"}]
            ),
        }
        if cost.note:
            service["cv:hasCost"]["dct:description"] = _texts(cost.note, langs)
    point = _contact_point(measure, first_contact_of(measure, catalogue), langs[0])
    if point:
        service["cv:contactPoint"] = point
    return {k: v for k, v in service.items() if v != []}


def _first_contact_channel(
    measure: Entry,
    catalogue: Catalogue,
    langs: list[str],
    nodes: dict[str, dict[str, Any]],
    words: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """Whom to contact first, as a channel owned by that body: its description holds the steps,
    what the source says about documents, and what happens next, in every language."""
    contact = first_contact_of(measure, catalogue)
    steps = steps_of(measure)
    note = document_note(measure)

    def described(lang: str) -> str:
        lines = [f"{n}. {step[lang]}" for n, step in enumerate(steps, start=1)]
        lines += [note[lang]] if note else []
        lines += [measure["what_next"][lang]] if "what_next" in measure.data else []
        return "\n".join(lines) or display_name(contact.institution, lang)

    return {
        "@id": f"urn:uuid:{measure['uuid']}#first-contact",
        "@type": "cv:Channel",
        "dct:identifier": f"{measure['uuid']}/first-contact",
        "cv:ownedBy": _organisation(contact.institution, langs, nodes, words),
        "dct:description": [{"@value": described(l), "@language": l} for l in langs],
    }


def _contact_point(measure: Entry, contact: FirstContact, lang: str) -> dict[str, Any] | None:
    """The details the sources give to reach the measure (its own, or its first contact's)."""
    if not (contact.email or contact.phone or contact.url(lang)):
        return None
    point: dict[str, Any] = {
        "@id": f"urn:uuid:{measure['uuid']}#contact",
        "@type": "cv:ContactPoint",
    }
    if contact.email:
        point["cv:email"] = contact.email
    if contact.phone:
        point["cv:telephone"] = contact.phone
    url = contact.url(lang)
    if url:
        point["cv:contactPage"] = {"@id": url, "@type": "foaf:Document"}
    return point


def _authority(
    entry_id: str,
    catalogue: Catalogue,
    langs: list[str],
    nodes: dict[str, dict[str, Any]],
    words: dict[str, dict[str, str]],
) -> dict[str, str]:
    return _organisation(catalogue.entries["institutions"][entry_id], langs, nodes, words)


def _organisation(
    org: Entry,
    langs: list[str],
    nodes: dict[str, dict[str, Any]],
    words: dict[str, dict[str, str]],
) -> dict[str, str]:
    """An institution as a node of the graph (once), placed in the canton or the country."""
    federal = org.get("kind") == "confederation"
    place = (
        _place(nodes, COUNTRY, _named(words, "country_served", langs))
        if federal
        else _place(nodes, CANTON, _named(words, "area_served", langs))
    )
    nodes.setdefault(
        urn(org),
        {
            "@id": urn(org),
            "@type": ["cv:PublicOrganisation", "org:Organization"],
            "skos:prefLabel": [{"@value": display_name(org, l), "@language": l} for l in langs],
            "dct:spatial": place,
        },
    )
    return {"@id": urn(org)}
