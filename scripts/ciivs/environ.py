"""The environment variables that connect the build's processes, each named once.

Imports nothing from ciivs. The build sets them for MkDocs and its workers; the hooks, the
language workers and the bench read them through these names.
"""

from __future__ import annotations

import os

SITE_URL = "CIIVS_SITE_URL"  # the public address of the site (production builds)
PREVIEW = "CIIVS_PREVIEW"  # "1": a local preview, links say http://localhost:8000/
TODAY = "CIIVS_TODAY"  # YYYY-MM-DD: the day currency rules are applied (tests, reviews)
REPO_URL = "CIIVS_REPO_URL"  # the repository's web address for editors' links
CATALOGUE = "CIIVS_CATALOGUE"  # the catalogue folder MkDocs' hooks read
DOCS_DIR = "CIIVS_DOCS_DIR"  # the staged docs a MkDocs run reads (mkdocs.yml: !ENV)
SITE_DIR = "CIIVS_SITE_DIR"  # where a MkDocs run writes (mkdocs.yml: !ENV)
PRERENDERED = "CIIVS_PRERENDERED"  # "1": the pipeline rendered the pages, the hooks step aside
PLAIN_MKDOCS = "CIIVS_PLAIN_MKDOCS"  # "1": the bench's plain MkDocs reference run
CACHE_DIR = "CIIVS_CACHE_DIR"  # the build's cache folder, where MkDocs keeps compiled templates
# Where MkDocs notes the pages it wrote with the security policy (build/policy.py, PageMarks).
POLICY_MARKS = "CIIVS_POLICY_MARKS"
# Seconds since 1970: the date a build is as of (the reproducible-builds convention, which MkDocs
# follows too); by default the time of the last commit (catalogue/history.py).
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# Where the form editor (/admin/) saves and how editors sign in: setting -> variable (README,
# "Sign-in"). Read when the site is built; unset ones keep the editor's defaults.
EDITOR = {
    "backend": "CIIVS_EDITOR_BACKEND",  # github (default), gitlab or gitea
    "repo": "CIIVS_EDITOR_REPO",  # owner/name of the catalogue's repository
    "branch": "CIIVS_EDITOR_BRANCH",  # the branch pull requests go to (default main)
    "base_url": "CIIVS_EDITOR_AUTH_URL",  # the canton's OAuth service for GitHub
    "auth_endpoint": "CIIVS_EDITOR_AUTH_ENDPOINT",  # its path, when not `auth`
    "app_id": "CIIVS_EDITOR_APP_ID",  # the OAuth application's id (GitLab, Gitea: PKCE)
    "api_root": "CIIVS_EDITOR_API_ROOT",  # a self-hosted GitLab's or Gitea's API address
    "local_proxy": "CIIVS_EDITOR_PROXY",  # the local proxy of `make edit`
}


def flag(name: str) -> bool:
    """True when the variable is set to anything but "" or "0"."""
    return os.environ.get(name, "") not in ("", "0")


def value(name: str, default: str = "") -> str:
    """The variable's value, or `default` when it is unset."""
    return os.environ.get(name, default)
