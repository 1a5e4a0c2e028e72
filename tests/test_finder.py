""" "What is for me?": three questions answered by static pages, checked against the catalogue.

The expectations are computed here from the YAML (ages, target groups, regions, status) and the
age bands of catalogue/search/finder.yml; never copied from the pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ciivs.catalogue.check import check_catalogue
from conftest import LANGS
from sitekit import browser, built_site, page, run_axe, screenshot, server  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PREFIX = {"fr": "", "de": "/de"}
OTHER = "autre"
LABELS = {
    lang: yaml.safe_load((ROOT / "catalogue" / "labels" / f"{lang}.yml").read_text("utf-8"))
    for lang in PREFIX
}


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(ROOT / "catalogue")
    assert not problems, problems
    assert found.search.age_limits, "catalogue/search/finder.yml declares the age bands"
    return found


def bands(catalogue) -> list[tuple[int, int | None, str]]:
    """(youngest, oldest or None, URL slug) of each age band."""
    limits = catalogue.search.age_limits
    starts = [0, *limits]
    ends = [s - 1 for s in limits] + [None]
    return [
        (lo, hi, f"{lo}-{hi if hi is not None else 'plus'}")
        for lo, hi in zip(starts, ends, strict=True)
    ]


def expected(catalogue, band, situation: str, region: str) -> set[str]:
    """Measures not ended whose ages, groups and regions do not exclude the answers."""
    lo, hi, _ = band
    ids = set()
    for m in catalogue.of("measures"):
        if m.get("status") == "ended":
            continue
        low, high = m.get("minimum_age"), m.get("maximum_age")
        if low is not None and hi is not None and hi < low:
            continue
        if high is not None and lo > high:
            continue
        if situation != OTHER and situation not in m.get("target_groups", []):
            continue
        if m.get("regions") is not None and region not in m["regions"]:
            continue
        ids.add(m.id)
    return ids


def shown(pg) -> set[str]:
    hrefs = pg.eval_on_selector_all(
        ".ciivs-finder .ciivs-cards h3 a, .ciivs-finder__more a",
        "as => as.map(a => new URL(a.href).pathname)",
    )
    return {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs}


def answer(pg, choice: str) -> None:
    """Press the answer button whose text is `choice` and wait for the next page."""
    with pg.expect_navigation():
        pg.get_by_role("button", name=choice, exact=True).click()


def band_label(band, lang: str) -> str:
    lo, hi, _ = band
    labels = LABELS[lang]
    if lo == 0:
        return labels["finder_age_under"].format(limit=hi + 1)
    if hi is None:
        return labels["finder_age_over"].format(min=lo)
    return labels["finder_age_between"].format(min=lo, max=hi)


@pytest.fixture
def no_js(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_three_questions_without_javascript_lead_to_a_url_that_reproduces_the_answer(
    no_js, browser, server, catalogue, lang
):
    group = sorted(catalogue.of("target-groups"), key=lambda g: g.get("order", 0))[0]
    region = catalogue.of("regions")[0]
    band = next(b for b in bands(catalogue) if b[1] is None or b[1] >= 18)
    no_js.goto(f"{server}{PREFIX[lang]}/trouver/")
    answer(no_js, band_label(band, lang))
    answer(no_js, group["situation"][lang])
    answer(no_js, region["name"][lang])
    path = f"{PREFIX[lang]}/trouver/{band[2]}/{group.id}/{region.id}/"
    assert no_js.url.split("?")[0] == f"{server}{path}"
    wanted = expected(catalogue, band, group.id, region.id)
    assert shown(no_js) == wanted
    screenshot(no_js, f"finder-answer-{lang}")
    # The address alone, in another browser, gives the same answer.
    context = browser.new_context()
    try:
        other = context.new_page()
        other.goto(f"{server}{path}")
        assert shown(other) == wanted
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_answer_matches_the_catalogue(no_js, server, catalogue, lang):
    regions = [r.id for r in catalogue.of("regions")]
    situations = [g.id for g in catalogue.of("target-groups")] + [OTHER]
    wrong = []
    for band in bands(catalogue):
        for situation in situations:
            for region in regions:
                no_js.goto(f"{server}{PREFIX[lang]}/trouver/{band[2]}/{situation}/{region}/")
                want = expected(catalogue, band, situation, region)
                if shown(no_js) != want:
                    wrong.append(f"{band[2]}/{situation}/{region}: {shown(no_js)} != {want}")
                # Never "nothing": whom to contact is on every answer.
                contacts = no_js.eval_on_selector_all(
                    "#finder-contacts ~ ul a[href*='/institutions/']",
                    "as => as.map(a => new URL(a.href).pathname)",
                )
                if {c.rstrip("/").rsplit("/", 1)[-1] for c in contacts} != set(
                    catalogue.search.contacts
                ):
                    wrong.append(f"{band[2]}/{situation}/{region}: contacts {contacts}")
                if not want and LABELS[lang]["finder_none"] not in no_js.inner_text("main"):
                    wrong.append(f"{band[2]}/{situation}/{region}: no 'nothing fits' sentence")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_each_fit_says_why_and_how_to_get_in(page, server, catalogue, lang):
    # A measure still on offer (an ended one is in no answer), one that states an age limit if
    # the catalogue has one.
    offered = [m for m in catalogue.of("measures") if m["status"] not in ("ended", "completed")]
    measure = next((m for m in offered if m.get("minimum_age") is not None), offered[0])
    low = measure.get("minimum_age")
    band = next(b for b in bands(catalogue) if low is None or b[1] is None or b[1] >= low)
    group = measure["target_groups"][0]
    region = (measure.get("regions") or [catalogue.of("regions")[0].id])[0]
    page.goto(f"{server}{PREFIX[lang]}/trouver/{band[2]}/{group}/{region}/")
    card = page.locator(".ciivs-cards > li").filter(
        has=page.locator(f"h3 a[href$='/mesures/{measure.id}/']")
    )
    why = card.locator(".ciivs-finder__why").inner_text()
    if low is not None:
        assert str(low) in why and "✓" in why
    else:
        assert LABELS[lang]["finder_unknown"] in why
    assert catalogue.get("target-groups", group)["name"][lang] in why
    assert card.get_by_role("heading", name=LABELS[lang]["how_to_get_in"]).count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switch_keeps_the_answers(page, server, catalogue, lang):
    band = bands(catalogue)[1]
    group = catalogue.of("target-groups")[0].id
    region = catalogue.of("regions")[0].id
    tail = f"trouver/{band[2]}/{group}/{region}/"
    page.goto(f"{server}{PREFIX[lang]}/{tail}")
    other = "de" if lang == "fr" else "fr"
    href = page.get_attribute(f"a[hreflang='{other}']", "href")
    page.goto(
        page.url.rsplit("/", 1)[0] + "/" + href if not href.startswith("/") else server + href
    )
    assert page.url.rstrip("/").endswith(f"{PREFIX[other]}/{tail}".rstrip("/"))
    assert page.evaluate("document.documentElement.lang") == other
    assert shown(page) == expected(catalogue, band, group, region)


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_alone_answers_the_questions(page, server, catalogue, lang):
    page.goto(f"{server}{PREFIX[lang]}/trouver/")
    for _ in range(3):
        first = page.locator(".ciivs-finder__choice").first
        first.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.locator("#finder-result").is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation_on_any_step(page, server, catalogue, lang):
    band = bands(catalogue)[1][2]
    group = catalogue.of("target-groups")[0].id
    region = catalogue.of("regions")[0].id
    for tail in ("", f"{band}/", f"{band}/{group}/", f"{band}/{group}/{region}/"):
        page.goto(f"{server}{PREFIX[lang]}/trouver/{tail}")
        violations = run_axe(page)
        assert not violations, (tail, [(v["id"], v["nodes"][0]["html"]) for v in violations])
