"""The bulletin's key facts, in French AND German, in the real catalogue.

The facts were copied by hand from the CII Valais bulletin (the seed text) and from the canton's
list of German names; the tests never read those sources. A text fact must appear in the French
and in the German texts of the entry (all its texts are searched, line breaks ignored); a key
figure's value counts for both languages, since both pages show it. Ids, references and other
codes are not text and are never searched. Patterns are case-sensitive unless they say (?i).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from ciivs.catalogue import Catalogue, Entry
from ciivs.check import check_catalogue
from conftest import CATALOGUE


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    loaded, problems = check_catalogue(CATALOGUE, "catalogue")
    assert problems == [], "\n".join(map(str, problems))
    return loaded


def entry(catalogue: Catalogue, kind: str, id: str) -> Entry:
    found = catalogue.get(kind, id)
    assert found is not None, f"catalogue/{kind}/{id}.yml is missing"
    return found


def _strings(value: Any, lang: str, key: Any = None, inherited: str | None = None) -> list[str]:
    """Every text of `value` in `lang`, plus key figures' values (shown in both languages)."""
    if isinstance(value, str):
        return [value] if inherited == lang or (inherited is None and key == "value") else []
    if isinstance(value, dict):
        return [
            s
            for k, item in value.items()
            for s in _strings(item, lang, k, k if k in ("fr", "de") else inherited)
        ]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item, lang, key, inherited)]
    return []


def text(e: Entry, lang: str) -> str:
    """All the text an entry shows in one language, on one line, with plain spaces and hyphens."""
    joined = " ".join(_strings(e.data, lang))
    joined = re.sub(r"[\u00a0\u202f\s]+", " ", joined)
    return joined.replace("\u2013", "-").replace("\u2011", "-")


def assert_says(e: Entry, fr: str, de: str) -> None:
    """The French texts match the regular expression `fr`, and the German texts match `de`."""
    assert re.search(fr, text(e, "fr")), f"{e.kind}/{e.id}: no French text matches {fr!r}"
    assert re.search(de, text(e, "de")), f"{e.kind}/{e.id}: no German text matches {de!r}"


def assert_both(e: Entry, *patterns: str) -> None:
    """Each pattern (a number, a name kept in both languages) appears in French and in German."""
    for pattern in patterns:
        assert_says(e, pattern, pattern)


def members(catalogue: Catalogue, circle: str) -> set[str]:
    return {i.id for i in catalogue.of("institutions") if circle in i.get("circles", [])}


# --- FormAvenir ---------------------------------------------------------------------------------


def test_formavenir_structured_facts(catalogue: Catalogue) -> None:
    m = entry(catalogue, "measures", "formavenir")
    assert (m["minimum_age"], m["maximum_age"]) == (15, 25)
    assert m["valid_from"] == "2023-08-01"
    assert (m["status"], m["phase"]) == ("active", "pilot")
    assert (
        m["capacity"]["amount"] == 60
        and m["capacity"]["period"] == "year"
        and m["capacity"]["approximate"] is True
    )
    assert set(m["providers"]) == {"nasca-formation", "arpi", "oseo-valais", "topjoberwallis"}
    assert set(m["referrers"]) == {"organisateurs-semo", "cms", "oasi", "plateforme-t1", "usfp"}
    assert m["responsible"] == "sas" and "sas" in m["funders"]
    assert m["target_groups"] == ["jeunes-en-formation"]
    assert set(m["regions"]) == {r.id for r in catalogue.of("regions")}, (
        "the pilot covers the whole canton"
    )
    assert entry(catalogue, "institutions", "sas")["parent"] == "dssc"


def test_formavenir_texts(catalogue: Catalogue) -> None:
    m = entry(catalogue, "measures", "formavenir")
    assert_both(
        m, r"\b15\b", r"\b25\b", r"\b2023\b", "Nasca Formation", r"\bARPI\b", r"(?i)topjoberwallis"
    )
    assert_says(m, r"1er août 2023", r"1\. August 2023")
    assert_says(m, r"soixantaine|\b60\b", r"sechzig|\b60\b")
    assert_says(m, r"\b(trois|3) ans", r"\b(drei|3) Jahre")
    assert_says(m, r"\b(quatre|4) organisateurs", r"\b(vier|4) Anbieter")
    assert_says(m, r"OSEO Valais", r"SAH Wallis")
    assert_says(m, r"\bDSSC\b", r"\bDGSK\b")
    assert_says(m, r"\bUSFP\b", r"\bAFB\b")
    assert_says(m, r"\bSFOP\b|formation professionnelle", r"Dienststelle für Berufsbildung")
    assert_says(m, r"contrat d'apprentissage", r"Lehrvertrag")
    assert_says(m, r"semestres de motivation", r"Motivationssemester")
    assert_says(m, r"\bCMS\b|centres médico-sociaux", r"\bSMZ\b|Sozialmedizinischen Zentren")
    assert_says(m, r"Plateforme T1", r"Plattform T1")
    assert_says(m, r"Office de l'asile", r"Amt für Asylwesen")


# --- Carrière au féminin ------------------------------------------------------------------------


def test_carriere_au_feminin_structured_facts(catalogue: Catalogue) -> None:
    m = entry(catalogue, "measures", "carriere-au-feminin")
    assert m["cost"]["amount"] == 400 and m["cost"]["currency"] == "CHF"
    assert m["valid_from"] == "2023-09"
    assert m["responsible"] == "osp"
    assert {"cio", "ocef"} <= set(m["providers"])
    assert m["target_groups"] == ["femmes-reprise-activite"]
    assert m["german_name"] == "to-confirm"
    assert m["title"]["fr"] == m["title"]["de"] == "Carrière au féminin"
    assert "egalite-vs.ch/carriere" in m["contact"]["url"]


def test_carriere_au_feminin_texts(catalogue: Catalogue) -> None:
    m = entry(catalogue, "measures", "carriere-au-feminin")
    assert_both(m, r"CHF 400", r"\b2024\b")
    assert_says(m, r"\b(5|cinq) demi-journées", r"\b(5|fünf) Halbtage")
    assert_says(
        m,
        r"\b(6|six) entretiens de coaching",
        r"\b(6|sechs) (Einzelcoaching-)?Gespräche|\b(6|sechs) Einzelcoaching",
    )
    assert_says(m, r"\b(10|dix) participantes", r"\b(10|zehn) Teilnehmerinnen")
    assert_says(m, r"septembre 2023", r"September 2023")
    assert_says(m, r"domiciliées en Valais", r"Wohnsitz im Wallis")
    assert_says(m, r"chaque année|une session par année", r"jedes Jahr|pro Jahr")
    assert_says(
        m, r"\bCIO\b|centres d'information et d'orientation", r"\bBIZ\b|Berufsinformationszentren"
    )
    assert_says(m, r"égalité et de la famille", r"Gleichstellung und Familie")


# --- Job-coaching in the ORP, CAS and the federal impulse programme -------------------------------


def test_job_coaching_facts(catalogue: Catalogue) -> None:
    m = entry(catalogue, "measures", "job-coaching-orp-50-plus")
    assert m["responsible"] == "sict" and m["providers"] == ["orp"]
    assert m["funders"] == ["assurance-chomage"]
    assert m["programme"] == "programme-impulsion-50-plus"
    assert m["target_groups"] == ["demandeurs-emploi-50-plus"]
    assert_says(m, r"au moins toutes les (2|deux) semaines", r"mindestens alle (2|zwei) Wochen")
    assert_says(m, r"\b(5|cinq) ORP", r"\b(5|fünf) RAV")
    assert_says(m, r"plus de 50 ans", r"über 50")
    assert_both(m, r"\b14\b")
    assert_says(m, r"job-coach", r"Jobcoach")


def test_cas_facts(catalogue: Catalogue) -> None:
    m = entry(catalogue, "measures", "cas-conseillers-orp")
    assert_says(m, r"\b14 CP\b|\b14 conseill", r"\b14 Personalberatende")
    for title in (
        "CAS en Job-coaching et Placement Actif",
        "CAS en Case Management",
        "CAS de Spécialiste en Insertion Professionnelle",
    ):
        assert_both(m, re.escape(title))
    assert m["responsible"] == "sict" and m["programme"] == "programme-impulsion-50-plus"


def test_impulse_programme_facts(catalogue: Catalogue) -> None:
    p = entry(catalogue, "programmes", "programme-impulsion-50-plus")
    assert (p["valid_from"], p["valid_to"], p["level"]) == ("2019", "2024", "federal")
    assert p["funders"] == ["assurance-chomage"]
    assert_both(p, r"\b2019\b", r"\b2024\b")
    assert_says(p, r"Conseil fédéral", r"Bundesrat")
    assert_says(p, r"assurance-chômage", r"Arbeitslosenversicherung")


# --- PIC 3 --------------------------------------------------------------------------------------


def test_pic3_structured_facts(catalogue: Catalogue) -> None:
    p = entry(catalogue, "programmes", "pic-3")
    assert (p["valid_from"], p["valid_to"], p["level"]) == ("2024", "2027", "cantonal")
    assert p["abbreviation"] == {"fr": "PIC 3", "de": "KIP 3"}
    assert p["responsible"] == "spm"
    assert set(p["target_groups"]) == {"etrangers-sejour-durable", "personnes-asile"}
    assert entry(catalogue, "measures", "integration-pic3-sejour-durable")["responsible"] == "spm"
    assert entry(catalogue, "measures", "integration-pic3-asile")["responsible"] == "oasi"
    assert {m.id for m in catalogue.of("measures") if m.get("programme") == "pic-3"} == {
        "integration-pic3-sejour-durable",
        "integration-pic3-asile",
    }
    urls = {link["url"] for link in p["links"]}
    assert {"http://www.vs.ch/integration", "http://www.kip-pic.ch"} <= urls


def test_pic3_texts(catalogue: Catalogue) -> None:
    p = entry(catalogue, "programmes", "pic-3")
    assert_both(p, r"\b2014\b", r"2024-2027", r"\b2023\b", r"\b51\b", r"\b80 ?%", r"\b90 ?%")
    assert_says(p, r"\b58 communes", r"\b58 Gemeinden")
    assert_says(
        p,
        r"\b51 dans le Valais romand et 7 dans le Haut-Valais",
        r"\b51 im französischsprachigen Wallis und 7 im Oberwallis",
    )
    assert_says(p, r"\b15 délégués", r"\b15\b[^.]*Integrations(delegierte|beauftragte)")
    assert_says(p, r"\b(quatre|4) régions", r"\b(vier|4) (Integrations)?regionen")
    assert_says(p, r"\b(quatre|4) ans", r"\b(vier|4) Jahre")
    assert_says(
        p,
        r"Service de la population et des migrations",
        r"Dienststelle für Bevölkerung und Migration",
    )
    assert_says(p, r"regroupement familial", r"Familiennachzug")
    assert_says(p, r"pauvreté", r"Armut")


def test_four_regions(catalogue: Catalogue) -> None:
    names = {r.id: (r["name"]["fr"], r["name"]["de"]) for r in catalogue.of("regions")}
    assert names == {
        "monthey-saint-maurice": ("Région Monthey – St-Maurice", "Region Monthey – St-Maurice"),
        "martigny-entremont": ("Région Martigny – Entremont", "Region Martinach – Entremont"),
        "valais-central": ("Région Valais central", "Region Zentralwallis"),
        "haut-valais": ("Région Haut-Valais", "Region Oberwallis"),
    }


# --- Circles, charter values, contact -----------------------------------------------------------

FIRST_CIRCLE = {"sict", "sas", "sfop", "she", "oai"}
# The CMS share the SAS's line of the bulletin ("le SAS ... ainsi que les CMS"): members in their
# own right, not a unit of the SAS.
FIRST_CIRCLE_ALSO = {"cms"}
SECOND_CIRCLE = {"sapem", "spm", "suva", "se", "scj", "ppp"}

# The units through which each member takes part, as the bulletin lists them.
UNITS = {
    "orp": "sict",
    "lmmt": "sict",
    "ocps": "sas",
    "oasi": "sas",
    "plateforme-t1": "sfop",
    "osp": "she",
    "osama": "sapem",
    "epcl": "sapem",
    "bci": "spm",
    "oes": "se",
    "ope": "scj",
    "cdtea": "scj",
    "sppea": "ppp",
    "sppa": "ppp",
    "sppha": "ppp",
}


def test_circle_members(catalogue: Catalogue) -> None:
    assert members(catalogue, "premier-cercle") == FIRST_CIRCLE | FIRST_CIRCLE_ALSO
    assert members(catalogue, "deuxieme-cercle") == SECOND_CIRCLE
    assert members(catalogue, "troisieme-cercle") == set()
    assert entry(catalogue, "circles", "troisieme-cercle")["status"] == "planned"
    assert_says(entry(catalogue, "circles", "premier-cercle"), r"\bcinq\b|\b5\b", r"\bfünf\b|\b5\b")


def test_first_circle_websites(catalogue: Catalogue) -> None:
    websites = {id: entry(catalogue, "institutions", id).get("website") for id in FIRST_CIRCLE}
    assert websites == {
        "sict": "https://www.vs.ch/fr/web/sict",
        "sas": "https://www.vs.ch/web/sas",
        "sfop": "https://www.vs.ch/web/sfop",
        "she": "https://www.vs.ch/web/she",
        "oai": "https://www.aivs.ch/fr/homepage.html",
    }


def test_circle_units(catalogue: Catalogue) -> None:
    for unit, parent in UNITS.items():
        assert entry(catalogue, "institutions", unit).get("parent") == parent, unit
    assert entry(catalogue, "institutions", "ppp")["parent"] == "hopital-du-valais"


def test_circle_texts_name_every_member_in_both_languages(catalogue: Catalogue) -> None:
    first = entry(catalogue, "circles", "premier-cercle")
    for fr, de in [
        ("SICT", "DIHA"),
        ("ORP", "RAV"),
        ("LMMT", "LAM"),
        ("SAS", "DSW"),
        ("OCPS", "OCPS"),
        ("OASI", "AfAW"),
        ("CMS", "SMZ"),
        ("SFOP", "DB"),
        ("Plateforme T1", "Plattform T1"),
        ("SHE", "DH"),
        ("OSP", "BSL"),
        ("OAI", "IV-Stelle Wallis"),
    ]:
        assert_says(first, rf"\b{re.escape(fr)}\b", rf"\b{re.escape(de)}\b")
    assert_says(first, r"organe de coordination", r"Koordinationsorgan")
    second = entry(catalogue, "circles", "deuxieme-cercle")
    for fr, de in [
        ("SAPEM", "DSMV"),
        ("OSAMA", "ASM|OSAMA"),
        ("EPCL", "Crêtelongue"),
        ("SPM", "DBM"),
        ("BCI", "Fachstelle Integration"),
        ("SUVA", "Suva"),
        ("SE", "DUW"),
        ("OES", "Sonderschulwesen"),
        ("SCJ", "KDJ"),
        ("OPE", "AKS"),
        ("CDTEA", "ZET"),
        ("PPP", "PPP"),
        ("SPPEA", "SPPEA"),
        ("SPPA", "SPPA"),
        ("SPPHA", "SPPHA"),
    ]:
        assert_says(second, rf"\b{fr}\b", rf"\b({de})\b")
    assert_says(
        second,
        r"au moins deux dispositifs du premier cercle",
        r"mindestens zwei Stellen des ersten Kreises",
    )
    assert_says(second, r"mandats de prestations", r"Leistungsaufträge")


CHARTER = {  # id: (French name, German words that must name the value)
    "respect": ("Respect", "Respekt"),
    "transparence": ("Transparence", "Transparenz"),
    "prevention": ("Prévention", "Prävention"),
    "responsabilisation": ("Responsabilisation", "Eigenverantwortung"),
    "equite": ("Équité", "gerechtigkeit"),
    "innovation": ("Innovation", "Innovation"),
}


def test_six_charter_values(catalogue: Catalogue) -> None:
    values = {v.id: v for v in catalogue.of("values")}
    assert set(values) == set(CHARTER)
    second = entry(catalogue, "circles", "deuxieme-cercle")
    for id, (fr, de) in CHARTER.items():
        assert values[id]["name"]["fr"] == fr
        assert de.lower() in values[id]["name"]["de"].lower()
        assert values[id]["summary"]["fr"].strip() and values[id]["summary"]["de"].strip()
        assert_says(second, "(?i)" + re.escape(fr), "(?i)" + de)


def test_cii_office_contact(catalogue: Catalogue) -> None:
    office = entry(catalogue, "institutions", "bureau-cii")
    assert office["address"] == {"street": "Av. du Midi 7", "postcode": "1950", "locality": "Sion"}
    assert office["phone"] == "027 606 73 20"
    assert office["website"] == "https://www.vs.ch/cii"
    assert office["parent"] == "sict"
    person = entry(catalogue, "people", "anne-beney-confortola")
    assert person["name"] == "Anne Beney Confortola"
    assert person["email"] == "anne-francoise.beney@admin.vs.ch"
    assert person["institution"] == "bureau-cii"
    assert person["role"]["fr"] == "Chargée cantonale de la CII Valais"
    assert_says(person, r"Chargée cantonale", r"IIZ-Koordinatorin")


def test_authors(catalogue: Catalogue) -> None:
    authors = {a.id: a.get("author") for a in catalogue.of("articles")}
    assert (
        authors["edito"]
        == authors["cercles-cii"]
        == authors["qualite-cii"]
        == "anne-beney-confortola"
    )
    assert authors["pic-3"] == "olivier-milici"
    assert authors["job-coaching-orp"] == "david-fellay"
    assert authors["carriere-au-feminin"] == "lionel-clavien"
    assert entry(catalogue, "people", "olivier-milici")["institution"] == "spm"
    assert entry(catalogue, "people", "david-fellay")["role"]["fr"] == "Chef Placement Public"
    assert entry(catalogue, "people", "lionel-clavien")["institution"] == "osp"


def test_quality_and_network_initiatives(catalogue: Catalogue) -> None:
    smq = entry(catalogue, "initiatives", "systeme-management-qualite")
    assert smq["responsible"] == "sict" and smq["participants"] == ["bureau-cii"]
    assert_both(smq, r"ISO 9001")
    assert_says(smq, r"\b(10|dix)\b", r"\b(10|zehn)\b")
    assert_says(smq, r"système de management de la qualité", r"Qualitätsmanagementsystem")
    wider = entry(catalogue, "initiatives", "elargissement-plateforme-cii")
    assert (wider["responsible"], wider["status"]) == ("comite-strategique-cii", "planned")


def test_cii_mission(catalogue: Catalogue) -> None:
    cii = entry(catalogue, "institutions", "cii-valais")
    assert cii["abbreviation"] == {"fr": "CII Valais", "de": "IIZ Wallis"}
    assert_says(
        cii, r"insertion professionnelle et sociale", r"berufliche und soziale Eingliederung"
    )
    assert_says(cii, r"marché du travail ordinaire", r"ersten Arbeitsmarkt")


# --- German names from the canton's list ----------------------------------------------------------

GERMAN_NAMES = {  # (kind, id): (German name, German abbreviation or None when none is used)
    ("institutions", "cii-valais"): ("Interinstitutionelle Zusammenarbeit Wallis", "IIZ Wallis"),
    ("institutions", "sict"): ("Dienststelle für Industrie, Handel und Arbeit", "DIHA"),
    ("institutions", "orp"): ("Regionale Arbeitsvermittlungszentren", "RAV"),
    ("institutions", "lmmt"): ("Logistikstelle für arbeitsmarktliche Massnahmen", "LAM"),
    ("institutions", "sas"): ("Dienststelle für Sozialwesen", "DSW"),
    ("institutions", "oasi"): ("Amt für Asylwesen", "AfAW"),
    ("institutions", "cms"): ("Sozialmedizinische Zentren", "SMZ"),
    ("institutions", "sfop"): ("Dienststelle für Berufsbildung", "DB"),
    ("institutions", "plateforme-t1"): ("Plattform T1", None),
    ("institutions", "she"): ("Dienststelle für Hochschulwesen", "DH"),
    ("institutions", "osp"): ("Amt für Berufs-, Studien- und Laufbahnberatung", "BSL"),
    ("institutions", "cio"): ("Berufsinformationszentren", "BIZ"),
    ("institutions", "oai"): ("Kantonale IV-Stelle Wallis", "IV-Stelle Wallis"),
    ("institutions", "sapem"): ("Dienststelle für Straf- und Massnahmenvollzug", "DSMV"),
    ("institutions", "osama"): ("Amt für Sanktionen und Begleitmassnahmen", "ASM"),
    ("institutions", "epcl"): ("Strafanstalt Crêtelongue", "EPCL"),
    ("institutions", "spm"): ("Dienststelle für Bevölkerung und Migration", "DBM"),
    ("institutions", "bci"): ("Fachstelle Integration", None),
    ("institutions", "suva"): ("Suva", None),
    ("institutions", "se"): ("Dienststelle für Unterrichtswesen", "DUW"),
    ("institutions", "oes"): ("Amt für Sonderschulwesen", None),
    ("institutions", "scj"): ("Kantonale Dienststelle für die Jugend", "KDJ"),
    ("institutions", "ope"): ("Amt für Kindesschutz", "AKS"),
    ("institutions", "cdtea"): (
        "Zentrum für Entwicklung und Therapie des Kindes und Jugendlichen",
        "ZET",
    ),
    ("institutions", "hopital-du-valais"): ("Spital Wallis", None),
    ("institutions", "sppea"): ("Psychiatrie und Psychotherapie für Kinder und Jugendliche", None),
    ("institutions", "def"): ("Departement für Volkswirtschaft und Bildung", "DVB"),
    ("institutions", "dssc"): ("Departement für Gesundheit, Soziales und Kultur", "DGSK"),
    ("institutions", "usfp"): ("Anlauf- und Fachstelle Berufsbildung", "AFB"),
    ("institutions", "ocef"): ("Kantonales Amt für Gleichstellung und Familie", None),
    ("institutions", "assurance-chomage"): ("Arbeitslosenversicherung", "ALV"),
    ("institutions", "oseo-valais"): ("SAH Wallis", None),
    ("institutions", "nasca-formation"): ("Nasca Formation", None),
    ("institutions", "arpi"): ("Association régionale professionnelle pour l'insertion", "ARPI"),
    ("programmes", "pic-3"): ("Kantonales Integrationsprogramm KIP 3 (2024–2027)", "KIP 3"),
    ("programmes", "programme-impulsion-50-plus"): ("Impulsprogramm des Bundes", None),
    ("measures", "formavenir"): ("FormAvenir", None),
}


@pytest.mark.parametrize("kind, id", list(GERMAN_NAMES), ids=[f"{k}/{i}" for k, i in GERMAN_NAMES])
def test_german_name_from_the_canton_list(catalogue: Catalogue, kind: str, id: str) -> None:
    e = entry(catalogue, kind, id)
    name, abbreviation = GERMAN_NAMES[(kind, id)]
    label = "title" if kind == "measures" else "name"
    assert e[label]["de"] == name
    if abbreviation is not None:
        assert e["abbreviation"]["de"] == abbreviation
    assert e["german_name"] in ("official", "likely")


def test_topjoberwallis_keeps_its_name(catalogue: Catalogue) -> None:
    e = entry(catalogue, "institutions", "topjoberwallis")
    assert e["name"]["de"].lower() == e["name"]["fr"].lower() == "topjoberwallis"


# Names the canton's list could not confirm in German: the French name is kept, gloss.de explains it.
TO_CONFIRM = {
    ("institutions", "ocps"),
    ("institutions", "ppp"),
    ("institutions", "sppa"),
    ("institutions", "sppha"),
    ("measures", "carriere-au-feminin"),
}


@pytest.mark.parametrize(
    "kind, id", sorted(TO_CONFIRM), ids=[f"{k}/{i}" for k, i in sorted(TO_CONFIRM)]
)
def test_name_to_confirm_keeps_the_french_name(catalogue: Catalogue, kind: str, id: str) -> None:
    e = entry(catalogue, kind, id)
    label = "title" if kind == "measures" else "name"
    assert e["german_name"] == "to-confirm"
    assert e[label]["de"] == e[label]["fr"]
    assert e["gloss"]["de"].strip() and e["gloss"]["fr"].strip()


def test_every_name_to_confirm_keeps_the_french_name(catalogue: Catalogue) -> None:
    for e in catalogue.all():
        if e.get("german_name") == "to-confirm":
            label = "name" if "name" in e.data else "title"
            assert e[label]["de"] == e[label]["fr"], f"{e.kind}/{e.id}"
            assert "gloss" in e.data, f"{e.kind}/{e.id}"
