"""The front matter of a staged page (`pages.staging.Page.markdown`): libyaml writes it for texts
in Latin letters and the usual punctuation, PyYAML's emitter for any other; both give the text
PyYAML's own emitter gives."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ciivs.pages import staging
from ciivs.pages.staging import Page

LATIN = [chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x250)]] + list("\t\n–—‘’“”«»…€")


def by_pyyaml(page: Page) -> str:
    """The page as staged with PyYAML's emitter alone (libyaml switched off)."""
    fast, staging._FAST_DUMPER = staging._FAST_DUMPER, None
    try:
        return page.markdown()
    finally:
        staging._FAST_DUMPER = fast


def test_libyaml_is_there_to_be_compared() -> None:
    assert staging._FAST_DUMPER is not None  # PyYAML built with libyaml (the pinned wheels are)


def test_a_measure_page_s_front_matter_reads_back_as_written() -> None:
    page = Page(
        "fr", "mesures/a.md", "FormAvenir – l’insertion", "Pour « jeunes » : 15–25 ans", "<p>x</p>"
    )
    meta = yaml.safe_load(page.markdown().split("---\n")[1])
    assert meta["title"] == "FormAvenir – l’insertion"
    assert meta["description"] == "Pour « jeunes » : 15–25 ans"
    assert page.markdown() == by_pyyaml(page)


@settings(max_examples=300)
@given(
    st.text(alphabet=st.sampled_from(LATIN), max_size=120),
    st.text(alphabet=st.sampled_from(LATIN), max_size=200),
    st.booleans(),
)
def test_latin_texts_get_the_front_matter_pyyaml_writes(
    title: str, description: str, searchable: bool
) -> None:
    page = Page("de", "a.md", title, description, "<p>x</p>", searchable, "measures/a")
    assert page.markdown() == by_pyyaml(page)


@settings(max_examples=200)
@given(st.text(max_size=60), st.text(max_size=60))
def test_any_other_text_gets_it_too(title: str, description: str) -> None:
    page = Page("fr", "a.md", title, description, "<p>x</p>")
    assert page.markdown() == by_pyyaml(page)
