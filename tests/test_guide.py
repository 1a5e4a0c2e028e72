"""The editors' guide: on the site in both languages, out of the main navigation, with a
"create new file" link per kind that opens GitHub's editor on that kind's template."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.model import KINDS
from ciivs.editors.guide import MARKER, NEW_ID, expand_markers, new_file_link
from ciivs.editors.scaffold import template
from conftest import LANGS, ROOT
from sitekit import built_site  # noqa: F401

GUIDE = {
    "fr": ("contribuer/index.html", "Contribuer"),
    "de": ("de/contribuer/index.html", "Mitwirken"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_guide_is_published_in_both_languages_and_linked_from_the_about_page(built_site, lang):
    page, title = GUIDE[lang]
    html = (built_site / page).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert "<h1" in html and title in html
    assert MARKER not in html and "ciivs-new-entries" in html
    about = (built_site / Path(page).parent.parent / "a-propos" / "index.html").read_text("utf-8")
    assert 'href="../contribuer/"' in about


def test_guide_is_not_in_the_main_navigation(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"') :]
    assert "contribuer/" not in nav[: nav.index("</nav>")]


@pytest.mark.parametrize("kind", KINDS)
def test_new_file_link_opens_the_kind_template_in_its_folder(kind):
    url = urlsplit(new_file_link("https://github.com/owner/repo", kind))
    assert url.path == f"/owner/repo/new/main/catalogue/{kind}"
    query = parse_qs(url.query)
    assert query["filename"] == [f"{NEW_ID}.yml"]
    assert query["value"] == [template(kind, NEW_ID)]
    assert yaml.safe_load(query["value"][0])["id"] == NEW_ID


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_known_repository_the_guide_says_how_to_paste_the_template(lang):
    labels = load_labels()
    with_repo = expand_markers(MARKER, lang, labels, "https://github.com/owner/repo")
    without = expand_markers(MARKER, lang, labels, None)
    assert with_repo.count("github.com/owner/repo/new/main/catalogue/") == len(KINDS)
    assert "/new/main/" not in without
    assert labels["guide_no_repository"][lang].split(":")[0] in without


FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("[0-9]*.yml"))


def test_issue_forms_exist_in_both_languages_and_are_valid_for_github() -> None:
    names = [yaml.safe_load(form.read_text("utf-8"))["name"] for form in FORMS]
    assert sum("(français)" in name for name in names) == 2
    assert sum("(Deutsch)" in name for name in names) == 2
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms"]
        + [str(form) for form in FORMS],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
