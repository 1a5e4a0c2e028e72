"""The Content Security Policy as the build makes it (scripts/ciivs/build/policy.py), the
`_headers` file made from it, and the <meta> policy alone, as GitHub Pages serves the site (a
plain static server: no header at all). nginx, with headers, is tried in tests/test_hosting.py.

On a static server the pages are visited one per section and language, not all: every page
carries its role's <meta> (checked on every file below), and nginx already loads every page
with that same <meta> plus the stricter headers, so no page can break with the <meta> alone
that did not break there; what only the <meta> delivery can show (the policy without headers,
its workers, the injected scripts) is tried here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ciivs.build.hosting import HEADERS_FILE, headers_file, site_prefix
from ciivs.build.policy import (
    ADMIN,
    EMBED_ROLE,
    NOT_IN_META,
    PAGE,
    PARALLEL_FROM,
    ROLES,
    SEARCH_ROLE,
    PageMarks,
    SitePolicy,
    UnsafeMarkup,
    apply_policy,
    page_marks,
    pages,
    role_of,
    sha256_source,
    site_policy,
    write_meta_policies,
)
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.languages import SITE_LANGUAGES
from ciivs.catalogue.urls import EMBED, SEARCH
from conftest import CATALOGUE
from policykit import (
    assert_injection_blocked,
    crawl,
    filters_narrow,
    finder_answers,
    injected_page,
    mirror,
    one_per_section,
    partner_page,
    search_finds,
    site_pages,
    visit,
)
from sitekit import browser, built_site, serve  # noqa: F401

PREFIXES = [language.prefix for language in SITE_LANGUAGES]
OTHER = PREFIXES[1]
INJECTED = "essai-injection/"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


# --- The policy ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in ROLES if r is not ADMIN], ids=lambda r: r.name)
def test_pages_run_only_the_sites_own_scripts(role) -> None:
    found = _directives(SitePolicy().header(role))
    assert found["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:"} & set(
        found["script-src"]
    )
    assert ("'wasm-unsafe-eval'" in found["script-src"]) == (role is SEARCH_ROLE)
    assert found["default-src"] == ["'none'"] and found["object-src"] == ["'none'"]
    assert found["base-uri"] == ["'self'"] and found["form-action"] == ["'self'"]
    assert found["frame-ancestors"] == (["*"] if role is EMBED_ROLE else ["'none'"])
    assert not any(s.startswith(("http", "'unsafe")) for v in found.values() for s in v)


def test_the_form_editor_has_its_own_wider_policy_and_no_page_gets_it(built_site) -> None:
    editor = _directives(SitePolicy().header(ADMIN))
    assert "'unsafe-eval'" in editor["script-src"] and "'unsafe-inline'" in editor["style-src"]
    assert editor["frame-ancestors"] == ["'none'"] and editor["object-src"] == ["'none'"]
    assert role_of("admin/index.html", PREFIXES) is ADMIN
    assert role_of(f"{OTHER}admin/", PREFIXES) is PAGE
    built = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*")]
    editor_files = [p for p in built if role_of(p, PREFIXES) is ADMIN]
    assert "admin/index.html" in editor_files
    assert all(p == "admin" or p.startswith("admin/") for p in editor_files)


def test_roles_follow_the_url_sections() -> None:
    for prefix in PREFIXES:
        assert role_of(f"{prefix}{SEARCH}/index.html", PREFIXES) is SEARCH_ROLE
        assert role_of(f"{prefix}{EMBED}/{url_of('measures')}index.html", PREFIXES) is EMBED_ROLE
        assert role_of(f"{prefix}{url_of('measures')}index.html", PREFIXES) is PAGE
    assert role_of("pagefind/pagefind-worker.js", PREFIXES) is SEARCH_ROLE
    # The default language's /fr/ mirror holds redirect pages only: no search runs there.
    mirror_prefix = f"{SITE_LANGUAGES[0].code}/"
    assert role_of(f"{mirror_prefix}{SEARCH}/index.html", PREFIXES) is PAGE


def test_a_meta_policy_leaves_out_what_browsers_ignore_there() -> None:
    for role in ROLES:
        meta = SitePolicy().meta(role)
        assert not set(_directives(meta)) & set(NOT_IN_META)
        header = _directives(SitePolicy().header(role))
        assert _directives(meta) == {k: v for k, v in header.items() if k not in NOT_IN_META}


@pytest.mark.browser
def test_an_inline_script_is_allowed_by_its_hash_only(tmp_path, browser) -> None:
    """The build hashes inline code it finds; a script that was not there at build time stays
    blocked."""
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
        '<link rel="icon" href="data:,">'
        "<style>p { color: rgb(1, 2, 3); }</style></head><body><p>x</p>"
        "<script>document.title = 'built';</script></body></html>"
    )
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    policy = apply_policy(tmp_path, PREFIXES)  # as the build does
    assert policy.script_hashes == (sha256_source("document.title = 'built';"),)
    assert policy.style_hashes == (sha256_source("p { color: rgb(1, 2, 3); }"),)
    later = (tmp_path / "index.html").read_text(encoding="utf-8")
    (tmp_path / "later.html").write_text(
        later.replace("document.title = 'built';", "document.title = 'injected';"),
        encoding="utf-8",
    )
    httpd, base = serve(tmp_path)
    try:
        with visit(browser) as seen:
            seen.page.goto(base + "/index.html")
            assert seen.page.title() == "built"
            assert seen.page.locator("p").evaluate("p => getComputedStyle(p).color") == (
                "rgb(1, 2, 3)"
            )
            assert seen.violations() == [] and seen.errors == []
            seen.page.goto(base + "/later.html")
            assert seen.page.title() == "t"
            assert seen.violations() == ["script-src-elem inline"]
    finally:
        httpd.shutdown()


def test_markup_no_hash_can_allow_stops_the_build(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"></head><body>'
        '<button onclick="go()">x</button><p style="color: red">y</p>'
        '<a href="javascript:go()">z</a></body></html>',
        encoding="utf-8",
    )
    with pytest.raises(UnsafeMarkup) as stopped:
        apply_policy(tmp_path, PREFIXES)
    assert [line.split(": ")[0] for line in stopped.value.lines] == ["a/index.html"] * 3
    assert "onclick" in stopped.value.lines[0] and "style" in stopped.value.lines[1]
    assert "javascript:" in stopped.value.lines[2]


def _many_pages(site: Path, inline: bool) -> None:
    """Enough pages for the build to share them between processes, in every role."""
    head = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
    for n in range(PARALLEL_FROM * 3):
        folder = site / ("de/" if n % 2 else "") / (SEARCH if n % 5 == 0 else "mesures") / str(n)
        folder.mkdir(parents=True)
        body = f"<p>{n}</p>" + ("<script>go();</script>" if inline and n == 7 else "")
        (folder / "index.html").write_text(f"{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize("inline", [False, True], ids=["quiet pages", "an inline script"])
def test_the_policy_read_once_on_every_core_is_the_policy_read_twice(tmp_path, inline) -> None:
    once, twice = tmp_path / "once", tmp_path / "twice"
    for site in (once, twice):
        _many_pages(site, inline)
    policy = apply_policy(once, PREFIXES)
    assert policy == site_policy(twice)
    assert policy.script_hashes == ((sha256_source("go();"),) if inline else ())
    write_meta_policies(twice, policy, PREFIXES)
    for page in twice.rglob("*.html"):
        assert (once / page.relative_to(twice)).read_bytes() == page.read_bytes()


def test_a_page_without_head_stops_the_build_among_many(tmp_path) -> None:
    _many_pages(tmp_path, inline=False)
    (tmp_path / "mesures" / "4" / "index.html").write_text("<p>no head</p>")
    with pytest.raises(UnsafeMarkup) as stopped:
        apply_policy(tmp_path, PREFIXES)
    assert stopped.value.lines == [
        "mesures/4/index.html: no <head> to hold the Content Security Policy"
    ]


@pytest.mark.parametrize("inline", [False, True], ids=["quiet pages", "an inline script"])
def test_pages_marked_as_they_are_written_give_the_pages_and_policy_read_after(
    tmp_path, inline
) -> None:
    """What MkDocs' hook does (`PageMarks`, the pages marked as written, noted in a file) and what
    the policy stage does with pages it reads give the same bytes and the same policy; a page
    written again after its mark, and one without <head>, are read and judged as before."""
    read, written, notes = tmp_path / "read", tmp_path / "written", tmp_path / "notes"
    _many_pages(read, inline)
    notes.mkdir()
    marks = PageMarks(notes, tuple(PREFIXES))
    for page in pages(read):
        target = written / page.relative_to(read)
        target.parent.mkdir(parents=True)
        path = page.relative_to(read).as_posix()
        target.write_text(marks.mark(path, page.read_text(encoding="utf-8")), encoding="utf-8")
    marks.save()
    replaced = "mesures/4/index.html"
    again = (
        '<!doctype html><html lang="fr"><head><title>t</title></head><body><script>late();</script>'
    )
    for site in (read, written):
        (site / replaced).write_text(again, encoding="utf-8")
    policy = apply_policy(written, PREFIXES, page_marks(notes))
    assert policy == apply_policy(read, PREFIXES)
    assert sha256_source("late();") in policy.script_hashes
    assert (sha256_source("go();") in policy.script_hashes) == inline
    for page in pages(read):
        assert (written / page.relative_to(read)).read_bytes() == page.read_bytes()


def test_what_pages_hold_inline_is_kept_between_builds_by_their_text(tmp_path, monkeypatch) -> None:
    """A second build of the same pages takes what each holds inline from the build's cache,
    scanning none again; a changed page is scanned; the marks are those of a fresh scan."""
    import ciivs.build.policy as policy_module

    head = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head>'
    texts = {
        "index.html": head + "<p>quiet</p>",
        "a/index.html": head + "<script>go();</script>",
        "b/index.html": head + '<p style="color: red">x</p>',
    }

    def build(notes: Path) -> dict:
        notes.mkdir()
        marks = PageMarks(notes, tuple(PREFIXES), tmp_path / "cache")
        for path, text in texts.items():
            marks.mark(path, text)
        marks.save()
        return page_marks(notes)

    fresh = build(tmp_path / "first")
    assert fresh["index.html"].inline is None
    assert fresh["a/index.html"].inline.scripts == ("go();",)
    assert fresh["b/index.html"].inline.unsafe

    scanned: list[str] = []
    scan = policy_module._inline_of
    monkeypatch.setattr(
        policy_module, "_inline_of", lambda text: scanned.append(text) or scan(text)
    )
    assert build(tmp_path / "second") == fresh
    assert scanned == []
    texts["index.html"] = head + "<script>changed();</script>"
    again = build(tmp_path / "third")
    assert scanned == [texts["index.html"]]
    assert again["index.html"].inline.scripts == ("changed();",)


def test_a_page_written_without_head_is_named_though_the_others_were_marked(tmp_path) -> None:
    site, notes = tmp_path / "site", tmp_path / "notes"
    notes.mkdir()
    marks = PageMarks(notes, tuple(PREFIXES))
    head = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head>'
    for path, text in (("index.html", head + "<p>x</p>"), ("sans-tete.html", "<p>no head</p>")):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(marks.mark(path, text), encoding="utf-8")
    marks.save()
    assert "Content-Security-Policy" in (site / "index.html").read_text(encoding="utf-8")
    with pytest.raises(UnsafeMarkup) as stopped:
        apply_policy(site, PREFIXES, page_marks(notes))
    assert stopped.value.lines == ["sans-tete.html: no <head> to hold the Content Security Policy"]


# --- The built site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def policy(built_site) -> SitePolicy:
    return site_policy(built_site)


def test_every_page_holds_its_policy_before_any_script_or_style(built_site, policy) -> None:
    wrong = []
    for page in pages(built_site):
        text = page.read_text(encoding="utf-8")
        path = page.relative_to(built_site).as_posix()
        found = META.findall(text)
        first = META.search(text)
        code = re.search(r"<script|<style|<link[^>]*stylesheet", text)
        if found != [policy.meta(role_of(path, PREFIXES))]:
            wrong.append(f"{path}: {found}")
        elif code and first and code.start() < first.start():
            wrong.append(f"{path}: a script or style before the policy")
    assert wrong == []


def _rules(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if line.startswith("/"):
            rules.append((line, {}))
        elif line.startswith("  "):
            name, value = line.strip().split(": ", 1)
            rules[-1][1][name] = value
    return rules


def _matches(pattern: str, path: str) -> bool:
    """Netlify's and Cloudflare Pages' matching: a final * stands for any rest of the path."""
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def test_headers_file_gives_every_file_one_policy(built_site, policy) -> None:
    """No two rules set the same header on one address: the hosts would join the values."""
    text = (built_site / HEADERS_FILE).read_text(encoding="utf-8")
    assert text == headers_file(built_site, policy, PREFIXES)
    rules = _rules(text)
    prefix = site_prefix(built_site)
    addresses = []
    for file in sorted(built_site.rglob("*")):
        if file.is_file() and file.name != HEADERS_FILE:
            path = file.relative_to(built_site).as_posix()
            addresses.append((prefix + path, path))
            if file.name == "index.html":
                addresses.append((prefix + path[: -len("index.html")], path))
    assert len(addresses) > 500
    for address, path in addresses:
        found: dict[str, list[str]] = {}
        for pattern, headers in rules:
            if _matches(pattern, address):
                for name, value in headers.items():
                    found.setdefault(name, []).append(value)
        role = role_of(path, PREFIXES)
        assert found["Content-Security-Policy"] == [policy.header(role)], address
        assert found.get("X-Frame-Options") == (None if role.framed else ["DENY"]), address
        assert found["X-Content-Type-Options"] == ["nosniff"], address
        assert len(found["Strict-Transport-Security"]) == 1, address
    admin = [h for p, h in rules if p == f"{prefix}admin/*"]
    assert admin and admin[0]["Content-Security-Policy"] == policy.header(ADMIN)


# --- GitHub Pages: the <meta> policy alone, on a plain static server -----------------------


@pytest.fixture(scope="module")
def static(built_site, tmp_path_factory) -> str:
    docroot = mirror(built_site, tmp_path_factory.mktemp("static") / "docroot")
    (docroot / INJECTED).mkdir()
    (docroot / INJECTED / "index.html").write_text(injected_page(built_site), encoding="utf-8")
    httpd, base = serve(docroot)
    yield base + "/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


@pytest.mark.browser
def test_every_kind_of_page_loads_without_violation_with_the_meta_alone(
    static, built_site, browser
) -> None:
    paths = one_per_section(site_pages(built_site), PREFIXES)
    assert len(paths) > 20
    assert crawl(browser, static, paths) == {}


@pytest.mark.browser
@pytest.mark.parametrize("prefix", PREFIXES, ids=[lang.code for lang in SITE_LANGUAGES])
def test_search_finder_filters_and_embed_work_with_the_meta_alone(
    static, browser, catalogue, prefix, tmp_path
) -> None:
    lang = SITE_LANGUAGES[PREFIXES.index(prefix)].code
    title = catalogue.of("measures")[0]["title"][lang]
    name = partner_page(tmp_path, {"embed": f"{static}{prefix}{EMBED}/{url_of('measures')}"})
    httpd, partner = serve(tmp_path)
    try:
        with visit(browser) as seen:
            assert search_finds(seen, static, prefix, title) >= 1
            assert seen.violations() == []
            assert finder_answers(seen, static, prefix).startswith(static)
            assert seen.violations() == []
            promised, shown = filters_narrow(seen, static, prefix, url_of("measures"))
            assert shown == promised
            assert seen.violations() == []
            seen.page.goto(f"{partner}/{name}")
            frame = seen.page.frame(name="embed")
            frame.locator("[data-ciivs-embed] > li").first.wait_for()
            assert seen.violations(frame) == []
            assert seen.errors == []
    finally:
        httpd.shutdown()


@pytest.mark.browser
def test_injected_scripts_are_blocked_by_the_meta_alone(static, browser) -> None:
    with visit(browser) as seen:
        assert_injection_blocked(seen, static + INJECTED)
