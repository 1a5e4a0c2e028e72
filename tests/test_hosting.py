"""The hosting recipe, tried for real: Debian's nginx serves the built site with the recipe that
`make nginx` makes from `scripts/hosting/nginx.conf`, at the root of a host and under a
sub-path, and a reader's browser gets pages in both languages, the 404 page, the /fr/
redirects, search, compression, caching and CORS on the open data; the security headers on
every kind of file, and every page with no Content Security Policy violation and no console
error, while injected scripts are blocked."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit

import pytest

from ciivs.build.hosting import nginx_recipe, site_prefix
from ciivs.build.policy import (
    ADMIN,
    EMBED_ROLE,
    HSTS,
    PAGE,
    PERMISSIONS_POLICY,
    REFERRER_POLICY,
    SEARCH_ROLE,
    site_policy,
)
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.languages import SITE_LANGUAGES
from ciivs.catalogue.urls import DATA, EMBED, SEARCH
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

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SUB = "/catalogue/"
PREFIXES = [language.prefix for language in SITE_LANGUAGES]
INJECTED = "essai-injection/"


class Hosted(NamedTuple):
    base: str  # the site's address on nginx, ending with "/"
    site: Path  # the built site nginx serves


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_nginx(
    tmp: Path, site: Path, docroot: Path, tls: tuple[Path, Path] | None = None
) -> tuple[subprocess.Popen, str]:
    """nginx in the foreground, one process, with the recipe `make nginx` prints for the site."""
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: run `apt-get install -y nginx` (make test does it as root)")
    port = _free_port()
    listen = f"127.0.0.1:{port}"
    if tls:  # as an administrator would: `ssl` and the certificate lines after `listen`
        listen += f" ssl; ssl_certificate {tls[0]}; ssl_certificate_key {tls[1]}"
    server = nginx_recipe(site, listen, str(docroot), PREFIXES)
    for folder in ("logs", "temp"):
        (tmp / folder).mkdir(parents=True, exist_ok=True)
    (tmp / "nginx.conf").write_text(
        "daemon off;\nmaster_process off;\npid " + str(tmp / "nginx.pid") + ";\n"
        f"error_log {tmp / 'logs' / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log off;\n  client_body_temp_path {tmp / 'temp'};\n"
        f"  proxy_temp_path {tmp / 'temp'};\n  fastcgi_temp_path {tmp / 'temp'};\n"
        f"  uwsgi_temp_path {tmp / 'temp'};\n  scgi_temp_path {tmp / 'temp'};\n"
        f"{server}\n}}\n",
        encoding="utf-8",
    )
    log = tmp / "logs" / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")], stderr=stderr
        )
    base = f"{'https' if tls else 'http'}://127.0.0.1:{port}{site_prefix(site)}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=2, context=_UNVERIFIED)
            return process, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    process.kill()
    pytest.fail("nginx did not start: " + log.read_text(encoding="utf-8"))


# The test's own certificate: trusted by no one, which is all a HEAD request needs here.
_UNVERIFIED = ssl._create_unverified_context()


def _sub_path_site(tmp: Path) -> Path:
    """The site built for https://example.org/catalogue/."""
    site = tmp / "build" / SUB.strip("/")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "scripts"),
        "CIIVS_SITE_URL": f"https://example.org{SUB}",
    }
    subprocess.run(
        [sys.executable, "-m", "ciivs", "site", "--site-dir", str(site),
         "--staging-dir", str(tmp / "staging")],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return site


@pytest.fixture(scope="module", params=["/", SUB], ids=["root", "sub-path"])
def hosted(request, built_site, tmp_path_factory) -> Iterator[Hosted]:
    tmp = tmp_path_factory.mktemp("nginx")
    site = built_site if request.param == "/" else _sub_path_site(tmp)
    # A document root of links to the site's files, so that the injected page stays out of it.
    docroot = tmp / "docroot"
    served = mirror(site, docroot / request.param.strip("/"))
    process, base = _start_nginx(tmp, site, docroot)
    page = served / INJECTED / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(injected_page(site), encoding="utf-8")
    yield Hosted(base, site)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def host(hosted) -> str:
    return hosted.base


@pytest.fixture(scope="module")
def measure() -> str:
    catalogue, problems = check_catalogue(ROOT / "catalogue")
    assert not problems
    return next(iter(catalogue.entries["measures"]))


def _get(url: str, method: str = "GET", **headers: str):
    request = urllib.request.Request(url, headers=headers, method=method)
    try:
        return urllib.request.urlopen(request, timeout=10, context=_UNVERIFIED)
    except urllib.error.HTTPError as error:
        return error


def test_pages_in_both_languages(host, measure):
    for path, lang in (("", "fr"), ("de/", "de"), (f"mesures/{measure}/", "fr"),
                       (f"de/mesures/{measure}/", "de")):  # fmt: skip
        response = _get(host + path)
        assert response.status == 200, path
        assert f'<html lang="{lang}"' in response.read().decode("utf-8")


def test_unknown_address_gets_the_bilingual_404_page_with_status_404(host):
    response = _get(host + "pas-de-page-ici/")
    assert response.status == 404
    body = response.read().decode("utf-8")
    assert 'lang="fr"' in body and 'lang="de"' in body


def test_text_is_compressed_and_cached_sensibly(host, measure):
    page = _get(host + f"mesures/{measure}/", **{"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert "<html" in gzip.decompress(page.read()).decode("utf-8")
    assert page.headers["Cache-Control"] == "no-cache"
    data = _get(host + "donnees/catalogue.json", **{"Accept-Encoding": "gzip"})
    assert data.status == 200 and data.headers["Content-Encoding"] == "gzip"
    assert data.headers["Access-Control-Allow-Origin"] == "*"


def test_hashed_theme_files_are_immutable(host):
    home = _get(host).read().decode("utf-8")
    start = home.index("assets/stylesheets/main.")
    stylesheet = home[start : home.index('"', start)]
    response = _get(host + stylesheet)
    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_reader_follows_redirect_404_link_and_searches(host, measure, browser):
    catalogue, _ = check_catalogue(ROOT / "catalogue")
    title = catalogue.entries["measures"][measure]["title"]["fr"]
    page = browser.new_page()
    try:
        page.goto(host + f"fr/mesures/{measure}/")
        page.wait_for_url(host + f"mesures/{measure}/", timeout=15_000)
        page.goto(host + "nulle-part/")
        page.locator("#ciivs-main a").first.click()
        page.wait_for_url(host, timeout=15_000)
        page.goto(host + f"recherche/?q={quote(title)}")
        first = page.locator("[data-ciivs-search-results] a").first
        first.wait_for(timeout=20_000)
        expected = urlsplit(host).path + f"mesures/{measure}/"
        assert first.evaluate("a => new URL(a.href).pathname") == expected
    finally:
        page.close()


# --- Security headers and the Content Security Policy ------------------------------------------


@pytest.fixture(scope="module")
def policy(hosted):
    return site_policy(hosted.site)


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(ROOT / "catalogue")
    assert not problems
    return found


OTHER = PREFIXES[1]  # a language under its own prefix (/de/)
FILES = {
    "page": (url_of("measures"), PAGE),
    "asset": ("assets/ciivs/site.js", PAGE),
    "data": (f"{DATA}/catalogue.json", PAGE),
    "embed": (f"{EMBED}/{url_of('measures')}", EMBED_ROLE),
    "embed-other-language": (f"{OTHER}{EMBED}/{url_of('measures')}", EMBED_ROLE),
    "search": (f"{OTHER}{SEARCH}/", SEARCH_ROLE),
    "admin": ("admin/", ADMIN),
    "admin-script": ("admin/start.js", ADMIN),
}


@pytest.mark.parametrize("what", FILES)
def test_every_kind_of_file_gets_the_security_headers(hosted, policy, what):
    """What `curl -I` shows: the policy of the file's role, the framing rule, and the rest."""
    path, role = FILES[what]
    response = _get(hosted.base + path, method="HEAD")
    assert response.status == 200, path
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert csp == policy.header(role)
    assert "object-src 'none'" in csp and "base-uri 'self'" in csp and "form-action 'self'" in csp
    assert ("frame-ancestors *" if role.framed else "frame-ancestors 'none'") in csp
    assert headers.get("X-Frame-Options") == (None if role.framed else "DENY")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == REFERRER_POLICY
    assert headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "Strict-Transport-Security" not in headers, "HSTS over plain HTTP"


def test_the_headers_file_is_written_for_the_address_the_site_was_built_for(hosted):
    """Netlify and Cloudflare Pages match `_headers` rules against the whole path."""
    rules = [l for l in (hosted.site / "_headers").read_text("utf-8").splitlines() if l[:1] == "/"]
    prefix = urlsplit(hosted.base).path
    assert len(rules) > 10 and all(rule.startswith(prefix) for rule in rules)
    assert f"{prefix}{SEARCH}/*" in rules and f"{prefix}admin/*" in rules


def test_hsts_is_sent_over_https(built_site, tmp_path):
    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    process, base = _start_nginx(tmp_path, built_site, built_site, tls=(certificate, key))
    try:
        headers = _get(base, method="HEAD").headers
        assert headers["Strict-Transport-Security"] == HSTS
        assert headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_every_page_loads_without_policy_violation_or_console_error(hosted, browser):
    """Every page of every language at the root of the host (the sitemap's, the 404 page, the
    embeds and permalinks); under the sub-path, one page of each section of each language."""
    paths = site_pages(hosted.site)
    if hosted.base.endswith(SUB):
        paths = one_per_section(paths, PREFIXES)
    assert len(paths) > 20
    assert crawl(browser, hosted.base, paths) == {}


@pytest.mark.parametrize("prefix", PREFIXES, ids=[lang.code for lang in SITE_LANGUAGES])
def test_search_finder_and_filters_work_under_the_policy(hosted, browser, catalogue, prefix):
    lang = SITE_LANGUAGES[PREFIXES.index(prefix)].code
    title = catalogue.of("measures")[0]["title"][lang]
    with visit(browser) as seen:
        assert search_finds(seen, hosted.base, prefix, title) >= 1
        assert seen.violations() == []
        assert finder_answers(seen, hosted.base, prefix).startswith(hosted.base)
        assert seen.violations() == []
        promised, shown = filters_narrow(seen, hosted.base, prefix, url_of("measures"))
        assert shown == promised
        assert seen.violations() == []
        assert seen.errors == []


def test_partners_may_frame_the_embed_and_no_other_page(hosted, browser, tmp_path):
    """A partner's page on another host frames the embeddable list; a page it frames otherwise
    is refused by the browser (frame-ancestors)."""
    embed = hosted.base + f"{EMBED}/{url_of('measures')}"
    name = partner_page(tmp_path, {"embed": embed, "home": hosted.base})
    httpd, partner = serve(tmp_path)
    try:
        with visit(browser) as seen:
            seen.page.goto(f"{partner}/{name}", wait_until="load")
            frame = seen.page.frame(name="embed")
            frame.locator("[data-ciivs-embed] > li").first.wait_for()
            assert seen.violations(frame) == []
            home = seen.page.frame(name="home")
            assert home.locator("[data-md-component]").count() == 0, "the site was framed"
            assert seen.errors and all("frame-ancestors" in e for e in seen.errors), seen.errors
    finally:
        httpd.shutdown()


def test_injected_scripts_are_blocked(hosted, browser):
    with visit(browser) as seen:
        assert_injection_blocked(seen, hosted.base + INJECTED)
