"""An embeddable measure list for partners' sites: /embed/mesures/ and /de/embed/mesures/.

No site chrome, links open in the top window (`<base target="_top">`), and the same filter
parameters as the measure list (`?groups=…&regions=…`), applied by embed.js with the same rule:
a measure shows when, for every filter given, it has one of the values asked for.
"""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.urls import EMBED, FAVICON
from ciivs.pages.facets import measure_facet_items
from ciivs.pages.jinja import environment
from ciivs.pages.render import context_for


def write_embeds(site: Path, catalogue: Catalogue) -> int:
    """The embeddable list in every language; returns the number of pages written."""
    template = environment().get_template("embed.html")
    for language in catalogue.languages:
        ctx = context_for(catalogue, language)
        folder = site / language.prefix / EMBED / url_of("measures")
        root = "../" * folder.relative_to(site).as_posix().count("/") + "../"
        page_root = root + language.prefix
        items = [
            {
                "title": ctx.t(item["entry"]["title"]),
                "summary": ctx.t(item["entry"]["summary"]),
                "href": page_root + url_of("measures", item["entry"].id),
                "facets": item["facets"],
            }
            for item in measure_facet_items(ctx.rel)
        ]
        folder.mkdir(parents=True, exist_ok=True)
        html = template.render(
            lang=language.code,
            L=ctx.labels,
            items=items,
            list_href=page_root + url_of("measures"),
            script=root + "assets/ciivs/embed.js",
            style=root + "assets/ciivs/embed.css",
            icon=root + FAVICON,
        )
        (folder / "index.html").write_text(ctx.foreign.mark(html), encoding="utf-8")
    return len(catalogue.languages)
