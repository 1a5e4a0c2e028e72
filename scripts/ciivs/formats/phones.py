"""Phone numbers as Valais writes them, shown in one format and dialled through tel: links.

Editors write `027 606 73 20`, `027/606 73 20`, `027.606.73.20`, `+41 27 606 73 20` or
`+41 (0)27 606 73 20`; the site shows every Swiss number as `027 606 73 20` and links it as
`tel:+41276067320`, which works from a phone anywhere.

>>> display_phone("+41 (0)27 606 73 20"), tel_uri("027/606 73 20")
('027 606 73 20', 'tel:+41276067320')
"""

from __future__ import annotations

import re

# Separators people use between groups of digits; `(0)` is the trunk zero of an international form.
_SEPARATORS = re.compile(r"[\s/.\-]+")
_TRUNK = "(0)"
SWISS_DIGITS = 10  # 0 + 9 digits, e.g. 027 606 73 20 or 0800 123 456


def digits(text: str) -> str | None:
    """The number as `+` and digits (international) or digits (Swiss), or None if not a number."""
    compact = _SEPARATORS.sub("", text.strip()).replace(_TRUNK, "")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+41"):
        compact = "0" + compact[3:]
    if not re.fullmatch(r"\+?[0-9]+", compact):
        return None
    return compact


def is_valid_phone(text: object) -> bool:
    """A Swiss number of ten digits, or an international number of 8 to 15 digits.

    Only texts are judged: a value of another type is the type check's to report.
    """
    if not isinstance(text, str):
        return True
    number = digits(text)
    if number is None:
        return False
    if number.startswith("+"):
        return 8 <= len(number) - 1 <= 15
    return number.startswith("0") and len(number) == SWISS_DIGITS


def display_phone(text: str) -> str:
    """The number as the site shows it: `027 606 73 20`, `0800 123 456`; others as written."""
    number = digits(text)
    if number is None or number.startswith("+") or len(number) != SWISS_DIGITS:
        return " ".join(text.split())
    if number.startswith(("08", "09")):  # free and premium numbers: 0800 123 456
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    return f"{number[:3]} {number[3:6]} {number[6:8]} {number[8:]}"


def tel_uri(text: str) -> str:
    """The tel: link (RFC 3966, international form): `tel:+41276067320`."""
    number = digits(text)
    if number is None:
        return "tel:" + re.sub(r"[^0-9+]", "", text)
    if number.startswith("0"):
        number = "+41" + number[1:]
    return f"tel:{number}"
