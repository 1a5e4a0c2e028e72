"""Facts of the real catalogue, checked from its own data, so that editors' updates need no test edit.

Editors change ids, figures and statuses; a test that names them fails for a correct update. These
tests derive what they expect from the data: every figure of a text is in both languages (a figure
changed in one language only is caught; one changed in both passes), names kept in French say so.
That the page shows what the data says is tested on the built site (test_site_pages.py).

One table stays pinned: the canton's official German names (see OFFICIAL_GERMAN_NAMES).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import Catalogue, Entry
from conftest import CATALOGUE, edit

LANGS = ("fr", "de")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    loaded, problems = check_catalogue(CATALOGUE, "catalogue")
    assert problems == [], "\n".join(map(str, problems))
    return loaded


def text_pairs(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[str, dict[str, str]]]:
    """Every text of an entry that exists in French and German, with its field path."""
    if isinstance(value, dict):
        if all(isinstance(value.get(lang), str) for lang in LANGS):
            yield ".".join(map(str, at)), value
            return
        for key, item in value.items():
            yield from text_pairs(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_pairs(item, (*at, index))


def figures(text: str) -> list[str]:
    """The numbers of a text, in order; '1 000' and "1'000" are one number."""
    joined = re.sub(r"(?<=\d)[ '\u2019\u00a0\u202f](?=\d{3}\b)", "", text)
    return sorted(re.findall(r"\d+", joined))


def figure_mismatches(entries: list[Entry]) -> list[str]:
    """Texts whose French and German versions do not hold the same numbers."""
    return [
        f"{e.path}: {field}: fr has {figures(texts['fr'])}, de has {figures(texts['de'])}"
        for e in entries
        for field, texts in text_pairs(e.data)
        if figures(texts["fr"]) != figures(texts["de"])
    ]


def test_every_figure_is_in_both_languages(catalogue: Catalogue) -> None:
    """A figure updated in one language only would tell French and German readers different facts."""
    assert figure_mismatches(list(catalogue.all())) == []


def test_a_figure_changed_in_one_language_is_found(valid_copy: Path) -> None:
    """The test above can fail: an age changed in the French summary only is reported."""
    before, problems = check_catalogue(valid_copy, "catalogue")
    assert problems == [] and figure_mismatches(list(before.all())) == []
    edit(valid_copy, "measures/formavenir.yml", "de 15 à 25 ans", "de 16 à 25 ans")
    after, problems = check_catalogue(valid_copy, "catalogue")
    assert problems == []
    found = figure_mismatches(list(after.all()))
    assert len(found) == 1 and ": summary: fr has ['16', '25'], de has ['15', '25']" in found[0], (
        found
    )


def test_every_name_to_confirm_keeps_the_french_name(catalogue: Catalogue) -> None:
    """Without an official German name, the German page shows the French one and explains it."""
    for e in catalogue.all():
        if e.get("german_name") == "to-confirm":
            label = "name" if "name" in e.data else "title"
            assert e[label]["de"] == e[label]["fr"], f"{e.path}: {label}.de"
            assert e.get("gloss", {}).get("de", "").strip(), f"{e.path}: gloss.de"


# Pinned on purpose: the canton's list of official German names (never invented, README). Keyed by
# the French name, not by id, so renaming a file changes nothing; a change here needs the canton.
OFFICIAL_GERMAN_NAMES = {  # French name: (German name, German abbreviation or None)
    "Collaboration interinstitutionnelle Valais": (
        "Interinstitutionelle Zusammenarbeit Wallis",
        "IIZ Wallis",
    ),
    "Service de l'industrie, du commerce et du travail": (
        "Dienststelle für Industrie, Handel und Arbeit",
        "DIHA",
    ),
    "Offices régionaux de placement": ("Regionale Arbeitsvermittlungszentren", "RAV"),
    "Logistique des mesures du marché du travail": (
        "Logistikstelle für arbeitsmarktliche Massnahmen",
        "LAM",
    ),
    "Service de l'action sociale": ("Dienststelle für Sozialwesen", "DSW"),
    "Office de l'asile": ("Amt für Asylwesen", "AfAW"),
    "Centres médico-sociaux": ("Sozialmedizinische Zentren", "SMZ"),
    "Service de la formation professionnelle": ("Dienststelle für Berufsbildung", "DB"),
    "Service des hautes écoles": ("Dienststelle für Hochschulwesen", "DH"),
    "Office d'orientation scolaire, professionnelle et de carrière": (
        "Amt für Berufs-, Studien- und Laufbahnberatung",
        "BSL",
    ),
    "Centres d'information et d'orientation": ("Berufsinformationszentren", "BIZ"),
    "Office cantonal de l'assurance invalidité": ("Kantonale IV-Stelle Wallis", "IV-Stelle Wallis"),
    "Service de l'application des peines et mesures": (
        "Dienststelle für Straf- und Massnahmenvollzug",
        "DSMV",
    ),
    "Office des sanctions et des mesures d'accompagnement": (
        "Amt für Sanktionen und Begleitmassnahmen",
        "ASM",
    ),
    "Service de la population et des migrations": (
        "Dienststelle für Bevölkerung und Migration",
        "DBM",
    ),
    "Service de l'enseignement": ("Dienststelle für Unterrichtswesen", "DUW"),
    "Service cantonal de la jeunesse": ("Kantonale Dienststelle für die Jugend", "KDJ"),
    "Office de la protection de l'enfant": ("Amt für Kindesschutz", "AKS"),
    "Département de l'économie et de la formation": (
        "Departement für Volkswirtschaft und Bildung",
        "DVB",
    ),
    "Département de la santé, des affaires sociales et de la culture": (
        "Departement für Gesundheit, Soziales und Kultur",
        "DGSK",
    ),
    "Unité de soutien en formation professionnelle": (
        "Anlauf- und Fachstelle Berufsbildung",
        "AFB",
    ),
}


def test_official_german_names_are_the_cantons(catalogue: Catalogue) -> None:
    for e in catalogue.all():
        label = "name" if "name" in e.data else "title"
        if not isinstance(e.get(label), dict) or e[label]["fr"] not in OFFICIAL_GERMAN_NAMES:
            continue
        name, abbreviation = OFFICIAL_GERMAN_NAMES[e[label]["fr"]]
        assert e[label]["de"] == name, f"{e.path}: {label}.de"
        if abbreviation is not None:
            assert e["abbreviation"]["de"] == abbreviation, f"{e.path}: abbreviation.de"
        assert e["german_name"] in ("official", "likely"), f"{e.path}: german_name"
