"""Pages the policy need not parse (`build.quiet_html`): a page let through holds nothing the
parser would find (inline code, event handlers, style attributes, javascript: addresses); any
doubt sends the page to the parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ciivs.build.policy import _Inline
from ciivs.build.quiet_html import is_quiet


def parsed(page: str) -> tuple[list[str], list[str], list[str]]:
    found = _Inline()
    found.feed(page)
    found.close()
    return found.scripts, found.styles, found.unsafe


HEAD = '<!doctype html>\n<html lang="fr" class="no-js"><head><meta charset="utf-8">'
PAGE = (
    HEAD + '<link rel="stylesheet" href="assets/site.css"><!-- Header -->'
    '<script src="assets/theme.js" data-md-scope="."></script>'
    '<script id="__config" type="application/json">{"a": "b"}</script></head>'
    '<body><a href="../mesures/" title="x &amp; y">Mesures</a><br/>'
    '<svg viewBox="0 0 9 9"><title>http://localhost/</title><path d="M4 4h7v1z"/></svg>'
    '<p class="online" data-once="1">On a – l’offre</p>'
    '<script type="application/ld+json">{"name": "x \\u003c y"}</script></body></html>'
)


def test_a_page_of_the_site_s_usual_markup_is_quiet_and_the_parser_agrees() -> None:
    assert is_quiet(PAGE)
    assert parsed(PAGE) == ([], [], [])


@pytest.mark.parametrize(
    "markup",
    [
        "<script>go()</script>",
        '<script type="module">go()</script>',
        '<script type="application/json" type="text/javascript">go()</script>',
        "<style>p { color: red }</style>",
        '<button onclick="go()">x</button>',
        "<button ONCLICK=go()>x</button>",
        '<p style="color: red">x</p>',
        '<a href="javascript:go()">x</a>',
        '<a href=" javascript:go()">x</a>',
        '<a href="&#106;avascript:go()">x</a>',
        '<a HREF="JavaScript:go()">x</a>',
        "<form action=javascript:go()></form>",
        '<a title="x" onclick="go()">x</a>',
        '<a title="x"onclick="go()">x</a>',
    ],
)
def test_what_the_policy_must_see_is_never_quiet(markup: str) -> None:
    page = PAGE.replace("<br/>", markup)
    assert parsed(page) != ([], [], [])
    assert not is_quiet(page)


@pytest.mark.parametrize(
    "markup",
    [
        "<!-- x --!><script>go()</script> -->",
        "<!--><script>go()</script>-->",
        "<title><script>go()</script></title>",
    ],
)
def test_markup_that_parsers_of_other_pythons_read_otherwise_is_never_quiet(markup: str) -> None:
    """html.parser of newer Pythons ends a comment at --!> or <!--> and reads a title as text."""
    assert not is_quiet(PAGE.replace("<br/>", markup))


# Pieces of markup, harmless and harmful, plain and odd: any page made of them that is quiet must
# hold nothing for the parser.
PIECES = st.sampled_from(
    [
        "text ",
        "On a ",
        "a < b",
        "&amp;",
        "&#106;",
        "<p>",
        "</p>",
        "<P CLASS=x>",
        '<a href="/x">',
        "<a href=jobs/>",
        "<a href='javascript:x'>",
        '<a title="a > b" onclick="x">',
        '<div data-x=" src=1">',
        '<img src="" alt="">',
        "<br/>",
        "</a >",
        "<!-- c -->",
        "<!-- c -- >",
        "<!-->",
        "-->",
        "<!doctype html>",
        "<![CDATA[x]]>",
        "<script>",
        "</script>",
        '<script src="a.js">',
        '<script type="application/ld+json">',
        '<script type="text/javascript">',
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "<textarea>",
        '<p style="x">',
        "<p onload=x>",
        "<p one>",
        "<svg><path d='M0 0'/></svg>",
        "go()",
        "<",
        ">",
        '"',
        "'",
        "=",
        " ",
        "\n",
    ]
)


@settings(max_examples=600)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_a_quiet_page_holds_nothing_for_the_parser(page: str) -> None:
    if is_quiet(page):
        assert parsed(page) == ([], [], [])
