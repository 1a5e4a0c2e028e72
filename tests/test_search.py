"""Search (Pagefind) and the measure filters, in headless Chromium against the built site.

What a reader sees: a query in one language finds that language's pages only, abbreviations find
their institution, an entry's own page ranks above pages that mention it, the header form and the
keyboard lead to results, and the filters on the measure list count exactly what the catalogue says.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.relations import Relations
from ciivs.formats.words import fold
from conftest import LANGS, status_words
from sitekit import browser, built_site, page, screenshot, server  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PREFIX = {"fr": "", "de": "/de"}
RESULT_LINKS = "[data-ciivs-search-results] h3 a"  # each result's title link
# Done when the status line holds a count or the "no result" sentence, not "searching…".
SEARCH_DONE = """() => {
  const root = document.querySelector('[data-ciivs-search]');
  const status = root && root.querySelector('[data-ciivs-search-status]');
  return !!status && status.textContent !== '' && status.textContent !== root.getAttribute('data-loading');
}"""


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(ROOT / "catalogue")
    assert not problems, problems
    return found


def result_paths(pg) -> list[str]:
    """Paths of the results shown, in order, once the search has finished."""
    pg.wait_for_function(SEARCH_DONE, timeout=15_000)
    return pg.eval_on_selector_all(
        RESULT_LINKS, "links => links.map(a => new URL(a.href).pathname)"
    )


def search(pg, base: str, lang: str, query: str) -> list[str]:
    pg.goto(f"{base}{PREFIX[lang]}/recherche/?q={quote(query)}")
    return result_paths(pg)


def in_language(paths: list[str], lang: str) -> bool:
    german = [p for p in paths if p.startswith("/de/")]
    return german == paths if lang == "de" else not german


# ---------- languages ----------


def test_french_query_without_accents_finds_the_french_measure_only(page, server):
    paths = search(page, server, "fr", "apprentissage difficulte")
    assert "/mesures/formavenir/" in paths[:3], paths
    assert in_language(paths, "fr"), f"German pages in French results: {paths}"
    assert not page.console_errors, page.console_errors


def test_german_query_finds_the_german_measure_only(page, server):
    paths = search(page, server, "de", "Lehre")
    assert "/de/mesures/formavenir/" in paths[:3], paths
    assert in_language(paths, "de"), f"French pages in German results: {paths}"
    assert not page.console_errors, page.console_errors


# ---------- names and abbreviations ----------


@pytest.mark.parametrize(
    "lang, query, expected",
    [
        ("fr", "ORP", "/institutions/orp/"),
        ("de", "RAV", "/de/institutions/orp/"),
        ("fr", "OAI", "/institutions/oai/"),
        ("de", "IV-Stelle", "/de/institutions/oai/"),
    ],
)
def test_abbreviation_finds_its_institution_first(page, server, lang, query, expected):
    paths = search(page, server, lang, query)
    assert paths and paths[0] == expected, paths
    assert in_language(paths, lang), paths


@pytest.mark.parametrize("lang", LANGS)
def test_measure_page_ranks_above_pages_that_mention_it(page, server, lang):
    paths = search(page, server, lang, "FormAvenir")
    article = f"{PREFIX[lang]}/bulletin/formavenir/"
    assert article in paths, (
        f"the bulletin article mentions FormAvenir and should be found too: {paths}"
    )
    assert paths[0] == f"{PREFIX[lang]}/mesures/formavenir/", paths


@pytest.mark.parametrize("lang", LANGS)
def test_every_measure_is_found_first_by_its_title(page, server, catalogue, lang):
    """Each measure's title, as a reader would type it, brings its own page first."""
    misses = []
    for measure in catalogue.of("measures"):
        expected = f"{PREFIX[lang]}/mesures/{measure.id}/"
        paths = search(page, server, lang, measure["title"][lang])
        if not paths or paths[0] != expected:
            misses.append(f"{measure['title'][lang]!r}: {paths[:3]}")
    assert not misses, "\n".join(misses)


def test_results_come_ten_at_a_time_with_the_total_count(page, server):
    paths = search(page, server, "fr", "FormAvenir")
    status = page.inner_text("[data-ciivs-search-status]")
    total = int(re.match(r"\d+", status).group())
    assert total > 10 and len(paths) == 10, (status, paths)
    more = page.locator("[data-ciivs-search-more]")
    assert more.is_visible()
    more.click()
    page.wait_for_function(
        "n => document.querySelectorAll('[data-ciivs-search-results] li').length > n", arg=10
    )
    links = page.locator(RESULT_LINKS)
    assert links.count() == min(total, 20)
    # Focus moves to the first new result, so that keyboard users read on from there.
    assert page.evaluate(
        "document.activeElement === document.querySelectorAll('[data-ciivs-search-results] h3 a')[10]"
    )
    assert more.is_visible() == (total > 20)
    assert not page.console_errors, page.console_errors
    screenshot(page, "search-results-fr")


def test_no_more_button_when_everything_is_shown(page, server):
    paths = search(page, server, "de", "IV-Stelle")
    assert 0 < len(paths) <= 10
    assert page.locator("[data-ciivs-search-more]").is_hidden()


# ---------- what is indexed ----------


def words_only_on_paper(html: str) -> list[str]:
    """Words of a page's printed sheet (site name, address, permalink) found nowhere else in
    what the page gives the search, folded as readers type them."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one("[data-pagefind-body]")
    sheet = body.select_one(".ciivs-print-sheet").extract()
    rest = set(re.findall(r"[^\W\d_]{4,}", fold(body.get_text(" "))))
    return sorted(set(re.findall(r"[^\W\d_]{4,}", fold(sheet.get_text(" ")))) - rest)


def pages_with_a_printed_sheet(site: Path, lang: str) -> set[str]:
    """Paths of the language's pages that carry a printed sheet."""
    found = set()
    for file in (site / "de" if lang == "de" else site).rglob("index.html"):
        path = "/" + file.parent.relative_to(site).as_posix() + "/"
        if (lang == "de" or not path.startswith("/de/")) and "ciivs-print-sheet" in file.read_text(
            encoding="utf-8"
        ):
            found.add(path)
    return found


def every_result(pg, base: str, lang: str, query: str) -> set[str]:
    """Paths of all the results of a search, "More results" pressed until none is left."""
    paths = search(pg, base, lang, query)
    more = pg.locator("[data-ciivs-search-more]")
    while more.is_visible():
        more.click()
        pg.wait_for_function(
            "n => document.querySelectorAll('[data-ciivs-search-results] li').length > n",
            arg=len(paths),
        )
        paths = result_paths(pg)
    return set(paths)


@pytest.mark.parametrize("lang", LANGS)
def test_words_printed_only_on_paper_do_not_find_every_page(
    page, server, built_site, catalogue, lang
):
    """The printed sheet's lines are on every entry page: were they indexed, its address's host
    name or the word "adresse" would find all those pages, and each result download them again."""
    measure = catalogue.of("measures")[0]
    path = f"{PREFIX[lang]}/mesures/{measure.id}/"
    html = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    words = words_only_on_paper(html)
    assert words, "the printed sheet has no word of its own: pick another check"
    sheets = pages_with_a_printed_sheet(built_site, lang)
    assert path in sheets
    every = [w for w in words if sheets <= every_result(page, server, lang, w)]
    assert not every, f"{every} find all {len(sheets)} pages with a printed sheet"


@pytest.mark.parametrize("lang", LANGS)
def test_pages_that_only_list_a_measure_are_not_found_by_its_name(page, server, catalogue, lang):
    """A region's page lists its measures' cards; a search for a measure's name finds the measure,
    not every region that lists it (at 5,000 measures one such page weighed 240 KB to download)."""
    measure = catalogue.get("measures", "formavenir")
    regions = {f"{PREFIX[lang]}/regions/{r}/" for r in measure["regions"]}
    found = every_result(page, server, lang, "FormAvenir")
    assert f"{PREFIX[lang]}/mesures/formavenir/" in found
    assert not regions & found, sorted(regions & found)


# The text Pagefind keeps of a page (its excerpts are cut from it), asked of the bundle the
# search page has loaded.
INDEXED_TEXT = """async ([query, path]) => {
  const root = document.querySelector('[data-ciivs-search]');
  const bundle = new URL(root.getAttribute('data-bundle'), document.baseURI).href;
  const pf = await import(bundle + 'pagefind.js');
  for (const result of (await pf.search(query)).results) {
    const data = await result.data();
    if (new URL(data.url, location.href).pathname === path) return data.content;
  }
  return null;
}"""


def label_value_pairs(html: str) -> list[tuple[str, str]]:
    """Each indexed label (<dt>) and the start of its value (<dd>) on a page."""
    body = BeautifulSoup(html, "html.parser").select_one("[data-pagefind-body]")
    for ignored in body.select("[data-pagefind-ignore]"):
        ignored.decompose()
    pairs = []
    for dt in body.select("dt"):
        dd = dt.find_next_sibling("dd")
        value = " ".join(dd.get_text(" ").split()) if dd else ""
        if value:
            pairs.append((" ".join(dt.get_text(" ").split()), value.split()[0]))
    return pairs


@pytest.mark.parametrize("lang", LANGS)
def test_a_label_and_its_value_are_two_words_for_search(page, server, built_site, lang):
    """Pagefind runs a <dt> into its <dd> when nothing separates them: "Financé par" + "Service"
    was indexed as "parService", and results showed the two glued in their excerpts."""
    path = f"{PREFIX[lang]}/mesures/formavenir/"
    html = (built_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
    pairs = label_value_pairs(html)
    assert len(pairs) >= 5, pairs
    page.goto(f"{server}{PREFIX[lang]}/recherche/?q=FormAvenir")
    page.wait_for_function(SEARCH_DONE, timeout=15_000)
    text = page.evaluate(INDEXED_TEXT, ["FormAvenir", path])
    assert text, f"{path} not found by FormAvenir"
    glued = [f"{label}|{value}" for label, value in pairs if f"{label}{value}" in text]
    assert not glued, glued
    apart = [
        (label, value)
        for label, value in pairs
        if re.search(re.escape(label) + r"[\s.:]+" + re.escape(value), text)
    ]
    assert apart == pairs


# ---------- header form and keyboard ----------


@pytest.mark.parametrize("lang", LANGS)
def test_header_search_lands_on_results_in_the_page_language(page, server, lang):
    page.goto(f"{server}{PREFIX[lang]}/mesures/")
    page.fill("#ciivs-header-q", "FormAvenir")
    page.press("#ciivs-header-q", "Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=FormAvenir$"))
    assert urlsplit(page.url).path == f"{PREFIX[lang]}/recherche/"
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.input_value("#search-q") == "FormAvenir"
    paths = result_paths(page)
    assert paths and in_language(paths, lang), paths
    assert paths[0] == f"{PREFIX[lang]}/mesures/formavenir/"


def tab_until(pg, selector: str, limit: int) -> int:
    """Press Tab until the element matching `selector` has focus; return the number of presses."""
    for presses in range(1, limit + 1):
        pg.keyboard.press("Tab")
        if pg.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return presses
    raise AssertionError(
        f"{selector} not reached with {limit} Tab presses; focus is on "
        + pg.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    )


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_only_search_and_open_first_result(page, server, lang):
    page.goto(f"{server}{PREFIX[lang]}/")
    presses = tab_until(page, "#ciivs-header-q", 10)
    assert presses <= 6, f"{presses} Tab presses to reach the search box"
    page.keyboard.type("OAI")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=OAI$"))
    assert result_paths(page)[0] == f"{PREFIX[lang]}/institutions/oai/"
    tab_until(page, RESULT_LINKS, 80)  # querySelector: the first result link
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}{PREFIX[lang]}/institutions/oai/")
    assert (
        page.locator("h1")
        .first.inner_text()
        .startswith(
            "Office cantonal de l'assurance invalidité"
            if lang == "fr"
            else "Kantonale IV-Stelle Wallis"
        )
    )


# ---------- filters on the measure list ----------


def expected_facets(catalogue) -> dict[str, dict[str, set[str]]]:
    """For each filter and value, the measures that have it, read from the YAML.

    Circles: those the responsible body or a provider is itself a member of (`circles:`; a unit
    of a member is shown "via" it, not as a member). Status: the one readers see, which turns
    to "unconfirmed" when the information is past its planned end or review (tested on its own
    in test_editors_report.py).
    """
    relations = Relations(catalogue)

    def circles_of(inst_id: str) -> list[str]:
        entry = catalogue.get("institutions", inst_id)
        return list(entry.get("circles", [])) if entry is not None else []

    facets: dict[str, dict[str, set[str]]] = {
        n: {} for n in ("groups", "institutions", "circles", "regions", "status")
    }
    for m in catalogue.of("measures"):
        institutions = {m["responsible"], *m.get("providers", [])}
        values = {
            "groups": m.get("target_groups", []),
            "institutions": institutions,
            "circles": {c for i in institutions for c in circles_of(i)},
            "regions": m.get("regions", []),
            "status": [f"status-{relations.shown_status(m)}", f"phase-{m['phase']}"],
        }
        for name, found in values.items():
            for value in found:
                facets[name].setdefault(value, set()).add(m.id)
    return facets


def shown_measures(pg) -> set[str]:
    hrefs = pg.eval_on_selector_all(
        "[data-ciivs-list] > li:not([hidden]) h2 a", "as => as.map(a => new URL(a.href).pathname)"
    )
    return {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs}


def shown_count(pg) -> int:
    return int(pg.inner_text("[data-ciivs-shown]"))


@pytest.mark.parametrize("lang", LANGS)
def test_option_counts_match_the_catalogue(page, server, catalogue, lang):
    page.goto(f"{server}{PREFIX[lang]}/mesures/")
    page.wait_for_selector("[data-ciivs-facets]:not([hidden])")
    expected = expected_facets(catalogue)
    shown = page.eval_on_selector_all(
        "[data-count-for]", "els => els.map(e => [e.getAttribute('data-count-for'), e.textContent])"
    )
    on_page = {key: int(text.strip("()")) for key, text in shown}
    wanted = {
        f"{name}:{value}": len(ids)
        for name, values in expected.items()
        for value, ids in values.items()
    }
    assert on_page == wanted
    assert shown_count(page) == len(catalogue.of("measures")) == len(shown_measures(page))


@pytest.mark.parametrize("lang", LANGS)
def test_each_target_group_narrows_the_list_to_its_measures(page, server, catalogue, lang):
    page.goto(f"{server}{PREFIX[lang]}/mesures/")
    page.wait_for_selector("[data-ciivs-facets]:not([hidden])")
    groups = expected_facets(catalogue)["groups"]
    assert groups
    for group, ids in groups.items():
        page.check(f"#f-groups-{group}")
        assert shown_measures(page) == ids, group
        assert shown_count(page) == len(ids), group
        assert page.inner_text(f'[data-count-for="groups:{group}"]') == f"({len(ids)})"
        assert f"groups={group}" in page.url  # a filtered list can be shared as a link
        page.uncheck(f"#f-groups-{group}")
        assert shown_count(page) == len(catalogue.of("measures"))
    screenshot(page, f"measures-filters-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_form_is_hidden_and_the_whole_list_shown(
    browser, server, catalogue, lang
):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{server}{PREFIX[lang]}/mesures/")
        assert pg.locator("[data-ciivs-facets]").is_hidden()
        cards = pg.locator("[data-ciivs-list] > li")
        assert cards.count() == len(catalogue.of("measures"))
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
        assert shown_measures(pg) == {m.id for m in catalogue.of("measures")}
    finally:
        context.close()


# ---------- never a dead end ----------

LABELS = {
    lang: yaml.safe_load(
        (ROOT / "catalogue" / "labels" / f"{lang}.yml").read_text(encoding="utf-8")
    )
    for lang in PREFIX
}


def help_links(pg) -> list[str]:
    """Paths of the links in the help shown when nothing is found (empty when it is hidden)."""
    if not pg.locator("[data-ciivs-search-help]").is_visible():
        return []
    return pg.eval_on_selector_all(
        "[data-ciivs-search-help] a", "links => links.map(a => new URL(a.href).pathname)"
    )


def expected_help(catalogue, lang: str) -> set[str]:
    """Every situation, the measure list and the institutions to contact, from the data."""
    prefix = PREFIX[lang]
    return (
        {f"{prefix}/publics/{g.id}/" for g in catalogue.of("target-groups")}
        | {f"{prefix}/mesures/", f"{prefix}/trouver/"}
        | {f"{prefix}/institutions/{i}/" for i in catalogue.search.contacts}
    )


@pytest.mark.parametrize("lang", LANGS)
def test_nonsense_shows_situations_list_and_contacts(page, server, catalogue, lang):
    paths = search(page, server, lang, "xqzvw zzkqj")
    assert paths == []
    status = page.inner_text("[data-ciivs-search-status]")
    assert "xqzvw zzkqj" in status
    assert catalogue.search.contacts, "catalogue/search/finder.yml names whom to contact"
    assert set(help_links(page)) == expected_help(catalogue, lang)
    assert not page.console_errors, page.console_errors
    screenshot(page, f"search-nothing-{lang}")


@pytest.mark.parametrize("lang, word", [("fr", "le"), ("de", "der")])
def test_a_single_stop_word_never_ends_on_an_empty_page(page, server, lang, word):
    paths = search(page, server, lang, word)
    assert paths or help_links(page), "neither results nor help"


@pytest.mark.parametrize("lang", LANGS)
def test_words_never_together_search_again_with_fewer_words_and_say_so(
    page, server, catalogue, lang
):
    measure = catalogue.of("measures")[0]
    title = measure["title"][lang]
    paths = search(page, server, lang, f"{title} xqzvw")
    assert paths and paths[0] == f"{PREFIX[lang]}/mesures/{measure.id}/", paths
    status = page.locator("[data-ciivs-search-status]")
    sentence = LABELS[lang]["search_fewer"]
    assert status.inner_text().startswith(sentence.split(";")[0]), status.inner_text()
    kept = status.locator("em").all_inner_texts()
    assert " ".join(kept) == title and "xqzvw" not in kept
    assert not page.locator("[data-ciivs-search-help]").is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_search_page_leads_somewhere(browser, server, catalogue, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{server}{PREFIX[lang]}/recherche/?q=apprentissage")
        assert pg.locator("noscript").count() == 1
        assert set(help_links(pg)) == expected_help(catalogue, lang)
    finally:
        context.close()


# ---------- what each result is ----------


@pytest.mark.parametrize("lang", LANGS)
def test_a_measure_result_says_what_it_is_its_status_and_for_whom(page, server, catalogue, lang):
    measure = catalogue.of("measures")[0]
    search(page, server, lang, measure["title"][lang])
    first = page.locator("[data-ciivs-search-results] > li").first
    described = first.locator(".ciivs-search-kind").inner_text()
    assert described.startswith(LABELS[lang]["search_kind_measures"]), described
    assert status_words(measure, catalogue, LABELS[lang]) in described
    for group in measure["target_groups"]:
        assert catalogue.get("target-groups", group)["name"][lang] in described


@pytest.mark.parametrize("lang", LANGS)
def test_an_institution_result_says_it_is_an_institution(page, server, catalogue, lang):
    institution = catalogue.get("institutions", "orp") or catalogue.of("institutions")[0]
    paths = search(page, server, lang, institution["name"][lang])
    index = paths.index(f"{PREFIX[lang]}/institutions/{institution.id}/")
    item = page.locator("[data-ciivs-search-results] > li").nth(index)
    assert (
        item.locator(".ciivs-search-kind")
        .inner_text()
        .startswith(LABELS[lang]["search_kind_institutions"])
    )
