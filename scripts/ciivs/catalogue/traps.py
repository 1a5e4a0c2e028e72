"""YAML's traps for French and German text, explained with the corrected line.

Unquoted, a text is read as YAML structure as soon as it holds `: ` (`Durée : 6 mois`), a comma
inside `{fr: …, de: …}`, or starts with `[`, `{`, `#` or a quote. YAML then reports something
unrelated ("mapping values are not allowed here", an unknown field `format.stages`, an empty
value). We find the text, put it in quotes, check that the corrected line reads, and show it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ciivs.catalogue.located import Located
from ciivs.catalogue.problems import Problem, problem

try:
    _Safe: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Safe = yaml.SafeLoader

# `  fr: text`, `- label: text`, `title: {fr: …, de: …}`: indentation and key, then the value.
_FIELD_LINE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):(?P<space>[ \t]+)(?P<value>\S.*)$"
)
_FLOW = re.compile(r"^\{(?P<inner>.*)\}\s*$")
# Inside `{…}`, a new text starts at `, de:` (any two-letter language key).
_NEXT_LANGUAGE = re.compile(r",\s*(?=[a-z]{2}:\s)")
_PAIR = re.compile(r"^(?P<key>[a-z]{2}):\s+(?P<value>.*)$", re.DOTALL)
_QUOTES = "\"'"
# How far above the line YAML names we look for the text that caused the error.
_LOOK_BACK = 3
# Each text to quote is one problem; a file full of them is reported in one run, up to this many.
_AT_MOST = 20


def explain_syntax(text: str, line: int, path: str) -> tuple[list[Problem], str | None]:
    """Problems for the texts to quote, from a YAML syntax error on `line` (from 1) onwards,
    and the corrected text when quoting them made the whole file readable (else None).

    No problems when quoting a text near that line does not help: the error is something else.
    """
    if _error_line(text) == 0:
        return [], None  # YAML reads it: the trouble came later (a composer error), not from a text
    lines = text.split("\n")
    problems: list[Problem] = []
    while len(problems) < _AT_MOST:
        found = _fix_near(lines, line)
        if found is None:
            return problems, None
        number, fixed, reason, words = found
        problems.append(_quote_problem(path, number, reason, words, fixed))
        lines[number - 1] = fixed
        line = _error_line("\n".join(lines))
        if line == 0:
            return problems, "\n".join(lines)
    return problems, None


def explain_unknown_field(
    located: Located, at: tuple[Any, ...], name: str, path: str, known: list[str]
) -> Problem | None:
    """`format: {fr: Cours, stages, de: …}` reads `stages` as a field: the comma cut the text."""
    if located.data_at((*at, name)) is not None or not _is_text_object(known):
        return None
    number = located.line(at)
    source = located.source_line(number)
    fixed = _fixed_line(source) if source is not None else None
    if fixed is None or located.line((*at, name)) != number:
        return None
    return _quote_problem(path, number, "comma", fixed[1], fixed[0])


def explain_empty(located: Located, at: tuple[Any, ...], path: str) -> Problem | None:
    """`fr: #1 en Valais` is an empty value followed by a comment: the `#` needs quotes."""
    number = located.line(at)
    source = located.source_line(number)
    match = _FIELD_LINE.match(source or "")
    if match is None or not match["value"].startswith("#") or str(at[-1]) != match["key"]:
        return None
    fixed = _fixed_line(source or "")
    return _quote_problem(path, number, "hash", fixed[1], fixed[0]) if fixed else None


def quoted(text: str) -> str:
    """`text` as a YAML quoted scalar, in the quotes that need the fewest escapes."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _quote_problem(path: str, number: int, reason: str, words: str, fixed: str) -> Problem:
    return problem(path, number, "YAML_QUOTES", f"trap_{reason}", text=words, fixed=fixed.strip())


def _fix_near(lines: list[str], line: int) -> tuple[int, str, str, str] | None:
    """The line near `line` whose texts, once quoted, let YAML read past it."""
    for number in range(min(line, len(lines)), max(0, line - _LOOK_BACK - 1), -1):
        fixed = _fixed_line(lines[number - 1])
        if fixed is None:
            continue
        trial = [*lines[: number - 1], fixed[0], *lines[number:]]
        after = _error_line("\n".join(trial))
        if after == 0 or after > number:
            return number, fixed[0], fixed[2], fixed[1]
    return None


def _fixed_line(source: str) -> tuple[str, str, str] | None:
    """The line with its trapped text(s) quoted, the first such text, and why it needed quotes."""
    match = _FIELD_LINE.match(source)
    if match is None:
        return None
    value = match["value"]
    head = f"{match['lead']}{match['key']}:{match['space']}"
    flow = _FLOW.match(value.strip())
    if flow is not None:
        return _fixed_flow(head, flow["inner"])
    comment = re.search(r"\s+#.*$", value) if not value.startswith("#") else None
    if comment is not None:  # `fr: Durée : 6 mois  # checked` keeps its comment outside the quotes
        value = value[: comment.start()]
    text, reason = _quote_if_needed(value, in_flow=False)
    if not reason:
        return None
    return head + text + (comment.group() if comment else ""), _unquoted(value), reason


def _fixed_flow(head: str, inner: str) -> tuple[str, str, str] | None:
    """`title: {fr: Durée : 6 mois, de: …}`: quote each text of a one-line French/German pair."""
    pairs = [_PAIR.match(part.strip()) for part in _NEXT_LANGUAGE.split(inner)]
    if not all(pairs):
        return None  # another kind of group, e.g. {amount: 60, period: year}
    texts, first = [], None
    for pair in pairs:
        assert pair is not None
        text, reason = _quote_if_needed(pair["value"], in_flow=True)
        texts.append(f"{pair['key']}: {text}")
        if reason and first is None:
            first = (_unquoted(pair["value"]), reason)
    if first is None:
        return None
    return head + "{" + ", ".join(texts) + "}", first[0], first[1]


def _quote_if_needed(value: str, in_flow: bool) -> tuple[str, str]:
    """The value quoted when YAML would misread it, and the reason ('' when it reads fine)."""
    value = value.strip()
    reason = _reason(value, in_flow)
    return (quoted(_unquoted(value)), reason) if reason else (value, "")


def _reason(value: str, in_flow: bool) -> str:
    if value[:1] in _QUOTES:
        closed = len(value) > 1 and value[-1] == value[0]
        inner = value[1:-1] if closed else value
        return "quotes" if value[0] in inner or not closed else ""
    if re.match(r"^(\[[^\]]*\]|\{[^}]*\})\s*\S", value):
        return "bracket"  # `[Nouveau] Cours`; a list or group on its own is left alone
    if value[:1] == "#":
        return "hash"
    if re.search(r":(\s|$)", value):
        return "colon"
    if in_flow and re.search(r"[,\[\]{}]", value):
        return "comma"
    return ""


def _unquoted(value: str) -> str:
    """The text an editor meant: `"Le "job" idéal"` means `Le "job" idéal`."""
    value = value.strip()
    if len(value) > 1 and value[0] in _QUOTES and value[-1] == value[0]:
        return value[1:-1]
    return value


def _is_text_object(known: list[str]) -> bool:
    return bool(known) and all(re.fullmatch(r"[a-z]{2}", k) for k in known)


def _error_line(text: str) -> int:
    """The line of the first YAML error in `text`, or 0 when it reads."""
    try:
        for _event in yaml.parse(text, Loader=_Safe):  # parsing only: nothing is built
            pass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        return mark.line + 1 if mark is not None else 1
    return 0
