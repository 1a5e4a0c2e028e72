"""Measures and institutions as Open Referral HSDS 3.0 services and organizations, one language each.

Ids are the entries' stored uuids (a rename keeps them); ids of parts (a cost, a region served)
derive from their entry's uuid. Texts are plain text, as HSDS expects.
"""

from __future__ import annotations

import uuid
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
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import display_name, title_of, website_of
from ciivs.catalogue.status import Said
from ciivs.catalogue.urls import page_url
from ciivs.formats.plaintext import plain_text

# Reader status -> HSDS service status. Information "to confirm" is not asserted as active:
# `inactive`, with the reason and the date of the information in `alert` (README: data files).
_STATUS = {
    "active": "active",
    "planned": "inactive",
    "unconfirmed": "inactive",
    "ended": "defunct",
    "ended_as_planned": "defunct",
}
# The taxonomy of target groups: its id never changes (terms take their entries' uuids); its
# name is in catalogue/open-data.yml.
TAXONOMY_ID = "5b0f7c62-2f0e-4c1d-8e55-3a1f9d6b7c20"


def part_uuid(owner: Entry, part: str) -> str:
    """The uuid of a part of an entry, derived from the entry's uuid so that renames keep it."""
    return str(uuid.uuid5(uuid.UUID(owner["uuid"]), part))


def hsds_service(
    measure: Entry, catalogue: Catalogue, lang: str, base: str, words: dict[str, str], said: Said
) -> dict[str, Any]:
    """One measure as an HSDS 3.0 `service`; `words` holds the word for a free offer (`free`)
    and the name of the target groups' taxonomy (`taxonomy`); `said`, its reader status."""
    service: dict[str, Any] = {
        "id": measure["uuid"],
        "organization_id": _ref(catalogue, "institutions", measure["responsible"])["uuid"],
        "name": measure["title"][lang],
        "alternate_name": measure["summary"][lang],
        "description": plain_text(measure["description"][lang]),
        "url": page_url(base, lang, url_of("measures", measure.id)),
        "status": _STATUS[said.status.code],
    }
    if not said.status.current and not said.status.ended:
        service["alert"] = said.words[lang]
    if "eligibility" in measure.data:
        service["eligibility_description"] = plain_text(measure["eligibility"][lang])
    service["application_process"] = application_process(measure, lang)
    for field in ("minimum_age", "maximum_age"):
        if field in measure.data:
            service[field] = measure[field]
    if _full_date(measure.get("last_reviewed")):
        service["assured_date"] = measure["last_reviewed"]
    service.update(_contact(measure, lang))
    service["contacts"] = _first_contacts(measure, first_contact_of(measure, catalogue), lang)
    service["required_documents"] = [
        {
            "id": part_uuid(measure, f"document/{i}"),
            "service_id": measure["uuid"],
            "document": item[lang],
        }
        for i, item in enumerate(document_items(measure))
    ]
    service.update(_cost(measure, lang, words["free"]))
    if "programme" in measure.data:
        programme = _ref(catalogue, "programmes", measure["programme"])
        service["program_id"] = programme["uuid"]
        service["program"] = hsds_program(programme, catalogue, lang)
    service["service_areas"] = [
        _area(measure, _ref(catalogue, "regions", r), lang, base)
        for r in measure.get("regions", [])
    ]
    service["attributes"] = [
        _audience(measure, _ref(catalogue, "target-groups", g), lang, base, words["taxonomy"])
        for g in measure.get("target_groups", [])
    ]
    service["languages"] = [
        {"id": part_uuid(measure, f"language/{c}"), "service_id": measure["uuid"], "code": c}
        for c in measure.get("languages", [])
    ]
    service["funding"] = [
        {
            "id": part_uuid(measure, f"funding/{f}"),
            "service_id": measure["uuid"],
            "source": display_name(_ref(catalogue, "institutions", f), lang),
        }
        for f in measure.get("funders", [])
    ]
    return {key: value for key, value in service.items() if value != []}


def hsds_organization(
    institution: Entry, catalogue: Catalogue, lang: str, base: str
) -> dict[str, Any]:
    """One institution as an HSDS 3.0 `organization`, with the programmes it is responsible for."""
    org: dict[str, Any] = {
        "id": institution["uuid"],
        "name": institution["name"][lang],
        "description": institution["summary"][lang],
        "uri": page_url(base, lang, url_of("institutions", institution.id)),
    }
    if lang in institution.get("abbreviation", {}):
        org["alternate_name"] = institution["abbreviation"][lang]
    website = website_of(institution, lang)
    if website:
        org["website"] = website
    if "email" in institution.data:
        org["email"] = institution["email"]
    if "parent" in institution.data:
        org["parent_organization_id"] = _ref(catalogue, "institutions", institution["parent"])[
            "uuid"
        ]
    if "phone" in institution.data:
        org["phones"] = [
            {
                "id": part_uuid(institution, "phone"),
                "organization_id": institution["uuid"],
                "number": institution["phone"],
                "type": "voice",
            }
        ]
    programmes = [p for p in catalogue.of("programmes") if p.get("responsible") == institution.id]
    if programmes:
        org["programs"] = [hsds_program(p, catalogue, lang) for p in programmes]
    return org


def hsds_program(programme: Entry, catalogue: Catalogue, lang: str) -> dict[str, Any]:
    """A programme as an HSDS `program` (published inside services and organizations)."""
    program: dict[str, Any] = {
        "id": programme["uuid"],
        "name": programme["name"][lang],
        "description": plain_text(programme["description"][lang])
        if "description" in programme.data
        else programme["summary"][lang],
    }
    if "abbreviation" in programme.data:
        program["alternate_name"] = programme["abbreviation"][lang]
    if "responsible" in programme.data:
        program["organization_id"] = _ref(catalogue, "institutions", programme["responsible"])[
            "uuid"
        ]
    return program


def _ref(catalogue: Catalogue, kind: str, entry_id: str) -> Entry:
    entry = catalogue.get(kind, entry_id)
    if entry is None:  # the check guarantees references; an export must never guess
        raise LookupError(f"{kind}/{entry_id} is referenced but not in the catalogue")
    return entry


def application_process(measure: Entry, lang: str) -> str:
    """How to get in as plain text: the numbered steps, the entry's own words, what the source
    says about documents, and what happens next (HSDS has one free text for all of it)."""
    steps = [f"{n}. {step[lang]}" for n, step in enumerate(steps_of(measure), start=1)]
    parts = ["\n".join(steps)] if steps else []
    if "application_process" in measure.data:
        parts.append(plain_text(measure["application_process"][lang]))
    note = document_note(measure)
    if note:
        parts.append(note[lang])
    if "what_next" in measure.data:
        parts.append(measure["what_next"][lang])
    return "\n\n".join(parts)


def _first_contacts(measure: Entry, contact: FirstContact, lang: str) -> list[dict[str, Any]]:
    """Whom to contact first, as HSDS contacts: the institution with the details the sources
    give for it (or for the measure); when only the body it belongs to has details, that body
    too, as a second contact."""
    first: dict[str, Any] = {
        "id": part_uuid(measure, "contact/first"),
        "service_id": measure["uuid"],
        "organization_id": contact.institution["uuid"],
        "name": display_name(contact.institution, lang),
    }
    found = [first]
    holder = first
    if contact.via is not None and (contact.email or contact.phone):
        holder = {
            "id": part_uuid(measure, f"contact/via/{contact.via['uuid']}"),
            "service_id": measure["uuid"],
            "organization_id": contact.via["uuid"],
            "name": display_name(contact.via, lang),
        }
        found.append(holder)
    if contact.email:
        holder["email"] = contact.email
    if contact.phone:
        holder["phones"] = [
            {
                "id": part_uuid(measure, f"contact/phone/{holder['organization_id']}"),
                "contact_id": holder["id"],
                "number": contact.phone,
                "type": "voice",
            }
        ]
    return found


def _full_date(value: Any) -> bool:
    return isinstance(value, str) and value.count("-") == 2


def _contact(measure: Entry, lang: str) -> dict[str, Any]:
    contact = measure.get("contact") or {}
    found: dict[str, Any] = {}
    if "email" in contact:
        found["email"] = contact["email"]
    if "phone" in contact:
        found["phones"] = [
            {
                "id": part_uuid(measure, "phone"),
                "service_id": measure["uuid"],
                "number": contact["phone"],
                "type": "voice",
            }
        ]
    return found


def _cost(measure: Entry, lang: str, free: str) -> dict[str, Any]:
    cost = cost_of(measure)
    if cost is None:
        return {}
    option: dict[str, Any] = {"id": part_uuid(measure, "cost"), "service_id": measure["uuid"]}
    if cost.priced:
        option.update(amount=cost.price, currency=cost.currency)
    if cost.free:
        option["option"] = free
    if cost.note:
        option["amount_description"] = cost.note[lang]
    note = f" – {cost.note[lang]}" if cost.note else ""
    return {"fees_description": (cost.words(free) + note).strip(" –"), "cost_options": [option]}


def _area(measure: Entry, region: Entry, lang: str, base: str) -> dict[str, Any]:
    area: dict[str, Any] = {
        "id": part_uuid(measure, f"area/{region['uuid']}"),
        "service_id": measure["uuid"],
        "name": title_of(region)[lang],
        "uri": page_url(base, lang, url_of("regions", region.id)),
    }
    if "summary" in region.data:
        area["description"] = region["summary"][lang]
    return area


def _audience(measure: Entry, group: Entry, lang: str, base: str, taxonomy: str) -> dict[str, Any]:
    return {
        "id": part_uuid(measure, f"audience/{group['uuid']}"),
        "link_id": measure["uuid"],
        "link_type": "audience",
        "link_entity": "service",
        "taxonomy_term_id": group["uuid"],
        "taxonomy_term": {
            "id": group["uuid"],
            "code": group.id,
            "name": group["name"][lang],
            "description": group["summary"][lang],
            "taxonomy": taxonomy,
            "taxonomy_id": TAXONOMY_ID,
            "language": lang,
            "term_uri": page_url(base, lang, url_of("target-groups", group.id)),
        },
    }
