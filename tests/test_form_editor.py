"""The form editor end to end: the built /admin/, Decap's local proxy in git mode, headless Chromium.

In a throw-away git repository holding a copy of the catalogue, an editor changes a measure's
French summary, creates a new measure, and publishes both through the editorial workflow. The
tests read what git then holds: the branch of each save, the merge, a diff of only the changed
lines, and the catalogue's check on the result. Another test opens every collection, in both
interface languages, to catch a schema the editor's generator cannot map.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml

from ciivs.build.local_editor import proxy_url, start_proxy
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import REGISTRY
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.languages import SITE_LANGUAGES
from ciivs.catalogue.naming import NAME_KEYS, name_in
from ciivs.catalogue.urls import ADMIN
from ciivs.editors.cms import Settings, Unmapped, _Context, _widget, editor_config
from ciivs.pages.published import published_urls
from conftest import LANGS, ROOT
from sitekit import browser, built_site, screenshot, serve  # noqa: F401

pytestmark = pytest.mark.browser

LABELS = load_labels()
CATALOGUE, PROBLEMS = check_catalogue(ROOT / "catalogue")
SAVE = {"fr": "Enregistrer", "de": "Speichern"}
EDITOR_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org"}


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A throw-away repository with the catalogue as committed in this checkout's work tree."""
    folder = tmp_path_factory.mktemp("editor") / "repo"
    shutil.copytree(ROOT / "catalogue", folder / "catalogue")
    _git(folder.parent, "init", "-q", "-b", "main", str(folder))
    for key, value in (("user.name", "Editor"), ("user.email", "editor@example.org")):
        _git(folder, "config", key, value)
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "The catalogue as the editor finds it")
    return folder


@pytest.fixture(scope="module")
def editor(built_site, repo, tmp_path_factory):
    """The built /admin/ served over HTTP, pointed at a proxy on a free port of its own."""
    port = _free_port()
    served = tmp_path_factory.mktemp("served")
    assert (built_site / ADMIN / "index.html").is_file(), "the build wrote no /admin/"
    shutil.copytree(built_site / ADMIN, served / ADMIN)
    (served / "assets").symlink_to(built_site / "assets")  # the site's icon
    for config in (served / ADMIN).glob("config.*.json"):
        data = json.loads(config.read_text(encoding="utf-8"))
        data["local_backend"]["url"] = proxy_url(
            "127.0.0.1", port
        )  # the CIIVS_EDITOR_PROXY setting
        config.write_text(json.dumps(data), encoding="utf-8")
    proxy = start_proxy(repo, "127.0.0.1", port)
    httpd, base = serve(served)
    yield f"{base}/{ADMIN}/"
    httpd.shutdown()
    proxy.terminate()
    proxy.wait(timeout=10)


@pytest.fixture
def signed_in(browser, editor):
    """A page of the editor, signed in to the local proxy, that fails on a request elsewhere or
    a script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    pg.on("pageerror", lambda error: errors.append(str(error)))
    # A request the page's policy refuses shows as a console error; a failed load as a response
    # (the console's "Failed to load resource" repeats it without the address).
    pg.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    pg.on("response", lambda response: _failed(response, errors))
    pg.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )

    def open_editor(lang: str = "fr") -> object:
        pg.goto(editor + ("" if lang == LANGS[0] else f"{lang}/"))
        pg.get_by_role("button").first.click()  # the local proxy's sign-in: no password
        pg.get_by_role("link", name=LABELS["measures"][lang]).first.wait_for()
        return pg

    yield pg, open_editor, editor
    context.close()
    assert not errors, errors
    assert not outside, outside


def _failed(response, errors: list[str]) -> None:
    """Record a failed load, except the proxy's 404 for "no draft of this entry yet", which is
    how Decap's protocol answers that question."""
    request = response.request
    if response.status < 400:
        return
    if response.status == 404 and '"action":"unpublishedEntry"' in (request.post_data or ""):
        return
    errors.append(f"{response.status} {request.method} {response.url}")


def _field(pg, name: str, lang: str | None = None):
    """The input of a top-level field, or of one language of a bilingual field."""
    box = pg.locator(f"[id^='{name}-field-']").first
    return box.locator(f"[id^='{lang}-field-']").first if lang else box


def _choose(pg, name: str, text: str) -> None:
    """Pick `text` in a drop-down or reference picker (react-select): type, then take it."""
    control = _field(pg, name)
    control.click()
    control.fill(text)
    pg.get_by_role("option", name=text, exact=False).first.click()


def _type_markdown(pg, name: str, lang_index: int, text: str) -> None:
    editable = pg.locator(f"[id^='{name}-field-'] [contenteditable='true']").nth(lang_index)
    editable.click()
    editable.type(text)


def _save(pg, lang: str = "fr") -> None:
    pg.get_by_role("button", name=SAVE[lang], exact=True).click()
    try:
        pg.get_by_text({"fr": "Entrée enregistrée", "de": "Eintrag gespeichert"}[lang]).wait_for()
    except Exception:
        screenshot(pg, "form-editor-save-failed")  # the form shows which field stopped the save
        raise


def _publish(pg) -> None:
    """Set the entry's status to ready, then publish it now (the editorial workflow)."""
    pg.get_by_role("button", name="Statut: Brouillon").click()
    pg.get_by_role("menuitem", name="Prêt").click()
    pg.get_by_text("Statut: Prêt").wait_for()
    pg.once("dialog", lambda dialog: dialog.accept())
    pg.get_by_role("button", name="Publier", exact=True).click()
    pg.get_by_role("menuitem", name="Publier maintenant").click()
    pg.get_by_text("Entrée publiée").wait_for()


def _diff_lines(repo: Path, a: str, b: str, path: str) -> tuple[list[str], list[str]]:
    diff = _git(repo, "diff", "--unified=0", a, b, "--", path).splitlines()
    removed = [l[1:] for l in diff if l.startswith("-") and not l.startswith("---")]
    added = [l[1:] for l in diff if l.startswith("+") and not l.startswith("+++")]
    return removed, added


def _check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ciivs", "check", str(repo / "catalogue")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def _picture(pg, name: str) -> None:
    """What the editor sees, one screen (tests/artifacts/); the editors' guide shows them."""
    screenshot(pg, name, full_page=False)


@pytest.mark.parametrize("lang", LANGS)
def test_every_collection_opens_with_its_entries_and_its_first_form(signed_in, lang) -> None:
    pg, open_editor, base = signed_in
    open_editor(lang)
    pg.get_by_role("link", name=LABELS["measures"][lang], exact=True).first.click()
    _picture(pg, f"form-editor-list-{lang}")
    pg.goto(
        base
        + ("" if lang == LANGS[0] else f"{lang}/")
        + "#/collections/measures/entries/formavenir"
    )
    _field(pg, "summary", lang).wait_for()
    _field(pg, "summary").scroll_into_view_if_needed()
    _picture(pg, f"form-editor-measure-{lang}")
    pg.goto(pg.url.split("#")[0] + "#/")
    for kind in REGISTRY:
        entries = sorted(CATALOGUE.of(kind.name), key=lambda e: e.id)
        pg.get_by_role("link", name=LABELS[kind.title][lang], exact=True).first.click()
        first = entries[0]
        # Listed by name; by id where the kind's name is optional and the entry has none.
        shown = name_in(first, lang) if any(k in first.data for k in NAME_KEYS) else first.id
        pg.get_by_text(shown, exact=True).first.wait_for()
        pg.goto(pg.url.split("#")[0] + f"#/collections/{kind.name}/entries/{first.id}")
        assert _field(pg, "id").input_value() == first.id, kind.name
        pg.goto(pg.url.split("#")[0] + "#/")


def test_a_changed_summary_is_one_changed_line_on_a_branch_then_merged(signed_in, repo) -> None:
    pg, open_editor, base = signed_in
    measure = CATALOGUE.get("measures", "formavenir")
    before = measure["summary"]["fr"]
    after = before.rstrip(".") + ", avec une personne de référence."
    open_editor()
    pg.goto(base + "#/collections/measures/entries/formavenir")
    summary = _field(pg, "summary", "fr")
    assert summary.input_value() == before
    summary.fill(after)
    _save(pg)

    branch = "cms/measures/formavenir"
    assert branch in _git(repo, "branch", "--list", branch)
    path = "catalogue/measures/formavenir.yml"
    removed, added = _diff_lines(repo, "main", branch, path)
    assert removed == [f"  fr: {before}"] and added == [f"  fr: {after}"]
    assert _git(repo, "diff", "--name-only", "main", branch).split() == [path]

    _publish(pg)
    assert not _git(repo, "branch", "--list", branch).strip()  # merged, then deleted
    published = yaml.safe_load((repo / path).read_text(encoding="utf-8"))
    assert published["summary"]["fr"] == after
    assert _git(repo, "show", "main:" + path).count(after) == 1
    result = _check(repo)
    assert result.returncode == 0, result.stderr


def test_a_new_measure_with_its_required_fields_is_published_and_checks(signed_in, repo) -> None:
    pg, open_editor, base = signed_in
    open_editor()
    pg.goto(base + "#/collections/measures/new")
    _field(pg, "id").fill("atelier-cv-test")
    _field(pg, "title", "fr").fill("Atelier CV")
    _field(pg, "title", "de").fill("Lebenslauf-Werkstatt")
    _choose(pg, "german_name", "likely")
    _field(pg, "summary", "fr").fill("Un atelier pour écrire son CV.")
    _field(pg, "summary", "de").fill("Eine Werkstatt, um den Lebenslauf zu schreiben.")
    _type_markdown(pg, "description", 0, "Un atelier en groupe.")
    _type_markdown(pg, "description", 1, "Eine Werkstatt in der Gruppe.")
    _choose(pg, "status", "planned")
    _choose(pg, "phase", "pilot")
    group = CATALOGUE.of("target-groups")[0]
    _choose(pg, "target_groups", name_in(group, "fr"))
    office = CATALOGUE.get("institutions", "bureau-cii")
    _choose(pg, "responsible", name_in(office, "fr"))
    article = CATALOGUE.get("articles", "edito")
    _choose(pg, "sources", name_in(article, "fr"))
    _type_markdown(pg, "application_process", 0, "Inscription auprès du bureau.")
    _type_markdown(pg, "application_process", 1, "Anmeldung beim Büro.")
    cost = _field(pg, "cost")
    cost.locator("[id^='fr-field-']").first.fill("Coût non indiqué : demandez au bureau.")
    cost.locator("[id^='de-field-']").first.fill("Kosten nicht angegeben: Fragen Sie das Büro.")
    _save(pg)

    path = "catalogue/measures/atelier-cv-test.yml"
    assert _git(repo, "diff", "--name-only", "main", "cms/measures/atelier-cv-test").split() == [
        path
    ]
    _publish(pg)
    data = yaml.safe_load((repo / path).read_text(encoding="utf-8"))
    assert uuid.UUID(data["uuid"]).version == 4
    assert data["target_groups"] == [group.id] and data["responsible"] == office.id
    assert data["description"] == {
        "fr": "Un atelier en groupe.",
        "de": "Eine Werkstatt in der Gruppe.",
    }
    result = _check(repo)
    assert result.returncode == 0, result.stderr


# --- Made from the schemas; out of the way of readers (no browser needed) ----------------------


def _form_fields(fields: list[dict]) -> set[str]:
    return {f["name"] for f in fields}


@pytest.mark.parametrize("lang", LANGS)
def test_every_schema_field_of_every_kind_is_a_form_field(lang) -> None:
    """The forms come from the schemas: a field added to a schema is in the editor by itself."""
    language = next(l for l in SITE_LANGUAGES if l.code == lang)
    config, _ = editor_config(language, LABELS, Settings())
    collections = {c["name"]: c for c in config["collections"]}
    assert list(collections) == [k.name for k in REGISTRY]
    for kind in REGISTRY:
        schema = json.loads((ROOT / "catalogue" / "schemas" / kind.schema).read_text("utf-8"))
        assert _form_fields(collections[kind.name]["fields"]) == set(schema["properties"])
        assert collections[kind.name]["label"] == LABELS[kind.title][lang]
    measures = {f["name"]: f for f in collections["measures"]["fields"]}
    assert measures["responsible"]["widget"] == "relation"
    assert measures["responsible"]["collection"] == "institutions"
    assert measures["target_groups"]["multiple"] is True
    assert measures["status"]["options"] == ["active", "planned", "ended", "unknown"]
    description = {f["name"]: f for f in measures["description"]["fields"]}
    assert set(description) == set(LANGS) and description[lang]["modes"] == ["raw"]
    assert measures["summary"]["label"] == LABELS["field_summary"][lang]
    assert config["publish_mode"] == "editorial_workflow"


def test_a_schema_construct_without_a_form_field_stops_the_build_with_its_name() -> None:
    language = SITE_LANGUAGES[0]
    ctx = _Context(REGISTRY[0], language, LABELS)
    with pytest.raises(Unmapped, match=r"measures\.odd"):
        _widget(ctx, "odd", {"type": "null"}, False, "odd")


def test_pages_for_readers_load_nothing_of_the_editor(built_site) -> None:
    """No reader's page loads the editor's files; it is out of the sitemap, the search index and
    the URL promise."""
    for page in built_site.rglob("*.html"):
        relative = page.relative_to(built_site).as_posix()
        if relative.startswith(f"{ADMIN}/"):
            continue
        text = page.read_text(encoding="utf-8")
        assert not re.search(rf'(src|href)="[^"]*{ADMIN}/[^"]*\.(js|json|css)"', text), relative
        assert "decap-cms" not in text, relative
    assert f"/{ADMIN}/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not [u for u in published_urls(built_site) if u.startswith(f"/{ADMIN}")]
    promised = (ROOT / "catalogue" / "published-urls.txt").read_text(encoding="utf-8")
    assert f"/{ADMIN}/" not in promised
    editor_page = (built_site / ADMIN / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in editor_page
    assert "data-pagefind-body" not in editor_page
