"""Open data: every file under /donnees/, its description, licence and data dictionary.

`data_files` builds the files once per catalogue (the open-data page shows their sizes, the
extras stage writes them); `catalogue/open-data.yml` says what each file and column means.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ciivs import paths
from ciivs.catalogue import urls
from ciivs.catalogue.freshness import build_day
from ciivs.catalogue.history import change_dates
from ciivs.catalogue.kinds import NAMES as KINDS
from ciivs.catalogue.kinds import SECTIONS
from ciivs.catalogue.labels import labels_of, load_labels
from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.status import Said, said_today
from ciivs.formats.jsontext import indented
from ciivs.opendata.atom import FEED_NAME, atom_feed
from ciivs.opendata.hsds import hsds_organization, hsds_service
from ciivs.opendata.linkeddata import cpsv_document
from ciivs.opendata.tables import INSTITUTION_COLUMNS, MEASURE_COLUMNS, csv_table

DATA_DIR = urls.DATA
DESCRIPTION_FILE = paths.OPEN_DATA_DESCRIPTION


@dataclass(frozen=True)
class DataFile:
    """One published data file: its name under /donnees/, content and what describes it."""

    name: str
    pattern: str  # its key in open-data.yml: the name with {lang} for language files
    lang: str | None
    media_type: str
    content: bytes
    updated: dt.datetime
    fields: tuple[str, ...]
    # For a file of one entry: "kind/id" ("measures/formavenir"); `alias` for the copy kept at a
    # former id, so that a renamed entry's file keeps its address (not listed, not described).
    entry: str = ""
    alias: bool = False

    @property
    def size(self) -> int:
        return len(self.content)


@cache
def open_data_description(path: Path = DESCRIPTION_FILE) -> dict[str, Any]:
    """Licence, file descriptions and field descriptions (both languages)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _text(text: dict[str, str], language: Language, default: Language) -> str:
    """An open-data.yml text in `language`, else in its fallback, else in the default language.

    The check does not read open-data.yml: a language added to languages.yml has the default
    language's texts in its files until open-data.yml gets its own.
    """
    for code in (language.code, language.fallback, default.code):
        if code in text:
            return text[code]
    raise LookupError(f"open-data.yml: a text has no '{default.code}' version: {text}")


_MEMO: dict[str, Any] = {}


@dataclass(frozen=True)
class DataInputs:
    """What every open-data file is made from, worked out once before the languages split:
    descriptions, labels, the required languages, today's status of each measure, dates."""

    about: dict[str, Any]
    labels: dict[str, dict[str, str]]
    required: list[Language]
    said: dict[str, Said]
    changed: dict[tuple[str, str], dt.datetime]
    updated: dt.datetime


def data_files(catalogue: Catalogue, base: str) -> list[DataFile]:
    """Every open-data file of the catalogue, in the order the open-data page lists them."""
    if _MEMO.get("key") == (id(catalogue), base):
        return _MEMO["files"]
    inputs = data_inputs(catalogue)
    by_language = [language_files(catalogue, l, base, inputs) for l in inputs.required]
    files = all_files(base, inputs, shared_files(catalogue, base, inputs), by_language)
    _MEMO.update(key=(id(catalogue), base), files=files)
    return files


def data_inputs(catalogue: Catalogue) -> DataInputs:
    """What `language_files` and `shared_files` need, the same for every language."""
    labels = load_labels(catalogue.root)
    required = [language for language in catalogue.languages if language.required]
    said = said_today(
        catalogue,
        "measures",
        {l.code: labels_of(catalogue.root, l) for l in required},
        build_day(catalogue.root),
    )
    changed = change_dates(catalogue)
    updated = max(changed.values(), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    return DataInputs(open_data_description(), labels, required, said, changed, updated)


def language_files(
    catalogue: Catalogue, language: Language, base: str, inputs: DataInputs
) -> list[DataFile]:
    """One required language's files (a language worker of the build makes its own)."""
    i = inputs
    return _language_files(catalogue, language, base, i.labels, i.changed, i.updated, i.said)


def shared_files(catalogue: Catalogue, base: str, inputs: DataInputs) -> list[DataFile]:
    """The files of no language but the package description: catalogue.json, cpsv-ap.jsonld."""
    about, labels = inputs.about, inputs.labels
    codes = [language.code for language in inputs.required]
    keys = ("area_served", "country_served", "eligibility")
    words = {lang: {k: labels[k][lang] for k in keys} for lang in codes}
    cpsv = cpsv_document(catalogue, codes, base, about, words, inputs.said)
    return [
        _file("catalogue.json", None, _catalogue_json(catalogue, about), inputs.updated),
        _file("cpsv-ap.jsonld", None, _json(cpsv), inputs.updated),
    ]


def all_files(
    base: str,
    inputs: DataInputs,
    shared: list[DataFile],
    by_language: list[list[DataFile]],
) -> list[DataFile]:
    """The files in the open-data page's order, with the package description of them all."""
    catalogue_json, cpsv = shared
    files = [catalogue_json, *(f for found in by_language for f in found), cpsv]
    package = datapackage(files, inputs.about, base, inputs.required)
    files.append(_file("datapackage.json", None, _json(package), inputs.updated))
    _check_described(files, inputs.about)
    return files


def _language_files(
    catalogue: Catalogue,
    language: Language,
    base: str,
    labels: dict[str, dict[str, str]],
    changed: dict[tuple[str, str], dt.datetime],
    updated: dt.datetime,
    said: dict[str, Said],
) -> list[DataFile]:
    """One language's files: HSDS services and organizations, the feed and the CSV tables."""
    about, default, lang = open_data_description(), catalogue.languages[0], language.code
    measures, institutions = catalogue.of("measures"), catalogue.of("institutions")
    free = labels["free"][lang]
    terms = {"free": free, "taxonomy": _text(about["taxonomy"]["name"], language, default)}
    services = [hsds_service(m, catalogue, lang, base, terms, said[m.id]) for m in measures]
    orgs = [hsds_organization(i, catalogue, lang, base) for i in institutions]
    licence = about["licence"]
    feed_words = {
        "title": labels["feed_title"][lang],
        "author": _text(about["publisher"], language, default),
        "rights": f"{_text(licence['attribution'], language, default)}"
        f" – {_text(licence['name'], language, default)}",
    }
    files = [
        _file("hsds-services.{lang}.json", lang, _json(services), updated),
        _file("hsds-organizations.{lang}.json", lang, _json(orgs), updated),
        _file(
            FEED_NAME, lang, atom_feed(catalogue, lang, base, changed, feed_words, said), updated
        ),
    ]
    tables = (
        ("mesures", measures, MEASURE_COLUMNS),
        ("institutions", institutions, INSTITUTION_COLUMNS),
    )
    for stem, entries, columns in tables:
        content = csv_table(entries, columns, catalogue, lang, base, free, said)
        files.append(_file(f"{stem}.{{lang}}.csv", lang, content, updated, [n for n, _ in columns]))
    for kind, objects in (("measures", services), ("institutions", orgs)):
        files += _entry_files(catalogue, kind, objects, lang, changed, updated)
    return files


def _entry_files(
    catalogue: Catalogue,
    kind: str,
    objects: list[dict[str, Any]],
    lang: str,
    changed: dict[tuple[str, str], dt.datetime],
    updated: dt.datetime,
) -> list[DataFile]:
    """One file per entry, its HSDS object as in the whole file, at /donnees/<section>/<id>.<lang>.json;
    a copy at each former id keeps a renamed entry's address working."""
    pattern = entry_pattern(kind)
    files = []
    for entry, found in zip(catalogue.of(kind), objects, strict=True):
        content = _json(found)
        when = changed.get((kind, entry.id), updated)
        for entry_id in (entry.id, *entry.get("former_ids", [])):
            files.append(
                DataFile(
                    pattern.format(id=entry_id, lang=lang),
                    pattern,
                    lang,
                    _MEDIA["json"],
                    content,
                    when,
                    (),
                    f"{kind}/{entry.id}",
                    entry_id != entry.id,
                )
            )
    return files


def entry_pattern(kind: str) -> str:
    """Where one entry's file is published under /donnees/: 'mesures/{id}.{lang}.json'."""
    return f"{SECTIONS[kind]}/{{id}}.{{lang}}.json"


def write_exports(site: Path, files: list[DataFile]) -> list[Path]:
    """Write the open-data files into the built site; return their paths."""
    folder = site / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file in files:
        target = folder / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)
        written.append(target)
    return written


def public_entry(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """An entry as bulk data may show it: a person's e-mail only if the entry marks it public."""
    if kind == "people" and not data.get("email_public"):
        return {k: v for k, v in data.items() if k != "email"}
    return data


def licence_note(about: dict[str, Any]) -> dict[str, Any]:
    """The licence as files carry it: identifier, address and the source to cite."""
    licence = about["licence"]
    return {"id": licence["id"], "url": licence["url"], "attribution": licence["attribution"]}


def datapackage(
    files: list[DataFile], about: dict[str, Any], base: str, languages: list[Language]
) -> dict[str, Any]:
    """A Frictionless Data Package describing every file: licence, format, size, hash, columns.

    `languages` are the files' languages, the default first: it describes the files of no
    language and gives the texts open-data.yml lacks in another.
    """
    licence, default = about["licence"], languages[0]
    by_code = {language.code: language for language in languages}
    publisher = [
        about["publisher"][lang.code] for lang in languages if lang.code in about["publisher"]
    ]
    return {
        "name": "cii-valais-catalogue",
        "title": " / ".join(publisher),
        "homepage": base + DATA_DIR + "/",
        "licenses": [
            {
                "name": licence["id"],
                "path": licence["url"],
                "title": _text(licence["name"], default, default),
            }
        ],
        "resources": [
            _resource(f, about, base, by_code.get(f.lang or "", default), default)
            for f in files
            if not f.alias
        ],
    }


def _resource(
    file: DataFile, about: dict[str, Any], base: str, language: Language, default: Language
) -> dict[str, Any]:
    described = about["files"][file.pattern]
    resource: dict[str, Any] = {
        "name": file.name.replace(".", "-").lower(),
        "path": base + DATA_DIR + "/" + file.name,
        "format": file.name.rsplit(".", 1)[1],
        "mediatype": file.media_type,
        "encoding": "utf-8",
        "bytes": file.size,
        "hash": "sha256:" + hashlib.sha256(file.content).hexdigest(),
        "description": _text(described["about"], language, default),
    }
    if file.entry:
        resource["description"] += f" ({file.entry})"
    if file.media_type == "text/csv":
        names = about["fields"][file.pattern]
        resource["schema"] = {
            "fields": [
                {"name": n, "type": "string", "description": _text(names[n], language, default)}
                for n in file.fields
            ]
        }
    return resource


def _catalogue_json(catalogue: Catalogue, about: dict[str, Any]) -> bytes:
    data: dict[str, Any] = {"licence": licence_note(about)}
    data.update({kind: [public_entry(kind, e.data) for e in catalogue.of(kind)] for kind in KINDS})
    return _json(data)


def _json(data: Any) -> bytes:
    # As json.dumps(data, ensure_ascii=False, indent=1, default=str), 1.5-1.8 times as fast.
    return (indented(data, 1, default=str) + "\n").encode("utf-8")


_MEDIA = {
    "json": "application/json",
    "csv": "text/csv",
    "jsonld": "application/ld+json",
    "atom": "application/atom+xml",
}


def _file(
    pattern: str,
    lang: str | None,
    content: bytes,
    updated: dt.datetime,
    fields: list[str] | None = None,
) -> DataFile:
    name = pattern.format(lang=lang) if lang else pattern
    media = _MEDIA[name.rsplit(".", 1)[1]]
    return DataFile(name, pattern, lang, media, content, updated, tuple(fields or ()))


def _check_described(files: list[DataFile], about: dict[str, Any]) -> None:
    """Every file and every CSV column needs its description in both languages."""
    for file in files:
        if file.pattern not in about["files"]:
            raise LookupError(f"open-data.yml: no description under files: for {file.pattern}")
        missing = [n for n in file.fields if n not in about["fields"].get(file.pattern, {})]
        if missing:
            raise LookupError(f"open-data.yml: fields.{file.pattern} lacks {', '.join(missing)}")
