"""Where the project's files are: the one place that knows the checkout's layout.

Imports nothing from ciivs. Every module that needs a folder or a file of the project asks here,
so moving a module between subpackages never changes where it looks.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "catalogue"
SCHEMAS = CATALOGUE / "schemas"
MESSAGES = CATALOGUE / "messages"
OPEN_DATA_DESCRIPTION = CATALOGUE / "open-data.yml"
# The URL promise: one file name inside whichever catalogue folder is checked or built.
MANIFEST = "published-urls.txt"
DOCS = ROOT / "docs"
STAGING = ROOT / "build" / "docs"
# What the build keeps between builds to skip work it did before (QR codes); safe to delete.
CACHE = ROOT / "build" / "cache"
SITE = ROOT / "site"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
PYPROJECT = ROOT / "pyproject.toml"
CONSTRAINTS = ROOT / "scripts" / "constraints.txt"
NODE_MODULES = ROOT / ".venv" / "node_modules"
# The QR code library of the hand-off sheet (`make` installs it with npm; the build copies it).
QRCODE_LIB = NODE_MODULES / "qrcode-generator" / "dist" / "qrcode.js"
# The form editor (/admin/): Decap CMS's prebuilt bundle, unpacked by `make` from its npm package
# (its dependencies are not needed: the bundle holds them), the YAML reader it is given, and the
# local proxy of `make edit` and of the editor's end-to-end test.
DECAP_DIST = ROOT / ".venv" / "decap-cms" / "dist"
JS_YAML = NODE_MODULES / "js-yaml" / "dist" / "js-yaml.min.js"
DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
