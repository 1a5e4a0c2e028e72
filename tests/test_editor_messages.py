"""What an editor reads when the check finds a mistake, in French and in German.

Each trap is one change to a copy of the valid fixture catalogue, run through the command line
with `--lang fr` and `--lang de`. The expectations are written here by hand: the corrected line an
editor can paste, the word they most likely meant, and a word of the language asked for.
"""

from __future__ import annotations

import html.parser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ciivs.catalogue import messages
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.languages import SITE_LANGUAGES
from ciivs.catalogue.model import NOT_ENTRIES
from ciivs.editors.scaffold import write_new
from ciivs.pages.render import render_language
from conftest import LANGS, ROOT, edit, line_of, run_check

SAS = "institutions/sas.yml"
DSSC = "institutions/dssc.yml"
MEASURE = "measures/formavenir.yml"
GROUP = "target-groups/jeunes-en-formation.yml"
ARTICLE = "articles/formavenir.yml"
# The easy-read text of the fixture measure refers to it by id.
EASY = "easy-read/formavenir.yml"

# A word each language uses when it asks for quotes, or proposes a guess.
QUOTES = {"fr": "guillemets", "de": "Anführungszeichen"}
GUESS = {"fr": "vouliez-vous dire", "de": "meinten Sie"}


def problems_in(root: Path, lang: str) -> list[tuple[str, int, str, str]]:
    """(relative path, line, code, message) of every problem `make check` reports, in `lang`.

    In-process for speed; the command line prints exactly these (see the tests of the locale).
    """
    _, problems = check_catalogue(root, "cat")
    return [(p.path.removeprefix("cat/"), p.line, p.code, p.text(lang)) for p in problems]


def only(root: Path, lang: str) -> tuple[str, int, str, str]:
    found = problems_in(root, lang)
    assert len(found) == 1, found
    return found[0]


# --- YAML traps of French and German text: the corrected line is shown -----------------------

TRAPS = {
    # name: (file, line of the valid file, the line as an editor writes it, the corrected line)
    "colon": (
        SAS,
        "  fr: Le service cantonal de l'action sociale, membre",
        "  fr: Le service cantonal de l'action sociale: membre",
        "fr: \"Le service cantonal de l'action sociale: membre",
    ),
    "colon-in-pair": (
        MEASURE,
        "status: active",
        "status: active\nduration: {fr: Durée : 6 mois, de: Dauer: 6 Monate}",
        'duration: {fr: "Durée : 6 mois", de: "Dauer: 6 Monate"}',
    ),
    "comma-in-pair": (
        MEASURE,
        "status: active",
        "status: active\nformat: {fr: Cours, stages, de: Kurse}",
        'format: {fr: "Cours, stages", de: Kurse}',
    ),
    "bracket": (DSSC, "  de: DGSK", "  de: [Neu] DGSK", 'de: "[Neu] DGSK"'),
    "hash": (DSSC, "  de: DGSK", "  de: #1 DGSK", 'de: "#1 DGSK"'),
    "double-quotes": (
        DSSC,
        "  de: DGSK",
        '  de: "Das "DGSK" im Wallis"',
        "de: 'Das \"DGSK\" im Wallis'",
    ),
    "apostrophes": (
        DSSC,
        "  fr: DSSC",
        "  fr: 'Aujourd'hui le DSSC'",
        'fr: "Aujourd\'hui le DSSC"',
    ),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_trap_names_the_text_and_shows_the_corrected_line(
    valid_copy: Path, trap: str, lang: str
) -> None:
    file, old, written, corrected = TRAPS[trap]
    edit(valid_copy, file, old, written)

    path, line, code, message = only(valid_copy, lang)

    last_line = written.split("\n")[-1]
    assert (path, line, code) == (file, line_of(valid_copy, file, last_line), "YAML_QUOTES")
    assert corrected in message
    assert QUOTES[lang] in message


@pytest.mark.parametrize("lang", LANGS)
def test_a_trap_does_not_hide_the_other_problems_of_its_file(valid_copy: Path, lang: str) -> None:
    edit(
        valid_copy,
        MEASURE,
        "status: active",
        "status: active\nformat: {fr: Cours, stages, de: Kurse}",
    )
    edit(valid_copy, MEASURE, "  fr: FormAvenir", "  fr: Durée : 6 mois")
    edit(valid_copy, MEASURE, "responsible: sas", "responsible: sass")

    codes = [(line, code) for path, line, code, _ in problems_in(valid_copy, lang)]

    assert codes == [
        (line_of(valid_copy, MEASURE, "  fr: Durée"), "YAML_QUOTES"),
        (line_of(valid_copy, MEASURE, "format:"), "YAML_QUOTES"),
        (line_of(valid_copy, MEASURE, "responsible:"), "UNKNOWN_REFERENCE"),
    ]


def test_an_error_quotes_cannot_fix_stays_a_syntax_error(valid_copy: Path) -> None:
    edit(valid_copy, SAS, "  fr: SAS\n  de: DSW\n", "  fr: SAS\n    de: DSW\n")
    path, line, code, message = only(valid_copy, "en")
    assert (path, code) == (SAS, "YAML_SYNTAX")
    assert "quotes" in message  # the generic advice: check indentation, colons and quotes
    assert line == line_of(valid_copy, SAS, "    de: DSW")


# --- Did you mean …? ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "file, old, new, code, meant",
    [
        (MEASURE, "responsible: sas", "responsible: sass", "UNKNOWN_REFERENCE", "'sas'"),
        (MEASURE, "responsible: sas", "responsible: SAS", "BAD_REFERENCE", "'sas'"),
        (MEASURE, "status: active", "status: terminé", "BAD_VALUE", "'ended'"),
        (MEASURE, "status: active", "status: Beendet", "BAD_VALUE", "'ended'"),
        (MEASURE, "status: active", "status: Active", "BAD_VALUE", "'active'"),
        (MEASURE, "minimum_age: 15", "minimal_age: 15", "UNKNOWN_FIELD", "'minimum_age'"),
        (SAS, "website: https", "webseite: https", "UNKNOWN_FIELD", "'website'"),
        (
            ARTICLE,
            "  - institutions/sas",
            "  - institutions/sass",
            "UNKNOWN_REFERENCE",
            "'institutions/sas'",
        ),
    ],
)
def test_did_you_mean(
    valid_copy: Path, file: str, old: str, new: str, code: str, meant: str, lang: str
) -> None:
    edit(valid_copy, file, old, new)
    path, line, found_code, message = only(valid_copy, lang)
    assert (path, line, found_code) == (file, line_of(valid_copy, file, new), code)
    assert GUESS[lang] in message and meant in message


def test_an_unknown_id_far_from_any_lists_the_valid_ids(valid_copy: Path) -> None:
    edit(valid_copy, MEASURE, "responsible: sas", "responsible: office-cantonal-inconnu")
    ids = sorted(p.stem for p in (valid_copy / "institutions").glob("*.yml"))
    *_, message = only(valid_copy, "fr")
    assert f"identifiants possibles : {', '.join(ids)}" in message


# --- Placeholders from a template --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "old, new",
    [
        ("  de: DGSK", '  de: "…"'),
        ("  de: DGSK", "  de: ..."),
        ("  de: DGSK", "  de: TODO"),
        ("  de: DGSK", "  de: XXX"),
        ("  fr: DSSC", "  fr: '[à compléter]'"),
        ("  de: DGSK", "  de: DGSK (TODO prüfen)"),
    ],
)
def test_placeholder_left_from_a_template(valid_copy: Path, old: str, new: str, lang: str) -> None:
    edit(valid_copy, DSSC, old, new)
    path, line, code, message = only(valid_copy, lang)
    assert (path, line, code) == (DSSC, line_of(valid_copy, DSSC, new), "PLACEHOLDER")
    assert {"fr": "provisoire", "de": "Platzhalter"}[lang] in message


@pytest.mark.parametrize(
    "text", ["Durée : 6 mois…", "Wer? Wie? Wo?", "Cours - stages", "ergänzen diese"]
)
def test_real_text_with_dots_or_question_marks_is_not_a_placeholder(
    valid_copy: Path, text: str
) -> None:
    edit(valid_copy, DSSC, "  de: DGSK", f'  de: "{text}"')
    assert check_catalogue(valid_copy, "cat")[1] == []


def test_a_placeholder_link_is_refused(valid_copy: Path) -> None:
    edit(valid_copy, SAS, "website: https://www.vs.ch/web/sas", "website: https://…")
    path, line, code, _ = only(valid_copy, "en")
    assert (path, line, code) == (SAS, line_of(valid_copy, SAS, "website:"), "PLACEHOLDER")


# --- Swiss phone habits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "027 606 48 00",
        "027/606 48 00",
        "+41 27 606 48 00",
        "+41 (0)27 606 48 00",
        "027.606.48.00",
        "0276064800",
    ],
)
def test_swiss_phone_habits_are_accepted_and_shown_in_one_format(
    valid_copy: Path, written: str
) -> None:
    edit(valid_copy, SAS, 'phone: "027 606 48 00"', f'phone: "{written}"')
    catalogue, problems = check_catalogue(valid_copy, "cat")
    assert problems == []

    for lang in LANGS:
        language = next(language for language in SITE_LANGUAGES if language.code == lang)
        pages = render_language(catalogue, language)
        page = next(p for p in pages if p.src == "institutions/sas.md")
        links = _tel_links(page.body)
        assert links == [("tel:+41276064800", "027 606 48 00")], links


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("written", ["027 606 48", "027 606 48 00 11", "Tel. 027 606 48 00"])
def test_a_number_that_cannot_be_dialled_is_refused(
    valid_copy: Path, written: str, lang: str
) -> None:
    edit(valid_copy, SAS, 'phone: "027 606 48 00"', f'phone: "{written}"')
    path, line, code, message = only(valid_copy, lang)
    assert (path, line, code) == (SAS, line_of(valid_copy, SAS, "phone:"), "BAD_PHONE")
    assert written in message and "+41 27 606 73 20" in message


class _TelLinks(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("tel:"):
            self._href = href
            self.links.append((href, ""))

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.links[-1] = (self._href, self.links[-1][1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def _tel_links(body: str) -> list[tuple[str, str]]:
    parser = _TelLinks()
    parser.feed(body)
    return parser.links


# --- Nothing vanishes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "place, advice",
    [
        ("mesures/formavenir-2.yml", "measures/"),
        ("massnahmen/formavenir-2.yml", "measures/"),
        ("institution/sas-2.yml", "institutions/"),
        ("measures/archives/formavenir-2.yml", "measures/"),
        ("formavenir-2.yml", "measures/"),
        ("measures/formavenir-2.yaml", None),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_a_file_outside_the_kind_folders_is_reported(
    valid_copy: Path, place: str, advice: str | None, lang: str
) -> None:
    target = valid_copy / place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((valid_copy / MEASURE).read_bytes())

    path, line, code, message = only(valid_copy, lang)

    assert (path, line) == (place, 1)
    if advice is None:
        assert code == "FILE_NAME"  # in a kind folder: read as an entry, with a wrong name
        return
    assert code == "MISPLACED_FILE"
    assert advice in message


def test_declared_non_entry_data_is_not_reported(valid_copy: Path) -> None:
    for declared in NOT_ENTRIES:
        if declared.endswith("/"):
            (valid_copy / declared).mkdir()
            (valid_copy / declared / "fr.yml").write_text("a: b\n", encoding="utf-8")
        else:
            (valid_copy / declared).write_text("/\n", encoding="utf-8")
    (valid_copy / ".github").mkdir()
    (valid_copy / ".github" / "x.yml").write_text("a: b\n", encoding="utf-8")
    problems = check_catalogue(valid_copy, "cat")[1]
    assert [p for p in problems if p.code == "MISPLACED_FILE"] == []


# --- Renames checked where they are made ------------------------------------------------------


def _publish(root: Path) -> None:
    """The URL promise of the copy as `make urls` would write it: every entry page in both languages."""
    sections = {"measures": "mesures", "institutions": "institutions"}
    urls = ["/", "/de/"]
    for kind, section in sections.items():
        for file in sorted((root / kind).glob("*.yml")):
            urls += [f"/{section}/{file.stem}/", f"/de/{section}/{file.stem}/"]
    (root / "published-urls.txt").write_text(
        "# promise\n" + "\n".join(urls) + "\n", encoding="utf-8"
    )


def _rename(root: Path, old: str, new: str, former: bool) -> str:
    (root / "measures" / f"{old}.yml").rename(root / "measures" / f"{new}.yml")
    relative = f"measures/{new}.yml"
    edit(
        root,
        relative,
        f"id: {old}\n",
        f"id: {new}\n" + (f"former_ids: [{old}]\n" if former else ""),
    )
    return relative


@pytest.mark.parametrize("lang", LANGS)
def test_a_rename_without_former_ids_is_reported_at_the_renamed_file(
    valid_copy: Path, lang: str
) -> None:
    _publish(valid_copy)
    renamed = _rename(valid_copy, "formavenir", "formavenir-apprentis", former=False)
    edit(valid_copy, ARTICLE, "  - measures/formavenir\n", "  - measures/formavenir-apprentis\n")
    edit(valid_copy, EASY, "measure: formavenir\n", "measure: formavenir-apprentis\n")

    path, line, code, message = only(valid_copy, lang)

    assert (path, line, code) == (renamed, line_of(valid_copy, renamed, "id:"), "URL_REMOVED")
    assert "/mesures/formavenir/" in message and "former_ids: [formavenir]" in message


@pytest.mark.parametrize("lang", LANGS)
def test_every_reference_to_an_old_id_is_reported_with_the_new_id(
    valid_copy: Path, lang: str
) -> None:
    _publish(valid_copy)
    _rename(valid_copy, "formavenir", "formavenir-apprentis", former=True)

    found = problems_in(valid_copy, lang)

    assert [(p, line, code) for p, line, code, _ in found] == [
        (ARTICLE, line_of(valid_copy, ARTICLE, "- measures/formavenir"), "UNKNOWN_REFERENCE"),
        (EASY, line_of(valid_copy, EASY, "measure: formavenir"), "UNKNOWN_REFERENCE"),
    ]
    assert "'measures/formavenir-apprentis'" in found[0][3]
    assert "'formavenir-apprentis'" in found[1][3]


def test_a_complete_rename_passes(valid_copy: Path) -> None:
    _publish(valid_copy)
    _rename(valid_copy, "formavenir", "formavenir-apprentis", former=True)
    edit(valid_copy, ARTICLE, "  - measures/formavenir\n", "  - measures/formavenir-apprentis\n")
    edit(valid_copy, EASY, "measure: formavenir\n", "measure: formavenir-apprentis\n")
    assert problems_in(valid_copy, "en") == []


def test_a_removed_entry_without_heir_is_reported_at_its_url(valid_copy: Path) -> None:
    _publish(valid_copy)
    (valid_copy / "institutions" / "dssc.yml").unlink()
    edit(valid_copy, SAS, "parent: dssc\n", "")
    found = problems_in(valid_copy, "en")
    assert [(p, code) for p, _, code, _ in found] == [("published-urls.txt", "URL_REMOVED")]
    assert found[0][1] == line_of(valid_copy, "published-urls.txt", "/institutions/dssc/")


# --- The language of the messages -------------------------------------------------------------


@pytest.mark.parametrize(
    "env, lang",
    [
        ({"LANG": "fr_CH.UTF-8"}, "fr"),
        ({"LANG": "de_CH.UTF-8"}, "de"),
        ({"LANG": "it_CH.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANGUAGE": "it:de", "LANG": "fr_CH.UTF-8"}, "de"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "de_CH.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "de_DE", "LANG": "fr_CH.UTF-8"}, "de"),
    ],
)
def test_the_locale_chooses_the_language(valid_copy: Path, env: dict[str, str], lang: str) -> None:
    edit(valid_copy, MEASURE, "responsible: sas", "responsible: sass")
    clean = {k: v for k, v in os.environ.items() if k not in messages.LOCALE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-m", "ciivs", "check", str(valid_copy)],
        cwd=ROOT,
        env={**clean, **env, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    last = result.stderr.splitlines()[-1]
    assert last.startswith(
        {"fr": "1 problème", "de": "1 Problem gefunden", "en": "1 problem found"}[lang]
    )


def test_the_option_wins_over_the_locale(valid_copy: Path) -> None:
    edit(valid_copy, MEASURE, "responsible: sas", "responsible: sass")
    result = subprocess.run(
        [sys.executable, "-m", "ciivs", "check", str(valid_copy), "--lang", "de"],
        cwd=ROOT,
        env={
            **os.environ,
            "LANG": "fr_CH.UTF-8",
            "LANGUAGE": "fr",
            "PYTHONPATH": str(ROOT / "scripts"),
        },
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert "meinten Sie 'sas'?" in result.stderr


def test_every_message_is_translated_with_the_same_values() -> None:
    english = messages.templates("en")
    assert english, "catalogue/messages/en.yml holds no message"
    for lang in LANGS:
        translated = messages.templates(lang)
        assert sorted(set(english) - set(translated)) == [], f"{lang}.yml lacks these messages"
        assert sorted(set(translated) - set(english)) == [], f"{lang}.yml has messages en.yml lacks"
        for key, template in english.items():
            assert messages.fields(translated[key]) == messages.fields(template), (lang, key)


def test_a_missing_or_broken_translation_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "en.yml").write_text(
        'unknown_field: "field {field} is unknown{hint}"\n', encoding="utf-8"
    )
    (tmp_path / "de.yml").write_text('unknown_field: "Feld {feld} unbekannt"\n', encoding="utf-8")
    (tmp_path / "fr.yml").write_text("unknown_field: [not, a, text\n", encoding="utf-8")
    monkeypatch.setattr(messages, "MESSAGES_DIR", tmp_path)
    messages.templates.cache_clear()
    try:
        said = messages.msg("unknown_field", field="titel", hint="")
        assert said.text("de") == "field titel is unknown"
        assert said.text("fr") == "field titel is unknown"
    finally:
        messages.templates.cache_clear()


@pytest.mark.parametrize(
    "lang, guess, count",
    [
        (
            "fr",
            "vouliez-vous dire 'sas' ?",
            "1 problème trouvé ; rien n'a été construit ni modifié.",
        ),
        ("de", "meinten Sie 'sas'?", "1 Problem gefunden; nichts wurde erstellt oder geändert."),
        ("en", "did you mean 'sas'?", "1 problem found; nothing was built or changed."),
    ],
)
def test_the_command_line_speaks_the_language_asked(
    valid_copy: Path, lang: str, guess: str, count: str
) -> None:
    edit(valid_copy, MEASURE, "responsible: sas", "responsible: sass")
    result = run_check(valid_copy, lang=lang)
    first, last = result.stderr.splitlines()
    line = line_of(valid_copy, MEASURE, "responsible:")
    assert result.returncode == 1
    assert first.startswith(f"{valid_copy}/{MEASURE}:{line}: UNKNOWN_REFERENCE ")
    assert first.endswith(guess)
    assert last == count


@pytest.mark.parametrize("lang", LANGS)
def test_an_unfilled_new_entry_names_each_placeholder(valid_copy: Path, lang: str) -> None:
    write_new(valid_copy, "measures", "nouvelle-mesure")
    new = "measures/nouvelle-mesure.yml"
    found = {(line, code) for path, line, code, _ in problems_in(valid_copy, lang) if path == new}
    # Texts, choices and references still holding the template's placeholder: each one is named.
    for marker in ('  fr: "…"', "status: …", 'responsible: "…"'):
        assert (line_of(valid_copy, new, marker), "PLACEHOLDER") in found, (marker, found)
