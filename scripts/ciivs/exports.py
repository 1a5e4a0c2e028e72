"""Open data: the whole catalogue as JSON, and measures as Open Referral HSDS 3.0 services."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from .catalogue import KINDS, Catalogue, Entry
from .views import website_of

DATA_DIR = "donnees"
_HSDS_STATUS = {"active": "active", "planned": "inactive", "ended": "defunct"}


def part_uuid(owner: Entry, part: str) -> str:
    """The UUID of a part of an entry (a cost, a language): derived from its uuid, so renames keep it."""
    return str(uuid.uuid5(uuid.UUID(owner["uuid"]), part))


def uuid_of(catalogue: Catalogue, kind: str, entry_id: str) -> str:
    """The stored uuid of the entry a reference names."""
    return catalogue.entries[kind][entry_id]["uuid"]


def write_exports(site: Path, catalogue: Catalogue) -> list[Path]:
    """Write the open-data files into the built site; return their paths."""
    folder = site / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    files = {"catalogue.json": {kind: [e.data for e in catalogue.of(kind)] for kind in KINDS}}
    # One file per required language: an optional language would repeat its fallback's texts.
    for lang in [language.code for language in catalogue.languages if language.required]:
        files[f"hsds-services.{lang}.json"] = [
            hsds_service(m, catalogue, lang) for m in catalogue.of("measures")
        ]
        files[f"hsds-organizations.{lang}.json"] = [
            hsds_organization(i, catalogue, lang) for i in catalogue.of("institutions")
        ]
    written = []
    for name, data in files.items():
        path = folder / name
        path.write_text(
            json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written


def hsds_service(measure: Entry, catalogue: Catalogue, lang: str) -> dict[str, Any]:
    """One measure as an HSDS 3.0 `service` in one language."""
    service: dict[str, Any] = {
        "id": measure["uuid"],
        "organization_id": uuid_of(catalogue, "institutions", measure["responsible"]),
        "name": measure["title"][lang],
        "description": measure["description"][lang],
        "status": _HSDS_STATUS[measure["status"]],
        "alternate_name": measure.id,
    }
    for field, target in (
        ("eligibility", "eligibility_description"),
        ("application_process", "application_process"),
    ):
        if field in measure.data:
            service[target] = measure[field][lang]
    for field in ("minimum_age", "maximum_age"):
        if field in measure.data:
            service[field] = measure[field]
    cost = measure.get("cost")
    if cost:
        option: dict[str, Any] = {
            "id": part_uuid(measure, "cost"),
            "currency": cost.get("currency", "CHF"),
            "amount": 0 if cost.get("free") else cost.get("amount"),
        }
        if "note" in cost:
            option["amount_description"] = cost["note"][lang]
        service["cost_options"] = [option]
    if "programme" in measure.data:
        service["program_id"] = uuid_of(catalogue, "programmes", measure["programme"])
    if "languages" in measure.data:
        service["languages"] = [
            {"id": part_uuid(measure, f"language/{c}"), "code": c} for c in measure["languages"]
        ]
    if "funders" in measure.data:
        service["funding"] = [
            {
                "id": part_uuid(measure, f"funding/{f}"),
                "source": catalogue.get("institutions", f)["name"][lang],
            }
            for f in measure["funders"]
        ]
    return service


def hsds_organization(institution: Entry, catalogue: Catalogue, lang: str) -> dict[str, Any]:
    """One institution as an HSDS 3.0 `organization` in one language."""
    org: dict[str, Any] = {
        "id": institution["uuid"],
        "name": institution["name"][lang],
        "description": institution["summary"][lang],
    }
    if "abbreviation" in institution.data:
        org["alternate_name"] = institution["abbreviation"][lang]
    if "website" in institution.data:
        org["website"] = website_of(institution, lang)
    if "parent" in institution.data:
        org["parent_organization_id"] = uuid_of(catalogue, "institutions", institution["parent"])
    return org
