"""The hand-off sheet's measure cards: /fiche/cartes/<id>.<lang>.json, and the list of ids.

The sheet (/fiche/?m=<id>&m=<id>, templates/sheet.html and assets/ciivs/sheet.js) reads its
measures from its address and fetches each one's card from its own site: nothing is sent
anywhere. A card holds what a person needs at the counter, on at most one A4 page: name,
summary, status and the date of the information, the steps, whom to contact first, documents,
cost, the permalink with its QR code (drawn here, `qrcodes`) and a box for notes. `index.json` lists
the ids and resolves former ones, so that a renamed measure stays on a sheet.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ciivs import paths
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.urls import SHEET_CARDS, page_url, public_url
from ciivs.pages.context import SHEET_MAX
from ciivs.pages.permalinks import permalink_path
from ciivs.pages.qrcodes import QrCodes
from ciivs.pages.render import context_for

# Where the build puts the QR code library that draws the sheet's own address (see Makefile).
QRCODE_TARGET = Path("assets") / "ciivs" / "vendor" / "qrcode.js"


def write_sheet_cards(site: Path, catalogue: Catalogue, cache: Path | None = None) -> int:
    """Every measure's card in every language, and index.json; returns the number of cards
    (`cache`: the build's cache folder, where QR codes are kept)."""
    folder = site / SHEET_CARDS
    folder.mkdir(parents=True, exist_ok=True)
    base = public_url()
    qr = QrCodes.kept_in(cache)
    written = 0
    for language in catalogue.languages:
        ctx = context_for(catalogue, language)
        root = page_url(base, language.code, "")
        for measure in ctx.rel.ordered("measures"):
            permalink = base + permalink_path(measure)
            currency = ctx.rel.currency_of(measure)
            html = ctx.fragment(
                "sheet-card.html",
                root,
                entry=measure,
                permalink=permalink,
                qr=qr(permalink),
                as_of=currency.as_of if currency else None,
            )
            # JSON holding the HTML: a piece of a page, not a page (no crawler, link check or
            # search index takes it for one).
            card = json.dumps({"id": measure.id, "lang": language.code, "html": html})
            (folder / f"{measure.id}.{language.code}.json").write_text(card, encoding="utf-8")
            written += 1
    index = {
        "ids": [m.id for m in catalogue.of("measures")],
        "former": {old: m.id for m in catalogue.of("measures") for old in m.get("former_ids", [])},
        "max": SHEET_MAX,
    }
    (folder / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return written


def copy_qrcode_library(site: Path, source: Path = paths.QRCODE_LIB) -> bool:
    """Put the QR code library into the site; False when it is not installed (`make` installs it
    with npm): the sheet then shows its own address as text only."""
    if not source.is_file():
        return False
    target = site / QRCODE_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True
