"""The glossary's words in pages: where a word is used, and a link from its first use.

Regular pages link the first use of each glossary word (its term or another of its forms) to the
word's own page, where it is explained in easy words: a link works with a keyboard, a screen
reader and a finger, which a tooltip does not. Easy-read pages list the words their text uses.
Words are found in the text runs of the rendered HTML, never in tags, attributes, headings,
links, scripts or parts marked as not content (`data-pagefind-ignore`).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator

from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.naming import localized
from ciivs.formats.html import VOID_ELEMENTS
from ciivs.pages.foreign_names import name_steps, pattern_tree

# Elements whose text is never linked: links and headings already stand out, a label or a
# button would change meaning, scripts and drawings are not text.
_NOT_LINKED = frozenset(
    [
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "script",
        "style",
        "button",
        "label",
        "summary",
        "aside",
        "title",
        "code",
        "abbr",
        "dfn",
        "dt",
        "svg",
        "select",
        "option",
        "textarea",
    ]
)
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.DOTALL)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>", re.DOTALL)


def glossary_forms(catalogue: Catalogue, language: Language) -> dict[str, str]:
    """Every form of every glossary word in one language (its term and its other forms), mapped
    to the word's id. A form two words share belongs to the first by id."""
    forms: dict[str, str] = {}
    for entry in sorted(catalogue.of("glossary"), key=lambda e: e.id):
        term = localized(entry["term"], language)[0]
        also = entry.get("also", {}).get(language.code, [])
        for form in (term, *also):
            forms.setdefault(form, entry.id)
    return forms


class GlossaryWords:
    """The glossary of one language, prepared once for every page of that language."""

    def __init__(self, forms: dict[str, str]) -> None:
        self.forms = forms
        # Each text run's words (start, end, id), found once: lists, labels and names repeat
        # from page to page (at 1,000 measures 4 runs of 5 were seen before).
        self.found: dict[str, list[tuple[int, int, str]]] = {}
        # The longest form wins at one place. A tree of the forms' characters (no two branches
        # match the same text: a form in lower case is also written with a capital) keeps that
        # rule and is tried 2.5 times faster than the forms one by one, longest first.
        self.pattern = (
            re.compile(r"(?<![\w·-])" + pattern_tree(_form_steps(forms)) + r"(?![\w·])")
            if forms
            else None
        )

    def _word(self, found: str) -> str:
        """The id of the word a match is a form of (as written in the page: escaped, wrapped)."""
        text = html.unescape(" ".join(found.split()))
        return self.forms.get(text) or self.forms[text[:1].lower() + text[1:]]

    def used_in(self, texts: Iterable[str]) -> list[str]:
        """The ids of the words `texts` use, in the order of their first use."""
        found: dict[str, None] = {}
        if self.pattern is not None:
            for text in texts:
                for match in self.pattern.finditer(text):
                    found.setdefault(self._word(match.group(0)))
        return list(found)

    def link_first_uses(self, body: str, href: Callable[[str], str]) -> str:
        """The page's HTML with the first use of each word linked to `href(word id)`."""
        if self.pattern is None:
            return body
        done: set[str] = set()
        tokens = _TOKEN.findall(body)
        open_elements: list[tuple[str, bool]] = []  # (name, whether its text is left alone)
        # How many open elements of each name, and how many leave their text alone: kept with
        # the list, so that a text or an end tag does not walk it (a page has 650 tags).
        opened: dict[str, int] = {}
        skipping = 0
        for at, token in enumerate(tokens):
            if token[0] == "<":
                tag = _tag(token)
                if tag is None:
                    continue  # a comment or a declaration
                kind, name, skip = tag
                if kind == "open":
                    open_elements.append((name, skip))
                    opened[name] = opened.get(name, 0) + 1
                    skipping += skip
                elif kind == "close" and opened.get(name):
                    # Close up to the matching element (an end tag without its start: nothing).
                    while True:
                        closed, skip = open_elements.pop()
                        opened[closed] -= 1
                        skipping -= skip
                        if closed == name:
                            break
            elif not skipping and not token.isspace():
                tokens[at] = self._link_in(token, done, href)
        return "".join(tokens)

    def _link_in(self, text: str, done: set[str], href: Callable[[str], str]) -> str:
        """The run with the first use of each word not yet `done` linked (as `pattern.sub`)."""
        found = self.found.get(text)
        if found is None:
            assert self.pattern is not None
            found = self.found[text] = [
                (m.start(), m.end(), self._word(m.group(0))) for m in self.pattern.finditer(text)
            ]
        pieces, at = [], 0
        for start, end, word in found:
            if word not in done:
                done.add(word)
                pieces += [text[at:start], f'<a class="ciivs-term" href="{href(word)}">']
                pieces += [text[start:end], "</a>"]
                at = end
        return "".join([*pieces, text[at:]]) if pieces else text


# Pages repeat their tags (at 1,000 measures 6,000 different ones among 845,000).
@functools.lru_cache(maxsize=65536)
def _tag(token: str) -> tuple[str, str, bool] | None:
    """A tag as `link_first_uses` needs it: 'open', 'close' or 'void', the element's name, and whether
    the element it opens leaves its text alone; None for a comment or a declaration."""
    tag = _TAG.match(token)
    if tag is None:
        return None
    closing, name, attributes, self_closing = tag.groups()
    name = name.lower()
    if closing:
        return ("close", name, False)
    if name in VOID_ELEMENTS or self_closing:
        return ("void", name, False)
    return ("open", name, name in _NOT_LINKED or "data-pagefind-ignore" in attributes)


def _form_steps(forms: Iterable[str]) -> Iterator[list[str]]:
    """Each form as written in HTML text (`name_steps`); a form in lower case also with a capital
    first letter (at the start of a sentence)."""
    for form in forms:
        steps, first = name_steps(form), form[:1]
        yield steps
        if first.islower() and first.upper() != first and steps[0] == re.escape(first):
            yield [re.escape(first.upper()), *steps[1:]]
