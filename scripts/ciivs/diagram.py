"""Draw the circles of partners as an SVG, from the catalogue, in one language."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from .views import Relations, title_of

SIZE = 660
CENTRE_RADIUS = 62
RING_RADII = (155, 245, 318)
FILLS = ("#dbe9f6", "#eef5e4", "#fbf6e9")
STROKES = ("#1f5f99", "#4c7a1f", "#8a6d1d")


def circles_svg(relations: Relations, lang: str, title: str, centre_label: str) -> Markup:
    """An SVG of concentric circles, the first circle in the middle, each member written on its ring."""
    circles = sorted(relations.catalogue.of("circles"), key=lambda c: c["rank"])
    centre = SIZE / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="circles-title" aria-describedby="circles-desc" class="ciivs-circles" lang="{lang}">',
        f'<title id="circles-title">{escape(title)}</title>',
        f'<desc id="circles-desc">{escape(_describe(relations, circles, lang))}</desc>',
    ]
    for index, circle in reversed(list(enumerate(circles))):
        radius = RING_RADII[min(index, len(RING_RADII) - 1)]
        dash = ' stroke-dasharray="10 8"' if circle["status"] == "planned" else ""
        parts.append(f'<circle cx="{centre}" cy="{centre}" r="{radius}" fill="{FILLS[index % 3]}" '
                     f'stroke="{STROKES[index % 3]}" stroke-width="3"{dash}/>')
    parts.append(f'<circle cx="{centre}" cy="{centre}" r="{CENTRE_RADIUS}" fill="#1d4f7c"/>')
    parts.append(f'<text x="{centre}" y="{centre + 7}" text-anchor="middle" class="ciivs-circles__centre">{escape(centre_label)}</text>')
    for index, circle in enumerate(circles):
        parts += _ring_labels(relations, circle, index, lang, centre)
    parts.append("</svg>")
    return Markup("".join(parts))


def _ring_labels(relations: Relations, circle, index: int, lang: str, centre: float) -> list[str]:
    outer = RING_RADII[min(index, len(RING_RADII) - 1)]
    inner = RING_RADII[index - 1] if index else CENTRE_RADIUS
    middle = (outer + inner) / 2 + 8
    members = relations.having("institutions", "circles", circle.id)
    parts = [f'<text x="{centre}" y="{centre - outer + 26}" text-anchor="middle" class="ciivs-circles__name">'
             f'{escape(title_of(circle)[lang])}</text>']
    for i, member in enumerate(members):
        # Spread members over the ring, leaving the top free for the circle's name.
        angle = math.radians(290 + 320 * (i + 0.5) / len(members))
        x = centre + middle * math.cos(angle)
        y = centre + middle * math.sin(angle) + 5
        label = member["abbreviation"][lang] if "abbreviation" in member.data else title_of(member)[lang]
        parts.append(f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle" class="ciivs-circles__member">{escape(label)}</text>')
    return parts


def _describe(relations: Relations, circles, lang: str) -> str:
    """The same information as a sentence per circle, for screen readers."""
    sentences = []
    for circle in circles:
        members = relations.having("institutions", "circles", circle.id)
        names = ", ".join(title_of(m)[lang] for m in members) or ("—")
        sentences.append(f"{title_of(circle)[lang]}: {names}.")
    return " ".join(sentences)
