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
from ciivs.pages.context import SHEET_MAX, PageContext
from ciivs.pages.permalinks import permalink_path
from ciivs.pages.render import context_for

# Where the build puts the QR code library that draws the sheet's own address (see Makefile).
QRCODE_TARGET = Path("assets") / "ciivs" / "vendor" / "qrcode.js"
# A language's cards: file name in the cards' folder -> its JSON.
Cards = dict[str, str]


def write_sheet_cards(
    site: Path, catalogue: Catalogue, cache: Path | None = None, cards: Cards | None = None
) -> int:
    """Every measure's card in every language, and index.json; returns the number of cards.

    `cards`: made beforehand (by the language workers of the build), else made here, with the QR
    codes kept in the build's `cache` folder.
    """
    if cards is None:
        cards = {}
        for language in catalogue.languages:
            cards.update(sheet_cards(context_for(catalogue, language, cache=cache)))
    folder = site / SHEET_CARDS
    folder.mkdir(parents=True, exist_ok=True)
    for name, card in cards.items():
        (folder / name).write_text(card, encoding="utf-8")
    index = {
        "ids": [m.id for m in catalogue.of("measures")],
        "former": {old: m.id for m in catalogue.of("measures") for old in m.get("former_ids", [])},
        "max": SHEET_MAX,
    }
    (folder / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return len(cards)


def sheet_cards(ctx: PageContext) -> Cards:
    """Every measure's card in the context's language: its file name in the cards' folder and
    its JSON."""
    base = public_url()
    lang = ctx.lang
    root = page_url(base, lang, "")
    cards = {}
    for measure in ctx.rel.ordered("measures"):
        permalink = base + permalink_path(measure)
        currency = ctx.rel.currency_of(measure)
        html = ctx.fragment(
            "sheet-card.html",
            root,
            entry=measure,
            permalink=permalink,
            qr=ctx.qr(permalink),
            as_of=currency.as_of if currency else None,
        )
        # JSON holding the HTML: a piece of a page, not a page (no crawler, link check or
        # search index takes it for one).
        cards[f"{measure.id}.{lang}.json"] = json.dumps(
            {"id": measure.id, "lang": lang, "html": html}
        )
    return cards


def copy_qrcode_library(site: Path, source: Path = paths.QRCODE_LIB) -> bool:
    """Put the QR code library into the site; False when it is not installed (`make` installs it
    with npm): the sheet then shows its own address as text only."""
    if not source.is_file():
        return False
    target = site / QRCODE_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True
