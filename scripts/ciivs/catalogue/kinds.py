"""The registry of kinds: every kind of entry is declared here once, and only here.

The loader, the checks, the relations between entries, the pages, the navigation, the home page,
the redirects and the open data all read this registry. A kind named `x` keeps its entries in
`catalogue/x/`, its JSON Schema in `catalogue/schemas/x.schema.json` and its page templates in
`templates/x.html` (one entry) and `templates/x-index.html` (the list).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# A field of every kind for editors' notes, what a comment in the file used to hold (a form
# editor and `make format` drop comments): kept in the data file (and in `donnees/catalogue.json`,
# which carries every field), never shown on a page nor carried by a standard export.
EDITOR_NOTE = "editor_note"


class UnknownKind(KeyError):
    """A kind, or a reference field of a kind, that the registry does not declare."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Kind:
    """One kind of entry."""

    name: str
    # URL folder of the kind, the same in every language so that the language switch leads to
    # the same page. Part of the published URL scheme: never change one.
    section: str
    # Label key of the list page's title; `<title>_intro` is the sentence under it.
    title: str
    # Reference fields: field name -> the kind whose ids it holds. The inverse relations
    # ("which measures name this institution as provider?") are derived from these.
    references: Mapping[str, str] = field(default_factory=dict)
    # On the home page's "browse" list: "count" (with the number of entries), "link", or not at all.
    home: str | None = None
    # Its information can go out of date (it has a period or a review date): its pages carry a
    # currency notice and the editors' report lists its entries to confirm.
    dated: bool = False
    # Schema fields no page shows (an id for machines, a setting of the build). Every other field
    # must be shown on the kind's page: tests/test_recipes.py fails on a field neither shown,
    # exported nor declared here.
    not_shown: tuple[str, ...] = ()
    # Schema fields none of the standard exports (CSV, HSDS, CPSV-AP, schema.org) carries;
    # `donnees/catalogue.json` carries every field. Checked like `not_shown`.
    not_exported: tuple[str, ...] = ()
    # Its entry pages are in the search index (lists never are).
    searchable: bool = True
    # Its entry pages link the first use of each glossary word to the word's explanation. Pages
    # that explain words themselves (easy-read texts, the glossary) do not.
    glossary_links: bool = True

    def __post_init__(self) -> None:
        # Every kind has a note for editors (EDITOR_NOTE): declared here once for all of them.
        for name in ("not_shown", "not_exported"):
            declared: tuple[str, ...] = getattr(self, name)
            if EDITOR_NOTE not in declared:
                object.__setattr__(self, name, (*declared, EDITOR_NOTE))

    @property
    def folder(self) -> str:
        return self.name

    @property
    def schema(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def index_template(self) -> str:
        return f"{self.name}-index.html"

    @property
    def intro(self) -> str:
        return f"{self.title}_intro"

    def target(self, field_name: str) -> str:
        """The kind a reference field points to; raises for a field that is not declared."""
        try:
            return self.references[field_name]
        except KeyError:
            raise UnknownKind(
                f"kind '{self.name}' declares no reference field '{field_name}' in kinds.py"
            ) from None


def _refs(**fields: str) -> Mapping[str, str]:
    return MappingProxyType(fields)


_INSTITUTIONS = "institutions"
# Fields of every kind that serve the site and its editors, not partners: old ids (redirects),
# the German-name status and gloss, search words, sources, the language of a name.
_EDITORIAL = ("former_ids", "german_name", "gloss", "keywords", "sources", "name_language")
# In navigation order: the site's menu and the open-data file list the kinds in this order.
REGISTRY: tuple[Kind, ...] = (
    Kind(
        "measures",
        section="mesures",
        title="measures",
        dated=True,
        home="count",
        # duration_iso: the machine form of `duration`, which no output uses yet.
        not_shown=("uuid", "duration_iso", "review_interval_months"),
        not_exported=(
            *_EDITORIAL,
            *("intensity", "duration", "duration_iso", "capacity", "links", "key_figures"),
            *("confirmed_by", "review_interval_months"),
        ),
        references=_refs(
            responsible=_INSTITUTIONS,
            providers=_INSTITUTIONS,
            funders=_INSTITUTIONS,
            referrers=_INSTITUTIONS,
            first_contact=_INSTITUTIONS,
            target_groups="target-groups",
            regions="regions",
            programme="programmes",
            sources="articles",
            confirmed_by=_INSTITUTIONS,
        ),
    ),
    Kind(
        "target-groups",
        section="publics",
        title="target_groups",
        references=_refs(sources="articles"),
    ),
    Kind(
        "institutions",
        section="institutions",
        title="institutions",
        dated=True,
        home="count",
        not_shown=("uuid",),
        not_exported=_EDITORIAL,
        references=_refs(parent=_INSTITUTIONS, circles="circles", sources="articles"),
    ),
    Kind(
        "circles",
        section="cercles",
        title="circles",
        dated=True,
        home="link",
        references=_refs(sources="articles"),
    ),
    Kind("values", section="valeurs", title="values", home="link"),
    Kind(
        "regions",
        section="regions",
        title="regions",
        home="link",
        references=_refs(sources="articles"),
    ),
    Kind(
        "programmes",
        section="programmes",
        title="programmes",
        dated=True,
        home="link",
        references=_refs(
            responsible=_INSTITUTIONS,
            funders=_INSTITUTIONS,
            target_groups="target-groups",
            sources="articles",
            confirmed_by=_INSTITUTIONS,
        ),
    ),
    Kind(
        "initiatives",
        section="projets",
        title="initiatives",
        dated=True,
        home="link",
        references=_refs(
            responsible=_INSTITUTIONS,
            participants=_INSTITUTIONS,
            sources="articles",
            confirmed_by=_INSTITUTIONS,
        ),
    ),
    # `about` names entries of any kind as "kind/id"; see TYPED_REFERENCES.
    Kind("articles", section="bulletin", title="bulletin", references=_refs(author="people")),
    Kind(
        "people",
        section="personnes",
        title="people",
        dated=True,
        home="link",
        references=_refs(institution=_INSTITUTIONS, sources="articles"),
    ),
    # Easy-read texts (FALC, Leichte Sprache): one per measure (its id), and `site` for the site
    # itself. The measure's facts, in easy words; its review by readers is recorded per language.
    Kind(
        "easy-read",
        section="facile-a-lire",
        title="easy_read",
        home="link",
        glossary_links=False,
        # Partners get the texts in catalogue.json; HSDS and CPSV-AP have no field for them.
        not_shown=("uuid",),
        not_exported=("former_ids", "measure", "title", "sections", "reviewed_by", "reviewed_on"),
        references=_refs(measure="measures"),
    ),
    # The hard words of the catalogue, explained in easy words. Regular pages link a word's first
    # use here; its entry pages stay out of the search, where they would outrank the pages that
    # use the words.
    Kind(
        "glossary",
        section="glossaire",
        title="glossary",
        home="link",
        searchable=False,
        glossary_links=False,
        not_shown=("uuid",),
        not_exported=("former_ids", "term", "also", "explanation"),
    ),
)
# Fields whose values are "kind/id" and may name an entry of any kind: field -> kinds holding it.
TYPED_REFERENCES: Mapping[str, tuple[str, ...]] = MappingProxyType({"about": ("articles",)})

_BY_NAME = {kind.name: kind for kind in REGISTRY}
NAMES: tuple[str, ...] = tuple(_BY_NAME)
# Each kind's URL folder: kind name -> section ('measures' -> 'mesures').
SECTIONS: Mapping[str, str] = MappingProxyType({k.name: k.section for k in REGISTRY})
# Kinds whose information can go out of date, in registry order.
DATED: tuple[str, ...] = tuple(k.name for k in REGISTRY if k.dated)


def kind(name: str) -> Kind:
    """The declared kind called `name`; raises at once for an undeclared one."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownKind(
            f"kind '{name}' is not declared in kinds.py (declared: {', '.join(NAMES)})"
        ) from None


def references() -> Iterator[tuple[Kind, str, str]]:
    """Every declared reference: (kind, field, target kind)."""
    for k in REGISTRY:
        for field_name, target in k.references.items():
            yield k, field_name, target


def url_of(kind_name: str, entry_id: str | None = None) -> str:
    """The site path of an entry (or of a kind's list), without language prefix: 'mesures/x/'."""
    section = kind(kind_name).section
    return f"{section}/{entry_id}/" if entry_id else f"{section}/"
