"""Data inserted into the hand-written editors' guide (`docs/<lang>/contribuer.md`) at a marker.

The guide's prose stays in `docs/`; this module only fills `<!-- ciivs:new-entry-links -->` with,
for each kind, a GitHub "create new file" link carrying the kind's template (when the
repository's address is known) and the template itself to copy.

    >>> "<!--" in expand_markers("<!-- ciivs:new-entry-links -->", "fr", {}, None)
    False
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from urllib.parse import quote, urlencode

from ciivs import environ, paths
from ciivs.catalogue.kinds import REGISTRY
from ciivs.editors.scaffold import template

MARKER = "<!-- ciivs:new-entry-links -->"
NEW_ID = "nouvel-identifiant"
ROOT = paths.ROOT


def repository_url() -> str | None:
    """The GitHub address of the repository: CIIVS_REPO_URL, else the `origin` remote if on GitHub."""
    if os.environ.get(environ.REPO_URL):
        return os.environ[environ.REPO_URL].rstrip("/")
    try:
        remote = subprocess.run(
            ["git", "remote", "get-url", "origin"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.match(
        r"^(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?$", remote
    )
    return f"https://github.com/{found.group(1)}" if found else None


def new_file_link(repo: str, kind: str) -> str:
    """GitHub's "create new file" page for a kind, with the file name and template filled in."""
    query = urlencode(
        {"filename": f"{NEW_ID}.yml", "value": template(kind, NEW_ID)}, quote_via=quote
    )
    return f"{repo}/new/main/catalogue/{kind}?{query}"


def expand_markers(
    text: str, lang: str, labels: dict[str, dict[str, str]], repo: str | None
) -> str:
    """The page text with its marker replaced by the per-kind links and templates."""
    if MARKER not in text:
        return text
    items = []
    for declared in REGISTRY:
        kind, title = declared.name, html.escape(labels[declared.title][lang])
        link = (
            f' – <a href="{html.escape(new_file_link(repo, kind))}">'
            f"{html.escape(labels['guide_create_on_github'][lang])}</a>"
            if repo
            else ""
        )
        items.append(
            f"<li><strong>{title}</strong> (<code>catalogue/{kind}/</code>){link}"
            # The templates repeat every field's help: words for editors, noise for readers'
            # searches (and their length would tilt the ranking of every page).
            f"<details data-pagefind-ignore><summary>"
            f"{html.escape(labels['guide_show_template'][lang])}</summary>"
            f"<pre><code>{html.escape(template(kind, NEW_ID))}</code></pre></details></li>"
        )
    note = "" if repo else f"<p>{html.escape(labels['guide_no_repository'][lang])}</p>"
    return text.replace(MARKER, f'{note}<ul class="ciivs-new-entries">{"".join(items)}</ul>')


def expand_page(text: str, lang: str) -> str:
    """A hand-written page as staged: its markers filled (labels and repository read only if needed)."""
    if MARKER not in text:
        return text
    from ciivs.catalogue.labels import load_labels

    return expand_markers(text, lang, load_labels(), repository_url())
