"""The hosting recipe, tried for real: Debian's nginx serves the built site with
`scripts/hosting/nginx.conf`, at the root of a host and under a sub-path, and a reader's browser
gets pages in both languages, the 404 page, the /fr/ redirects, search, compression, caching
and CORS on the open data."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from ciivs.catalogue.check import check_catalogue
from sitekit import browser, built_site  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
RECIPE = ROOT / "scripts" / "hosting" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SUB = "/catalogue/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_nginx(tmp: Path, docroot: Path, prefix: str) -> tuple[subprocess.Popen, str]:
    """nginx in the foreground, one process, the recipe's server block filled in."""
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: run `apt-get install -y nginx` (make test does it as root)")
    port = _free_port()
    server = (
        RECIPE.read_text(encoding="utf-8")
        .replace("@PORT@", f"127.0.0.1:{port}")
        .replace("@ROOT@", str(docroot))
        .replace("@PREFIX@", prefix)
    )
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
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + prefix, timeout=2)
            return process, base + prefix
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    process.kill()
    pytest.fail("nginx did not start: " + log.read_text(encoding="utf-8"))


def _sub_path_site(tmp: Path) -> Path:
    """The site built for https://example.org/catalogue/, inside a document root."""
    docroot = tmp / "docroot"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "scripts"),
        "CIIVS_SITE_URL": f"https://example.org{SUB}",
    }
    subprocess.run(
        [sys.executable, "-m", "ciivs", "site", "--site-dir", str(docroot / SUB.strip("/")),
         "--staging-dir", str(tmp / "staging")],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return docroot


@pytest.fixture(scope="module", params=["/", SUB], ids=["root", "sub-path"])
def host(request, built_site, tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("nginx")
    docroot = built_site if request.param == "/" else _sub_path_site(tmp)
    process, base = _start_nginx(tmp, docroot, request.param)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def measure() -> str:
    catalogue, problems = check_catalogue(ROOT / "catalogue")
    assert not problems
    return next(iter(catalogue.entries["measures"]))


def _get(url: str, **headers: str):
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)
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
