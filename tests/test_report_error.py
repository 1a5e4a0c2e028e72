""" "Report an error on this page", on every page, in the reader's language: an e-mail to the one
address of catalogue/feedback.yml, prefilled with the page's address and entry, and the issue
form prefilled through its URL parameters; the editors' report lists the address until confirmed."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from ciivs.build.pipeline import Options, build_site
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.urls import PREVIEW_URL
from ciivs.editors.report import Options as ReportOptions
from ciivs.editors.report import report_catalogue
from conftest import CATALOGUE, LANGS, ROOT, VALID, copy_catalogue, edit
from sitekit import built_site  # noqa: F401

LABELS = load_labels(CATALOGUE)
FOUND, PROBLEMS = check_catalogue(CATALOGUE)
assert not PROBLEMS, PROBLEMS
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
_MAIL = re.compile(r'<a class="ciivs-error-report__mail" href="([^"]+)"')
_FORM = re.compile(r'<a class="ciivs-error-report__form" href="([^"]+)"')
_LANG = re.compile(r'<html lang="([a-z]{2})"')
# Pages with the site's layout; redirect pages, permalink choosers and the embed have none.
_THEMED = 'class="md-content"'


def _pages(site: Path) -> list[tuple[str, str]]:
    """(path from the site root, HTML) of every page with the site's layout."""
    found = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[0] in ("pagefind", "assets"):
            continue
        text = index.read_text(encoding="utf-8")
        if _THEMED in text:
            found.append(("" if rel == "." else f"{rel}/", text))
    return found


def _mail(text: str) -> tuple[str, dict[str, str]]:
    [href] = _MAIL.findall(text)
    parts = urlsplit(html.unescape(href))
    assert parts.scheme == "mailto"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return unquote(parts.path), query


def test_every_page_links_an_error_report_with_its_own_address(built_site: Path) -> None:
    pages = _pages(built_site)
    entries = {f"{e.kind}/{e.id}" for e in FOUND.all()}
    assert len(pages) > len(entries), "the site's pages were not found"
    for path, text in pages:
        lang = _LANG.search(text).group(1)
        address, query = _mail(text)
        assert address == FOUND.feedback.email, path
        assert query["subject"].startswith(LABELS["report_subject"][lang].strip()), path
        body = query["body"]
        assert f"{PREVIEW_URL}{path}" in body.splitlines()[0], f"{path}: {body[:80]}"
        assert LABELS["report_body"][lang].split("\n")[2][:30] in body, path
        named = re.findall(r"^\S+ ?: ?([a-z-]+/[a-z0-9-]+)$", body, re.MULTILINE)
        kind_and_id = path.removeprefix(f"{lang}/") if lang != LANGS[0] else path
        rest = kind_and_id.partition("/")[2]
        if named:
            assert named[0] in entries, f"{path}: {named}"
            assert named[0].endswith("/" + rest.rstrip("/")), f"{path}: {named}"


def test_entry_pages_name_their_entry(built_site: Path) -> None:
    measure = FOUND.of("measures")[0]
    for lang in LANGS:
        prefix = "" if lang == LANGS[0] else f"{lang}/"
        text = (built_site / prefix / "mesures" / measure.id / "index.html").read_text("utf-8")
        _address, query = _mail(text)
        line = LABELS["report_entry"][lang].replace("{id}", f"measures/{measure.id}").strip()
        assert line in query["body"].splitlines()
        assert LABELS["report_error"][lang] in text


def test_the_issue_form_is_prefilled_when_the_repository_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = copy_catalogue(VALID, tmp_path / "catalogue")
    (catalogue / "feedback.yml").write_text(
        "email: erreurs@example.org\nconfirmed: true\n"
        "issue_forms: {fr: 1-erreur-fr.yml, de: 2-fehler-de.yml}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CIIVS_REPO_URL", "https://github.com/example/catalogue")
    options = Options(
        catalogue=catalogue,
        site=tmp_path / "site",
        staging=tmp_path / "staging",
        manifest=None,
        search=False,
    )
    build_site(options)
    measure = next((catalogue / "measures").glob("*.yml")).stem
    for lang, form in (("fr", "1-erreur-fr.yml"), ("de", "2-fehler-de.yml")):
        prefix = "" if lang == "fr" else "de/"
        text = (tmp_path / "site" / prefix / "mesures" / measure / "index.html").read_text("utf-8")
        assert _mail(text)[0] == "erreurs@example.org"
        [href] = _FORM.findall(text)
        parts = urlsplit(html.unescape(href))
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
            "https://github.com/example/catalogue/issues/new"
        )
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["template"] == form and (FORMS / form).is_file()
        assert query["page"] == f"{PREVIEW_URL}{prefix}mesures/{measure}/"
        assert query["title"].startswith(LABELS["report_issue_title"][lang].strip())
        assert f"measures/{measure}" in query["title"]
        # `page` is the id of a field of that form: GitHub fills it in.
        fields = [b.get("id") for b in yaml.safe_load((FORMS / form).read_text("utf-8"))["body"]]
        assert "page" in fields


def test_the_committed_address_is_listed_to_confirm_until_confirmed(tmp_path: Path) -> None:
    options = ReportOptions(on=dt.date(2026, 12, 2), history=False, readability=False)
    codes = {f.code for f in report_catalogue(FOUND, options)}
    assert ("FEEDBACK_ADDRESS_TO_CONFIRM" in codes) is (not FOUND.feedback.confirmed)
    copy = copy_catalogue(VALID, tmp_path / "catalogue")
    (copy / "feedback.yml").write_text(
        "email: erreurs@example.org\nconfirmed: false\n", encoding="utf-8"
    )
    found, problems = check_catalogue(copy)
    assert problems == []
    [finding] = [f for f in report_catalogue(found, options) if f.code.startswith("FEEDBACK")]
    assert finding.path.endswith("feedback.yml") and finding.line == 1
    edit(copy, "feedback.yml", "confirmed: false", "confirmed: true")
    found, _ = check_catalogue(copy)
    assert not [f for f in report_catalogue(found, options) if f.code.startswith("FEEDBACK")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("email: not-an-address\nconfirmed: false\n", "BAD_EMAIL"),
        ("email: a@example.org\nconfirmed: false\nsource: no-such-article\n", "UNKNOWN_REFERENCE"),
        ("email: a@example.org\n", "MISSING_FIELD"),
    ],
)
def test_the_check_reads_the_address_file(tmp_path: Path, text: str, code: str) -> None:
    copy = copy_catalogue(VALID, tmp_path / "catalogue")
    (copy / "feedback.yml").write_text(text, encoding="utf-8")
    _found, problems = check_catalogue(copy)
    assert code in [p.code for p in problems]


def test_a_measure_without_steps_is_reported(tmp_path: Path) -> None:
    copy = copy_catalogue(VALID, tmp_path / "catalogue")
    text = (copy / "measures" / "formavenir.yml").read_text(encoding="utf-8")
    (copy / "measures" / "formavenir.yml").write_text(
        text.split("\nsteps:\n")[0] + "\n", encoding="utf-8"
    )
    found, problems = check_catalogue(copy)
    assert problems == []
    options = ReportOptions(on=dt.date(2026, 12, 2), history=False, readability=False)
    assert "STEPS_MISSING" in {f.code for f in report_catalogue(found, options)}
