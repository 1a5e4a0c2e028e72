"""The pages of one language: which pages exist, and the helpers their templates call."""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ciivs.catalogue.access import document_items, first_contact_of
from ciivs.catalogue.costs import cost_of
from ciivs.catalogue.freshness import build_day
from ciivs.catalogue.kinds import REGISTRY, url_of
from ciivs.catalogue.kinds import kind as declared_kind
from ciivs.catalogue.labels import Labels
from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import display_name, localized, title_of, with_abbreviation
from ciivs.catalogue.problems import Problem
from ciivs.catalogue.relations import Relations
from ciivs.catalogue.urls import SEARCH, SHEET, SHEET_CARDS, page_url, public_url
from ciivs.catalogue.wording import ages, date, period
from ciivs.editors.report import Options as ReportOptions
from ciivs.editors.report import kept_tense_scans, report_catalogue
from ciivs.formats.markdown import render_markdown
from ciivs.opendata.linkeddata import institution_schema_org, measure_schema_org
from ciivs.pages.diagram import circles_svg
from ciivs.pages.easy import easy_index, easy_view, glossary_index, glossary_view
from ciivs.pages.facets import measure_facet_items, measure_facets
from ciivs.pages.finder import SECTION, steps
from ciivs.pages.finder_view import FinderView
from ciivs.pages.foreign_names import ForeignNames, foreign_names
from ciivs.pages.glossary import GlossaryWords, glossary_forms
from ciivs.pages.printsheet import print_facts
from ciivs.pages.qrcodes import QrCodes
from ciivs.pages.staging import Page
from ciivs.search.words import WordFinder, entry_text, page_words


@dataclass(frozen=True)
class SinglePage:
    """A page that is not an entry nor a kind's list. Its path is part of the URL scheme."""

    key: str  # how templates link to it: link('search-page')
    path: str  # 'recherche': the page is recherche.md, at /recherche/
    template: str
    title: str  # label keys
    intro: str
    searchable: bool = False


# The editors' report page: its findings are the same in every language.
REPORT = "report-page"
HOME = SinglePage("home", "", "home.html", "home_title", "home_intro")
SINGLE_PAGES: tuple[SinglePage, ...] = (
    SinglePage("contact-page", "contact", "contact.html", "contact", "contact_intro", True),
    SinglePage("search-page", SEARCH, "search.html", "search", "search_label"),
    SinglePage(
        "translations-page",
        "traductions",
        "translations.html",
        "translations",
        "translations_intro",
    ),
    # For editors, out of the navigation: what to confirm, translate or simplify.
    SinglePage(REPORT, "rapport", "report.html", "report", "report_intro"),
    # The hand-off sheet: measures chosen by the reader, read from its address (?m=<id>).
    SinglePage("sheet-page", SHEET, "sheet.html", "sheet", "sheet_intro"),
)
# A hand-off sheet holds at most this many measures (one A4 page each).
SHEET_MAX = 12
# A finding of the editors' report and the entry it is about (None: a file of no entry).
Finding = tuple[Problem, Entry | None]
_LINKS = {p.key: f"{p.path}/" if p.path else "" for p in (HOME, *SINGLE_PAGES)}


class Fallback(str):
    """A text shown in the fallback language because the page's language has none.

    It is plain text to Python; in a template it is written inside `<span lang="..">`.
    """

    def __new__(cls, text: str, lang: str) -> Fallback:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    lang: str

    def __html__(self) -> str:
        return f'<span lang="{self.lang}">{escape(str(self))}</span>'


class PageContext:
    """Renders the pages of one language; holds the helpers that templates call."""

    def __init__(
        self,
        language: Language,
        catalogue: Catalogue,
        relations: Relations,
        labels: Labels,
        env: jinja2.Environment,
        qr: QrCodes | None = None,
        report: list[Finding] | None = None,
    ) -> None:
        self.language = language
        self.lang = language.code
        self.catalogue = catalogue
        self.rel = relations
        self.labels = labels
        self.env = env
        self.qr = qr or QrCodes()
        self.foreign = ForeignNames(foreign_names(catalogue, language))
        # Texts shown in the fallback language on the page being rendered: the page gets a note.
        self.fallbacks = 0
        self.words = WordFinder(catalogue.search.equivalents.get(self.lang, []))
        self.finder = FinderView(catalogue, labels, self.t)
        self.glossary = GlossaryWords(glossary_forms(catalogue, language))
        # HTML that is the same wherever it appears in this language, rendered once (`badges`).
        self._macros: Any = None
        self._badges: dict[tuple[str, str], Markup] = {}
        self._reasons: dict[tuple[tuple[str, str | None, bool], ...], Markup] = {}
        self._finder_lines: dict[tuple[str, str, tuple[Any, ...]], tuple[Markup, bool]] = {}
        # The report's findings when already computed (`report_findings`), else computed here.
        self.report = report

    def all_pages(
        self,
        only: Container[tuple[str, str]] | None = None,
        lists: bool = True,
        leave_out: Container[str] = (),
    ) -> list[Page]:
        """Home, each kind's list and entries, then the single pages.

        With `only`, the pages of those entries (kind, id) alone, besides lists and single pages;
        with `lists=False`, without lists and single pages; `leave_out`: single pages' keys.
        """
        return list(self.each_page(only, lists, leave_out))

    def each_page(
        self,
        only: Container[tuple[str, str]] | None = None,
        lists: bool = True,
        leave_out: Container[str] = (),
    ) -> Iterator[Page]:
        """The pages of `all_pages`, one at a time (the preview pauses between them)."""
        if lists:
            yield self._single(HOME)
        for kind in REGISTRY:
            if lists:
                yield self.page(
                    kind.index_template,
                    f"{kind.section}/index.md",
                    self.labels[kind.title],
                    self.labels[kind.intro],
                    **self._index_extras(kind.name),
                )
            for entry in self.rel.ordered(kind.name):
                if only is not None and (kind.name, entry.id) not in only:
                    continue
                extras: dict[str, Any] = {**self._linked_data(entry), **self._entry_extras(entry)}
                yield self.page(
                    kind.template,
                    f"{kind.section}/{entry.id}.md",
                    self.title(entry),
                    self._summary(entry),
                    entry=entry,
                    **extras,
                )
        if lists:
            for single in SINGLE_PAGES:
                if single.key not in leave_out:
                    yield self._single(single)
            yield from self._finder_pages()

    def _linked_data(self, entry: Entry) -> dict[str, Any]:
        """schema.org JSON-LD and the printed sheet's facts for measure and institution pages."""
        base = public_url()
        if entry.kind == "measures":
            words = {k: self.labels[k] for k in ("service_type", "area_served")}
            return {
                "jsonld": measure_schema_org(
                    entry, self.catalogue, self.language, base, words, self.status_words(entry)
                ),
                "printed": print_facts(entry, self.lang, base, self._as_of(entry), self.qr),
            }
        if entry.kind == "institutions":
            return {
                "jsonld": institution_schema_org(entry, self.catalogue, self.language, base),
                "printed": print_facts(entry, self.lang, base, self._as_of(entry), self.qr),
            }
        return {}

    def _as_of(self, entry: Entry) -> str | None:
        currency = self.rel.currency_of(entry)
        return currency.as_of if currency else None

    def _entry_extras(self, entry: Entry) -> dict[str, Any]:
        """What an easy-read text or a glossary word shows, prepared for its template."""
        if entry.kind == "easy-read":
            return {"easy": easy_view(entry, self.catalogue, self.language, self.glossary)}
        if entry.kind == "glossary":
            return {"word": glossary_view(entry, self.catalogue, self.language)}
        return {}

    def title(self, entry: Entry) -> str:
        """How a page and its links name an entry: an easy-read text by its measure's title (or
        its own, for a text without measure) and its kind."""
        if entry.kind != "easy-read":
            return self.t(title_of(entry))
        measure = self.catalogue.get("measures", entry.get("measure") or "")
        name = self.t(title_of(measure if measure is not None else entry))
        return self.labels.fmt("easy_read_title", name=name)

    def _finder_pages(self) -> Iterator[Page]:
        """ "What is for me?": a page per question and per combination of answers."""
        limits = self.catalogue.search.age_limits
        if not limits:
            return  # no catalogue/search/finder.yml: no finder
        groups = [g.id for g in self.rel.ordered("target-groups")]
        regions = [r.id for r in self.rel.ordered("regions")]
        for step in steps(groups, regions, limits):
            yield self.page(
                "finder.html",
                f"{step.path}index.md",
                self.labels["finder"],
                self.labels["finder_intro"],
                step=step,
                finder=self.finder.view(step, groups, regions, limits),
            )

    def single_page(self, key: str) -> Page:
        """One single page (see SINGLE_PAGES) by its key."""
        return self._single(next(single for single in SINGLE_PAGES if single.key == key))

    def _single(self, single: SinglePage) -> Page:
        src = f"{single.path}.md" if single.path else "index.md"
        extras = {
            "translations-page": self._translations_extras,
            "report-page": self._report_extras,
            "sheet-page": self._sheet_extras,
        }.get(single.key, dict)()
        return self.page(
            single.template,
            src,
            self.labels[single.title],
            self.labels[single.intro],
            searchable=single.searchable,
            **extras,
        )

    def _translations_extras(self) -> dict[str, Any]:
        return {
            "to_confirm": [
                (e.kind, e) for e in self.catalogue.all() if e.get("german_name") == "to-confirm"
            ]
        }

    def _sheet_extras(self) -> dict[str, Any]:
        """The sheet's public address, its limit, the other languages it can show beside this
        one, and every measure (linked from the message shown without JavaScript)."""
        return {
            "measures": self.rel.ordered("measures"),
            "sheet_public": page_url(public_url(), self.lang, f"{SHEET}/"),
            "sheet_max": SHEET_MAX,
            "sheet_cards": f"{SHEET_CARDS}/",
            "other_languages": [l.code for l in self.catalogue.languages if l.code != self.lang],
        }

    def fragment(self, template: str, root: str, **extras: Any) -> str:
        """A piece of HTML (not a page) from a template; `root` leads to this language's pages,
        an absolute address when the piece is shown elsewhere (the hand-off sheet's cards)."""
        body = self.env.get_template(template).render(**self._helpers(root), **extras)
        return self.foreign.mark(_compact(body))

    def _report_extras(self) -> dict[str, Any]:
        report = self.report if self.report is not None else report_findings(self.catalogue)
        return {"findings": report}

    def _index_extras(self, kind: str) -> dict[str, Any]:
        if kind == "measures":
            items = measure_facet_items(self.rel)
            facets = measure_facets(items, self.rel, self.facet_name, self.labels)
            return {"measures": items, "facets": facets}
        if kind == "easy-read":
            name = lambda e: self.t(title_of(e))  # noqa: E731
            return {"easy_texts": easy_index(self.catalogue, self.language, name)}
        if kind == "glossary":
            return {"words": glossary_index(self.catalogue, self.language)}
        if kind == "circles":
            return {
                "diagram": circles_svg(
                    self.rel,
                    self.language,
                    self.labels["circles_diagram"],
                    self.labels["network_short"],
                )
            }
        return {}

    def _summary(self, entry: Entry) -> str:
        for key in ("summary", "role", "explanation"):
            if key in entry.data and isinstance(entry[key], dict):
                return self.t(entry[key])
        return self.title(entry)

    def page(
        self,
        template: str,
        src: str,
        title: str,
        description: str,
        entry: Entry | None = None,
        searchable: bool = False,
        **extras: Any,
    ) -> Page:
        """One page of this language from a template; `src` is its file in the language folder."""
        depth = src.count("/") + (0 if src.endswith("index.md") else 1)
        helpers = self._helpers("../" * depth)
        self.fallbacks = 0
        body = self.env.get_template(template).render(
            entry=entry, page_title=title, **helpers, **extras
        )
        if self.fallbacks:
            body = self._fallback_note() + body
        body = _compact(body)
        if entry is not None and declared_kind(entry.kind).glossary_links:
            body = self.glossary.link_first_uses(
                body, lambda word: helpers["link"]("glossary", word)
            )
        body = self.foreign.mark(body)
        if entry is not None:
            body += "\n" + self._search_block(entry, helpers)
        # Entry pages of most kinds and some single pages are indexed; lists only mention entries.
        indexed = searchable or (entry is not None and declared_kind(entry.kind).searchable)
        entry_ref = f"{entry.kind}/{entry.id}" if entry is not None else ""
        return Page(self.lang, src, title, description, body, indexed, entry_ref)

    def _search_block(self, entry: Entry, helpers: dict[str, Any]) -> str:
        """What search results say about an entry page, and the readers' words that find it."""
        for_whom = [
            self.t(group["name"])
            for ref in (entry.get("target_groups", []) if entry.kind == "measures" else [])
            if (group := self.catalogue.get("target-groups", ref))
        ]
        text = "\n".join([entry_text(entry, self.lang), *for_whom])
        keywords, equivalents = page_words(entry, self.lang, text, self.words)
        # A result for a measure offers its easy-read text.
        easy = self.rel.having("easy-read", "measure", entry.id) if entry.kind == "measures" else []
        return _compact(
            self.env.get_template("search-block.html").render(
                entry=entry,
                easy=helpers["link"]("easy-read", easy[0].id) if easy else None,
                for_whom=for_whom,
                keywords=keywords,
                equivalents=equivalents,
                **helpers,
            )
        )

    def _helpers(self, root: str) -> dict[str, Any]:
        def link(kind: str, entry_id: str | None = None) -> str:
            return _link(root, kind, entry_id)

        # The search index sits at the root of the whole site, above the language folders.
        site_root = root + "../" * self.language.prefix.count("/")
        return {
            "site_root": site_root,
            "lang": self.lang,
            "L": self.labels,
            "t": self.t,
            "status_words": self.status_words,
            "cost_of": cost_of,
            "first_contact_of": lambda e: first_contact_of(e, self.catalogue),
            "documents": document_items,
            "md": self.md,
            "link": link,
            "root": root,
            "cat": self.catalogue,
            "rel": self.rel,
            "get": self.catalogue.get,
            "title": self.title,
            "fmt": self.fmt,
            "named": self.named,
            "short_name": self.short_name,
            "every": self.every_language,
            "with_abbr": with_abbreviation,
            "period": self.period,
            "date": self.date,
            "ages": lambda d: ages(self.labels, d),
            "kinds": REGISTRY,
            "finder_link": root + SECTION + "/",
            "sources_by_date": self.sources_by_date,
            "badges": self.badges,
            "reasons": self.reasons,
            "finder_line": lambda measure, why: self.finder_line(root, measure, why),
        }

    def _macro(self, name: str) -> Any:
        """A macro of `_macros.html` with this language's helpers, for HTML without links."""
        if self._macros is None:
            template = self.env.get_template("_macros.html")
            self._macros = template.make_module(self._helpers(""))
        return getattr(self._macros, name)

    def badges(self, entry: Entry) -> Markup:
        """An entry's status badges: rendered once per entry (tens of thousands of cards and
        finder answers show them)."""
        key = (entry.kind, entry.id)
        html = self._badges.get(key)
        if html is None:
            html = self._badges[key] = self._macro("badges_html")(entry)
        return html

    def reasons(self, why: list[tuple[str, bool]]) -> Markup:
        """Why a measure fits a finder answer, rendered once per distinct list of reasons (a
        text's language is part of it: a fallback text is marked)."""
        key = _why_key(why)
        html = self._reasons.get(key)
        if html is None:
            html = self._reasons[key] = self._macro("reasons_html")(why)
        return html

    def finder_line(self, root: str, measure: Entry, why: list[tuple[str, bool]]) -> Markup:
        """A finder answer's line for a measure after the first ones: its linked name and why it
        fits. The same on every answer page of one depth that lists it for the same reasons
        (34,000 lines a language at 1,000 measures): made once."""
        key = (root, measure.id, _why_key(why))
        made = self._finder_lines.get(key)
        if made is None:
            name = self.title(measure)
            line = Markup('<li><a href="{}">{}</a> – {}</li>').format(
                _link(root, "measures", measure.id), name, self.reasons(why)
            )
            made = self._finder_lines[key] = (line, isinstance(name, Fallback))
        elif made[1]:
            self.fallbacks += 1  # as title() counts a name shown in the fallback language
        return made[0]

    def sources_by_date(self, entry: Entry) -> list[tuple[str | None, list[Entry]]]:
        """An entry's source articles grouped by publication date, newest first."""
        groups: dict[str | None, list[Entry]] = {}
        for ref in entry.get("sources", []):
            article = self.catalogue.get("articles", ref)
            if article is not None:
                groups.setdefault(article.get("published"), []).append(article)
        return sorted(groups.items(), key=lambda item: item[0] or "", reverse=True)

    def status_words(self, entry: Entry) -> str:
        """The entry's reader status as its badge says it ('' for a kind without status)."""
        status = self.rel.status_of(entry)
        return status.words(self.labels) if status else ""

    def facet_name(self, kind: str, entry_id: str) -> str:
        """How the measure list's filters name an entry: institutions with their abbreviation."""
        entry = self.catalogue.entry(kind, entry_id)
        if kind == "institutions":
            return display_name(entry, self.language)
        return self.t(title_of(entry))

    def t(self, text: dict[str, str] | str) -> str:
        """The text in this page's language, or else its fallback language's, marked as such."""
        shown, lang = localized(text, self.language)
        if lang == self.lang:
            return shown
        self.fallbacks += 1
        return Fallback(shown, lang)

    def named(self, entry: Entry) -> str:
        """An entry's name with its abbreviation, marked when shown in the fallback language."""
        name = display_name(entry, self.language)
        lang = localized(title_of(entry), self.language)[1]
        if lang == self.lang:
            return name
        self.fallbacks += 1
        return Fallback(name, lang)

    def short_name(self, entry: Entry) -> str:
        """An entry's abbreviation in this language where it has one, else its name."""
        abbreviation = entry.get("abbreviation")
        if isinstance(abbreviation, dict) and self.lang in abbreviation:
            return str(abbreviation[self.lang])
        return self.named(entry)

    def md(self, text: dict[str, str], offset: int = 2) -> Markup:
        """Markdown text in this language, rendered safely (in a block marked with its language
        when it is the fallback's)."""
        shown = self.t(text)
        html = render_markdown(shown, offset)
        if isinstance(shown, Fallback):
            return Markup(f'<div lang="{shown.lang}">{html}</div>')
        return Markup(html)

    def every_language(self, *texts: dict[str, str] | None) -> list[str]:
        """Each text in every language it has, without repeats (ignoring case, the first spelling
        kept): search finds a page by any of them."""
        found: dict[str, str] = {}
        for text in texts:
            for language in self.catalogue.languages:
                value = (text or {}).get(language.code)
                if value is not None:
                    found.setdefault(value.lower(), value)
        return list(found.values())

    def _fallback_note(self) -> str:
        note = escape(self.labels["fallback_note"])
        return f'<p class="ciivs-fallback-note" data-pagefind-ignore>{note}</p>\n'

    def fmt(self, key: str, **values: Any) -> str:
        return self.labels.fmt(key, **values)

    def period(self, start: str | None, end: str | None) -> str:
        return period(self.labels, start, end)

    def date(self, text: str) -> str:
        return date(self.labels, text)


def _link(root: str, kind: str, entry_id: str | None = None) -> str:
    """The address of a kind's list or of an entry's page, from a page whose way to the language's
    root is `root`."""
    if kind in _LINKS:
        return root + _LINKS[kind]
    return root + url_of(kind, entry_id)


def _why_key(why: list[tuple[str, bool]]) -> tuple[tuple[str, str | None, bool], ...]:
    """Reasons as a key: a text's language is part of it (a fallback text is marked)."""
    return tuple((str(text), getattr(text, "lang", None), sure) for text, sure in why)


def report_findings(catalogue: Catalogue, cache: Path | None = None) -> list[Finding]:
    """What the editors' report page lists, with the entry of each finding: the report without
    its slow parts (reading-ease scores, git history). `cache`: the build's cache folder, where
    the present-tense scans of the texts are kept between builds."""
    kept = None if cache is None else kept_tense_scans(cache)
    options = ReportOptions(on=build_day(catalogue.root), history=False, scores=False, kept=kept)
    by_path = {e.path: e for e in catalogue.all()}
    found = [(f, by_path.get(f.path)) for f in report_catalogue(catalogue, options)]
    if kept is not None:
        kept.write()
    return found


def _compact(body: str) -> str:
    """Drop blank lines: Markdown would end a raw HTML block at one and read the rest as Markdown."""
    return "\n".join(line.rstrip() for line in body.splitlines() if line.strip())
