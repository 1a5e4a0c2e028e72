"""Easy read (FALC, Leichte Sprache) and the glossary, without a browser: the texts are easy by
the numbers, the report lists what readers still have to check, pages say so honestly, and
regular pages explain a glossary word where it is first used.

Expectations on the real catalogue are derived from its data (which measures, which texts);
tests of behaviour build what they need from a copy of the valid fixture.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.easyread import easy_lines
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.languages import load_languages
from ciivs.catalogue.relations import Relations
from ciivs.editors.report import EASY, measure_text
from ciivs.pages.glossary import GlossaryWords
from ciivs.pages.render import render_language
from conftest import CATALOGUE, LANGS, edit, line_of
from sitekit import built_site  # noqa: F401

LIVE, PROBLEMS = check_catalogue(CATALOGUE, "catalogue")
assert PROBLEMS == [], PROBLEMS
RELATIONS = Relations(LIVE)
LABELS = load_labels()
EASY_FILE = "easy-read/formavenir.yml"
PREFIX = {lang: "" if i == 0 else f"{lang}/" for i, lang in enumerate(LANGS)}


def _easy_text(measure_id: str, lang: str) -> str:
    [text] = RELATIONS.having("easy-read", "measure", measure_id)
    return "\n".join(
        line.text for code, lines in easy_lines(text) if code == lang for line in lines
    )


# ---------- The texts are easy, by the numbers ----------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("measure", sorted(e.id for e in LIVE.of("measures")))
def test_every_measure_has_an_easy_text_with_short_sentences_and_high_reading_ease(
    measure: str, lang: str
) -> None:
    """At most 10 words per sentence on average, Flesch reading ease (the language's formula:
    Kandel-Moles, Amstad) of 70 or more, each measure, each language."""
    measured = measure_text(_easy_text(measure, lang), lang, by_line=True)
    assert measured.mean_words <= EASY.mean_words == 10, measured
    assert measured.reading_ease is not None and measured.reading_ease >= EASY.reading_ease == 70
    assert measured.longest <= EASY.longest


def test_the_site_explains_itself_in_easy_read_in_every_language() -> None:
    about_site = [e for e in LIVE.of("easy-read") if "measure" not in e.data]
    assert about_site, "no easy-read text about the site itself"
    for entry in about_site:
        assert set(entry["sections"]) == set(LANGS)
        assert all(len(sections) >= 3 for sections in entry["sections"].values())


# ---------- The report: what to have checked, and every text measured ----------


def report(catalogue: Path) -> list[tuple[str, int, str, str]]:
    done = subprocess.run(
        [sys.executable, "-m", "ciivs", "report", str(catalogue), "--no-history"],
        capture_output=True,
        text=True,
        cwd=catalogue.parent,
        check=True,
    )
    found = [re.match(r"^(.+?):(\d+): ([A-Z_]+) (.*)$", line) for line in done.stdout.splitlines()]
    assert all(found), done.stdout
    return [(m[1], int(m[2]), m[3], m[4]) for m in found if m]


def _has(lines, path: Path, line: int, code: str) -> bool:
    return any(p == str(path) and n == line and c == code for p, n, c, _ in lines)


def test_report_lists_each_language_still_to_be_checked_by_readers(valid_copy: Path) -> None:
    easy = valid_copy / EASY_FILE
    lines = report(valid_copy)
    for lang in LANGS:
        assert _has(lines, easy, line_of(valid_copy, EASY_FILE, f"  {lang}:\n"), "EASY_NOT_CHECKED")
    edit(
        valid_copy,
        EASY_FILE,
        "sections:\n",
        'reviewed_by:\n  fr: "Groupe FALC"\nreviewed_on:\n  fr: "2027-03-01"\nsections:\n',
    )
    lines = report(valid_copy)
    assert not _has(lines, easy, line_of(valid_copy, EASY_FILE, "  fr:\n"), "EASY_NOT_CHECKED")
    assert _has(lines, easy, line_of(valid_copy, EASY_FILE, "  de:\n"), "EASY_NOT_CHECKED")


def test_report_measures_every_reader_facing_text_regular_and_easy(valid_copy: Path) -> None:
    lines = report(valid_copy)
    measured = {
        (Path(p).relative_to(valid_copy).as_posix(), m.split(":")[0])
        for p, _, c, m in lines
        if c == "READABILITY"
    }
    for lang in LANGS:
        assert (EASY_FILE, f"sections.{lang} (easy read)") in measured
        assert ("measures/formavenir.yml", f"description.{lang}") in measured
        assert ("glossary/sas.yml", f"explanation.{lang} (easy read)") in measured
    german = next(m for p, _, c, m in lines if c == "READABILITY" and "sections.de" in m)
    assert "Flesch (Amstad)" in german and "Wiener Sachtextformel" in german
    french = next(m for p, _, c, m in lines if c == "READABILITY" and "description.fr" in m)
    assert "Flesch (Kandel-Moles)" in french and "words on average, longest" in french


def test_report_flags_an_easy_text_above_its_targets_and_a_measure_without_one(
    valid_copy: Path,
) -> None:
    hard = (
        "Die Arbeitslosenversicherung unterstützt Versicherte bei Stellensuche und Weiterbildung.\n"
        "        Anspruchsberechtigte Stellensuchende erhalten Taggelder gemäss Bundesgesetz.\n"
    )
    edit(
        valid_copy,
        EASY_FILE,
        "Sie beginnen eine Lehre.\n",
        "Sie beginnen eine Lehre.\n        " + hard,
    )
    lines = report(valid_copy)
    german = line_of(valid_copy, EASY_FILE, "  de:\n")
    assert _has(lines, valid_copy / EASY_FILE, german, "EASY_HARD_TO_READ")
    (valid_copy / EASY_FILE).unlink()
    lines = report(valid_copy)
    measure = valid_copy / "measures/formavenir.yml"
    assert _has(
        lines, measure, line_of(valid_copy, "measures/formavenir.yml", "id: "), "EASY_READ_MISSING"
    )


# ---------- Pages: honest about review, one sentence per line, words explained ----------


def _pages(root: Path) -> dict[tuple[str, str], BeautifulSoup]:
    catalogue, problems = check_catalogue(root)
    assert problems == [], problems
    return {
        (page.lang, page.src): BeautifulSoup(page.body, "html.parser")
        for language in load_languages(root)
        for page in render_language(catalogue, language)
    }


def test_an_unchecked_text_says_so_and_shows_no_label_until_readers_checked_it(
    valid_copy: Path,
) -> None:
    pages = _pages(valid_copy)
    for lang in LANGS:
        page = pages[(lang, "facile-a-lire/formavenir.md")]
        [note] = page.select(".ciivs-easy-review")
        assert note.get_text(strip=True) == LABELS["easy_read_not_checked"][lang]
        assert not page.select(".ciivs-easy-review--checked")
    edit(
        valid_copy,
        EASY_FILE,
        "sections:\n",
        'reviewed_by:\n  fr: "Groupe FALC de Sion"\nreviewed_on:\n  fr: "2027-03-01"\nsections:\n',
    )
    pages = _pages(valid_copy)
    french = pages[("fr", "facile-a-lire/formavenir.md")]
    [label] = french.select(".ciivs-easy-review--checked")
    assert "Groupe FALC de Sion" in label.get_text() and "2027" in label.get_text()
    german = pages[("de", "facile-a-lire/formavenir.md")]
    assert not german.select(".ciivs-easy-review--checked"), "French readers do not check German"
    assert (
        german.select_one(".ciivs-easy-review").get_text(strip=True)
        == (LABELS["easy_read_not_checked"]["de"])
    )


@pytest.mark.parametrize("lang", LANGS)
def test_easy_pages_show_each_line_as_written_and_link_back(lang: str, built_site: Path) -> None:
    for entry in LIVE.of("easy-read"):
        file = built_site / PREFIX[lang] / "facile-a-lire" / entry.id / "index.html"
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        shown = [" ".join(p.get_text().split()) for p in soup.select(".ciivs-easy-lines p")]
        written = [
            " ".join(line.text.split())
            for code, lines in easy_lines(entry)
            if code == lang
            for line in lines
            if line.at[-1] == "text"
        ]
        assert shown[: len(written)] == written, entry.id
        questions = [
            " ".join(h.get_text().split()) for h in soup.select(".ciivs-easy-section > h2")
        ]
        assert questions[: len(entry["sections"][lang])] == [
            s["question"] for s in entry["sections"][lang]
        ]
        if "measure" in entry.data:
            back = soup.select_one(".ciivs-easy-back a")
            assert back is not None and back["href"].endswith(f"mesures/{entry['measure']}/")


def _main(soup: BeautifulSoup) -> BeautifulSoup:
    return soup.select_one("article") or soup


@pytest.mark.parametrize("lang", LANGS)
def test_regular_pages_link_a_glossary_word_once_where_it_is_first_used(
    lang: str, built_site: Path
) -> None:
    linked_pages = 0
    for kind in ("mesures", "institutions", "programmes"):
        for file in sorted((built_site / PREFIX[lang] / kind).glob("*/index.html")):
            soup = _main(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))
            terms = soup.select("a.ciivs-term")
            targets = [a["href"] for a in terms]
            assert len(targets) == len(set(targets)), f"{file}: a word linked twice"
            for a in terms:
                assert not a.find_parent(re.compile(r"^(h[1-6]|a|dt)$")), f"{file}: {a}"
                word = (file.parent / a["href"] / "index.html").resolve()
                assert word.is_file(), f"{file}: {a['href']} leads nowhere"
                assert a.get_text(strip=True), a
            linked_pages += bool(terms)
    assert linked_pages >= len(LIVE.of("measures")), "measure pages explain no word"


def test_the_longest_form_is_linked_once_also_with_a_capital_never_inside_a_word() -> None:
    words = GlossaryWords({"stage": "stage", "stage pratique": "stage-pratique", "ORP": "orp"})
    body = (
        "<h2>Un stage</h2><p>Un Stage\npratique, des stages, un stage, l&#39;ORP.</p>"
        "<p>Un stage pratique et l'ORP.</p>"
    )
    assert words.link_first_uses(body, lambda word: f"/g/{word}/") == (
        "<h2>Un stage</h2>"
        '<p>Un <a class="ciivs-term" href="/g/stage-pratique/">Stage\npratique</a>, des stages, '
        'un <a class="ciivs-term" href="/g/stage/">stage</a>, '
        'l&#39;<a class="ciivs-term" href="/g/orp/">ORP</a>.</p>'
        "<p>Un stage pratique et l'ORP.</p>"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_glossary_word_page_explains_it_and_names_it_in_the_other_languages(
    lang: str, built_site: Path
) -> None:
    for word in LIVE.of("glossary"):
        file = built_site / PREFIX[lang] / "glossaire" / word.id / "index.html"
        soup = _main(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))
        text = " ".join(soup.select_one(".ciivs-easy-lines").get_text(" ").split())
        assert text == " ".join(word["explanation"][lang].split())
        for other in LANGS:
            if other != lang:
                assert soup.select_one(f'dd[lang="{other}"]').get_text() == word["term"][other]
