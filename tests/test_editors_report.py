"""The editors' report (`make report`) and the currency of entries, on fixture catalogues.

Each test copies the valid minimal catalogue, adds one kind of trouble an editor meets (an
overdue review, a planned end passed, an untranslated text, a sentence far too long, a French
text changed after its German one in git) and checks the line the report prints for it: the
file, the line an editor must look at (found here by text search), the code, exit status 0.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.languages import load_languages
from ciivs.pages.render import render_language
from conftest import LANGS

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "valid"
MEASURE = "measures/formavenir.yml"
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<code>[A-Z_]+) (?P<message>.+)$")
LABELS = load_labels()
LONG_SENTENCE = (
    "Cette mesure, qui a été conçue par les services compétents de l'administration cantonale "
    "en étroite collaboration avec les partenaires institutionnels du premier et du deuxième "
    "cercle, vise à renforcer durablement la prise en charge individualisée et coordonnée des "
    "personnes concernées dans l'ensemble des régions du canton du Valais."
)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(VALID, target)
    return target


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(file: Path, marker: str) -> int:
    """The line an editor must look at: the first one holding `marker`."""
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {file}")


def report(catalogue: Path, *args: str) -> tuple[int, list[dict[str, str]], str]:
    """Run `python -m ciivs report` like `make report`; return exit status, parsed lines, stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "ciivs", "report", str(catalogue), *args],
        capture_output=True,
        text=True,
        cwd=catalogue.parent,
    )
    lines = done.stdout.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), f"lines not in the path:line: CODE message format: {lines}"
    return done.returncode, [m.groupdict() for m in parsed if m], done.stderr


def has(findings: list[dict[str, str]], file: Path, line: int, code: str) -> bool:
    return any(
        f["code"] == code and f["line"] == str(line) and Path(f["path"]).name == file.name
        for f in findings
    )


def test_a_clean_catalogue_reports_no_currency_problem(copy: Path) -> None:
    measure = copy / MEASURE
    edit(measure, 'last_reviewed: "2026-11-26"', 'last_reviewed: "2026-11-26"\nconfirmed_by: sas')
    edit(measure, 'valid_to: "2026-07"', 'valid_to: "2027"')
    status, findings, _ = report(copy, "--today", "2026-12-02", "--no-history")
    assert status == 0
    codes = {f["code"] for f in findings if Path(f["path"]).name == measure.name}
    assert not codes & {"REVIEW_OVERDUE", "PLANNED_END_PASSED", "REVIEW_UNSOURCED"}, findings


def test_overdue_review_and_passed_end_are_named_with_file_and_line(copy: Path) -> None:
    measure = copy / MEASURE
    # A planned end after the last confirmation (26.11.2026), passed by January 2028.
    edit(measure, 'valid_to: "2026-07"', 'valid_to: "2027-06"')
    status, findings, _ = report(copy, "--today", "2028-01-15", "--no-history")
    assert status == 0
    # Confirmed on 26.11.2026, due again 12 months later: overdue in January 2028.
    assert has(findings, measure, line_of(measure, "last_reviewed:"), "REVIEW_OVERDUE")
    # A confirmation that does not say who confirmed it.
    assert has(findings, measure, line_of(measure, "last_reviewed:"), "REVIEW_UNSOURCED")
    assert has(findings, measure, line_of(measure, "valid_to:"), "PLANNED_END_PASSED")


def test_an_entry_only_the_bulletin_supports_is_due_a_year_after_it(copy: Path) -> None:
    measure = copy / MEASURE
    edit(measure, 'last_reviewed: "2026-11-26"\n', "")
    edit(copy / "articles/formavenir.yml", "order: 1\n", 'order: 1\npublished: "2023"\n')
    _, before, _ = report(copy, "--today", "2024-12-31", "--no-history")
    _, after, _ = report(copy, "--today", "2025-01-01", "--no-history")
    sources = line_of(measure, "sources:")
    assert not has(before, measure, sources, "REVIEW_OVERDUE")
    assert has(after, measure, sources, "REVIEW_OVERDUE")


def test_a_review_interval_per_entry_overrides_the_default(copy: Path) -> None:
    measure = copy / MEASURE
    edit(measure, 'last_reviewed: "2026-11-26"', 'last_reviewed: "2026-11-26"\nconfirmed_by: sas')
    edit(measure, "phase: pilot\n", "phase: pilot\nreview_interval_months: 36\n")
    _, findings, _ = report(copy, "--today", "2028-01-15", "--no-history")
    assert not any(
        f["code"] == "REVIEW_OVERDUE" and Path(f["path"]).name == measure.name for f in findings
    )


def test_untranslated_and_too_long_texts_are_reported(copy: Path) -> None:
    measure = copy / MEASURE
    french = (
        "Un coaching individuel pour les apprenti·e·s de 15 à 25 ans qui cumulent les difficultés."
    )
    edit(
        measure,
        "de: Ein individuelles Coaching für Lernende von 15 bis 25 Jahren mit mehreren Schwierigkeiten.",
        f"de: {french}",
    )
    edit(
        measure,
        "**FormAvenir** est un projet-pilote du DSSC, mis en place par le SAS.",
        LONG_SENTENCE,
    )
    edit(measure, "La phase-pilote a démarré le 1er août 2023.", LONG_SENTENCE)
    status, findings, _ = report(copy, "--today", "2026-12-02", "--no-history")
    assert status == 0
    assert has(findings, measure, line_of(measure, f"de: {french}"), "SAME_IN_BOTH_LANGUAGES")
    description_fr = line_of(measure, "description:") + 1
    assert has(findings, measure, description_fr, "LONG_SENTENCES")
    assert has(findings, measure, description_fr, "HARD_TO_READ")
    # The German description keeps short sentences: nothing to say about it.
    description_de = line_of(measure, "  de: |")
    assert not has(findings, measure, description_de, "LONG_SENTENCES")


def test_german_names_to_confirm_are_listed(copy: Path) -> None:
    sas = copy / "institutions/sas.yml"
    edit(sas, "german_name: official", "german_name: likely")
    _, findings, _ = report(copy, "--today", "2026-12-02", "--no-history")
    assert has(findings, sas, line_of(sas, "german_name:"), "GERMAN_NAME_LIKELY")


def test_the_report_never_fails_even_on_a_broken_catalogue(copy: Path) -> None:
    (copy / MEASURE).write_text("id: [unclosed\n", encoding="utf-8")
    status, findings, stderr = report(copy, "--today", "2026-12-02", "--no-history")
    assert status == 0
    assert any(f["code"] == "YAML_SYNTAX" for f in findings)
    assert "make check" in stderr


def test_the_committed_catalogue_gets_a_report() -> None:
    status, findings, stderr = report(ROOT / "catalogue")
    assert status == 0
    assert "report findings" in stderr
    catalogue, _ = check_catalogue(ROOT / "catalogue")
    to_confirm = [e for e in catalogue.all() if e.get("german_name") == "to-confirm"]
    named = {Path(f["path"]).stem for f in findings if f["code"] == "GERMAN_NAME_TO_CONFIRM"}
    assert {e.id for e in to_confirm} <= named


# --- Translations changed on one side, from the git history -----------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_a_french_text_changed_after_its_german_is_found_in_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo / "catalogue")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "catalogue")
    measure = repo / "catalogue" / MEASURE
    edit(measure, "qui cumulent les difficultés.", "qui ont plusieurs difficultés à la fois.")
    git(repo, "commit", "-qam", "French summary reworded")
    _, findings, _ = report(repo / "catalogue", "--today", "2026-12-02")
    german = line_of(measure, "de: Ein individuelles Coaching")
    assert has(findings, measure, german, "FRENCH_CHANGED_AFTER_GERMAN")
    # Once the German follows, even before it is committed, the finding goes.
    edit(measure, "mit mehreren Schwierigkeiten.", "die mehrere Schwierigkeiten zugleich haben.")
    _, findings, _ = report(repo / "catalogue", "--today", "2026-12-02")
    assert not any(f["code"].endswith("_CHANGED_AFTER_GERMAN") for f in findings)


def test_a_german_text_changed_alone_and_not_yet_committed_is_found(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo / "catalogue")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "catalogue")
    measure = repo / "catalogue" / MEASURE
    edit(measure, "Die Pilotphase hat am 1. August 2023 begonnen.", "Sie begann im August 2023.")
    _, findings, _ = report(repo / "catalogue", "--today", "2026-12-02")
    french = line_of(measure, "  fr: |")
    assert has(findings, measure, french, "GERMAN_CHANGED_AFTER_FRENCH")


def test_outside_git_the_history_check_is_skipped(copy: Path) -> None:
    status, findings, _ = report(copy, "--today", "2026-12-02")
    assert status == 0
    assert not any("CHANGED_AFTER" in f["code"] for f in findings)


# --- What a reader sees: the measure page -------------------------------------------------------


def page_text(catalogue: Path, lang: str, src: str) -> str:
    checked, problems = check_catalogue(catalogue)
    assert not problems, problems
    language = next(x for x in load_languages(catalogue) if x.code == lang)
    pages = {p.src: p for p in render_language(checked, language)}
    return " ".join(BeautifulSoup(pages[src].body, "html.parser").get_text(" ").split())


@pytest.mark.parametrize("lang", LANGS)
def test_a_measure_past_its_planned_end_says_so_instead_of_running(
    copy: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(copy / MEASURE, 'last_reviewed: "2026-11-26"\n', "")
    edit(copy / "articles/formavenir.yml", "order: 1\n", 'order: 1\npublished: "2023"\n')
    monkeypatch.setenv("CIIVS_TODAY", "2026-12-02")
    text = page_text(copy, lang, "mesures/formavenir.md")
    running = LABELS["status_active"][lang]
    assert running not in text
    assert LABELS["info_to_confirm"][lang].format(date="2023").rstrip(":") in text
    assert LABELS["planned_end_passed"][lang].split("{date}")[0] in text
    assert LABELS["source_bulletin"][lang].format(date="2023") in text
    # The measure list says it too.
    listing = page_text(copy, lang, "mesures/index.md")
    assert LABELS["badge_unconfirmed"][lang].format(date="2023") in listing
    assert running not in listing


@pytest.mark.parametrize("lang", LANGS)
def test_a_confirmed_current_measure_shows_who_confirmed_it(
    copy: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        copy / MEASURE,
        'last_reviewed: "2026-11-26"',
        'last_reviewed: "2026-11-26"\nconfirmed_by: sas',
    )
    edit(copy / MEASURE, 'valid_to: "2026-07"', 'valid_to: "2027"')
    monkeypatch.setenv("CIIVS_TODAY", "2026-12-02")
    text = page_text(copy, lang, "mesures/formavenir.md")
    assert LABELS["status_active"][lang] in text
    assert LABELS["confirmed_on"][lang].split("{date}")[0] in text
    sas = check_catalogue(copy)[0].get("institutions", "sas")
    assert (
        sas["abbreviation"][lang] in text.split(LABELS["confirmed_on"][lang].split("{date}")[0])[1]
    )


def _tense(findings: list) -> list[str]:
    return [f.message for f, _entry in findings if f.code == "PRESENT_TENSE_DATED"]


def test_a_dated_sentence_in_the_present_is_reported_and_kept_scans_follow_edits(
    copy: Path, tmp_path: Path
) -> None:
    """The editors' page names a sentence that states an old year's fact as current. Its build
    keeps each text's scan in the cache folder: the page says the same as a report made afresh,
    in the next build too, and after the sentence is put in the past."""
    from ciivs.pages.context import report_findings

    measure = copy / "measures" / "formavenir.yml"
    sentence = "En 2019, douze communes participent au projet."
    edit(measure, "La phase-pilote a démarré", f"{sentence}\n\n    La phase-pilote a démarré")
    cache = tmp_path / "cache"
    catalogue, problems = check_catalogue(copy)
    assert problems == []
    first = _tense(report_findings(catalogue, cache))
    assert len([m for m in first if "douze communes" in m]) == 1, first
    assert list((cache / "report").glob("tense-*.json")), "nothing kept"
    assert _tense(report_findings(catalogue, cache)) == first == _tense(report_findings(catalogue))
    edit(measure, "participent", "participaient")
    catalogue, problems = check_catalogue(copy)
    after = _tense(report_findings(catalogue, cache))
    assert after == _tense(report_findings(catalogue))
    assert [m for m in after if "douze communes" in m] == []
    assert len(after) == len(first) - 1
