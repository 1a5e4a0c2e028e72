"""The form editor's folder of the built site, /admin/: Decap CMS served from the site's own host.

    admin/index.html, admin/de/index.html   the editor, its interface in French or German
    admin/config.<lang>.json               the forms, made from the schemas (`editors/cms.py`)
    admin/formats.json                     per kind: the key order and file header of the
                                           catalogue's canonical YAML, and the `unions`
    admin/start.js, canonical-yaml.js      this project's glue: reading and writing the files
    admin/decap-cms.js, *.decap-cms.js …   Decap CMS's prebuilt bundle (`make` fetches it)
    admin/js-yaml.min.js                   reads the YAML files in the browser

No page for citizens links to it or loads any of it; it is out of the search, the sitemap and
the URL promise, and it says `noindex`.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import Any

from ciivs import paths
from ciivs.catalogue.kinds import REGISTRY
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.languages import SITE_LANGUAGES, Language
from ciivs.catalogue.urls import ADMIN, FAVICON
from ciivs.editors.canonical import header_of, shape
from ciivs.editors.cms import Settings, editor_config

# This project's scripts of the editor, kept beside this module.
_OWN = Path(__file__).with_name("admin")
_OWN_FILES = ("start.js", "canonical-yaml.js")


def editor_installed(decap: Path = paths.DECAP_DIST, yaml_lib: Path = paths.JS_YAML) -> bool:
    return (decap / "decap-cms.js").is_file() and yaml_lib.is_file()


def write_admin(
    site: Path,
    settings: Settings | None = None,
    decap: Path = paths.DECAP_DIST,
    yaml_lib: Path = paths.JS_YAML,
) -> bool:
    """Write /admin/ into `site`; False (and nothing written) when Decap CMS is not installed."""
    if not editor_installed(decap, yaml_lib):
        return False
    settings = settings or Settings.from_environment()
    folder = site / ADMIN
    folder.mkdir(parents=True, exist_ok=True)
    labels = load_labels()
    unions: dict[str, list[str]] = {}
    for lang in SITE_LANGUAGES:
        config, unions = editor_config(lang, labels, settings)
        _write_json(folder / f"config.{lang.code}.json", config)
        page = folder if lang.default else folder / lang.code
        page.mkdir(parents=True, exist_ok=True)
        (page / "index.html").write_text(_page(lang, labels, depth=0 if lang.default else 1))
    formats = {
        "languages": [lang.code for lang in SITE_LANGUAGES],
        "kinds": {
            k.name: {"shape": shape(k.name), "header": header_of(k.name), "unions": unions[k.name]}
            for k in REGISTRY
        },
    }
    _write_json(folder / "formats.json", formats)
    _copy_bundle(decap, folder)
    shutil.copyfile(yaml_lib, folder / yaml_lib.name)
    for name in _OWN_FILES:
        shutil.copyfile(_OWN / name, folder / name)
    return True


def _page(lang: Language, labels: dict[str, dict[str, str]], depth: int) -> str:
    """The editor's page: its language, where its scripts are, and nothing else (Decap draws
    the rest). `ciivs-editor` tells start.js which configuration to load."""
    up = "../" * depth
    title = html.escape(labels["editor_title"][lang.code])
    scripts = "".join(
        f'<script src="{up}{name}"></script>'
        for name in ("js-yaml.min.js", "canonical-yaml.js", "start.js", "decap-cms.js")
    )
    return (
        f'<!doctype html>\n<html lang="{lang.code}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f'<link rel="icon" href="{up}../{FAVICON}">'
        f'<meta name="ciivs-editor" content="{lang.code}" data-base="{up}">'
        f"<title>{title}</title></head><body>{scripts}</body></html>\n"
    )


def _copy_bundle(decap: Path, folder: Path) -> None:
    """Decap's main script, the chunks it loads on demand and its WebAssembly, not the source
    maps (60 MB that no editor needs)."""
    for file in decap.iterdir():
        if file.name.endswith(("decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")):
            shutil.copyfile(file, folder / file.name)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
