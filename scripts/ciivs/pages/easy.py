"""What easy-read pages and glossary pages show, prepared for their templates.

An easy-read text is shown one sentence per line, as written; a blank line starts a new group.
Its page names the measure (and links back to it), says whether readers of the target group have
checked the text in this language, and explains the glossary words the text uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import localized, title_of
from ciivs.formats.sentences import split_sentences
from ciivs.formats.words import fold
from ciivs.pages.glossary import GlossaryWords


def easy_view(
    entry: Entry, catalogue: Catalogue, language: Language, glossary: GlossaryWords
) -> dict[str, Any]:
    """The easy-read page of `entry` in `language` (or in its fallback, marked as such)."""
    lang = shown_language(entry, language)
    sections: list[dict[str, str]] = entry["sections"][lang]
    texts = [text for s in sections for text in (s["question"], s["text"])]
    by, on = entry.get("reviewed_by") or {}, entry.get("reviewed_on") or {}
    words = [catalogue.entry("glossary", w) for w in glossary.used_in(_unsplit(t) for t in texts)]
    return {
        "lang": lang,
        "measure": catalogue.get("measures", entry.get("measure") or ""),
        "review": {"by": by[lang], "on": on[lang]} if lang in by and lang in on else None,
        "sections": [{"question": s["question"], "groups": _groups(s["text"])} for s in sections],
        "words": [(w, explanation_sentences(w, language)) for w in words],
    }


def easy_index(
    catalogue: Catalogue, language: Language, name: Callable[[Entry], str]
) -> list[dict[str, Any]]:
    """The easy-read texts for their list: texts about the site first, then by name."""
    texts = []
    for entry in catalogue.of("easy-read"):
        measure = catalogue.get("measures", entry.get("measure") or "")
        lang = shown_language(entry, language)
        checked = lang in (entry.get("reviewed_by") or {}) and lang in (
            entry.get("reviewed_on") or {}
        )
        texts.append(
            {
                "entry": entry,
                "name": name(measure if measure is not None else entry),
                "checked": checked,
                "order": (measure is not None, fold(name(measure or entry))),
            }
        )
    return sorted(texts, key=lambda text: text["order"])


def shown_language(entry: Entry, language: Language) -> str:
    """The language an easy-read text is shown in on a page of `language`: its own, else its
    fallback's (a language still being translated)."""
    return localized(entry["sections"], language)[1]


def glossary_view(entry: Entry, catalogue: Catalogue, language: Language) -> dict[str, Any]:
    """A glossary word's page: its explanation sentence by sentence, its name in the other
    languages, its other forms."""
    terms = title_of(entry)
    return {
        "sentences": explanation_sentences(entry, language),
        "other_terms": [
            (other.code, terms[other.code])
            for other in catalogue.languages
            if other.code != language.code and other.code in terms
        ],
        "also": (entry.get("also") or {}).get(language.code, []),
    }


def glossary_index(catalogue: Catalogue, language: Language) -> list[Entry]:
    """Every glossary word, in the alphabetical order of the page's language."""
    return sorted(catalogue.of("glossary"), key=lambda e: fold(localized(title_of(e), language)[0]))


def explanation_sentences(word: Entry, language: Language) -> list[str]:
    """A glossary word's explanation, one sentence per line as easy read shows it."""
    return split_sentences(localized(word["explanation"], language)[0])


def _groups(text: str) -> list[list[str]]:
    """The lines of a text, in groups separated by blank lines."""
    groups: list[list[str]] = [[]]
    for line in text.strip().split("\n"):
        if line.strip():
            groups[-1].append(line.strip())
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _unsplit(text: str) -> str:
    """Easy German splits long words with a media point (Sozial·hilfe): found as Sozialhilfe."""
    return text.replace("·", "")
