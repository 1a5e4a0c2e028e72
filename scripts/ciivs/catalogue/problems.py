"""Problems found in the catalogue, reported to editors as `path:line: CODE message`."""

from __future__ import annotations

from dataclasses import dataclass, field

from ciivs.catalogue.messages import Msg, msg

# Every code an editor can meet, with the advice the README shows. Codes are stable:
# never rename one, only add new ones.
CODES: dict[str, str] = {
    "FILE_ENCODING": "The file is not valid UTF-8 text or holds a control character. Save it as UTF-8.",
    "FILE_EMPTY": "The file is empty (or holds only comments).",
    "COST_UNSTATED": "A measure's cost says neither an amount, nor free, nor (in a note) that the source does not say it and whom to ask.",
    "FILE_TOO_LARGE": "The file is larger than 1 MB; an entry never needs that much text.",
    "FILE_NAME": "The file name is not a valid id (lower-case letters, digits, hyphens, ending in .yml).",
    "MISPLACED_FILE": "A YAML file lies outside the folders of the catalogue (or in a sub-folder of one) and would never appear; move it into its kind's folder.",
    "YAML_SYNTAX": "The YAML cannot be read: check indentation, colons and quotes near the line given.",
    "YAML_QUOTES": "A text holds a sign YAML reads as structure (': ', a comma inside {...}, or [ { # or a quote at its start); put the whole text in quotes, as the corrected line shows.",
    "YAML_TAB": "A tab character is used for indentation; YAML needs spaces.",
    "YAML_DUPLICATE_KEY": "The same field appears twice in one block; the second would silently win.",
    "YAML_ALIAS": "YAML anchors and aliases (&name, *name) are not allowed; write the value out.",
    "YAML_TOO_DEEP": "The structure is nested too deeply.",
    "YAML_MULTIPLE_DOCUMENTS": "The file holds more than one YAML document (a line with ---); keep one.",
    "YAML_NOT_A_MAPPING": "The file must be a list of fields (key: value), not a single value or a list.",
    "YAML_BOOLEAN": "A word like no, yes, on or off was read as true/false where text is expected; put it in quotes.",
    "YAML_NUMBER": "A value was read as a number where text is expected (a leading zero is lost); put it in quotes.",
    "YAML_DATE": "A value was read as a date where text is expected; put it in quotes.",
    "YAML_EMPTY_VALUE": "A field has no value; fill it in or remove the field.",
    "UNKNOWN_FIELD": "A field is not part of the model for this kind (check its spelling).",
    "MISSING_FIELD": "A required field is missing.",
    "MISSING_TRANSLATION": "A text lacks its French (fr) or German (de) version, or it is empty.",
    "WRONG_TYPE": "A field has the wrong kind of value (for example a list where a text is expected).",
    "BAD_VALUE": "A value is not one of those allowed, or out of range.",
    "BAD_ID": "An id must be lower-case ASCII letters, digits and single hyphens (kebab-case).",
    "ID_MISMATCH": "The id inside the file differs from the file name; they must be equal.",
    "DUPLICATE_ID": "Two entries of the same kind share one id.",
    "BAD_UUID": "The uuid is not a UUID (8-4-4-4-12 lower-case hex digits); the message suggests one.",
    "DUPLICATE_UUID": "Two entries share one uuid; keep it in the original entry and give the copy a new one.",
    "BAD_REFERENCE": "A reference is not written as an id (or kind/id).",
    "UNKNOWN_REFERENCE": "A reference names an entry that does not exist.",
    "PARENT_CYCLE": "Parents form a loop (an institution is its own ancestor).",
    "BAD_DATE": "A date must be YYYY, YYYY-MM or YYYY-MM-DD, in quotes, and exist in the calendar.",
    "DATE_ORDER": "An end date comes before its start date.",
    "AGE_ORDER": "The minimum age is higher than the maximum age.",
    "BAD_LINK": "A link must start with https:, http:, mailto: or tel:.",
    "BAD_EMAIL": "An e-mail address is not valid.",
    "BAD_PHONE": 'A phone number must be digits and spaces in quotes, e.g. "027 606 73 20".',
    "BAD_POSTCODE": "A Swiss postcode has four digits, in quotes.",
    "UNSAFE_MARKDOWN": "Raw HTML is not allowed in texts; use Markdown only.",
    "UNSAFE_CHARACTER": "A text holds an invisible control or direction-override character.",
    "UNSAFE_TEXT": "A plain text (title, name, summary, label) holds markup such as <b> or <script>; write plain words.",
    "TEXT_TOO_LONG": "A short text (title, name, summary) is too long for lists and search results.",
    "NAME_TO_CONFIRM": "A German name marked to-confirm must keep the French name and explain it in gloss.de.",
    "REDIRECT_CONFLICT": "A former id is also the id of an existing entry, or is claimed twice.",
    "PLACEHOLDER": "A value is a placeholder left from a template (..., TODO, XXX); write the real text, or remove the field.",
    "EASY_SENTENCE_TOO_LONG": "A sentence of an easy-read text (or of a glossary explanation) has more than 15 words; split it.",
    "EASY_ONE_SENTENCE_PER_LINE": "A line of an easy-read text holds more than one sentence; put each sentence on its own line.",
    "UNEXPLAINED_ABBREVIATION": "An easy-read text (or a glossary explanation) uses an abbreviation it does not explain; say what it means in that text (the glossary gives the long form).",
    "URL_REMOVED": "A published URL (catalogue/published-urls.txt) has no entry any more; list the old id in former_ids of the entry that replaces it.",
    "INTERNAL_ERROR": "The checker met something it does not understand; please report it with the file.",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place of one file."""

    path: str
    line: int
    code: str
    message: str  # in English, the language of the code and of developers
    said: Msg | None = field(default=None, compare=False)

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the language chosen by the locale or `--lang`)."""
        return self.message if self.said is None else _one_line(self.said.text(lang))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.text()}"


def problem(path: str, line: int, code: str, message: str | Msg, /, **params: object) -> Problem:
    """Build a problem, refusing codes that are not documented.

    `message` is a message key of `catalogue/messages/` with its values as keywords,
    e.g. `problem(path, 3, "UNKNOWN_FIELD", "unknown_field", field="titel", hint="")`;
    a plain sentence is accepted too and then shown as written in every language.
    """
    if code not in CODES:
        raise ValueError(f"undocumented problem code {code}")
    said = message if isinstance(message, Msg) else None
    if isinstance(message, str) and (params or " " not in message):
        said = msg(message, **params)
    english = said.text("en") if said is not None else str(message)
    return Problem(_printable(path), max(int(line), 1), code, _one_line(english), said)


def _printable(text: str) -> str:
    """Escape characters that would break the one-line format or fool a terminal."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _one_line(message: str, limit: int = 400) -> str:
    """A message on one short line: values quoted in it may hold line breaks or be very long."""
    text = _printable(" ".join(message.split()))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def problems_found(count: int) -> str:
    """The line after the list: how many problems, and that nothing was changed."""
    if count == 1:
        return msg("problems_found_one").text()
    return msg("problems_found_many", count=count).text()
