"""One file per measure and per institution under /donnees/, for partners who read one entry:
each parses, is the same HSDS object as in the whole-catalogue file, is listed in the data
package, on /donnees/ and in the URL promise, and keeps its address when the entry is renamed."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import SECTIONS
from ciivs.catalogue.model import Entry
from ciivs.catalogue.urls import read_manifest
from ciivs.opendata.files import data_files
from conftest import CATALOGUE, LANGS
from sitekit import built_site  # noqa: F401
from test_open_data import BASE, hsds_errors

FOUND, PROBLEMS = check_catalogue(CATALOGUE)
assert not PROBLEMS, PROBLEMS
WHOLE = {"measures": "hsds-services", "institutions": "hsds-organizations"}
OBJECT = {"measures": "service", "institutions": "organization"}
# The languages that have data files (the required ones).
DATA_LANGS = [lang.code for lang in FOUND.languages if lang.required]


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_each_entry_file_is_the_object_of_the_whole_file(built_site: Path) -> None:
    data = built_site / "donnees"
    for kind, whole in WHOLE.items():
        for lang in DATA_LANGS:
            objects = {o["id"]: o for o in _read(data / f"{whole}.{lang}.json")}
            files = sorted((data / SECTIONS[kind]).glob(f"*.{lang}.json"))
            assert len(files) == len(FOUND.of(kind)) == len(objects)
            for entry in FOUND.of(kind):
                one = _read(data / SECTIONS[kind] / f"{entry.id}.{lang}.json")
                assert one["id"] == entry["uuid"]
                assert one == objects[entry["uuid"]], f"{kind}/{entry.id} ({lang})"
            assert hsds_errors(OBJECT[kind], [_read(f) for f in files]) == []


def test_the_data_package_describes_each_entry_file(built_site: Path) -> None:
    package = _read(built_site / "donnees" / "datapackage.json")
    by_path = {r["path"]: r for r in package["resources"]}
    for kind in WHOLE:
        for entry in FOUND.of(kind):
            for lang in DATA_LANGS:
                name = f"{SECTIONS[kind]}/{entry.id}.{lang}.json"
                resource = next(r for p, r in by_path.items() if p.endswith(f"/donnees/{name}"))
                content = (built_site / "donnees" / name).read_bytes()
                assert resource["bytes"] == len(content)
                assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
                assert f"{kind}/{entry.id}" in resource["description"]


def test_entry_files_are_promised_and_listed_on_the_data_page(built_site: Path) -> None:
    promised = set(read_manifest(CATALOGUE / "published-urls.txt"))
    pages = {
        lang: (
            built_site / ("" if lang == LANGS[0] else lang) / "donnees" / "index.html"
        ).read_text(encoding="utf-8")
        for lang in LANGS
    }
    for kind in WHOLE:
        for entry in FOUND.of(kind):
            for lang in DATA_LANGS:
                name = f"{SECTIONS[kind]}/{entry.id}.{lang}.json"
                assert f"/donnees/{name}" in promised, f"run `make urls`: /donnees/{name}"
                for page in pages.values():
                    assert f'donnees/{name}"' in page, f"/donnees/ does not link {name}"


def test_a_renamed_entry_keeps_its_file_at_the_old_address() -> None:
    measure = FOUND.of("measures")[0]
    renamed = copy.copy(FOUND)
    renamed.entries = {k: dict(v) for k, v in FOUND.entries.items()}
    data = {**measure.data, "id": measure.id + "-nouveau", "former_ids": [measure.id]}
    moved = Entry("measures", measure.id + "-nouveau", data, measure.path, measure.located)
    del renamed.entries["measures"][measure.id]
    renamed.entries["measures"][moved.id] = moved
    files = {f.name: f for f in data_files(renamed, BASE)}
    for lang in DATA_LANGS:
        old = files[f"mesures/{measure.id}.{lang}.json"]
        new = files[f"mesures/{moved.id}.{lang}.json"]
        assert old.alias and not new.alias and old.content == new.content
        assert json.loads(new.content)["id"] == measure["uuid"]
    package = json.loads(files["datapackage.json"].content)
    assert not [r for r in package["resources"] if r["path"].endswith(f"/{measure.id}.fr.json")]
