"""Random catalogue entries through the whole pipeline: problems, or pages without injected markup.

Hypothesis starts from the valid minimal catalogue (tests/fixtures/valid/) and changes its measure
and one institution: random Unicode text (hostile strings included) in text fields, fields removed,
values of the wrong type. Whatever it writes, the outcome is one of two:

- the check reports problems, each one line `path:line: CODE message` with a documented code;
- the pages render (and, for a few examples, the whole site builds with MkDocs) and carry no
  markup of their own: no script but JSON-LD and the theme's, no event handler, no javascript: or
  data: URL, front matter that reads back as the same title.

Never an uncaught exception. Kept under a minute: the full builds are few and skip the search index.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ciivs.build.pipeline import BuildFailed, Options, build_site
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.problems import CODES, Problem
from ciivs.pages.render import render_site
from conftest import VALID
from hostilekit import HOSTILE, injected_markup, scan_html, script_signature, site_pages

PROBLEM_LINE = re.compile(r"^.+:\d+: [A-Z_]+ .+$")
MEASURE = "measures/formavenir.yml"
INSTITUTION = "institutions/sas.yml"
BASE = {
    rel: yaml.safe_load((VALID / rel).read_text(encoding="utf-8")) for rel in (MEASURE, INSTITUTION)
}
TEXT_FIELDS = {
    MEASURE: ["title", "summary", "description", "format", "duration", "gloss"],
    INSTITUTION: ["name", "summary", "description", "abbreviation", "gloss"],
}

# Text: anything Unicode can hold (no lone surrogates: they cannot be saved as UTF-8), the
# hostile strings, and mixtures of both.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80)
readable_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")),
    min_size=1,
    max_size=80,
)
hostile = st.sampled_from(sorted(HOSTILE.values()))
texts = st.one_of(
    any_text,
    readable_text,
    hostile,
    st.builds(lambda a, h, b: a + h + b, readable_text, hostile, readable_text),
)
# For whole builds: texts the check mostly accepts (hostile strings that are shown as text), so
# that most examples reach MkDocs.
ACCEPTED = [
    "attribute-break",
    "jinja-expression",
    "jinja-raw",
    "combining",
    "emoji",
    "md-javascript-link",
    "md-data-link",
]
short_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Zs")),
    min_size=1,
    max_size=25,
)
build_texts = st.one_of(
    short_text,
    st.sampled_from([HOSTILE[name] for name in ACCEPTED]),
    st.builds(
        lambda a, h: f"{a} {h}", short_text, st.sampled_from([HOSTILE[name] for name in ACCEPTED])
    ),
)
safe_urls = st.sampled_from(
    [
        "https://www.vs.ch/",
        "http://www.kip-pic.ch",
        "mailto:a@vs.ch",
        "tel:+41 27 606 48 00",
        "https://www.vs.ch/?q={{7*7}}&a=1",
    ]
)
# Values of any YAML type, for the "wrong type" mutations.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["fr", "de", "x", "url"]), inner, max_size=3),
    ),
    max_leaves=6,
)


_URL_OR_TEXT = st.one_of(safe_urls, texts)


@st.composite
def text_changes(draw: st.DrawFn, text=texts, urls=_URL_OR_TEXT) -> dict[str, dict[str, Any]]:
    """Valid structure, random texts (both languages, independently)."""
    entries = {rel: dict(data) for rel, data in BASE.items()}
    for rel, fields in TEXT_FIELDS.items():
        for field in draw(st.lists(st.sampled_from(fields), max_size=len(fields), unique=True)):
            entries[rel][field] = {"fr": draw(text), "de": draw(text)}
    if draw(st.booleans()):
        entries[MEASURE]["links"] = [
            {"url": draw(urls), "label": {"fr": draw(text), "de": draw(text)}}
        ]
    return entries


@st.composite
def wild_changes(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Texts as above, plus removed fields and values of random types."""
    entries = draw(text_changes())
    for rel in entries:
        data = entries[rel]
        for field in draw(st.lists(st.sampled_from(sorted(data)), max_size=3, unique=True)):
            action = draw(st.sampled_from(["remove", "retype", "retype-language"]))
            if action == "remove":
                data.pop(field)
            elif action == "retype":
                data[field] = draw(values)
            elif isinstance(data[field], dict):
                data[field] = {
                    **data[field],
                    draw(st.sampled_from(["fr", "de", "it"])): draw(values),
                }
        if draw(st.integers(0, 9)) == 0:
            data[draw(st.sampled_from(["colour", "Title", "fr", "on"]))] = draw(values)
    return entries


def write_catalogue(root: Path, entries: dict[str, dict[str, Any]]) -> Path:
    catalogue = root / "catalogue"
    shutil.copytree(VALID, catalogue)
    for rel, data in entries.items():
        (catalogue / rel).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return catalogue


def assert_clean_problems(problems: list[Problem]) -> None:
    for found in problems:
        assert isinstance(found, Problem), found
        assert found.code in CODES
        assert PROBLEM_LINE.match(str(found)), repr(str(found))


def assert_page_inert(scan, where: str) -> None:
    problems = injected_markup(scan, None)
    assert problems == [], f"{where}: {problems}"


# Tags the templates write into a page body (the theme adds its own around it).
BODY_TAGS = {"form", "input", "button", "svg", "script"}


def check_and_render(entries: dict[str, dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        catalogue, problems = check_catalogue(write_catalogue(Path(tmp), entries), "catalogue")
    if problems:
        assert_clean_problems(problems)
        return
    for page in render_site(catalogue):
        where = f"{page.lang}/{page.src}"
        scan = scan_html(page.body)
        assert_page_inert(scan, where)
        assert set(scan.active) <= BODY_TAGS, f"{where}: {scan.active}"
        assert [kind for kind, _, _ in script_signature(scan)] in ([], ["data"]), (
            f"{where}: {scan.scripts}"
        )
        front = yaml.safe_load(page.markdown().split("---\n")[1])
        assert html.unescape(front["title"]) == page.title


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(wild_changes())
def test_check_and_render_never_crash_nor_inject(entries: dict[str, dict[str, Any]]) -> None:
    check_and_render(entries)


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(text_changes())
def test_random_texts_render_inert(entries: dict[str, dict[str, Any]]) -> None:
    check_and_render(entries)


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.binary(max_size=400)
    | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_any_file_content_is_a_problem_or_an_entry(content: bytes) -> None:
    """Whatever bytes an editor saves, the check answers with problems, never a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Path(tmp) / "catalogue"
        shutil.copytree(VALID, catalogue)
        (catalogue / MEASURE).write_bytes(content)
        _, problems = check_catalogue(catalogue, "catalogue")
    assert problems, "random bytes passed as a measure"
    assert_clean_problems(problems)


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The valid fixture built once: the scripts and active elements a page may have."""
    root = tmp_path_factory.mktemp("clean-build")
    build_site(
        Options(
            catalogue=VALID, site=root / "site", staging=root / "docs", manifest=None, search=False
        )
    )
    return {
        rel: scan_html(path.read_text(encoding="utf-8"))
        for rel, path in site_pages(root / "site").items()
    }


def test_whole_builds_are_inert(clean_build: dict[str, Any]) -> None:
    """Random texts through the whole build: refused by the check, or pages without new markup.

    The property means little if the check refused every example, so the test counts both
    outcomes and requires some real builds; the examples run inside this one test so the count
    is its own (not shared through a fixture that another worker might hold).
    """
    outcomes = {"built": 0, "refused": 0}

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(entries=text_changes(build_texts, safe_urls))
    def build_one(entries: dict[str, dict[str, Any]]) -> None:
        outcomes[build_and_compare(entries, clean_build)] += 1

    build_one()
    assert outcomes["built"] >= 5, outcomes


def build_and_compare(entries: dict[str, dict[str, Any]], clean_build: dict[str, Any]) -> str:
    """Build one changed catalogue; 'refused' when the check stops it, else 'built' once checked."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        catalogue = write_catalogue(root, entries)
        try:
            build_site(
                Options(
                    catalogue=catalogue,
                    site=root / "site",
                    staging=root / "docs",
                    manifest=None,
                    search=False,
                )
            )
        except BuildFailed as failed:
            # Only the check may refuse; MkDocs failing on a checked catalogue would be a bug.
            assert failed.lines and all(PROBLEM_LINE.match(line) for line in failed.lines[:-1]), (
                failed.lines
            )
            assert re.fullmatch(r"\d+ problems? found; .+", failed.lines[-1]), failed.lines[-1]
            return "refused"
        for rel, path in site_pages(root / "site").items():
            scan = scan_html(path.read_text(encoding="utf-8"))
            clean = clean_build.get(rel)
            assert injected_markup(scan, clean) == [], rel
        return "built"
