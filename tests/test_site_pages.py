"""Rendering tests per page kind, on the built HTML in site/.

Every expected fact is read from the catalogue through `ciivs.catalogue.check.check_catalogue`, never copied
from the program's output: a page must show its entry's texts in its own language, link to what
the entry names, carry the right `lang`, and load nothing from another host.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.freshness import build_day, currency_of
from ciivs.catalogue.kinds import SECTIONS
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.model import Catalogue, Entry
from conftest import LANGS
from sitekit import browser, built_site, page, screenshot, server  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
OTHER = {"fr": "de", "de": "fr"}
PREFIX = {"fr": "/", "de": "/de/"}
LABELS = load_labels()


# --- The catalogue, read once -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _catalogue() -> Catalogue:
    catalogue, problems = check_catalogue(ROOT / "catalogue")
    assert not problems, "the committed catalogue must be valid:\n" + "\n".join(map(str, problems))
    return catalogue


CAT = _catalogue()


def entries(kind: str) -> list[Entry]:
    return CAT.of(kind)


def ids(kind: str) -> list[str]:
    return sorted(e.id for e in CAT.of(kind))


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def name_of(entry: Entry, lang: str) -> str:
    if entry.kind == "easy-read" and "measure" in entry.data:
        return name_of(CAT.entry("measures", entry["measure"]), lang)  # its measure's text
    for key in ("title", "name", "term"):
        if key in entry.data:
            value = entry[key]
            return value if isinstance(value, str) else value[lang]
    raise AssertionError(f"{entry.kind}/{entry.id} has no name")


def display_name(entry: Entry, lang: str) -> str:
    """The name with its abbreviation in brackets, unless the name already holds it: 'PIC 3 (2024) (PIC 3)' reads badly."""
    return with_abbr(
        norm(name_of(entry, lang)),
        # German may write a name without abbreviation (no German one exists): then none.
        entry.get("abbreviation", {}).get(lang),
    )


def with_abbr(name: str, abbr: str | None) -> str:
    if not abbr or re.search(rf"(?<!\w){re.escape(abbr)}(?!\w)", name):
        return name
    return f"{name} ({abbr})"


def entry_url(kind: str, entry_id: str, lang: str) -> str:
    return f"{PREFIX[lang]}{SECTIONS[kind]}/{entry_id}/"


# --- The pages' HTML, parsed by beautifulsoup4 --------------------------------------------------


class Node:
    """An element of a parsed page (a beautifulsoup4 Tag) with the helpers these tests use."""

    def __init__(self, tag: Tag) -> None:
        self._tag = tag
        self.tag = tag.name

    @property
    def attrs(self) -> dict[str, str]:
        """Attributes as written: a multi-valued one (class) is one string, like in the page."""
        return {k: " ".join(v) if isinstance(v, list) else v for k, v in self._tag.attrs.items()}

    @property
    def parent(self) -> Node | None:
        parent = self._tag.parent
        return Node(parent) if parent is not None else None

    @property
    def children(self) -> list[Node | str]:
        """Elements and text; comments, doctype and other markup declarations are left out."""
        return [
            Node(c) if isinstance(c, Tag) else str(c)
            for c in self._tag.contents
            if isinstance(c, Tag) or type(c) is NavigableString
        ]

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name) or default

    @property
    def classes(self) -> list[str]:
        return self.get("class").split()

    def iter(self):
        yield self
        for tag in self._tag.find_all(True):
            yield Node(tag)

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """This element and those under it that match, in document order."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}

        def matches(element: Tag) -> bool:
            if tag and element.name != tag:
                return False
            if cls and cls not in (element.get("class") or []):
                return False
            return all(_value(element, k) == v for k, v in wanted.items())

        return [Node(e) for e in (self._tag, *self._tag.find_all(tag or True)) if matches(e)]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls} {attrs}> in <{self.tag}>"
        return found[0]

    def text(self) -> str:
        """Visible text, whitespace collapsed."""
        return norm("".join(_texts(self._tag, skip=("script", "style", "template"))))

    def raw_text(self) -> str:
        """Text with ASCII whitespace collapsed; no-break spaces are kept."""
        return re.sub(r"[ \t\r\n]+", " ", "".join(_texts(self._tag, ("script", "style")))).strip()

    def lang(self) -> str | None:
        for tag in (self._tag, *self._tag.parents):
            if "lang" in tag.attrs:
                return str(tag.attrs["lang"])
        return None

    def ancestors(self):
        for tag in self._tag.parents:
            yield Node(tag)


def _value(element: Tag, name: str) -> str | None:
    value = element.get(name)
    return " ".join(value) if isinstance(value, list) else value


def _texts(tag: Tag, skip: tuple[str, ...]) -> list[str]:
    """The text pieces under `tag`, in order, leaving out those inside elements named in `skip`."""
    return [
        str(piece)
        for piece in tag.find_all(string=True)
        if type(piece) is NavigableString and not _inside(piece, tag, skip)
    ]


def _inside(piece: NavigableString, top: Tag, names: tuple[str, ...]) -> bool:
    """Whether an element named in `names`, below `top`, holds `piece`."""
    for parent in piece.parents:
        if parent is top:
            return False
        if parent.name in names:
            return True
    return False


def norm(text: str) -> str:
    return " ".join(text.split())


def parse(html: str) -> Node:
    return Node(BeautifulSoup(html, "html.parser"))


class Doc:
    """A built page: its URL, tree and main content."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = file_of(url)
        assert self.path.is_file(), f"{url} is not built ({self.path.relative_to(ROOT)} missing)"
        self.html = self.path.read_text(encoding="utf-8")
        self.root = parse(self.html)

    @property
    def lang(self) -> str | None:
        return self.root.find("html").attrs.get("lang")

    @property
    def content(self) -> Node:
        return self.root.find("article", cls="md-content__inner")

    def h1(self) -> str:
        return self.content.find("h1").text()

    def resolve(self, href: str) -> str:
        """A link's target as a site path ('/mesures/x/'), or the full URL when it leaves the site."""
        full = urljoin("http://site.invalid" + self.url, href)
        parts = urlsplit(full)
        if parts.netloc != "site.invalid":
            return full
        return unquote(parts.path)

    def links(self, node: Node | None = None) -> dict[str, list[str]]:
        """Resolved target -> link texts, for every <a href> in `node` (default: the content)."""
        found: dict[str, list[str]] = {}
        for a in (node or self.content).find_all("a"):
            if "href" in a.attrs:
                found.setdefault(self.resolve(a.get("href")), []).append(a.text())
        return found


def file_of(url: str) -> Path:
    rel = url.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    return SITE / rel


@cache
def doc(url: str) -> Doc:
    return Doc(url)


def page_urls() -> list[str]:
    """Every built page (redirect pages included), as URLs."""
    urls = []
    for index in sorted(SITE.rglob("index.html")):
        rel = index.parent.relative_to(SITE).as_posix()
        # admin/ is the editors' form editor (tests/test_form_editor.py), not a page for readers.
        if rel.split("/")[0] in ("assets", "pagefind", "donnees", "admin"):
            continue
        # Permalink choosers (/go/) and partners' iframe lists (/embed/) are entry points of their
        # own, tested in test_permalinks.py and test_embed.py, not pages of the site's two trees.
        if "go" in rel.split("/")[:1] or "embed" in rel.split("/")[:2]:
            continue
        urls.append("/" if rel == "." else f"/{rel}/")
    return urls


def is_redirect(d: Doc) -> bool:
    return bool(d.root.find_all("meta", http_equiv="refresh"))


def markdown_paragraphs(text: str) -> list[str]:
    """The plain text of each block of an editor's Markdown, as a reader sees it."""
    blocks = []
    for block in re.split(r"\n\s*\n", text):
        lines = []
        for line in block.splitlines():
            line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)  # list markers
            line = re.sub(r"^\s*#+\s*", "", line)  # headings
            lines.append(line)
        plain = " ".join(lines)
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)  # links keep their text
        plain = re.sub(r"<(https?:[^>]+|mailto:[^>]+)>", r"\1", plain)
        plain = plain.replace("**", "").replace("__", "").replace("`", "")
        plain = re.sub(r"(?<!\w)[*_](\S[^*_]*?)[*_](?!\w)", r"\1", plain)  # *emphasis*
        plain = norm(plain)
        if plain:
            blocks.append(plain)
    return blocks


def assert_markdown_shown(d: Doc, text: str, what: str) -> None:
    shown = d.content.text()
    for block in markdown_paragraphs(text):
        assert block in shown, f"{d.url}: {what} paragraph not shown: {block[:120]!r}"


def assert_links_to(d: Doc, target: str, text: str | None = None, node: Node | None = None) -> None:
    links = d.links(node)
    assert target in links, f"{d.url} has no link to {target}; links: {sorted(links)[:40]}"
    if text is not None:
        assert any(text in t for t in links[target]), (
            f"{d.url}: link to {target} reads {links[target]}, not {text!r}"
        )


def section_with_heading(d: Doc, heading: str) -> Node:
    for section in d.content.find_all("section"):
        h2 = section.find_all("h2")
        if h2 and h2[0].text() == heading:
            return section
    raise AssertionError(f"{d.url}: no section headed {heading!r}")


def dd_after(d: Doc, dt_text: str, within: Node | None = None) -> Node:
    """The <dd> that follows the <dt> reading `dt_text`."""
    for dl in (within or d.content).find_all("dl"):
        items = [c for c in dl.children if isinstance(c, Node)]
        for i, item in enumerate(items):
            if (
                item.tag == "dt"
                and item.text() == dt_text
                and i + 1 < len(items)
                and items[i + 1].tag == "dd"
            ):
                return items[i + 1]
    raise AssertionError(f"{d.url}: no <dt>{dt_text}</dt> followed by a <dd>")


def params(kind: str):
    return [
        pytest.param(e, lang, id=f"{e.id}-{lang}")
        for e in sorted(CAT.of(kind), key=lambda e: e.id)
        for lang in LANGS
    ]


@pytest.fixture(scope="module", autouse=True)
def _site(built_site):
    return built_site


# --- Languages -------------------------------------------------------------------------------


def test_every_page_declares_its_language() -> None:
    wrong = []
    for url in page_urls():
        expected = "de" if url.startswith("/de/") else "fr"
        lang = doc(url).lang
        if lang != expected:
            wrong.append((url, lang))
    assert len(page_urls()) > 100
    assert not wrong, f"pages with a wrong <html lang>: {wrong[:20]}"


@pytest.mark.parametrize("kind", list(SECTIONS))
def test_every_entry_has_a_page_in_both_languages(kind: str) -> None:
    assert CAT.of(kind), f"the catalogue has no {kind}"
    for entry in CAT.of(kind):
        for lang in LANGS:
            d = doc(entry_url(kind, entry.id, lang))
            assert d.lang == lang
            assert not is_redirect(d)
            assert name_of(entry, lang) in d.h1(), (
                f"{d.url}: h1 {d.h1()!r} lacks {name_of(entry, lang)!r}"
            )


def _foreign_names(lang: str) -> dict[str, str]:
    """Proper names of entries that are in another language than `lang`, with their language."""
    names = {}
    for entry in CAT.all():
        name_lang = entry.get("name_language") or (
            "fr" if entry.get("german_name") == "to-confirm" else None
        )
        if name_lang and name_lang != lang:
            names[name_of(entry, lang)] = name_lang
    return names


def test_german_measure_pages_mark_french_proper_names() -> None:
    french = [e for e in CAT.of("measures") if e.get("name_language") == "fr"]
    assert french, "the catalogue has no measure with a French proper name"
    for measure in french:
        d = doc(entry_url("measures", measure.id, "de"))
        assert f'<span lang="fr">{measure["title"]["de"]}</span>' in d.html, d.url
        spans = [s for s in d.content.find("h1").find_all("span") if s.get("lang") == "fr"]
        assert spans and spans[0].text() == measure["title"]["de"]


@pytest.mark.parametrize("lang", LANGS)
def test_foreign_proper_names_are_marked_with_their_language(lang: str) -> None:
    """Every occurrence of a foreign proper name in page text sits inside an element of its language.

    SVG <desc>/<text> cannot carry inline markup; the diagram is checked through its text equivalent.
    Code (ids and YAML shown to editors) is not running text and is left out.
    """
    names = _foreign_names(lang)
    assert names, f"the catalogue has no proper name in another language than {lang}"
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(
        r"\b(?:"
        + "|".join("(" + r"\s+".join(re.escape(w) for w in n.split()) + ")" for n in ordered)
        + r")\b",
        re.IGNORECASE,
    )
    unmarked = []
    for url in page_urls():
        if url.startswith("/de/") != (lang == "de") or url.startswith("/fr/"):
            continue
        d = doc(url)
        if is_redirect(d) or not d.root.find_all("article", cls="md-content__inner"):
            continue
        for node in d.content.iter():
            # Code (ids, file paths, YAML examples in the editors' guide) is not running text.
            if node.tag in ("script", "style", "svg", "code", "pre") or any(
                a.tag in ("svg", "code", "pre") for a in node.ancestors()
            ):
                continue
            for child in node.children:
                if not isinstance(child, str):
                    continue
                for match in pattern.finditer(child):
                    wanted = names[ordered[match.lastindex - 1]]
                    if node.lang() != wanted:
                        unmarked.append((url, match.group(0), node.tag, node.lang()))
    assert not unmarked, f"{len(unmarked)} foreign names not marked, e.g. {unmarked[:10]}"


# --- Measures --------------------------------------------------------------------------------


@pytest.mark.parametrize("measure, lang", params("measures"))
def test_measure_page_shows_its_facts(measure: Entry, lang: str) -> None:
    d = doc(entry_url("measures", measure.id, lang))
    m = measure.data
    assert d.lang == lang
    assert d.h1() == m["title"][lang]
    assert d.content.find("p", cls="ciivs-lead").text() == norm(m["summary"][lang])
    assert_markdown_shown(d, m["description"][lang], "description")
    for key in ("eligibility", "application_process"):
        if key in m:
            assert_markdown_shown(d, m[key][lang], key)
    for key in ("format", "intensity", "duration"):
        if key in m:
            assert dd_after(d, label(key, lang)).text() == norm(m[key][lang])
    # Ages: both bounds, under the age label.
    if "minimum_age" in m or "maximum_age" in m:
        ages = dd_after(d, label("age_range", lang)).text()
        for key in ("minimum_age", "maximum_age"):
            if key in m:
                assert re.search(rf"\b{m[key]}\b", ages), f"{d.url}: {key} {m[key]} not in {ages!r}"
    # Cost: the amount and currency, or free, and the note in this language.
    cost = section_with_heading(d, label("cost", lang)).text()
    if "cost" not in m:
        assert cost.endswith(label("cost_unknown", lang))
    else:
        if m["cost"].get("free"):
            assert label("free", lang) in cost
        if "amount" in m["cost"]:
            assert re.search(
                rf"{m['cost'].get('currency', 'CHF')}\s*{m['cost']['amount']}\b", cost
            ), cost
        if "note" in m["cost"]:
            assert norm(m["cost"]["note"][lang]) in cost
    if "capacity" in m:
        assert re.search(
            rf"\b{m['capacity']['amount']}\b", dd_after(d, label("capacity", lang)).text()
        )
    # Links: responsible institution, target groups, providers, funders, referrers, regions, programme.
    responsible = CAT.get("institutions", m["responsible"])
    assert_links_to(
        d,
        entry_url("institutions", m["responsible"], lang),
        name_of(responsible, lang),
        node=dd_after(d, label("responsible", lang)),
    )
    for group_id in m["target_groups"]:
        assert_links_to(
            d,
            entry_url("target-groups", group_id, lang),
            CAT.get("target-groups", group_id)["name"][lang],
        )
    for role in ("providers", "funders", "referrers"):
        for inst in m.get(role, []):
            assert_links_to(
                d,
                entry_url("institutions", inst, lang),
                name_of(CAT.get("institutions", inst), lang),
            )
    for region in m.get("regions", []):
        assert_links_to(
            d, entry_url("regions", region, lang), CAT.get("regions", region)["name"][lang]
        )
    if "programme" in m:
        assert_links_to(
            d,
            entry_url("programmes", m["programme"], lang),
            CAT.get("programmes", m["programme"])["name"][lang],
        )
    for source in m.get("sources", []):
        assert_links_to(
            d, entry_url("articles", source, lang), CAT.get("articles", source)["title"][lang]
        )
    for figure in m.get("key_figures", []):
        assert f"{figure['value']} {norm(figure['label'][lang])}" in d.content.text()
    contact = m.get("contact", {})
    if "email" in contact:
        assert_links_to(d, f"mailto:{contact['email']}")
    if "phone" in contact:
        assert contact["phone"] in d.content.text()
    if "url" in contact:
        assert_links_to(d, contact["url"])
    for link in m.get("links", []):
        assert_links_to(d, link["url"], link["label"][lang])


@pytest.mark.parametrize("measure, lang", params("measures"))
def test_measure_language_switch_leads_to_the_same_measure(measure: Entry, lang: str) -> None:
    d = doc(entry_url("measures", measure.id, lang))
    switch = {
        a.get("hreflang"): d.resolve(a.get("href"))
        for a in d.root.find_all("a", cls="md-select__link")
    }
    assert switch == {
        "fr": entry_url("measures", measure.id, "fr"),
        "de": entry_url("measures", measure.id, "de"),
    }
    other = doc(switch[OTHER[lang]])
    assert other.lang == OTHER[lang]
    assert other.h1() == measure["title"][OTHER[lang]]


def test_language_switch_pairs_every_page() -> None:
    """Every page (entries, lists, single pages) switches to the same page in the other language."""
    wrong = []
    for url in page_urls():
        if url.startswith("/fr/") or is_redirect(doc(url)):
            continue
        d = doc(url)
        french = url[3:] if url.startswith("/de/") else url
        french = "/" + french.lstrip("/")
        switch = {
            a.get("hreflang"): d.resolve(a.get("href"))
            for a in d.root.find_all("a", cls="md-select__link")
        }
        if switch != {"fr": french, "de": "/de" + french}:
            wrong.append((url, switch))
    assert not wrong, wrong[:10]


def test_measure_page_carries_structured_data() -> None:
    import json

    for measure in CAT.of("measures"):
        for lang in LANGS:
            d = doc(entry_url("measures", measure.id, lang))
            scripts = [
                s for s in d.content.find_all("script") if s.get("type") == "application/ld+json"
            ]
            assert len(scripts) == 1, d.url
            data = json.loads(scripts[0]._tag.get_text())  # script text is not visible text
            assert data["name"] == measure["title"][lang]
            assert "inLanguage" not in data  # not a property of GovernmentService
            assert data["identifier"] == measure["uuid"]


def _precision(date: str) -> str:
    return ("year", "month", "day")[date.count("-")]


@pytest.mark.parametrize("kind", ["measures", "programmes"])
def test_periods_read_correctly_in_both_languages(kind: str) -> None:
    """'depuis le' only before a day ('depuis le 1er août 2023', 'depuis septembre 2023'), 'du … au'
    only with days, elision before a vowel ('d'août'), and German 'seit' / 'bis'."""
    checked = 0
    for entry in CAT.of(kind):
        start, end = entry.get("valid_from"), entry.get("valid_to")
        if not (start or end):
            continue
        for lang in LANGS:
            d = doc(entry_url(kind, entry.id, lang))
            text = dd_after(d, label("valid", lang)).text()
            for value in (start, end):
                if value:
                    assert value[:4] in text, f"{d.url}: {value} not in {text!r}"
            if lang == "de":
                expected = (
                    "seit "
                    if start and not end
                    else "bis "
                    if end and not start
                    else "vom "
                    if _precision(start) == "day"
                    else ""
                )
                assert text.startswith(expected) and (not (start and end) or " bis " in text), (
                    f"{d.url}: {text!r}"
                )
                continue
            assert not re.search(r"\bde [aeiouéèêàâîôû]", text, re.I), (
                f"{d.url}: no elision in {text!r}"
            )
            if start and not end:
                assert text.startswith(
                    "depuis le " if _precision(start) == "day" else "depuis "
                ) and (text.startswith("depuis le ") == (_precision(start) == "day")), (
                    f"{d.url}: {text!r}"
                )
            elif end and not start:
                assert text.startswith("jusqu'au " if _precision(end) == "day" else "jusqu'en "), (
                    f"{d.url}: {text!r}"
                )
            else:
                assert text.startswith("du " if _precision(start) == "day" else ("de ", "d'")), (
                    f"{d.url}: {text!r}"
                )
                assert (" au " if _precision(end) == "day" else " à ") in text, f"{d.url}: {text!r}"
            checked += 1
    assert checked, f"no {kind} with a period in the catalogue"


@pytest.mark.parametrize(
    "start, end, fr, de",
    [
        ("2023-08-01", None, "depuis le 1er août 2023", "seit dem 1. August 2023"),
        ("2023-09", None, "depuis septembre 2023", "seit September 2023"),
        ("2023", None, "depuis 2023", "seit 2023"),
        (None, "2027-03-31", "jusqu'au 31 mars 2027", "bis zum 31. März 2027"),
        (None, "2027", "jusqu'en 2027", "bis 2027"),
        ("2024", "2027", "de 2024 à 2027", "2024 bis 2027"),
        ("2023-08", "2024-06", "d'août 2023 à juin 2024", "August 2023 bis Juni 2024"),
        (
            "2023-04-01",
            "2026-07-31",
            "du 1er avril 2023 au 31 juillet 2026",
            "vom 1. April 2023 bis 31. Juli 2026",
        ),
    ],
)
def test_period_wording(start, end, fr, de) -> None:
    """The period wording of the pages, for every precision (the catalogue has only some)."""
    from ciivs.catalogue.labels import labels_of
    from ciivs.catalogue.wording import period

    for language in CAT.languages:
        expected = {"fr": fr, "de": de}[language.code]
        assert period(labels_of(CAT.root, language), start, end) == expected


# --- Institutions ----------------------------------------------------------------------------


@pytest.mark.parametrize("inst, lang", params("institutions"))
def test_institution_page_shows_both_official_names(inst: Entry, lang: str) -> None:
    d = doc(entry_url("institutions", inst.id, lang))
    i = inst.data
    assert d.h1() == display_name(inst, lang)
    assert d.content.find("p", cls="ciivs-lead").text() == norm(i["summary"][lang])
    facts = d.content.find("dl", cls="ciivs-facts")
    french = dd_after(d, label("name_fr", lang), facts)
    assert french.lang() == "fr" and i["name"]["fr"] in french.text()
    german_label = label("name_de_likely" if i["german_name"] == "likely" else "name_de", lang)
    german = dd_after(d, german_label, facts)
    if i["german_name"] == "to-confirm":
        assert i["name"]["fr"] in german.text()
        assert label("name_to_confirm", lang) in german.text()
        assert "gloss" in i and norm(i["gloss"][lang]) in d.content.text()
    else:
        assert german.lang() == "de" and i["name"]["de"] in german.text()
    abbr = i.get("abbreviation", {})
    assert french.text() == with_abbr(norm(i["name"]["fr"]), abbr.get("fr"))
    german_name = i["name"]["fr" if i["german_name"] == "to-confirm" else "de"]
    assert german.text().startswith(with_abbr(norm(german_name), abbr.get("de")))
    if "description" in i:
        assert_markdown_shown(d, i["description"][lang], "description")
    if "parent" in i:
        assert_links_to(
            d,
            entry_url("institutions", i["parent"], lang),
            name_of(CAT.get("institutions", i["parent"]), lang),
        )
    for circle in i.get("circles", []):
        assert_links_to(
            d, entry_url("circles", circle, lang), CAT.get("circles", circle)["name"][lang]
        )
    if "website" in i:  # one address, or one per language: the page links its language's
        website = i["website"]
        assert_links_to(d, website if isinstance(website, str) else website[lang])
    if "email" in i:
        assert_links_to(d, f"mailto:{i['email']}")
    if "phone" in i:
        assert i["phone"] in d.content.text()
    if "address" in i:
        a = i["address"]
        assert f"{a['postcode']} {a['locality']}" in d.content.text()
    # Children and every measure it is responsible for, provides, funds or refers to.
    for child in CAT.of("institutions"):
        if child.get("parent") == inst.id:
            assert_links_to(d, entry_url("institutions", child.id, lang), name_of(child, lang))
    for measure in CAT.of("measures"):
        roles = [
            measure["responsible"],
            *measure.get("providers", []),
            *measure.get("funders", []),
            *measure.get("referrers", []),
        ]
        if inst.id in roles:
            assert_links_to(d, entry_url("measures", measure.id, lang), measure["title"][lang])
    for person in CAT.of("people"):
        if person["institution"] == inst.id:
            assert_links_to(d, entry_url("people", person.id, lang), person["name"])


# --- Circles, values, target groups, regions, programmes --------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_circles_index_has_a_diagram_and_its_text_equivalent(lang: str) -> None:
    d = doc(f"{PREFIX[lang]}cercles/")
    svg = d.content.find("svg")
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    assert svg.find(id=title_id).text() and svg.find(id=desc_id).text()
    assert svg.lang() == lang
    svg_texts = [t.text() for t in svg.find_all("text")]
    description = d.content.find(id="description-schema")
    for circle in CAT.of("circles"):
        assert circle["name"][lang] in svg_texts, f"{d.url}: {circle['name'][lang]} not drawn"
        assert_links_to(
            d, entry_url("circles", circle.id, lang), circle["name"][lang], node=description
        )
        assert norm(circle["summary"][lang]) in description.text()
        for inst in CAT.of("institutions"):
            if circle.id in inst.get("circles", []):
                drawn = (
                    inst["abbreviation"][lang]
                    if "abbreviation" in inst.data
                    else inst["name"][lang]
                )
                assert drawn in svg_texts, f"{d.url}: {inst.id} not drawn on {circle.id}"
                assert inst["name"][lang] in svg.find(id=desc_id).text()
                assert_links_to(
                    d,
                    entry_url("institutions", inst.id, lang),
                    inst["name"][lang],
                    node=description,
                )


@pytest.mark.parametrize("circle, lang", params("circles"))
def test_circle_page(circle: Entry, lang: str) -> None:
    d = doc(entry_url("circles", circle.id, lang))
    assert d.h1() == circle["name"][lang]
    assert d.content.find("p", cls="ciivs-lead").text() == norm(circle["summary"][lang])
    assert_markdown_shown(d, circle["role"][lang], "role")
    if "conditions" in circle.data:
        assert_markdown_shown(d, circle["conditions"][lang], "conditions")
    for inst in CAT.of("institutions"):
        if circle.id in inst.get("circles", []):
            assert_links_to(d, entry_url("institutions", inst.id, lang), inst["name"][lang])


@pytest.mark.parametrize("value, lang", params("values"))
def test_value_page(value: Entry, lang: str) -> None:
    d = doc(entry_url("values", value.id, lang))
    assert d.h1() == value["name"][lang]
    assert d.content.find("p", cls="ciivs-lead").text() == norm(value["summary"][lang])
    assert_links_to(d, f"{PREFIX[lang]}valeurs/")


@pytest.mark.parametrize("group, lang", params("target-groups"))
def test_target_group_page(group: Entry, lang: str) -> None:
    d = doc(entry_url("target-groups", group.id, lang))
    assert d.h1() == group["name"][lang]
    assert norm(group["situation"][lang]) in d.content.text()
    # Quoted as each language quotes: « Je suis… » (no-break spaces) and «Ich bin…».
    situation = re.sub(r"\s+", " ", group["situation"][lang].strip())
    quoted = {"fr": f"«\u00a0{situation}\u00a0»", "de": f"«{situation}»"}[lang]
    assert d.content.find("p", cls="ciivs-situation").raw_text() == quoted
    assert norm(group["summary"][lang]) in d.content.text()
    measures = [m for m in CAT.of("measures") if group.id in m["target_groups"]]
    for measure in measures:
        assert_links_to(d, entry_url("measures", measure.id, lang), measure["title"][lang])
        assert norm(measure["summary"][lang]) in d.content.text()
    listed = {
        t
        for t in d.links()
        if t.startswith(f"{PREFIX[lang]}mesures/") and t.count("/") > 2 + (lang == "de")
    }
    assert listed == {entry_url("measures", m.id, lang) for m in measures}


@pytest.mark.parametrize("region, lang", params("regions"))
def test_region_page(region: Entry, lang: str) -> None:
    d = doc(entry_url("regions", region.id, lang))
    assert d.h1() == region["name"][lang]
    if "summary" in region.data:
        assert norm(region["summary"][lang]) in d.content.text()
    for measure in CAT.of("measures"):
        if region.id in measure.get("regions", []):
            assert_links_to(d, entry_url("measures", measure.id, lang), measure["title"][lang])


@pytest.mark.parametrize("programme, lang", params("programmes"))
def test_programme_page(programme: Entry, lang: str) -> None:
    d = doc(entry_url("programmes", programme.id, lang))
    p = programme.data
    assert d.h1() == display_name(programme, lang)
    assert d.content.find("p", cls="ciivs-lead").text() == norm(p["summary"][lang])
    assert_markdown_shown(d, p["description"][lang], "description")
    assert label(f"level_{p['level']}", lang) in d.content.text()
    for year in (p.get("valid_from"), p.get("valid_to")):
        if year:
            assert year[:4] in dd_after(d, label("valid", lang)).text()
    assert_links_to(
        d,
        entry_url("institutions", p["responsible"], lang),
        name_of(CAT.get("institutions", p["responsible"]), lang),
    )
    for inst in p.get("funders", []):
        assert_links_to(d, entry_url("institutions", inst, lang))
    for group in p.get("target_groups", []):
        assert_links_to(
            d,
            entry_url("target-groups", group, lang),
            CAT.get("target-groups", group)["name"][lang],
        )
    for measure in CAT.of("measures"):
        if measure.get("programme") == programme.id:
            assert_links_to(d, entry_url("measures", measure.id, lang), measure["title"][lang])
    for figure in p.get("key_figures", []):
        assert f"{figure['value']} {norm(figure['label'][lang])}" in d.content.text()
    for link in p.get("links", []):
        assert_links_to(d, link["url"], link["label"][lang])


# --- Articles, initiatives, people ------------------------------------------------------------


@pytest.mark.parametrize("article, lang", params("articles"))
def test_article_page(article: Entry, lang: str) -> None:
    d = doc(entry_url("articles", article.id, lang))
    a = article.data
    assert d.h1() == norm(a["title"][lang])
    assert d.content.find("p", cls="ciivs-lead").text() == norm(a["summary"][lang])
    if "author" in a:
        author = CAT.get("people", a["author"])
        assert_links_to(d, entry_url("people", author.id, lang), author["name"])
        assert norm(author["role"][lang]) in d.content.text()
    for typed in a.get("about", []):
        kind, entry_id = typed.split("/", 1)
        assert_links_to(d, entry_url(kind, entry_id, lang), name_of(CAT.get(kind, entry_id), lang))
    assert_links_to(d, f"{PREFIX[lang]}bulletin/")


@pytest.mark.parametrize("initiative, lang", params("initiatives"))
def test_initiative_page(initiative: Entry, lang: str) -> None:
    d = doc(entry_url("initiatives", initiative.id, lang))
    i = initiative.data
    assert d.h1() == norm(i["title"][lang])
    assert d.content.find("p", cls="ciivs-lead").text() == norm(i["summary"][lang])
    if "description" in i:
        assert_markdown_shown(d, i["description"][lang], "description")
    badge = d.content.find("p", cls="ciivs-badges").text()
    if currency_of(initiative, CAT, build_day(CAT.root)).current:
        assert label(f"status_{i['status']}", lang) in badge
    else:  # information past its review date: "Information de 2023 – à confirmer", never "En cours"
        assert label("badge_unconfirmed", lang).split("{date}")[0] in badge
        assert label(f"status_{i['status']}", lang) not in badge
    assert_links_to(
        d,
        entry_url("institutions", i["responsible"], lang),
        name_of(CAT.get("institutions", i["responsible"]), lang),
    )
    for inst in i.get("participants", []):
        assert_links_to(
            d, entry_url("institutions", inst, lang), name_of(CAT.get("institutions", inst), lang)
        )


@pytest.mark.parametrize("person, lang", params("people"))
def test_person_page(person: Entry, lang: str) -> None:
    d = doc(entry_url("people", person.id, lang))
    p = person.data
    assert d.h1() == p["name"]
    assert norm(p["role"][lang]) in d.content.text()
    assert_links_to(
        d,
        entry_url("institutions", p["institution"], lang),
        name_of(CAT.get("institutions", p["institution"]), lang),
    )
    if "email" in p:
        assert_links_to(d, f"mailto:{p['email']}", p["email"])
    for article in CAT.of("articles"):
        if article.get("author") == person.id:
            assert_links_to(
                d, entry_url("articles", article.id, lang), norm(article["title"][lang])
            )


# --- Single pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_home_page(lang: str) -> None:
    d = doc(PREFIX[lang])
    assert d.lang == lang
    assert d.h1() == label("site_name", lang)
    situations = d.content.find("ul", cls="ciivs-situations")
    links = d.links(situations)
    groups = CAT.of("target-groups")
    assert len(situations.find_all("li")) == len(groups)
    for group in groups:
        target = entry_url("target-groups", group.id, lang)
        assert target in links, f"{d.url}: no situation link to {target}"
        count = sum(group.id in m["target_groups"] for m in CAT.of("measures"))
        assert any(
            t.startswith(norm(group["situation"][lang])) and re.search(rf"\b{count}\b", t)
            for t in links[target]
        )
    for kind in SECTIONS:
        if kind not in ("articles", "target-groups"):
            assert_links_to(d, f"{PREFIX[lang]}{SECTIONS[kind]}/")
    for article in CAT.of("articles"):
        assert_links_to(d, entry_url("articles", article.id, lang), norm(article["title"][lang]))
    form = d.content.find("form", role="search")
    assert d.resolve(form.get("action")) == f"{PREFIX[lang]}recherche/"
    assert form.find("input").get("name") == "q"


@pytest.mark.parametrize("lang", LANGS)
def test_contact_page(lang: str) -> None:
    d = doc(f"{PREFIX[lang]}contact/")
    office = CAT.get("institutions", "bureau-cii")
    assert office is not None, "the contact page presents the bureau-cii institution"
    assert_links_to(d, entry_url("institutions", office.id, lang), name_of(office, lang))
    text = d.content.text()
    if "phone" in office.data:
        # A Swiss number, however written, is shown as 027 606 73 20 and dialled as +41 27 606 73 20.
        digits = re.sub(r"\D", "", office["phone"].replace("+41", "0").replace("(0)", ""))
        shown = f"{digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"
        assert_links_to(d, f"tel:+41{digits[1:]}", shown)
    if "address" in office.data:
        assert office["address"]["street"] in text and office["address"]["postcode"] in text
    if "website" in office.data:
        assert_links_to(d, office["website"])
    people = [p for p in CAT.of("people") if p["institution"] == office.id]
    assert people
    for person in people:
        assert_links_to(d, entry_url("people", person.id, lang), person["name"])
        assert norm(person["role"][lang]) in text
        if "email" in person.data:
            assert_links_to(d, f"mailto:{person['email']}")


@pytest.mark.parametrize("kind", list(SECTIONS))
@pytest.mark.parametrize("lang", LANGS)
def test_list_page_links_every_entry(kind: str, lang: str) -> None:
    d = doc(f"{PREFIX[lang]}{SECTIONS[kind]}/")
    assert d.lang == lang
    assert d.h1() == label(
        {"target-groups": "target_groups", "articles": "bulletin", "easy-read": "easy_read"}.get(
            kind, kind
        ),
        lang,
    )
    for entry in CAT.of(kind):
        name = entry["name"] if kind == "people" else display_name(entry, lang)
        assert_links_to(d, entry_url(kind, entry.id, lang), name)
        assert name in d.links()[entry_url(kind, entry.id, lang)], (
            f"{d.url}: link to {entry.id} does not read {name!r}"
        )
        if (
            kind in ("measures", "values", "programmes", "initiatives", "articles")
            and "summary" in entry.data
        ):
            assert norm(entry["summary"][lang]) in d.content.text(), (
                f"{d.url}: summary of {entry.id} missing"
            )
        if kind == "target-groups":
            situation = re.sub(r"\s+", " ", entry["situation"][lang].strip())
            assert {"fr": f"«\u00a0{situation}\u00a0»", "de": f"«{situation}»"}[
                lang
            ] in d.content.raw_text()


@pytest.mark.parametrize("lang", LANGS)
def test_search_page(lang: str) -> None:
    d = doc(f"{PREFIX[lang]}recherche/")
    assert d.lang == lang
    assert d.h1() == label("search", lang)
    box = d.content.find(cls="ciivs-search")
    bundle = d.resolve(box.get("data-bundle"))
    assert bundle == "/pagefind/", "one Pagefind index at the site root serves both languages"
    assert (SITE / "pagefind" / "pagefind-entry.json").is_file()
    form = box.find("form", role="search")
    assert form.find("input").get("name") == "q"
    assert d.resolve(form.get("action") or d.url) == d.url
    # Without JavaScript the page says so and leads to the lists.
    noscript = box.find("noscript")
    assert label("search_nojs", lang) in noscript.text()
    assert_links_to(d, f"{PREFIX[lang]}mesures/", node=noscript)


def test_search_index_holds_both_languages() -> None:
    import json

    entry = json.loads((SITE / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(LANGS) <= set(entry["languages"]), entry["languages"].keys()


@pytest.mark.parametrize("lang", LANGS)
def test_translations_page_lists_every_name_to_confirm(lang: str) -> None:
    d = doc(f"{PREFIX[lang]}traductions/")
    assert d.h1() == label("translations", lang)
    rows = d.content.find("tbody").find_all("tr")
    to_confirm = [e for e in CAT.all() if e.get("german_name") == "to-confirm"]
    assert to_confirm and len(rows) == len(to_confirm)
    for entry in to_confirm:
        target = entry_url(entry.kind, entry.id, lang)
        row = next((r for r in rows if target in d.links(r)), None)
        assert row is not None, f"{d.url}: no row for {entry.kind}/{entry.id}"
        cells = row.find_all("td")
        assert cells[0].lang() == "fr" and name_of(entry, "fr") in cells[0].text()
        assert cells[1].lang() == "de" and cells[1].text() == norm(entry["gloss"]["de"])


def test_not_found_page_speaks_both_languages() -> None:
    d = Doc("/404.html")
    content = d.content
    h1 = content.find("h1")
    assert {s.get("lang") for s in h1.find_all("span")} == {"fr", "de"}
    french = [n for n in content.iter() if n.get("lang") == "fr" and n.tag != "span"]
    german = [n for n in content.iter() if n.get("lang") == "de" and n.tag != "span"]
    assert french and german
    # Each language leads to its home page, on this site (not on the host named in mkdocs.yml).
    home = {n.lang(): d.resolve(a.get("href")) for n in (*french, *german) for a in n.find_all("a")}
    assert {lang: urlsplit(url).path for lang, url in home.items()} == {"fr": "/", "de": "/de/"}
    # Assets are addressed from the site root: the page is served at any missing path.
    for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
        for node in d.root.find_all(tag):
            value = node.get(attr)
            if value and not value.startswith(("data:", "#")) and node.get("rel") != "canonical":
                assert value.startswith("/"), f"404.html: {tag} {value!r} breaks below the root"


def test_not_found_page_links_home_without_naming_a_host() -> None:
    """Served at any host and port, the 404 page's home links stay on that host."""
    d = Doc("/404.html")
    hrefs = [
        a.get("href") for n in d.content.iter() if n.get("lang") in LANGS for a in n.find_all("a")
    ]
    assert hrefs and all(not _external(h) for h in hrefs), hrefs


def test_not_found_page_language_menu_is_not_a_leftover() -> None:
    """static-i18n writes one 404.html per language to the same file: the page must not keep the
    language menu of whatever page was built last."""
    d = Doc("/404.html")
    links = [d.resolve(a.get("href")) for a in d.root.find_all("a", cls="md-select__link")]
    assert all(urlsplit(u).path in ("/", "/de/") for u in links), links


# --- Sitemap, URLs, redirects -----------------------------------------------------------------


def test_sitemap_has_hreflang_alternates_for_every_page() -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(SITE / "sitemap.xml")
    alternates: dict[str, dict[str, str]] = {}
    for url in tree.getroot().findall("s:url", ns):
        loc = urlsplit(url.find("s:loc", ns).text).path
        links = {
            l.get("hreflang"): urlsplit(l.get("href")).path
            for l in url.findall("x:link", ns)
            if l.get("rel") == "alternate"
        }
        alternates[loc] = links
    for kind in SECTIONS:
        for entry in CAT.of(kind):
            fr, de = entry_url(kind, entry.id, "fr"), entry_url(kind, entry.id, "de")
            assert fr in alternates, f"sitemap lacks {fr}"
            assert alternates[fr] == {"fr": fr, "de": de}
            if de in alternates:
                assert alternates[de] == {"fr": fr, "de": de}
    for loc, links in alternates.items():
        assert set(links) == set(LANGS), f"sitemap: {loc} has alternates {links}"
        assert links["de"] == "/de" + links["fr"], f"sitemap: {loc} alternates do not pair: {links}"
        assert file_of(links["fr"]).is_file() and file_of(links["de"]).is_file()


def refresh_target(page: Doc) -> str | None:
    """Where a redirect page leads (a site path), or None for a page that is not one."""
    metas = page.root.find_all("meta", http_equiv="refresh")
    if not metas:
        return None
    found = re.fullmatch(r"0;\s*url=(.+)", metas[0].get("content"), re.IGNORECASE)
    assert found, f"{page.url}: {metas[0].get('content')!r}"
    return page.resolve(found.group(1))


def test_french_mirror_redirects_to_the_french_page() -> None:
    for url in page_urls():
        if url.startswith(("/de/", "/fr/")):
            continue
        mirror = doc("/fr" + url)
        assert mirror.lang == "fr"
        # The page itself, or where it leads when it is the redirect of a renamed entry.
        expected = {url, *filter(None, [refresh_target(doc(url))])}
        target = refresh_target(mirror)
        assert target in expected, f"/fr{url} redirects to {target}"
        canonical = mirror.root.find("link", rel="canonical").get("href")
        assert mirror.resolve(canonical) in expected
    for measure in CAT.of("measures"):
        assert (SITE / "fr" / "mesures" / measure.id / "index.html").is_file()


def test_every_page_names_its_icon() -> None:
    """Without <link rel=icon> browsers ask for /favicon.ico, which the site does not have (a 404)."""
    missing = []
    for url in page_urls():
        d = doc(url)
        icons = [l.get("href") for l in d.root.find_all("link") if "icon" in l.get("rel").split()]
        if not icons or not file_of(d.resolve(icons[0])).is_file():
            missing.append((url, icons))
    assert not missing, f"pages without a working icon link: {missing[:10]}"


def test_every_published_url_exists() -> None:
    manifest = ROOT / "catalogue" / "published-urls.txt"
    urls = [
        l.strip()
        for l in manifest.read_text(encoding="utf-8").splitlines()
        if l.strip() and not l.startswith("#")
    ]
    assert len(urls) > 100
    missing = [u for u in urls if not file_of(u).is_file()]
    assert not missing, f"published URLs missing from site/: {missing}"
    # And every entry's URL is in the promise.
    for kind in SECTIONS:
        for entry in CAT.of(kind):
            for lang in LANGS:
                assert entry_url(kind, entry.id, lang) in urls, (
                    f"{entry_url(kind, entry.id, lang)} not in {manifest.name}"
                )


def test_internal_links_of_generated_pages_resolve() -> None:
    broken = []
    for url in page_urls():
        d = doc(url)
        if is_redirect(d):
            continue
        for a in d.root.find_all("a"):
            href = a.get("href")
            if not href or href.startswith(("mailto:", "tel:", "#")):
                continue
            target = d.resolve(href)
            if target.startswith("/") and not file_of(target).exists():
                broken.append((url, href))
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:10]}"


def test_every_page_has_one_heading_and_a_title_without_double_escaping() -> None:
    wrong = []
    for url in page_urls():
        d = doc(url)
        if is_redirect(d):
            continue
        if len(d.root.find_all("h1")) != 1:
            wrong.append((url, f"{len(d.root.find_all('h1'))} <h1>"))
        title = d.root.find("title").text()
        if not title or re.search(r"&(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);", title, re.I):
            wrong.append((url, f"title {title!r}"))
        # Text escaped twice shows its entities to the reader (l&#39;insertion).
        for match in re.finditer(r"&amp;(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);", d.html):
            wrong.append((url, d.html[max(0, match.start() - 40) : match.end()]))
    assert not wrong, wrong[:20]


@pytest.mark.parametrize("kind", list(SECTIONS))
def test_entry_page_titles_name_the_entry(kind: str) -> None:
    for entry in CAT.of(kind):
        for lang in LANGS:
            d = doc(entry_url(kind, entry.id, lang))
            title = d.root.find("title").text()
            assert title.startswith(norm(name_of(entry, lang))), f"{d.url}: <title> {title!r}"
            assert title.endswith(label("site_name", lang)), f"{d.url}: <title> {title!r}"


# --- Nothing from another host ----------------------------------------------------------------


def _external(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith(("http://", "https://", "//"))


def test_no_resource_comes_from_another_host() -> None:
    offenders = []
    for html_file in sorted(SITE.rglob("*.html")):
        rel = html_file.relative_to(SITE).as_posix()
        if rel.startswith("pagefind/"):
            continue
        text = html_file.read_text(encoding="utf-8")
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            offenders.append((rel, "Google Fonts"))
        for node in parse(text).iter():
            rel_attr = node.get("rel").lower().split()
            candidates = []
            if node.tag in (
                "script",
                "img",
                "iframe",
                "audio",
                "video",
                "source",
                "embed",
                "track",
                "input",
            ):
                candidates += [node.get("src"), *node.get("srcset").split(",")]
            if node.tag == "link" and not set(rel_attr) & {"canonical", "alternate"}:
                candidates.append(
                    node.get("href")
                )  # stylesheet, icon, preload (fonts), preconnect…
            if node.tag in ("image", "use"):
                candidates += [node.get("href"), node.get("xlink:href")]
            if node.tag == "object":
                candidates.append(node.get("data"))
            if "style" in node.attrs:
                candidates += re.findall(r"url\(\s*['\"]?([^'\")]+)", node.get("style"))
            if node.tag == "style":
                css = "".join(c for c in node.children if isinstance(c, str))
                candidates += re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
                candidates += re.findall(r"@import\s+['\"]([^'\"]+)", css)
            for value in candidates:
                if value and _external(value.split()[0]):
                    offenders.append((rel, f"<{node.tag}> {value}"))
    for css in sorted(SITE.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        for value in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(
            r"@import\s+(?:url\()?['\"]([^'\"]+)", text
        ):
            if _external(value) and not value.startswith("http://www.w3.org/"):
                offenders.append((css.relative_to(SITE).as_posix(), value))
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            offenders.append((css.relative_to(SITE).as_posix(), "Google Fonts"))
    assert not offenders, f"resources from another host: {offenders[:20]}"


# --- Nothing generated is committed ---------------------------------------------------------


def test_no_generated_file_is_committed() -> None:
    result = subprocess.run(
        ["git", "ls-files", "--", "build", "site", "tests/artifacts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "", f"generated files are committed:\n{result.stdout[:2000]}"
    for generated in (
        "site/index.html",
        "build/docs/fr/index.md",
        "tests/artifacts/home-fr-375.png",
    ):
        ignored = subprocess.run(["git", "check-ignore", "-q", generated], cwd=ROOT)
        assert ignored.returncode == 0, f"{generated} must be ignored by git"
