"""The readers' words: `keywords` on entries and catalogue/search/ (equivalent words, contacts).

Editors change these files by pull request; a mistake is reported like any other, as
`path:line: CODE message`, and the words reach the indexed page of the entry.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import Entry
from ciivs.pages.render import render_site
from ciivs.search.words import WordFinder
from conftest import line_of, run_check


def write(folder: Path, relative: str, text: str) -> Path:
    file = folder / relative
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def problems_of(folder: Path) -> list[str]:
    result = run_check(folder)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    return (result.stdout + result.stderr).splitlines()


def test_the_valid_catalogue_with_search_words_passes(valid_copy: Path) -> None:
    write(valid_copy, "search/fr.yml", "equivalents:\n  - [chômeur, demandeur d'emploi]\n")
    write(valid_copy, "search/de.yml", "equivalents:\n  - [arbeitslos, stellensuchend]\n")
    write(valid_copy, "search/finder.yml", "contacts: [sas]\nage_limits: [18, 26]\n")
    result = run_check(valid_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "text, line, code",
    [
        ("equivalents:\n  - [chômeur]\n", 2, "BAD_VALUE"),  # a group needs two words
        ("equivalents:\n  - [a, b]\n  - [c, A]\n", 3, "BAD_VALUE"),  # a word in two groups
        ("equivalents:\n  - [chômeur, '']\n", 2, "BAD_VALUE"),
        ("equivalents:\n  - [chômeur, no]\n", 2, "YAML_BOOLEAN"),
        ("equivalent:\n  - [a, b]\n", 1, "UNKNOWN_FIELD"),
        ("- [a, b]\n", 1, "YAML_NOT_A_MAPPING"),
        ("equivalents:\n  - [a, b\n", 3, "YAML_SYNTAX"),
    ],
)
def test_a_mistake_in_the_equivalent_words_is_reported_at_its_line(
    valid_copy: Path, text: str, line: int, code: str
) -> None:
    write(valid_copy, "search/fr.yml", text)
    found = problems_of(valid_copy)
    assert any(p.startswith(f"{valid_copy}/search/fr.yml:{line}: {code} ") for p in found), found


def test_unknown_contact_unordered_ages_and_unknown_file_are_reported(valid_copy: Path) -> None:
    write(
        valid_copy, "search/finder.yml", "contacts:\n  - sas\n  - nowhere\nage_limits: [50, 18]\n"
    )
    write(valid_copy, "search/it.yml", "equivalents: []\n")
    found = problems_of(valid_copy)
    finder = f"{valid_copy}/search/finder.yml"
    assert any(p.startswith(f"{finder}:3: UNKNOWN_REFERENCE ") for p in found), found
    assert any(p.startswith(f"{finder}:4: BAD_VALUE ") for p in found), found
    assert any(p.startswith(f"{valid_copy}/search/it.yml:1: FILE_NAME ") for p in found), found


def test_keywords_are_checked_like_any_field(valid_copy: Path) -> None:
    measure = next((valid_copy / "measures").glob("*.yml"))
    relative = f"measures/{measure.name}"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        text + "keywords:\n  fr: [apprenti, 12]\n  it: [apprendista]\n", encoding="utf-8"
    )
    found = problems_of(valid_copy)
    number = line_of(valid_copy, relative, "fr: [apprenti, 12]")
    assert any(p.startswith(f"{valid_copy}/{relative}:{number}: YAML_NUMBER ") for p in found), (
        found
    )
    assert any(f"{relative}:{number + 1}: UNKNOWN_FIELD" in p for p in found), found


def test_equivalent_words_match_plurals_and_accents_but_not_inside_short_words() -> None:
    finder = WordFinder([["chômeur", "demandeur d'emploi"], ["AI", "assurance invalidité"]])
    assert finder.words_for("Pour les demandeuses et Demandeurs d’emploi") == ["chômeur"]
    assert finder.words_for("une aide pour les chomeurs") == ["demandeur d'emploi"]
    assert finder.words_for("l'office AI du canton") == ["assurance invalidité"]


def test_keywords_and_equivalents_reach_the_entry_page_only(valid_copy: Path) -> None:
    measure = next((valid_copy / "measures").glob("*.yml"))
    measure.write_text(
        measure.read_text(encoding="utf-8")
        + "keywords:\n  fr: [mot-clé-du-lecteur]\n  de: [Lesewort]\n",
        encoding="utf-8",
    )
    catalogue, problems = check_catalogue(valid_copy)
    assert not problems, problems
    entry: Entry = catalogue.get("measures", measure.stem)
    pages = {(p.lang, p.src): p.body for p in render_site(catalogue)}
    page_fr = pages[("fr", f"mesures/{entry.id}.md")]
    page_de = pages[("de", f"mesures/{entry.id}.md")]
    assert "mot-clé-du-lecteur" in page_fr and "Lesewort" not in page_fr
    assert "Lesewort" in page_de and "mot-clé-du-lecteur" not in page_de
    others = [body for (lang, src), body in pages.items() if src != f"mesures/{entry.id}.md"]
    assert not any("mot-clé-du-lecteur" in body or "Lesewort" in body for body in others)
