"""The render stage: turn the checked catalogue into Markdown pages (front matter + HTML) per language."""

from __future__ import annotations

import html
import json
import multiprocessing as mp
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .catalogue import Catalogue, Entry
from .diagram import circles_svg
from .facets import measure_facet_items, measure_facets, measure_jsonld
from .markdown_safe import render_markdown
from .views import (
    LANGS,
    SECTIONS,
    Relations,
    display_name,
    load_labels,
    title_of,
    url_of,
    with_abbreviation,
)

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class Page:
    """One generated page in one language; `src` is relative to the language folder."""

    lang: str
    src: str
    title: str
    description: str
    body: str
    searchable: bool = True

    def markdown(self) -> str:
        """The page as MkDocs reads it: escaped front matter, then the HTML body."""
        meta: dict[str, Any] = {
            "title": html.escape(self.title),
            "description": html.escape(self.description),
        }
        if not self.searchable:
            meta["pagefind"] = "ignore"
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{front}---\n\n{self.body}\n"


# Above this many entries the two languages render in parallel processes (one per core).
PARALLEL_FROM = 400
_SHARED: Catalogue | None = None


def render_site(catalogue: Catalogue) -> list[Page]:
    """Every generated page, in both languages."""
    global _SHARED
    entries = sum(len(kind) for kind in catalogue.entries.values())
    if (
        entries < PARALLEL_FROM
        or (os.cpu_count() or 1) < 2
        or "fork" not in mp.get_all_start_methods()
    ):
        return [page for lang in LANGS for page in render_language(catalogue, lang)]
    # Forked workers share the loaded catalogue; only the finished pages travel back.
    _SHARED = catalogue
    try:
        with mp.get_context("fork").Pool(len(LANGS)) as pool:
            return [page for pages in pool.map(_render_shared, LANGS) for page in pages]
    finally:
        _SHARED = None


def _render_shared(lang: str) -> list[Page]:
    assert _SHARED is not None
    return render_language(_SHARED, lang)


def render_language(catalogue: Catalogue, lang: str) -> list[Page]:
    """Every generated page in one language."""
    context = _Context(lang, catalogue, Relations(catalogue), load_labels(), _environment())
    return context.all_pages()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["jsonld"] = _jsonld
    return env


def _jsonld(data: dict[str, Any]) -> Markup:
    """JSON for a <script type=application/ld+json>, safe against closing the script element."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Labels:
    """Interface labels of one language; `L.key` and `L["key"]` in templates."""

    def __init__(self, values: dict[str, str]) -> None:
        self._values = values

    def __getattr__(self, key: str) -> str:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"no interface label '{key}' in templates/labels.yml") from None

    def __getitem__(self, key: str) -> str:
        return self.__getattr__(key)


class _Context:
    """Renders pages in one language; holds the helpers that templates call."""

    def __init__(
        self,
        lang: str,
        catalogue: Catalogue,
        relations: Relations,
        labels: dict[str, dict[str, str]],
        env: jinja2.Environment,
    ) -> None:
        self.lang = lang
        self.catalogue = catalogue
        self.rel = relations
        self.labels = Labels({key: value[lang] for key, value in labels.items()})
        self.env = env
        self.foreign = _ForeignNames(_foreign_names(catalogue, lang))

    def all_pages(self) -> list[Page]:
        pages = [
            self._page(
                "home.html", "index.md", self.labels["home_title"], self.labels["home_intro"]
            )
        ]
        for kind, section in SECTIONS.items():
            pages.append(
                self._page(
                    f"{kind}-index.html",
                    f"{section}/index.md",
                    self.labels[_INDEX_TITLES[kind]],
                    self.labels[f"{_INDEX_TITLES[kind]}_intro"],
                    **self._index_extras(kind),
                )
            )
            for entry in self.rel.ordered(kind):
                extras = {"jsonld": measure_jsonld(entry, self)} if kind == "measures" else {}
                pages.append(
                    self._page(
                        f"{kind}.html",
                        f"{section}/{entry.id}.md",
                        self.t(title_of(entry)),
                        self._summary(entry),
                        entry=entry,
                        **extras,
                    )
                )
        pages.append(
            self._page(
                "contact.html", "contact.md", self.labels["contact"], self.labels["contact_intro"]
            )
        )
        pages.append(
            self._page(
                "search.html", "recherche.md", self.labels["search"], self.labels["search_label"]
            )
        )
        to_confirm = [
            (e.kind, e) for e in self.catalogue.all() if e.get("german_name") == "to-confirm"
        ]
        pages.append(
            self._page(
                "translations.html",
                "traductions.md",
                self.labels["translations"],
                self.labels["translations_intro"],
                to_confirm=to_confirm,
            )
        )
        return pages

    def _index_extras(self, kind: str) -> dict[str, Any]:
        if kind == "measures":
            items = measure_facet_items(self)
            return {"measures": items, "facets": measure_facets(self, items)}
        if kind == "circles":
            return {
                "diagram": circles_svg(
                    self.rel,
                    self.lang,
                    self.labels["circles_diagram"],
                    self.labels["network_short"],
                )
            }
        return {}

    def _summary(self, entry: Entry) -> str:
        for key in ("summary", "role"):
            if key in entry.data and isinstance(entry[key], dict):
                return self.t(entry[key])
        return self.t(title_of(entry))

    def _page(
        self,
        template: str,
        src: str,
        title: str,
        description: str,
        entry: Entry | None = None,
        **extras: Any,
    ) -> Page:
        depth = src.count("/") + (0 if src.endswith("index.md") else 1)
        helpers = self._helpers("../" * depth)
        body = self.env.get_template(template).render(
            entry=entry, page_title=title, **helpers, **extras
        )
        body = _mark_foreign_names(_compact(body), self.foreign)
        # Entry pages and hand-written pages are indexed; lists only mention entries.
        searchable = entry is not None or template in ("contact.html",)
        return Page(self.lang, src, title, description, body, searchable)

    def _helpers(self, root: str) -> dict[str, Any]:
        def link(kind: str, entry_id: str | None = None) -> str:
            if kind in PAGES:
                return root + PAGES[kind]
            return root + url_of(kind, entry_id)

        # The search index sits at the root of the whole site, above the /de/ tree.
        site_root = root + ("" if self.lang == LANGS[0] else "../")
        return {
            "site_root": site_root,
            "lang": self.lang,
            "other_lang": "de" if self.lang == "fr" else "fr",
            "L": self.labels,
            "t": self.t,
            "md": self.md,
            "link": link,
            "root": root,
            "cat": self.catalogue,
            "rel": self.rel,
            "get": self.catalogue.get,
            "title": lambda e: self.t(title_of(e)),
            "fmt": self.fmt,
            "named": lambda e: display_name(e, self.lang),
            "with_abbr": with_abbreviation,
            "period": self.period,
            "date": self.date,
            "sections": SECTIONS,
            "sources_by_date": self.sources_by_date,
        }

    def sources_by_date(self, entry: Entry) -> list[tuple[str | None, list[Entry]]]:
        """An entry's source articles grouped by publication date, newest first."""
        groups: dict[str | None, list[Entry]] = {}
        for ref in entry.get("sources", []):
            article = self.catalogue.get("articles", ref)
            if article is not None:
                groups.setdefault(article.get("published"), []).append(article)
        return sorted(groups.items(), key=lambda item: item[0] or "", reverse=True)

    def t(self, text: dict[str, str] | str) -> str:
        """The text in this page's language."""
        return text if isinstance(text, str) else text[self.lang]

    def md(self, text: dict[str, str], offset: int = 2) -> Markup:
        """Markdown text in this language, rendered safely."""
        return Markup(render_markdown(self.t(text), offset))

    def fmt(self, key: str, **values: Any) -> str:
        return self.labels[key].format(**values)

    def period(self, start: str | None, end: str | None) -> str:
        """'depuis le 1er août 2023', 'd'avril 2024 à 2027', 'seit 2023', '2024 bis 2027'."""

        def part(key: str, value: str) -> str:
            return self.fmt(key + ("_day" if value.count("-") == 2 else ""), date=self.date(value))

        if start and end:
            text = f"{part('period_from', start)} {part('period_to', end)}"
        elif start:
            text = part("since", start)
        elif end:
            text = part("until", end)
        else:
            return ""
        if self.lang == "fr":
            text = re.sub(
                r"\bde (?=[aeiouyàâéèêîôû])", "d'", text, flags=re.IGNORECASE
            )  # d'août, d'avril
        return text.strip()

    def date(self, text: str) -> str:
        """A partial ISO date as people write it: 2023, août 2023 / August 2023, 1.8.2023."""
        parts = text.split("-")
        if len(parts) == 1:
            return parts[0]
        month = _MONTHS[self.lang][int(parts[1]) - 1]
        if len(parts) == 2:
            return f"{month} {parts[0]}"
        day = int(parts[2])
        if self.lang == "fr":
            return f"{'1er' if day == 1 else day} {month} {parts[0]}"
        return f"{day}. {month} {parts[0]}"


# Single pages that are not a kind's index; part of the URL scheme.
PAGES = {
    "home": "",
    "search-page": "recherche/",
    "contact-page": "contact/",
    "translations-page": "traductions/",
}
_INDEX_TITLES = {
    "measures": "measures",
    "institutions": "institutions",
    "circles": "circles",
    "values": "values",
    "target-groups": "target_groups",
    "regions": "regions",
    "programmes": "programmes",
    "articles": "bulletin",
    "initiatives": "initiatives",
    "people": "people",
}
_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
}


def _compact(body: str) -> str:
    """Drop blank lines: Markdown would end a raw HTML block at one and read the rest as Markdown."""
    return "\n".join(line.rstrip() for line in body.splitlines() if line.strip())


def _foreign_names(catalogue: Catalogue, lang: str) -> dict[str, str]:
    """Proper names in another language than the page, mapped to their language."""
    names = {}
    for entry in catalogue.all():
        # A name still to confirm in German is the French official name, read as French.
        name_lang = entry.get("name_language") or (
            "fr" if entry.get("german_name") == "to-confirm" else None
        )
        if name_lang and name_lang != lang:
            names[title_of(entry)[lang]] = name_lang
    return names


def _mark_foreign_names(body: str, names: dict[str, str] | _ForeignNames) -> str:
    """Wrap foreign proper names found in text (never in tags or attributes) in <span lang=..>."""
    return (names if isinstance(names, _ForeignNames) else _ForeignNames(names)).mark(body)


class _ForeignNames:
    """The foreign proper names of one language, prepared once for every page of that language.

    One pattern with every name, tried at every position of every page, grows with the square of
    the catalogue (a name per measure, lists naming every measure). Instead, one scan finds the
    words that begin a name (a trie-shaped pattern: its cost does not grow with the number of
    names); only there are the names with that first word tried, longest first. The result is the
    same as the single pattern applied to each text run (between '>' and '<', outside scripts).
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.ordered = sorted(names, key=len, reverse=True)
        self.by_first_word: dict[str, list[str]] = {}
        self.always: list[str] = []
        for name in self.ordered:
            first = re.match(r"\w+", name)
            if first:
                self.by_first_word.setdefault(first.group().lower(), []).append(name)
            else:
                self.always.append(name)  # starts with a sign: cannot be found by its first word
        self.first_words = (
            re.compile(r"\b" + _trie(self.by_first_word) + r"\b", re.IGNORECASE)
            if self.by_first_word
            else None
        )
        self.single = {
            name: re.compile(_name_pattern(name) + r"\b", re.IGNORECASE) for name in self.ordered
        }

    def mark(self, body: str) -> str:
        if not self.names:
            return body
        if self.always:
            return self._mark_each_run(body)
        hits = list(self.first_words.finditer(body))
        if not hits:
            return body
        scripts = [m.span() for m in re.finditer(r"<script\b.*?</script>", body, flags=re.DOTALL)]
        script_ends = {end - 1 for _, end in scripts}
        out, pos = [], 0
        for hit in hits:
            start = hit.start()
            if start < pos or any(a <= start < b for a, b in scripts):
                continue
            # In a text run: the closest '>' before it is after the closest '<', and is not the end
            # of a script (the text after a script is not taken as a run, as before).
            gt = body.rfind(">", 0, start)
            if gt < 0 or gt < body.rfind("<", 0, start) or gt in script_ends:
                continue
            run_end = body.find("<", start)
            run_end = len(body) if run_end < 0 else run_end
            for name in self.by_first_word.get(hit.group().lower(), ()):
                found = self.single[name].match(body, start, run_end)
                if found:
                    out += [
                        body[pos:start],
                        f'<span lang="{self.names[name]}">{found.group(0)}</span>',
                    ]
                    pos = found.end()
                    break
        out.append(body[pos:])
        return "".join(out)

    def _mark_each_run(self, body: str) -> str:
        """The plain way: one pattern with every name over each text run."""
        ordered = self.ordered
        pattern = re.compile(
            r"\b(?:" + "|".join(f"({_name_pattern(n)})" for n in ordered) + r")\b", re.IGNORECASE
        )

        def in_text(match: re.Match[str]) -> str:
            def wrap(m: re.Match[str]) -> str:
                return f'<span lang="{self.names[ordered[m.lastindex - 1]]}">{m.group(0)}</span>'

            return pattern.sub(wrap, match.group(0))

        # Text runs are what lies between '>' and '<'; script blocks are skipped.
        parts = re.split(r"(<script\b.*?</script>)", body, flags=re.DOTALL)
        return "".join(
            p if p.startswith("<script") else re.sub(r"(?<=>)[^<]+", in_text, p) for p in parts
        )


def _name_pattern(name: str) -> str:
    # Markdown may break a long name across lines: any run of spaces matches.
    return r"\s+".join("".join(_char_pattern(c) for c in w) for w in name.split())


def _trie(words: Iterable[str]) -> str:
    """A pattern matching any of `words`, shaped as a tree of their letters."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return "(?:" + build(root) + ")"


# The ways a character may be written in HTML text: Jinja escapes quotes (&#39; &#34;), html.escape
# writes &#x27; &quot;, Markdown leaves them as they are.
_CHAR_FORMS = {
    "'": ("'", "&#39;", "&#x27;", "&apos;"),
    '"': ('"', "&#34;", "&#x22;", "&quot;"),
    "&": ("&amp;", "&#38;", "&#x26;"),
    "<": ("&lt;",),
    ">": ("&gt;",),
}


def _char_pattern(char: str) -> str:
    forms = _CHAR_FORMS.get(char)
    if forms is None:
        return re.escape(char)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


def write_pages(pages: list[Page], docs_dir: Path, staging: Path) -> int:
    """Stage hand-written docs and generated pages in one folder; write only what changed.

    Writing only changed files keeps `mkdocs serve` from rebuilding in a loop. Returns the
    number of files written.
    """
    wanted: dict[Path, str] = {}
    for source in sorted(docs_dir.rglob("*")):
        if source.is_file():
            wanted[staging / source.relative_to(docs_dir)] = source.read_bytes().decode("utf-8")
    for page in pages:
        wanted[staging / page.lang / page.src] = page.markdown()
    written = 0
    for target, content in wanted.items():
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            written += 1
    for stale in [p for p in staging.rglob("*") if p.is_file() and p not in wanted]:
        stale.unlink()
    return written
