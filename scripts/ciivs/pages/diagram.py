"""Draw the circles of partners as an SVG, from the catalogue, in one language."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Entry
from ciivs.catalogue.naming import localized, title_of
from ciivs.catalogue.relations import Relations

SIZE = 660
CENTRE_RADIUS = 62
RING_RADII = (155, 245, 318)
FILLS = ("#dbe9f6", "#eef5e4", "#fbf6e9")
STROKES = ("#1f5f99", "#4c7a1f", "#8a6d1d")


def circles_svg(relations: Relations, lang: Language, title: str, centre_label: str) -> Markup:
    """An SVG of concentric circles, the first circle in the middle, each member written on its ring."""
    circles = sorted(relations.catalogue.of("circles"), key=lambda c: c["rank"])
    centre = SIZE / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="circles-title" aria-describedby="circles-desc" class="ciivs-circles" lang="{lang.code}">',
        f'<title id="circles-title">{escape(title)}</title>',
        f'<desc id="circles-desc">{escape(_describe(relations, circles, lang))}</desc>',
    ]
    for index, circle in reversed(list(enumerate(circles))):
        radius = RING_RADII[min(index, len(RING_RADII) - 1)]
        dash = ' stroke-dasharray="10 8"' if circle["status"] == "planned" else ""
        parts.append(
            f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="{FILLS[index % 3]}" '
            f'stroke="{STROKES[index % 3]}" stroke-width="3"{dash}/>'
        )
    parts.append(f'<circle cx="{centre}" cy="{centre}" r="{CENTRE_RADIUS}" fill="#1d4f7c"/>')
    parts.append(
        f'<text x="{centre}" y="{centre + 7}" text-anchor="middle" class="ciivs-circles__centre">{escape(centre_label)}</text>'
    )
    for index, circle in enumerate(circles):
        parts += _ring_labels(relations, circle, index, lang, centre)
    parts.append("</svg>")
    return Markup("".join(parts))


def _ring_labels(
    relations: Relations, circle: Entry, index: int, lang: Language, centre: float
) -> list[str]:
    outer = RING_RADII[min(index, len(RING_RADII) - 1)]
    inner = RING_RADII[index - 1] if index else CENTRE_RADIUS
    members = relations.having("institutions", "circles", circle.id)
    parts = [
        f'<text x="{centre}" y="{centre - outer + 26}" text-anchor="middle" class="ciivs-circles__name">'
        f"{escape(localized(title_of(circle), lang)[0])}</text>"
    ]
    for i, member in enumerate(members):
        # Spread members over the ring, leaving the top free for the circle's name.
        angle = math.radians(290 + 320 * (i + 0.5) / len(members))
        label = (
            localized(member["abbreviation"], lang)[0]
            if "abbreviation" in member.data
            else localized(title_of(member), lang)[0]
        )
        parts.append(_member_label(label, angle, inner, outer, centre))
    return parts


# Member labels: 21 units high (site.css); longer than WRAP_AFTER characters they go on two
# lines in a smaller size (site.css too). CHAR_WIDTH is a generous average glyph width, as a
# share of the size.
MEMBER_SIZE = 21
SMALL_SIZE = 17
WRAP_AFTER = 10
CHAR_WIDTH = 0.6
MARGIN = 6


def _member_label(label: str, angle: float, inner: float, outer: float, centre: float) -> str:
    """A member's name in its ring band, pulled inwards until its box clears the outer circle."""
    lines = _two_lines(label) if len(label) > WRAP_AFTER else [label]
    size = MEMBER_SIZE if len(lines) == 1 else SMALL_SIZE
    line_height = size * 1.15
    width = max(len(line) for line in lines) * CHAR_WIDTH * size
    height = len(lines) * line_height
    ux, uy = math.cos(angle), math.sin(angle)

    def corners(d: float) -> list[float]:
        return [
            math.hypot(d * ux + sx * width / 2, d * uy + sy * height / 2)
            for sx in (-1, 1)
            for sy in (-1, 1)
        ]

    distance = (inner + outer) / 2
    # Never past the inner circle: a label wider than the band would otherwise move on for ever.
    while (
        distance > inner
        and max(corners(distance)) > outer - MARGIN
        and min(corners(distance - 1)) > inner + MARGIN
    ):
        distance -= 1
    x, y = centre + distance * ux, centre + distance * uy
    # Baselines: the block of lines is centred on (x, y); 0.35 em puts a line's middle on its point.
    baselines = [
        y + (k - (len(lines) - 1) / 2) * line_height + 0.35 * size for k in range(len(lines))
    ]
    # The smaller size by a class (site.css), not a style attribute: the pages' Content Security
    # Policy allows no inline style.
    small = "" if size == MEMBER_SIZE else " ciivs-circles__member--small"
    if len(lines) == 1:
        return (
            f'<text x="{x:.0f}" y="{baselines[0]:.0f}" text-anchor="middle" class="ciivs-circles__member{small}">'
            f"{escape(label)}</text>"
        )
    # The space stays at the end of the first line, so the text reads as one name.
    spans = "".join(
        f'<tspan x="{x:.0f}" y="{b:.0f}">{escape(line)}{" " if k == 0 else ""}</tspan>'
        for k, (line, b) in enumerate(zip(lines, baselines, strict=False))
    )
    return f'<text x="{x:.0f}" y="{baselines[0]:.0f}" text-anchor="middle" class="ciivs-circles__member{small}">{spans}</text>'


def _two_lines(label: str) -> list[str]:
    """Split at the space nearest the middle; a label without a space stays whole."""
    spaces = [i for i, c in enumerate(label) if c == " "]
    if not spaces:
        return [label]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _describe(relations: Relations, circles: list[Entry], lang: Language) -> str:
    """The same information as a sentence per circle, for screen readers."""
    sentences = []
    for circle in circles:
        members = relations.having("institutions", "circles", circle.id)
        names = ", ".join(localized(title_of(m), lang)[0] for m in members) or ("—")
        sentences.append(f"{localized(title_of(circle), lang)[0]}: {names}.")
    return " ".join(sentences)
