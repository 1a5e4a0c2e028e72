"""Marking proper names in another language than the page: `<span lang="fr">FormAvenir</span>`.

Screen readers pronounce a French name on a German page in French only when it is marked. Names
are found in the rendered HTML of each page (in text, never in tags or attributes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.naming import localized, title_of


def foreign_names(catalogue: Catalogue, language: Language) -> dict[str, str]:
    """Proper names in another language than the page, mapped to their language."""
    lang = language.code
    names = {}
    for entry in catalogue.all():
        # A name still to confirm in German is the French official name, read as French.
        name_lang = entry.get("name_language") or (
            "fr" if entry.get("german_name") == "to-confirm" else None
        )
        if name_lang and name_lang != lang:
            names[localized(title_of(entry), language)[0]] = name_lang
    return names


class ForeignNames:
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
        # The same words found in the lower-cased page, without IGNORECASE: twice as fast, and
        # the same hits when the page and the words are written in PLAIN_CASE (below).
        self.lowered_first_words = (
            re.compile(r"\b" + _trie(self.by_first_word) + r"\b")
            if self.by_first_word and PLAIN_CASE.fullmatch("".join(self.by_first_word))
            else None
        )
        # Each name's own pattern, compiled when a page first holds its first word: a preview's
        # save renders a page or two, and compiling every name (880 patterns at 5,000 measures,
        # more than Python's cache of compiled patterns holds) took 0.1 s of each save.
        self.single: dict[str, re.Pattern[str]] = {}
        # The first words of each piece of text seen (`_in_piece`).
        self.pieces: dict[str, tuple[tuple[int, str], ...]] = {}

    def mark(self, body: str) -> str:
        if not self.names:
            return body
        if self.always:
            return self._mark_each_run(body)
        if self.first_words is None:
            return body
        hits = self._first_words(body)
        if not hits:
            return body
        scripts = [m.span() for m in re.finditer(r"<script\b.*?</script>", body, flags=re.DOTALL)]
        script_ends = {end - 1 for _, end in scripts}
        out, pos = [], 0
        for start, word in hits:
            if start < pos or any(a <= start < b for a, b in scripts):
                continue
            # In a text run: the closest '>' before it is after the closest '<', and is not the end
            # of a script (the text after a script is not taken as a run, as before).
            gt = body.rfind(">", 0, start)
            if gt < 0 or gt < body.rfind("<", 0, start) or gt in script_ends:
                continue
            run_end = body.find("<", start)
            run_end = len(body) if run_end < 0 else run_end
            for name in self.by_first_word.get(word, ()):
                found = self._single(name).match(body, start, run_end)
                if found:
                    out += [
                        body[pos:start],
                        f'<span lang="{self.names[name]}">{found.group(0)}</span>',
                    ]
                    pos = found.end()
                    break
        out.append(body[pos:])
        return "".join(out)

    def _single(self, name: str) -> re.Pattern[str]:
        pattern = self.single.get(name)
        if pattern is None:
            pattern = self.single[name] = re.compile(name_pattern(name) + r"\b", re.IGNORECASE)
        return pattern

    def _first_words(self, body: str) -> list[tuple[int, str]]:
        """Where a name's first word begins in the page's text (after a '>', as `mark` takes
        it), and the word in lower case.

        Only text after a '>' can hold a name that `mark` takes, and a word never spans a '<'
        or a '>': scanning those pieces alone finds the same. They repeat from page to page
        (at 1,000 measures 40,000 different ones among 340,000), so each is scanned once.
        """
        hits = []
        for piece in _AFTER_TAG.finditer(body):
            found = self._in_piece(piece.group(1))
            if found:
                at = piece.start(1)
                hits += [(at + offset, word) for offset, word in found]
        return hits

    def _in_piece(self, text: str) -> tuple[tuple[int, str], ...]:
        """The first words in one piece of text: offset and word in lower case (kept)."""
        found = self.pieces.get(text)
        if found is None:
            assert self.first_words is not None
            if self.lowered_first_words is not None and PLAIN_CASE.fullmatch(text):
                lowered = self.lowered_first_words.finditer(text.lower())
                found = tuple((hit.start(), hit.group()) for hit in lowered)
            else:
                hits = self.first_words.finditer(text)
                found = tuple((hit.start(), hit.group().lower()) for hit in hits)
            self.pieces[text] = found
        return found

    def _mark_each_run(self, body: str) -> str:
        """The plain way: one pattern with every name over each text run."""
        ordered = self.ordered
        pattern = re.compile(
            r"\b(?:" + "|".join(f"({name_pattern(n)})" for n in ordered) + r")\b", re.IGNORECASE
        )

        def in_text(match: re.Match[str]) -> str:
            def wrap(m: re.Match[str]) -> str:
                name = ordered[(m.lastindex or 1) - 1]  # the one group that matched
                return f'<span lang="{self.names[name]}">{m.group(0)}</span>'

            return pattern.sub(wrap, match.group(0))

        # Text runs are what lies between '>' and '<'; script blocks are skipped.
        parts = re.split(r"(<script\b.*?</script>)", body, flags=re.DOTALL)
        return "".join(
            p if p.startswith("<script") else re.sub(r"(?<=>)[^<]+", in_text, p) for p in parts
        )


# A piece of text after a '>' up to the next '<' or '>', with a letter or digit in it.
_AFTER_TAG = re.compile(r">([^<>\w]*\w[^<>]*)")
# Characters for which IGNORECASE and str.lower() agree: a character matches a lower-case letter
# under IGNORECASE exactly when its lower case is that letter, lower case is one character and
# keeps a word character a word character (so \b is the same). Latin letters without İ, ı and ſ
# (which IGNORECASE matches with i and s), punctuation and symbols; tests/test_foreign_names.py
# checks every pair.
PLAIN_CASE = re.compile(r"[\x00-\u012f\u0132-\u017e\u0180-\u024f\u2000-\u2bff]*")


def name_pattern(name: str) -> str:
    """A name as written in HTML text (`name_steps` joined)."""
    return "".join(name_steps(name))


def name_steps(name: str) -> list[str]:
    """A name as a sequence of patterns, one per character; Markdown may break a long name across
    lines: any run of spaces matches."""
    steps: list[str] = []
    for at, word in enumerate(name.split()):
        steps += [r"\s+"] if at else []
        steps += [_char_pattern(c) for c in word]
    return steps


def _trie(words: Iterable[str]) -> str:
    """A pattern matching any of `words`, shaped as a tree of their letters."""
    return pattern_tree([re.escape(char) for char in word] for word in words)


def pattern_tree(paths: Iterable[Sequence[str]]) -> str:
    """A pattern matching any of `paths` (each a sequence of patterns, one per character), shaped
    as a tree: one branch per distinct first pattern, and so on. Where a path ends and a longer one
    goes on, the longer is tried first. A regex engine tries a tree in time that does not grow with
    the number of paths, and an alternation of them one by one."""
    root: dict[str, Any] = {}
    for path in paths:
        node = root
        for step in path:
            node = node.setdefault(step, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [step + build(child) for step, child in sorted(node.items()) if step]
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
