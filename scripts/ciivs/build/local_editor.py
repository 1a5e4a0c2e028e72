"""`make edit`: the form editor on this clone, through Decap's local proxy in git mode.

    python -m ciivs edit --host 127.0.0.1 --port 8000 --proxy-port 8081

The proxy (decap-server) saves as the editorial workflow does on GitHub, with git on this clone:
a save is a commit on a branch `cms/<kind>/<id>`, "publish" merges it into the current branch.
It runs `git add .` before each commit and checks branches out in the work tree, so it starts
only on a clean work tree. Both servers listen on the loopback address only: the proxy has no
sign-in, anyone who reaches it can write to the clone.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

from ciivs import paths
from ciivs.catalogue.history import GitFailed, git
from ciivs.catalogue.urls import ADMIN
from ciivs.editors.admin import write_admin
from ciivs.editors.cms import Settings

# The editor's pages, written outside the catalogue so that the proxy never commits them.
LOCAL_ADMIN = paths.ROOT / "build" / "editor"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The editor's static files, without a log line per request in the terminal."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class EditorUnavailable(Exception):
    """Why the local editor cannot start, in one line for the person at the keyboard."""


def proxy_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/api/v1"


def start_proxy(repo: Path, host: str, port: int, timeout: float = 20.0) -> subprocess.Popen[bytes]:
    """Start decap-server in git mode on `repo`; return once it answers, or raise."""
    if not paths.DECAP_SERVER.is_file():
        raise EditorUnavailable("decap-server is not installed: run `make edit` (npm installs it)")
    env = os.environ | {
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(repo),
        "PORT": str(port),
        "BIND_HOST": host,
        "LOG_LEVEL": "warn",
    }
    process = subprocess.Popen(["node", str(paths.DECAP_SERVER)], env=env, cwd=repo)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditorUnavailable(f"decap-server stopped at once (port {port} in use?)")
        try:
            request = urllib.request.Request(
                proxy_url(host, port),
                data=b'{"action":"info"}',
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=2):
                return process
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    process.terminate()
    raise EditorUnavailable(f"decap-server did not answer on {host}:{port}")


def clean_work_tree(repo: Path) -> None:
    """Refuse a work tree with changes: the proxy's `git add .` would commit them."""
    try:
        status = git(repo, "status", "--porcelain")
    except GitFailed as err:
        raise EditorUnavailable(f"{repo} is not a git clone: {err}") from None
    if status.strip():
        raise EditorUnavailable(
            "the work tree has changes that the editor's first save would commit with its own "
            "(git status): commit or stash them, then run make edit again"
        )


def serve_editor(host: str, port: int, proxy_port: int, open_browser: bool = True) -> int:
    """Write the editor's pages, start the proxy and serve the pages until Ctrl-C."""
    clean_work_tree(paths.ROOT)
    settings = Settings(local_proxy=proxy_url(host, proxy_port))
    if not write_admin(LOCAL_ADMIN, settings):
        raise EditorUnavailable("Decap CMS is not installed: run `make edit` (npm fetches it)")
    proxy = start_proxy(paths.ROOT, host, proxy_port)
    handler = functools.partial(_QuietHandler, directory=str(LOCAL_ADMIN))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    address = f"http://{host}:{port}/{ADMIN}/"
    print(f"The form editor: {address} (German: {address}de/); Ctrl-C stops it.")
    if open_browser:
        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        proxy.terminate()
        proxy.wait(timeout=10)
    return 0
