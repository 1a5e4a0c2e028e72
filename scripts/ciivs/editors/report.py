"""The editors' report: what to confirm, translate or simplify. It never fails a build.

`python -m ciivs report` (what `make report` runs) prints one line per finding, in the check's
format `path:line: CODE message`, and always exits 0. The same findings fill the editors' page.

>>> findings = report_catalogue(catalogue, Options(on=dt.date(2026, 12, 2)))
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ciivs.catalogue.easyread import easy_lines
from ciivs.catalogue.freshness import REVIEW_INTERVAL_MONTHS, currency_of
from ciivs.catalogue.history import GitFailed, git, git_bytes
from ciivs.catalogue.kinds import DATED
from ciivs.catalogue.languages import codes as language_codes
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import name_in
from ciivs.catalogue.problems import Problem
from ciivs.catalogue.relations import Relations
from ciivs.formats import sentences
from ciivs.formats.kept import KeptTexts
from ciivs.formats.sentences import split_sentences, word_count

# Every code the report uses, with the advice the README shows.
REPORT_CODES: dict[str, str] = {
    "PLANNED_END_PASSED": "The planned end (valid_to) has passed: ask the responsible body whether it still runs.",
    "REVIEW_OVERDUE": "The information was not confirmed within its review interval: ask the responsible body.",
    "REVIEW_UNSOURCED": "last_reviewed has no confirmed_by: say which institution confirmed the entry.",
    "SOURCE_UNDATED": "A bulletin article has no publication date (published).",
    "GERMAN_NAME_LIKELY": "The German name is likely but not confirmed by an official source.",
    "GERMAN_NAME_TO_CONFIRM": "No German name was found; the French name is kept until one is confirmed.",
    # Each language is compared with the default one (languages.yml's first, French here): the
    # next two codes keep their names for any language, the message names the two compared.
    "FRENCH_CHANGED_AFTER_GERMAN": "The French text changed after the German one: update the German (de).",
    "GERMAN_CHANGED_AFTER_FRENCH": "The German text changed after the French one: update the French (fr).",
    "SAME_IN_BOTH_LANGUAGES": "A text is identical in French and German although it is not a proper name.",
    "LONG_SENTENCES": "Sentences are longer than the target on average, or one sentence has more than 25 words.",
    "PRESENT_TENSE_DATED": "A sentence speaks in the present tense of a year older than the review interval: say when it was true, or put it in the past.",
    "HARD_TO_READ": "The text scores below the target of the language's Flesch reading ease (or, in German, above that of the Wiener Sachtextformel).",
    "EASY_LONG_SENTENCES": "An easy-read text has more than 10 words per sentence on average.",
    "EASY_HARD_TO_READ": "An easy-read text scores below 70 on the language's Flesch reading ease (or, in German, above 6 on the Wiener Sachtextformel).",
    "EASY_NOT_CHECKED": "An easy-read text has not been checked by readers of the target group in this language yet.",
    "EASY_READ_MISSING": "A measure has no easy-read text yet.",
    "READABILITY": "For information: the sentences and reading-ease scores of one reader-facing text.",
    "STEPS_MISSING": "A measure says neither its steps nor whom to contact first: its next-step box and the hand-off sheet only name the responsible body.",
    "FEEDBACK_ADDRESS_TO_CONFIRM": "The address for readers' error reports (catalogue/feedback.yml) is not confirmed by the canton yet.",
}
# Readability targets (see README, "Editors' report"). Regular texts: plain-language guides for
# public administrations ask for sentences of 15 to 20 words; Flesch reading ease below 40
# (Kandel and Moles for French, Amstad for German) means "difficult", a level for higher-education
# readers; the Wiener Sachtextformel (German) estimates the school year a text needs, and 12 is
# about what compulsory school (11 years, HarmoS) and a first year of vocational school give.
# Easy-read texts: at most 10 words per sentence on average and a reading ease of 70 or more
# ("easy" on both scales), at most 6 on the Wiener Sachtextformel (the end of primary school).


@dataclass(frozen=True)
class Targets:
    """What a text should not exceed (sentence lengths, Wiener Sachtextformel) or fall below
    (reading ease)."""

    mean_words: float
    longest: int
    reading_ease: float
    wiener: float


REGULAR = Targets(mean_words=20, longest=25, reading_ease=40, wiener=12)
# The longest sentence of an easy-read text is a check (EASY_SENTENCE_TOO_LONG), not advice.
EASY = Targets(mean_words=10, longest=15, reading_ease=70, wiener=6)
MAX_MEAN_SENTENCE_WORDS = REGULAR.mean_words
MAX_SENTENCE_WORDS = REGULAR.longest
MIN_READING_EASE = REGULAR.reading_ease
# Every text a reader of the regular pages reads, beside names and titles.
READABILITY_FIELDS = (
    "summary",
    "description",
    "situation",
    "eligibility",
    "application_process",
    "role",
    "conditions",
)
MIN_WORDS_FOR_SCORE = 12  # shorter texts give meaningless scores
# The formula each language's reading ease uses (textstat's constants for that language).
FLESCH_NAMES = {"fr": "Kandel-Moles", "de": "Amstad"}
# Fields that hold proper names: the same words in both languages are expected there.
NAME_FIELDS = ("name", "title", "abbreviation")


@dataclass(frozen=True)
class Options:
    """What the report looks at. `history` needs the catalogue inside a git work tree."""

    on: dt.date
    history: bool = True
    readability: bool = True
    scores: bool = True  # Flesch scores (textstat); the site's editors' page leaves them out
    # What the present-tense scan found in each text, kept between builds (`kept_tense_scans`).
    kept: KeptTexts | None = dataclasses.field(default=None, compare=False)


def report_catalogue(catalogue: Catalogue, options: Options) -> list[Problem]:
    """Every finding about a checked catalogue, sorted by file and line."""
    findings = [
        *currency_findings(catalogue, options.on),
        *undated_sources(catalogue),
        *german_name_findings(catalogue),
        *same_text_findings(catalogue),
        *present_tense_findings(catalogue, options.on, options.kept),
        *access_findings(catalogue),
        *feedback_findings(catalogue),
    ]
    if options.readability:
        findings += readability_findings(catalogue, options.scores)
    findings += easy_read_findings(catalogue)
    if options.history:
        findings += translation_drift(catalogue)
    return sorted(set(findings))


def finding(entry: Entry, at: tuple[Any, ...], code: str, message: str) -> Problem:
    if code not in REPORT_CODES:
        raise ValueError(f"undocumented report code {code}")
    return Problem(entry.path, max(entry.line(*at), 1), code, " ".join(message.split()))


def currency_findings(catalogue: Catalogue, on: dt.date) -> Iterator[Problem]:
    """Planned ends passed, reviews overdue, confirmations that do not say who confirmed; each
    with the question to ask and the body to ask it."""
    relations = Relations(catalogue)
    for kind in DATED:
        for entry in catalogue.of(kind):
            currency = currency_of(entry, catalogue, on)
            asked = relations.whom_to_ask(entry)
            ask = f"{asked.id} ({name_in(asked, 'fr')})" if asked else "the responsible body"
            if currency.ended:
                yield finding(
                    entry,
                    ("valid_to",),
                    "PLANNED_END_PASSED",
                    f"planned end {entry['valid_to']} has passed (today {on}); "
                    f"ask {ask}: does it still run, and until when? Then "
                    "set status, valid_to, last_reviewed and confirmed_by",
                )
            if currency.overdue:
                where = ("last_reviewed",) if currency.confirmed else ("sources",)
                basis = (
                    f"last confirmed {currency.as_of}"
                    if currency.confirmed
                    else f"information from {currency.as_of or 'an undated source'}"
                )
                yield finding(
                    entry,
                    where,
                    "REVIEW_OVERDUE",
                    f"{basis}, review was due {currency.review_due or 'already'}; ask {ask}: "
                    "is what this page says still true? Then set last_reviewed and confirmed_by",
                )
            if currency.confirmed and not entry.get("confirmed_by"):
                yield finding(
                    entry,
                    ("last_reviewed",),
                    "REVIEW_UNSOURCED",
                    "last_reviewed does not say who confirmed it; add confirmed_by: <institution id>",
                )


def access_findings(catalogue: Catalogue) -> Iterator[Problem]:
    """Measures current today that give no steps or no first contact (catalogue/access.py)."""
    for measure in catalogue.of("measures"):
        if measure.get("status") == "ended":
            continue
        missing = [f for f in ("steps", "first_contact") if not measure.get(f)]
        if missing:
            yield finding(
                measure,
                ("application_process",),
                "STEPS_MISSING",
                f"no {' and no '.join(missing)}; from the source, add the steps in order and "
                "whom to contact first (or a first step that says the source is silent and "
                "whom to ask)",
            )


def feedback_findings(catalogue: Catalogue) -> Iterator[Problem]:
    """The report address, while the canton has not confirmed it."""
    feedback = catalogue.feedback
    if feedback.email and not feedback.confirmed:
        yield Problem(
            feedback.path,
            feedback.line,
            "FEEDBACK_ADDRESS_TO_CONFIRM",
            f"error reports go to {feedback.email} (source: {feedback.source or 'none given'}), "
            "not confirmed by the canton; ask it for a generic address for reports, write it "
            "here and set confirmed: true",
        )


def undated_sources(catalogue: Catalogue) -> Iterator[Problem]:
    for article in catalogue.of("articles"):
        if not article.get("published"):
            yield finding(
                article,
                ("id",),
                "SOURCE_UNDATED",
                'the article has no publication date; add published: "YYYY"',
            )


def german_name_findings(catalogue: Catalogue) -> Iterator[Problem]:
    """Entries whose `german_name` is not confirmed; the name shown is the default language's."""
    default = catalogue.languages[0].code
    for entry in catalogue.all():
        status = entry.get("german_name")
        if status == "likely":
            yield finding(
                entry,
                ("german_name",),
                "GERMAN_NAME_LIKELY",
                f"German name '{name_in(entry, 'de')}' is likely, not confirmed; "
                "ask the body for its official German name",
            )
        elif status == "to-confirm":
            yield finding(
                entry,
                ("german_name",),
                "GERMAN_NAME_TO_CONFIRM",
                f"no German name for '{name_in(entry, default)}'; ask the body for its official German name",
            )


def same_text_findings(catalogue: Catalogue) -> Iterator[Problem]:
    """Texts that read the same in another language as in the default one, outside the fields
    that hold proper names."""
    default, *others = catalogue.languages
    codes = language_codes(catalogue.root)
    for entry in catalogue.all():
        for at, texts in lang_texts(entry.data, codes):
            if at[0] in NAME_FIELDS or at[-1] == "value":
                continue
            if at[-2:-1] == ("label",) and len(texts[default.code].split()) <= 2:
                continue  # a link labelled with a proper name ("FormAvenir")
            for other in others:
                if texts.get(other.code, "").strip() != texts[default.code].strip():
                    continue
                yield finding(
                    entry,
                    (*at, other.code),
                    "SAME_IN_BOTH_LANGUAGES",
                    f"{_dotted(at)} is the same in {default.english} and {other.english}: "
                    f"'{_shorten(texts[other.code])}'; translate it",
                )


@dataclass(frozen=True)
class ReaderText:
    """One text a reader reads, in one language, and where it is."""

    entry: Entry
    at: tuple[Any, ...]
    lang: str
    text: str
    easy: bool  # written in easy read (FALC, Leichte Sprache)
    # The targets it is held to; none for a glossary explanation: two or three sentences that
    # must name the hard word they explain give no meaningful average or score (the check still
    # holds each sentence to 15 words).
    targets: Targets | None


def reader_texts(catalogue: Catalogue) -> Iterator[ReaderText]:
    """Every reader-facing text: the regular pages' texts, each easy-read text (all its
    sections in one language, questions included) and each glossary explanation."""
    codes = language_codes(catalogue.root)
    for entry in catalogue.all():
        if entry.kind in ("easy-read", "glossary"):
            glossary = entry.kind == "glossary"
            for lang, lines in easy_lines(entry):
                at = ("explanation", lang) if glossary else ("sections", lang)
                text = "\n".join(line.text for line in lines)
                yield ReaderText(entry, at, lang, text, True, None if glossary else EASY)
            continue
        for field in READABILITY_FIELDS:
            texts = entry.get(field)
            for lang in codes if isinstance(texts, dict) else ():
                if isinstance(texts.get(lang), str):
                    yield ReaderText(entry, (field, lang), lang, texts[lang], False, REGULAR)


def readability_findings(catalogue: Catalogue, scores: bool = True) -> Iterator[Problem]:
    """Reader-facing texts above their sentence-length target or beyond a reading-ease target."""
    for text in reader_texts(catalogue):
        if text.targets is not None:
            measured = measure_text(text.text, text.lang, scores, by_line=text.easy)
            yield from _readability(text, text.targets, measured)


def _readability(text: ReaderText, targets: Targets, measured: Measured) -> Iterator[Problem]:
    where, prefix = _dotted(text.at), "EASY_" if text.easy else ""
    too_long = measured.mean_words > targets.mean_words
    if too_long or (not text.easy and measured.longest > targets.longest):
        yield finding(
            text.entry,
            text.at,
            f"{prefix}LONG_SENTENCES",
            f"{where}: {measured.mean_words:.0f} words per sentence on average, longest "
            f"{measured.longest} (target: at most {targets.mean_words:.0f} on average and "
            f"{targets.longest} in any sentence); split the sentences",
        )
    hard = []
    if measured.reading_ease is not None and measured.reading_ease < targets.reading_ease:
        hard.append(
            f"reading ease {measured.reading_ease:.0f} ({_flesch_name(text.lang)}; "
            f"target {targets.reading_ease:.0f} or more)"
        )
    if measured.wiener is not None and measured.wiener > targets.wiener:
        hard.append(
            f"Wiener Sachtextformel {measured.wiener:.1f} (target {targets.wiener:.0f} or less)"
        )
    if hard:
        yield finding(
            text.entry,
            text.at,
            f"{prefix}HARD_TO_READ",
            f"{where}: {'; '.join(hard)}; use shorter words and sentences",
        )


def readability_lines(catalogue: Catalogue) -> list[Problem]:
    """One line per reader-facing text: its sentences, their mean and longest length, and the
    language's reading-ease scores (for information; the findings flag what misses a target)."""
    lines = []
    for text in reader_texts(catalogue):
        measured = measure_text(text.text, text.lang, by_line=text.easy)
        scores = []
        if measured.reading_ease is not None:
            scores.append(f"{_flesch_name(text.lang)} {measured.reading_ease:.0f}")
        if measured.wiener is not None:
            scores.append(f"Wiener Sachtextformel {measured.wiener:.1f}")
        lines.append(
            finding(
                text.entry,
                text.at,
                "READABILITY",
                f"{_dotted(text.at)}{' (easy read)' if text.easy else ''}: "
                f"{measured.sentences} sentence(s), {measured.mean_words:.1f} words on average, "
                f"longest {measured.longest}"
                + (f"; {', '.join(scores)}" if scores else "; too short for a score"),
            )
        )
    return sorted(lines)


def easy_read_findings(catalogue: Catalogue) -> Iterator[Problem]:
    """Easy-read texts still to be checked by readers of the target group, language by
    language, and measures without an easy-read text."""
    for entry in catalogue.of("easy-read"):
        by, on = entry.get("reviewed_by") or {}, entry.get("reviewed_on") or {}
        for lang in entry.get("sections") or {}:
            if lang not in by or lang not in on:
                yield finding(
                    entry,
                    ("sections", lang),
                    "EASY_NOT_CHECKED",
                    f"sections.{lang} has not been checked by readers of the target group yet; "
                    f"have it checked, then set reviewed_by.{lang} and reviewed_on.{lang}",
                )
    explained = {e.get("measure") for e in catalogue.of("easy-read")}
    for measure in catalogue.of("measures"):
        if measure.id not in explained:
            yield finding(
                measure,
                ("id",),
                "EASY_READ_MISSING",
                f"no easy-read text yet: write catalogue/easy-read/{measure.id}.yml "
                "(FALC in French, Leichte Sprache in German), with measure: " + measure.id,
            )


@dataclass(frozen=True)
class Measured:
    sentences: int
    mean_words: float
    longest: int
    reading_ease: float | None
    wiener: float | None = None  # German only


# A line break inside a Markdown paragraph (the source is wrapped): not the end of a sentence.
_SOFT_BREAK = re.compile(r"(?<=\S)[ \t]*\n(?![ \t]*(?:\n|[-*+][ \t]|\d+[.)][ \t]|#))")


@cache  # the findings and the readability lines measure the same texts
def measure_text(text: str, lang: str, scores: bool = True, by_line: bool = False) -> Measured:
    """Sentence lengths and reading ease of a Markdown text in the language `lang`: Flesch with
    the language's formula, and in German the Wiener Sachtextformel too. An easy-read text
    (`by_line`) has one sentence per line; a Markdown paragraph may be wrapped anywhere."""
    plain = markdown_words(text if by_line else _SOFT_BREAK.sub(" ", text))
    plain = plain.replace("·", "")  # a media point splits a word for the eye only
    sentences = split_sentences(plain)
    counts = [word_count(s) for s in sentences] or [0]
    ease = wiener = None
    if scores and sum(counts) >= MIN_WORDS_FOR_SCORE:
        scored = " ".join(s if s[-1] in ".!?:;" else s + "." for s in sentences)
        ease = _flesch(scored, lang)
        wiener = _wiener(scored) if lang == "de" else None
    return Measured(len(sentences), sum(counts) / max(len(sentences), 1), max(counts), ease, wiener)


def _flesch_name(lang: str) -> str:
    """The name of the reading-ease formula textstat uses for `lang`."""
    return f"Flesch ({FLESCH_NAMES[lang]})" if lang in FLESCH_NAMES else f"Flesch for {lang}"


def _flesch(text: str, lang: str) -> float:
    """Flesch reading ease with the language's own formula (textstat: Kandel-Moles, Amstad)."""
    import textstat  # only the report needs it; the site build does not import it

    textstat.set_lang(lang)
    return float(textstat.flesch_reading_ease(text))


def _wiener(text: str) -> float:
    """The first Wiener Sachtextformel (for prose), a German school year from 4 to 15."""
    import textstat

    textstat.set_lang("de")
    return float(textstat.wiener_sachtextformel(text, 1))


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_URL_OR_ADDRESS = re.compile(r"https?://\S+|\S+@\S+")
_LIST_MARK = re.compile(r"^\s*(#+|[-*+]|\d+[.)])\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_`«»\"]")


def markdown_words(markdown: str) -> str:
    """The words of a Markdown text: links keep their label, markup and URLs go (for counting)."""
    text = _LINK.sub(r"\1", markdown) if "](" in markdown else markdown
    # Addresses only where an '@' is: the pattern of addresses tries every word without one.
    text = (_URL_OR_ADDRESS if "@" in text else _URL).sub("", text)
    text = _LIST_MARK.sub("", text)
    return _EMPHASIS.sub("", text)


def lang_texts(
    value: Any, codes: tuple[str, ...], at: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every text of an entry in the default language (`codes[0]`) and at least one other, with
    where it is."""
    if isinstance(value, dict):
        present = [code for code in codes if code in value]
        translated = len(present) > 1 and present[0] == codes[0]
        if translated and all(isinstance(value[code], str) for code in present):
            yield at, value
            return
        for key, item in value.items():
            yield from lang_texts(item, codes, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from lang_texts(item, codes, (*at, index))


# --- present-tense sentences about dated events ------------------------------------------------

# A heuristic, one word list per language: a sentence that names a year older than the review
# interval, uses a present-tense verb of this list and no past-tense one, most likely states as
# current something only known to be true then ("En 2023, 58 communes participent").
# Sentences that name their source ("selon le bulletin de 2023") say when it was true.
_PRESENT = {
    "fr": r"est|sont|a|ont|dispose|disposent|finance|financent|propose|proposent|offre|offrent"
    r"|compte|comptent|participe|participent|dure|existe|existent|peut|peuvent|reste|restent"
    r"|travaille|travaillent|accompagne|accompagnent|soutient|soutiennent",
    "de": r"ist|sind|hat|haben|verfügt|verfügen|bietet|bieten|gibt|finanziert|finanzieren"
    r"|läuft|laufen|dauert|kann|können|nimmt|nehmen|arbeitet|arbeiten|begleitet|begleiten"
    r"|unterstützt|unterstützen|zählt|zählen|beteiligt",
}
_PAST = {
    "fr": r"était|étaient|avait|avaient|été|fut|furent|a commencé|ont commencé|prévu|prévue"
    r"|disposait|finançait|proposait|comptait|participaient|participait|durait",
    "de": r"war|waren|hatte|hatten|wurde|wurden|gab|lief|liefen|begann|bot|boten|verfügte"
    r"|finanzierte|zählte|geplant|gestartet|begonnen",
}
_SOURCE = {"fr": r"bulletin|selon|d'après", "de": r"bulletin|laut|gemäss|nach Angaben"}
_SOURCE_RE = {lang: re.compile(rf"\b({words})\b", re.IGNORECASE) for lang, words in _SOURCE.items()}
_PRESENT_RE = {lang: re.compile(rf"\b({words})\b") for lang, words in _PRESENT.items()}
_PAST_RE = {lang: re.compile(rf"\b({words})\b") for lang, words in _PAST.items()}


def present_tense_findings(
    catalogue: Catalogue, on: dt.date, kept: KeptTexts | None = None
) -> Iterator[Problem]:
    """Sentences in reader-facing texts that speak in the present of a year older than the
    review interval (12 months by default): see `_PRESENT`. `kept`: the scans of earlier builds."""
    codes = language_codes(catalogue.root)
    for entry in catalogue.all():
        months = entry.get("review_interval_months", REVIEW_INTERVAL_MONTHS)
        oldest_current = (on.year * 12 + on.month - 1 - months) // 12
        for field in READABILITY_FIELDS:
            texts = entry.get(field)
            if not isinstance(texts, dict):
                continue
            for lang in codes:
                if isinstance(texts.get(lang), str) and lang in _PRESENT:
                    for sentence in _stale_present(texts[lang], lang, oldest_current, kept):
                        yield finding(
                            entry,
                            (field, lang),
                            "PRESENT_TENSE_DATED",
                            f"{field}.{lang}: '{_shorten(sentence, 80)}' speaks in the present "
                            f"of a year before {oldest_current + 1}; say when it was true "
                            "('en 2023, …', 'selon le bulletin de 2023') or use the past",
                        )


_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
# What a scan depends on besides its text, language and year: the code of the scan (this module
# and the sentences'). The cache file is named after it.
TENSE_RULES = hashlib.sha256(
    Path(__file__).read_bytes() + Path(sentences.__file__).read_bytes()
).hexdigest()[:16]


def kept_tense_scans(cache: Path) -> KeptTexts:
    """The present-tense scans kept in the build's cache folder (`write()` them after the report).

    The scan splits every reader-facing text into sentences: half of the editors' report's time
    (0.45 s at 1,000 measures, in the render stage beside the languages' workers), on texts that
    seldom change between two builds."""
    return KeptTexts.read(cache / "report" / f"tense-{TENSE_RULES}.json")


def _stale_present(text: str, lang: str, newest_old_year: int, kept: KeptTexts | None) -> list[str]:
    """`stale_present`, or what it gave for the same text, language and year in a build before.
    The sentences are kept joined by NUL, which no text holds (the check refuses it)."""
    if kept is None:
        return stale_present(text, lang, newest_old_year)
    joined = kept.get(
        f"{lang}\n{newest_old_year}\n{text}",
        lambda _key: "\0".join(stale_present(text, lang, newest_old_year)),
    )
    return joined.split("\0") if joined else []


def stale_present(text: str, lang: str, newest_old_year: int) -> list[str]:
    """The sentences of `text` that name a year up to `newest_old_year` in the present tense."""
    found: list[str] = []
    plain = markdown_words(text)
    if not _YEAR.search(plain):
        return found  # no sentence names a year (a sentence's year is a year of the text)
    for sentence in split_sentences(plain):
        years = [int(y) for y in _YEAR.findall(sentence)]
        # Only old years: a sentence that also names a recent or future one ("de 2024 à 2027")
        # may describe a period that still runs.
        if not years or max(years) > newest_old_year:
            continue
        if _SOURCE_RE[lang].search(sentence):
            continue
        if _PRESENT_RE[lang].search(sentence) and not _PAST_RE[lang].search(sentence):
            found.append(sentence)
    return found


# --- translations that drifted apart, from the git history (as tldr-pages does) -------------


def translation_drift(catalogue: Catalogue) -> list[Problem]:
    """Texts whose French changed in a later commit than their German (or the reverse), since the
    entry's last review. Nothing when the catalogue is not in a git work tree."""
    root = catalogue.root.resolve()
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return []
    history = _file_history(Path(top.strip()), root)
    findings, codes = [], language_codes(catalogue.root)
    for entry in catalogue.all():
        relative = Path(entry.kind) / f"{entry.id}.yml"
        versions = history.get(relative.as_posix(), [])
        findings += _drift_in(entry, versions, codes)
    return findings


def _drift_in(
    entry: Entry, versions: list[tuple[str, str, dict[str, Any]]], codes: tuple[str, ...]
) -> list[Problem]:
    """Compare one entry's versions, oldest first, with the working copy as the newest: when each
    language's text last changed, against the default language's (`codes[0]`)."""
    last: dict[tuple[tuple[Any, ...], str], tuple[str, str]] = {}
    previous: dict[tuple[Any, ...], dict[str, Any]] = {}
    for commit, day, data in [*versions, ("working copy", "now", entry.data)]:
        current = dict(lang_texts(data, codes))
        for at, texts in current.items():
            before = previous.get(at)
            for lang in (code for code in codes if code in texts):
                if before is None or before.get(lang) != texts[lang]:
                    last[(at, lang)] = (commit, day)
        previous = current
    findings = []
    for at, texts in previous.items():
        for other in (code for code in codes[1:] if code in texts):
            pair = (last[(at, codes[0])], last[(at, other)])
            found = _drift(entry, at, (codes[0], other), pair, versions)
            findings += [found] if found else []
    return findings


def _drift(
    entry: Entry,
    at: tuple[Any, ...],
    langs: tuple[str, str],
    changed: tuple[tuple[str, str], tuple[str, str]],
    versions: list[tuple[str, str, dict[str, Any]]],
) -> Problem | None:
    """The finding when one of two languages (the default first) of a text changed after the
    other and after the entry's last review."""
    (default, other), (default_mark, other_mark) = langs, changed
    if default_mark == other_mark or _order(default_mark, versions) == _order(other_mark, versions):
        return None
    default_newer = _order(default_mark, versions) > _order(other_mark, versions)
    newer, older = (default_mark, other_mark) if default_newer else (other_mark, default_mark)
    reviewed = entry.get("last_reviewed") or ""
    if reviewed and newer[1] != "now" and newer[1] <= reviewed:
        return None  # confirmed after the change
    code = "FRENCH_CHANGED_AFTER_GERMAN" if default_newer else "GERMAN_CHANGED_AFTER_FRENCH"
    lang, stale = (default, other) if default_newer else (other, default)
    return finding(
        entry,
        (*at, stale),
        code,
        f"{_dotted(at)}.{lang} changed in {_short(newer)} after {_dotted(at)}.{stale} "
        f"(last changed in {_short(older)}); check that the {stale} text still says the same",
    )


def _order(mark: tuple[str, str], versions: list[tuple[str, str, dict[str, Any]]]) -> int:
    for index, (commit, _day, _data) in enumerate(versions):
        if commit == mark[0]:
            return index
    return len(versions)  # the working copy


def _short(mark: tuple[str, str]) -> str:
    commit, day = mark
    return "your uncommitted changes" if day == "now" else f"commit {commit[:8]} of {day}"


def _file_history(top: Path, root: Path) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """For each file under the catalogue: its committed versions (commit, day, data), oldest first."""
    folder = root.relative_to(top).as_posix() if root != top else "."
    log = _git(top, "log", "--format=%x00%H %cs", "--name-only", "--no-renames", "--", folder)
    if not log:
        return {}
    touched: dict[str, list[tuple[str, str]]] = {}
    for block in log.split("\x00")[1:]:
        head, *names = block.strip().splitlines()
        commit, day = head.split()
        for name in names:
            if name.endswith(".yml") and name.strip():
                path = Path(name).relative_to(folder) if folder != "." else Path(name)
                touched.setdefault(path.as_posix(), []).append((commit, day))
    specs = [
        (f, c, d, f"{c}:{folder}/{f}" if folder != "." else f"{c}:{f}")
        for f in touched
        for c, d in touched[f]
    ]
    blobs = _cat_files(top, [spec for *_, spec in specs])
    history: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for (name, commit, day, _spec), text in zip(specs, blobs, strict=True):
        data = _parse(text)
        if data is not None:
            history.setdefault(name, []).append((commit, day, data))
    return {name: list(reversed(versions)) for name, versions in history.items()}


def _cat_files(top: Path, specs: list[str]) -> list[str | None]:
    """The contents of many `commit:path` blobs through one `git cat-file --batch`."""
    if not specs:
        return []
    try:
        out = git_bytes(top, "cat-file", "--batch", stdin="\n".join(specs).encode() + b"\n")
    except GitFailed:
        return [None for _spec in specs]
    contents: list[str | None] = []
    pos = 0
    for _spec in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode()
        pos = end + 1
        if header.endswith("missing"):
            contents.append(None)
            continue
        size = int(header.rsplit(" ", 1)[1])
        contents.append(out[pos : pos + size].decode("utf-8", "replace"))
        pos += size + 1
    return contents


def _parse(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _git(cwd: Path, *args: str) -> str | None:
    """git's output, or None outside a repository: the report then leaves out the history."""
    try:
        return git(cwd, *args)
    except GitFailed:
        return None


def _dotted(at: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in at)


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
