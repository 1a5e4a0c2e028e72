"""Open data: the whole catalogue as JSON, and measures as Open Referral HSDS 3.0 services."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from .catalogue import KINDS, Catalogue, Entry
from .views import LANGS

DATA_DIR = "donnees"
_NAMESPACE = uuid.UUID("6f1c1e5a-3c1e-4d4e-9a57-2f1b0c7e9d11")
_HSDS_STATUS = {"active": "active", "planned": "inactive", "ended": "defunct"}


def stable_uuid(kind: str, entry_id: str) -> str:
    """HSDS wants UUIDs: derive one from kind and id, the same on every build."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}/{entry_id}"))


def write_exports(site: Path, catalogue: Catalogue) -> list[Path]:
    """Write the open-data files into the built site; return their paths."""
    folder = site / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    files = {"catalogue.json": {kind: [e.data for e in catalogue.of(kind)] for kind in KINDS}}
    for lang in LANGS:
        files[f"hsds-services.{lang}.json"] = [
            hsds_service(m, catalogue, lang) for m in catalogue.of("measures")
        ]
        files[f"hsds-organizations.{lang}.json"] = [
            hsds_organization(i, lang) for i in catalogue.of("institutions")
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
        "id": stable_uuid("measures", measure.id),
        "organization_id": stable_uuid("institutions", measure["responsible"]),
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
            "id": stable_uuid("cost", measure.id),
            "currency": cost.get("currency", "CHF"),
            "amount": 0 if cost.get("free") else cost.get("amount"),
        }
        if "note" in cost:
            option["amount_description"] = cost["note"][lang]
        service["cost_options"] = [option]
    if "programme" in measure.data:
        service["program_id"] = stable_uuid("programmes", measure["programme"])
    if "languages" in measure.data:
        service["languages"] = [
            {"id": stable_uuid("lang", f"{measure.id}-{c}"), "code": c}
            for c in measure["languages"]
        ]
    if "funders" in measure.data:
        service["funding"] = [
            {
                "id": stable_uuid("funding", f"{measure.id}-{f}"),
                "source": catalogue.get("institutions", f)["name"][lang],
            }
            for f in measure["funders"]
        ]
    return service


def hsds_organization(institution: Entry, lang: str) -> dict[str, Any]:
    """One institution as an HSDS 3.0 `organization` in one language."""
    org: dict[str, Any] = {
        "id": stable_uuid("institutions", institution.id),
        "name": institution["name"][lang],
        "description": institution["summary"][lang],
    }
    if "abbreviation" in institution.data:
        org["alternate_name"] = institution["abbreviation"][lang]
    if "website" in institution.data:
        org["website"] = institution["website"]
    if "parent" in institution.data:
        org["parent_organization_id"] = stable_uuid("institutions", institution["parent"])
    return org
