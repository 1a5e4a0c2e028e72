"""What the pages need to know about the catalogue: relations, URLs and labels by language."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ciivs.catalogue.freshness import Currency, currencies, today
from ciivs.catalogue.kinds import REGISTRY, TYPED_REFERENCES, references
from ciivs.catalogue.kinds import kind as declared_kind
from ciivs.catalogue.kinds import url_of as url_of
from ciivs.catalogue.labels import load_labels as load_labels
from ciivs.catalogue.languages import SITE_LANGUAGES, Language
from ciivs.catalogue.model import Catalogue, Entry

# The project's languages and URL sections, for code that does not hold a catalogue; both are
# declared elsewhere (catalogue/languages.yml, kinds.py) and only derived here.
LANGS = tuple(lang.code for lang in SITE_LANGUAGES)
SECTIONS: dict[str, str] = {k.name: k.section for k in REGISTRY}
MEASURE_ROLES = ("responsible", "providers", "funders", "referrers")
# Kinds whose information can go out of date: they get a currency notice.
CURRENCY_KINDS = ("measures", "programmes", "initiatives")


class _Same(dict[str, str]):
    """A text that is the same in every language (a person's name, an id)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, lang: str) -> str:
        return self.text


def localized(text: dict[str, str] | str, language: Language) -> tuple[str, str]:
    """The text in `language`, or else in its fallback language: (text, code of its language)."""
    if isinstance(text, str):
        return text, language.code
    if language.code in text or language.fallback is None:
        return text[language.code], language.code
    return text[language.fallback], language.fallback


def title_of(entry: Entry) -> dict[str, str]:
    """The language map that names an entry."""
    for key in ("title", "name"):
        if key in entry.data:
            value = entry[key]
            return value if isinstance(value, dict) else _Same(value)
    return _Same(entry.id)


def with_abbreviation(name: str, abbreviation: str | None) -> str:
    """'Office de l'asile (OASI)'; the name alone when it already holds the abbreviation
    ('Programme PIC 3 (2024-2027)' never becomes '… (PIC 3)')."""
    if not abbreviation or re.search(rf"(?<!\w){re.escape(abbreviation)}(?!\w)", name):
        return name
    return f"{name} ({abbreviation})"


def display_name(entry: Entry, language: Language | str) -> str:
    """How lists, links and headings name an entry: its name and, if it has one, its abbreviation."""

    def text(value: dict[str, str]) -> str:
        return value[language] if isinstance(language, str) else localized(value, language)[0]

    abbreviation = entry.get("abbreviation")
    code = language if isinstance(language, str) else language.code
    return with_abbreviation(
        text(title_of(entry)),
        # Institutions may have no German abbreviation: German then writes the name alone.
        text(abbreviation) if isinstance(abbreviation, dict) and code in abbreviation else None,
    )


def website_of(entry: Entry, lang: str) -> str | None:
    """An institution's website in one language: `website` is one address or one per language."""
    website = entry.get("website")
    return website[lang] if isinstance(website, dict) else website


def _ordered(entries: list[Entry], default: str) -> list[Entry]:
    """Display order: `order` or `rank`, then the name in the default language."""
    return sorted(
        entries, key=lambda e: (e.get("order", 0), e.get("rank", 0), title_of(e)[default].lower())
    )


@dataclass
class Relations:
    """Reverse links between entries, computed once per build."""

    catalogue: Catalogue
    _by: dict[tuple[str, str, str], list[Entry]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        # Every reference the registry declares, and the typed ones ("kind/id"), read backwards.
        for k, field_name, _target in references():
            for entry in self.catalogue.of(k.name):
                for ref in _refs(entry.get(field_name)):
                    self._by[(k.name, field_name, ref)].append(entry)
        for field_name, kinds in TYPED_REFERENCES.items():
            for kind_name in kinds:
                for entry in self.catalogue.of(kind_name):
                    for typed in _refs(entry.get(field_name)):
                        self._by[(kind_name, field_name, typed)].append(entry)

    def having(self, kind: str, role: str, ref: str) -> list[Entry]:
        """Entries of `kind` whose field `role` names `ref`, in display order.

        Raises for a field that `kind` does not declare as a reference (kinds.py): a typo or a
        forgotten declaration must not read as "no such entries".
        """
        if kind not in TYPED_REFERENCES.get(role, ()):
            declared_kind(kind).target(role)
        return _ordered(self._by.get((kind, role, ref), []), self.default)

    def circle_of(self, institution: Entry) -> list[str]:
        """Circles the institution itself is a member of (`circles:`), as the bulletin names them."""
        return list(institution.get("circles", []))

    def circles_via(self, institution: Entry) -> tuple[list[str], Entry | None]:
        """Circles of the nearest parent that is a member, and that parent: a unit of a member is
        shown "via" it, never as a member itself (the bulletin names the members)."""
        current = self.catalogue.get("institutions", institution.get("parent", ""))
        seen = {institution.id}
        while current is not None and current.id not in seen:
            if current.get("circles"):
                return list(current["circles"]), current
            seen.add(current.id)
            current = self.catalogue.get("institutions", current.get("parent", ""))
        return [], None

    @cached_property
    def measure_circles(self) -> dict[str, list[str]]:
        """Circles of the member institutions responsible for or running each measure."""
        result = {}
        for measure in self.catalogue.of("measures"):
            ids = [measure["responsible"], *measure.get("providers", [])]
            circles = {
                c
                for i in ids
                if (inst := self.catalogue.get("institutions", i))
                for c in self.circle_of(inst)
            }
            result[measure.id] = sorted(circles)
        return result

    @cached_property
    def currency(self) -> dict[str, Currency]:
        """How current each dated entry is today ('kind/id' -> Currency)."""
        return currencies(self.catalogue, today(), CURRENCY_KINDS)

    def currency_of(self, entry: Entry) -> Currency | None:
        return self.currency.get(f"{entry.kind}/{entry.id}")

    def shown_status(self, entry: Entry) -> str:
        """The status a reader sees: 'unconfirmed' replaces active or planned when the information
        is past its planned end or its review is overdue."""
        currency = self.currency_of(entry)
        status = entry.get("status", "")
        if currency and not currency.current and status not in ("ended", "completed"):
            return "unconfirmed"
        return status

    def ordered(self, kind: str) -> list[Entry]:
        return _ordered(self.catalogue.of(kind), self.default)

    @cached_property
    def default(self) -> str:
        """The default language's code: names in it decide the order of lists."""
        return self.catalogue.languages[0].code


def _refs(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
