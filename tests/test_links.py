"""Link integrity of the built site (scripts/ciivs/tools/linkcheck.py) and the `links` command.

The real site must have no problem: every internal link and #anchor resolves, every page is
reachable from / and /de/, and languages meet only in the language switch. The checker itself is
shown to catch each kind of problem on a small hand-made site. The external links are only listed
here: CI is offline (`make links CHECK=1` tries them where the network is open).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import url_of
from ciivs.tools.linkcheck import check_site, external_links, read_pages
from conftest import LANGS
from sitekit import ROOT, built_site  # noqa: F401


def test_built_site_has_no_link_problem(built_site: Path) -> None:
    problems = check_site(built_site)
    assert [str(p) for p in problems] == []


def test_both_languages_are_checked(built_site: Path) -> None:
    pages = read_pages(built_site)
    german = [u for u in pages if u.startswith("/de/")]
    french = [u for u in pages if not u.startswith(("/de/", "/fr/")) and u != "/404.html"]
    assert len(german) > 50 and len(french) > 50
    # Each generated page is linked from somewhere in its own language, anchors included.
    assert sum(len(pages[u].links) for u in german) > 1000


def test_language_switch_leads_to_the_same_page(built_site: Path) -> None:
    pages = read_pages(built_site)
    catalogue, _ = check_catalogue(ROOT / "catalogue", "catalogue")
    # A measure and an institution of the catalogue, whichever it has, and a list page.
    entries = [
        sorted(catalogue.of(kind), key=lambda e: e.id)[0] for kind in ("measures", "institutions")
    ]
    for url in [f"/{url_of(e.kind, e.id)}" for e in entries] + ["/cercles/"]:
        switch = {link.hreflang: link.url for link in pages[url].links if link.switch}
        assert set(switch) == set(LANGS), switch
        german = pages[f"/de{url}"]
        back = {link.hreflang: link.url for link in german.links if link.switch}
        assert set(back) == set(LANGS)


# ---------- The checker catches each kind of problem ----------

PAGE = """<!doctype html><html lang="{lang}"><head><title>t</title>
<link rel="stylesheet" href="{root}assets/site.css"></head><body>
<div class="md-select"><a href="{fr}" hreflang="fr">Français</a><a href="{de}" hreflang="de">Deutsch</a></div>
<main id="main">{body}</main></body></html>"""


def _write(site: Path, url: str, lang: str, body: str, twin: str) -> None:
    depth = url.strip("/").count("/") + 1 if url != "/" else 0
    root = "../" * depth
    fr, de = (url, twin) if lang == "fr" else (twin, url)
    html = PAGE.format(
        lang=lang, root=root, fr=root + fr.lstrip("/"), de=root + de.lstrip("/"), body=body
    )
    file = site / url.strip("/") / "index.html" if url != "/" else site / "index.html"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(html, encoding="utf-8")


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    _write(
        site,
        "/",
        "fr",
        '<a href="mesures/">Mesures</a> <a href="https://www.vs.ch/">VS</a>',
        "/de/",
    )
    _write(
        site,
        "/mesures/",
        "fr",
        '<a href="../">Accueil</a> <a href="#main">haut</a>',
        "/de/mesures/",
    )
    _write(
        site,
        "/de/",
        "de",
        '<a href="mesures/">Massnahmen</a> <a href="https://www.vs.ch/">VS</a>',
        "/",
    )
    _write(site, "/de/mesures/", "de", '<a href="../">Start</a>', "/mesures/")
    return site


def test_small_site_is_clean(small_site: Path) -> None:
    assert check_site(small_site) == []
    assert external_links(small_site) == {"https://www.vs.ch/": ["/", "/de/"]}


def _append(site: Path, url: str, html: str) -> None:
    file = site / url.strip("/") / "index.html" if url != "/" else site / "index.html"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("</main>", html + "</main>"), encoding="utf-8")


BREAKAGES = {
    "missing page": (
        "/mesures/",
        '<a href="../nulle-part/">x</a>',
        "/mesures/: ../nulle-part/ -> no such file",
    ),
    "missing asset": (
        "/de/",
        '<img src="../assets/logo.svg" alt="">',
        "/de/: ../assets/logo.svg -> no such file",
    ),
    "root-absolute": (
        "/mesures/",
        '<a href="/institutions/">x</a>',
        "/mesures/: /institutions/ -> no such file",
    ),
    "missing anchor": (
        "/",
        '<a href="mesures/#nope">x</a>',
        "/: mesures/#nope -> no element with id 'nope' on /mesures/",
    ),
    "missing own anchor": (
        "/de/mesures/",
        '<a href="#oben">x</a>',
        "/de/mesures/: #oben -> no element with id 'oben' on /de/mesures/",
    ),
    "french to german": (
        "/mesures/",
        '<a href="../de/">x</a>',
        "/mesures/: ../de/ -> a fr page leads to the de page /de/",
    ),
    "german to french": (
        "/de/mesures/",
        '<a href="../../mesures/">x</a>',
        "/de/mesures/: ../../mesures/ -> a de page leads to the fr page /mesures/",
    ),
    "javascript link": (
        "/",
        '<a href="javascript:alert(1)">x</a>',
        "/: javascript:alert(1) -> the scheme javascript: is not allowed",
    ),
    "data link": (
        "/de/",
        '<a href="data:text/html,x">x</a>',
        "/de/: data:text/html,x -> the scheme data: is not allowed",
    ),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_checker_finds(name: str, small_site: Path) -> None:
    page, html, expected = BREAKAGES[name]
    _append(small_site, page, html)
    problems = [str(p) for p in check_site(small_site)]
    assert any(p.startswith(expected) for p in problems), problems
    assert all(re.match(r"^/\S*: .+ -> .+$", p) for p in problems)


def test_checker_finds_unreachable_page(small_site: Path) -> None:
    _write(small_site, "/orpheline/", "fr", "<p>seule</p>", "/de/")
    problems = [str(p) for p in check_site(small_site)]
    assert "/orpheline/: (incoming) -> not reachable from / or /de/ by following links" in problems


def test_checker_finds_wrong_page_language(small_site: Path) -> None:
    file = small_site / "de" / "mesures" / "index.html"
    file.write_text(
        file.read_text(encoding="utf-8").replace('lang="de"', 'lang="fr"'), encoding="utf-8"
    )
    assert any(str(p).startswith("/de/mesures/: <html lang='fr'>") for p in check_site(small_site))


def test_switch_without_hreflang_is_a_cross_language_link(small_site: Path) -> None:
    file = small_site / "mesures" / "index.html"
    file.write_text(
        file.read_text(encoding="utf-8").replace(' hreflang="de"', ""), encoding="utf-8"
    )
    assert any(
        "through the language switch without hreflang='de'" in str(p)
        for p in check_site(small_site)
    )


def _links_command(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    return subprocess.run(
        [sys.executable, "-m", "ciivs", "links", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_links_command_lists_external_links(built_site: Path) -> None:
    result = _links_command("--site-dir", str(built_site))
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    assert listed == sorted(external_links(built_site))
    assert listed and all(re.match(r"^https?://\S+$", url) for url in listed)
    assert all(
        re.match(r"^    /\S*$", line)
        for line in result.stdout.splitlines()
        if line.startswith("    ")
    )
    assert re.search(r"^\d+ external links; 0 internal link problems$", result.stderr, re.MULTILINE)


def test_links_command_fails_on_broken_internal_link(small_site: Path) -> None:
    _append(small_site, "/", '<a href="nulle-part/">x</a>')
    result = _links_command("--site-dir", str(small_site))
    assert result.returncode == 1
    assert "/: nulle-part/ -> no such file" in result.stderr
    assert result.stdout.splitlines()[0] == "https://www.vs.ch/"


def test_links_command_without_site(tmp_path: Path) -> None:
    result = _links_command("--site-dir", str(tmp_path / "nothing"))
    assert result.returncode == 1 and "make site" in result.stderr
