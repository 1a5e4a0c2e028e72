"""Correct editorial changes pass: check, full build and the URL promise, on a copy of the catalogue.

An editor renames a measure (with `former_ids`, references updated), ends a measure, changes a
figure in both languages, adds an entry, removes one that nothing references (its id goes to
`former_ids` of the entry that replaces it, as the build's URL_REMOVED message says), renames a
target group and moves the finder's age limits (the finder's promised answers must follow). All at
once, on a copy of the real catalogue; which entries are changed is derived from the data, so the
test keeps working whatever the editors do to the catalogue itself.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from ciivs.build.pipeline import Options, build_site
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import REGISTRY, TYPED_REFERENCES, url_of
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.model import Catalogue, Entry
from conftest import CATALOGUE, LANGS, add_former_id, rename_entry, run_check


def incoming(catalogue: Catalogue) -> Counter[tuple[str, str]]:
    """How many references each (kind, id) receives."""
    counts: Counter[tuple[str, str]] = Counter()
    for k in REGISTRY:
        for entry in catalogue.of(k.name):
            for field, target in k.references.items():
                for ref in _as_list(entry.get(field)):
                    counts[(target, ref)] += 1
            for field, owners in TYPED_REFERENCES.items():
                if k.name in owners:
                    for ref in _as_list(entry.get(field)):
                        counts[tuple(ref.split("/", 1))] += 1  # type: ignore[arg-type]
    return counts


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


def page(site: Path, lang: str, kind: str, entry_id: str | None) -> BeautifulSoup:
    prefix = "" if lang == "fr" else f"{lang}/"
    file = site / prefix / url_of(kind, entry_id) / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def refresh_target(soup: BeautifulSoup) -> str:
    meta = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert meta is not None, "a redirect page"
    return str(meta["content"]).split("url=", 1)[1]


def _one_line_figure(entry: Entry) -> tuple[str, str, str] | None:
    """A one-line French/German text pair of the entry's file holding the same number in both."""
    lines = Path(CATALOGUE / entry.kind / f"{entry.id}.yml").read_text(encoding="utf-8")
    for fr_line, de_line in re.findall(r"^(\s+fr: .*\d.*)\n(\s+de: .*\d.*)$", lines, re.M):
        numbers = set(re.findall(r"\b\d+\b", fr_line)) & set(re.findall(r"\b\d+\b", de_line))
        if numbers and lines.count(fr_line) == 1 and lines.count(de_line) == 1:
            return fr_line, de_line, sorted(numbers)[0]
    return None


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The catalogue copied, changed as editors would, checked and built once."""
    root = tmp_path_factory.mktemp("editorial")
    copy = Path(shutil.copytree(CATALOGUE, root / "catalogue"))
    catalogue, problems = check_catalogue(copy, "catalogue")
    assert problems == [], "the committed catalogue passes its check"
    refs = incoming(catalogue)
    measures = sorted(catalogue.of("measures"), key=lambda m: (-refs[("measures", m.id)], m.id))
    done: dict[str, Any] = {"root": root}

    # 1. Rename the most referenced measure.
    old = measures[0].id
    new = f"{old}-nouveau"
    rename_entry(copy, "measures", old, new)
    done["renamed"] = (old, new)

    # 2. End a measure that is still active.
    active = next(m for m in measures[1:] if m.get("status") == "active")
    file = copy / "measures" / f"{active.id}.yml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("\nstatus: active\n", "\nstatus: ended\n"),
        encoding="utf-8",
    )
    done["ended"] = active.id

    # 3. Change a figure in both languages.
    figure = next(
        (e, found) for e in catalogue.all() if e.id != old and (found := _one_line_figure(e))
    )
    entry, (fr_line, de_line, number) = figure
    bumped = str(int(number) + 1)
    file = copy / entry.kind / f"{entry.id}.yml"
    text = file.read_text(encoding="utf-8")
    for line in (fr_line, de_line):
        text = text.replace(line, re.sub(rf"\b{number}\b", bumped, line, count=1))
    file.write_text(text, encoding="utf-8")
    done["figure"] = (entry.kind, entry.id, bumped)

    # 4. Add a measure, written from another one with a new id, uuid and title.
    model = (copy / "measures" / f"{active.id}.yml").read_text(encoding="utf-8")
    added = "mesure-ajoutee-par-un-test"
    model = re.sub(r"(?m)^id: .*$", f"id: {added}", model)
    model = re.sub(r"(?m)^uuid: .*$", f"uuid: {uuid.uuid4()}", model)
    model = re.sub(r"(?m)^former_ids: .*\n", "", model)
    data = yaml.safe_load(model)
    for lang, title in (("fr", "Mesure ajoutée"), ("de", "Hinzugefügte Massnahme")):
        model = model.replace(f"  {lang}: {data['title'][lang]}\n", f"  {lang}: {title}\n", 1)
    (copy / "measures" / f"{added}.yml").write_text(model, encoding="utf-8")
    done["added"] = added

    # 5. Remove an entry nothing references; the entry that replaces it takes its id.
    untouched = {old, new, active.id, entry.id, added}
    removed = next(
        e
        for k in REGISTRY
        for e in sorted(catalogue.of(k.name), key=lambda e: e.id)
        if refs[(e.kind, e.id)] == 0 and e.id not in untouched and len(catalogue.of(e.kind)) > 1
    )
    successor = next(
        e for e in sorted(catalogue.of(removed.kind), key=lambda e: e.id) if e.id != removed.id
    )
    successor_id = new if successor.id == old else successor.id
    (copy / removed.kind / f"{removed.id}.yml").unlink()
    add_former_id(copy / removed.kind / f"{successor_id}.yml", removed.id)
    done["removed"] = (removed.kind, removed.id, successor_id)

    # 6. Rename the target group most measures name (the finder's answers carry its id).
    groups = sorted(catalogue.of("target-groups"), key=lambda g: (-refs[(g.kind, g.id)], g.id))
    group = next(g for g in groups if g.id not in untouched | {removed.id})
    rename_entry(copy, "target-groups", group.id, f"{group.id}-nouveau")
    done["group"] = (group.id, f"{group.id}-nouveau")

    # 7. Move the finder's first age limit one year down: its age bands change.
    finder = copy / "search" / "finder.yml"
    limits = yaml.safe_load(finder.read_text(encoding="utf-8"))["age_limits"]
    moved = [limits[0] - 1, *limits[1:]]
    finder.write_text(
        re.sub(
            r"(?m)^age_limits: .*$",
            f"age_limits: [{', '.join(map(str, moved))}]",
            finder.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    done["limits"] = (limits, moved)

    done["check"] = run_check(copy)
    site = root / "site"
    done["report"] = build_site(
        Options(
            catalogue=copy,
            site=site,
            staging=root / "docs",
            manifest=copy / "published-urls.txt",
        )
    )
    done["site"] = site
    return done


def test_the_check_passes(changed: dict[str, Any]) -> None:
    result = changed["check"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("catalogue OK"), result.stdout


def test_the_build_keeps_every_published_url(changed: dict[str, Any]) -> None:
    """build_site raised nothing: the URL promise held. The new entry's pages are new URLs."""
    added = changed["added"]
    assert set(changed["report"].new_urls) >= {f"/mesures/{added}/", f"/de/mesures/{added}/"}


@pytest.mark.parametrize("lang", LANGS)
def test_renamed_measure_redirects_and_is_linked_by_its_new_id(
    changed: dict[str, Any], lang: str
) -> None:
    old, new = changed["renamed"]
    site = changed["site"]
    target = refresh_target(page(site, lang, "measures", old))
    assert target.rstrip("/").endswith(f"mesures/{new}"), target
    assert page(site, lang, "measures", new).find("h1") is not None
    listing = page(site, lang, "measures", None)
    hrefs = {a["href"] for a in listing.find_all("a", href=True)}
    assert any(f"/{new}/" in f"/{h}" for h in hrefs), f"the list links {new}"
    assert not any(h.rstrip("/").endswith(f"/{old}") or h == f"{old}/" for h in hrefs)


@pytest.mark.parametrize("lang", LANGS)
def test_ended_measure_says_so(changed: dict[str, Any], lang: str) -> None:
    label = load_labels()["status_ended"][lang]
    text = page(changed["site"], lang, "measures", changed["ended"]).get_text(" ")
    assert label in text


@pytest.mark.parametrize("lang", LANGS)
def test_changed_figure_is_on_the_page(changed: dict[str, Any], lang: str) -> None:
    kind, entry_id, bumped = changed["figure"]
    text = page(changed["site"], lang, kind, entry_id).get_text(" ")
    assert re.search(rf"\b{bumped}\b", text), f"{bumped} on the {lang} page of {entry_id}"


@pytest.mark.parametrize("lang", LANGS)
def test_added_measure_has_its_page(changed: dict[str, Any], lang: str) -> None:
    title = {"fr": "Mesure ajoutée", "de": "Hinzugefügte Massnahme"}[lang]
    heading = page(changed["site"], lang, "measures", changed["added"]).find("h1")
    assert heading is not None and title in heading.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_removed_entry_leads_to_its_successor(changed: dict[str, Any], lang: str) -> None:
    kind, removed, successor = changed["removed"]
    target = refresh_target(page(changed["site"], lang, kind, removed))
    assert target.rstrip("/").endswith(f"/{successor}") or target.rstrip("/") == successor


def promised(changed: dict[str, Any], lang: str, needle: str) -> list[str]:
    """The finder URLs of one language in the copy's published-urls.txt that contain `needle`."""
    prefix = "/" if lang == "fr" else f"/{lang}/"
    lines = (changed["root"] / "catalogue" / "published-urls.txt").read_text(encoding="utf-8")
    return [
        u
        for u in lines.splitlines()
        if u.startswith(f"{prefix}trouver/") and needle in u and not u.startswith("/fr/")
    ]


def followed(site: Path, url: str) -> Path:
    """The page a promised URL ends on after its redirect, as a browser resolves it."""
    start = site / url.strip("/")
    target = refresh_target(
        BeautifulSoup((start / "index.html").read_text(encoding="utf-8"), "html.parser")
    )
    landing = (start / target).resolve()
    assert (landing / "index.html").is_file(), f"{url} leads to {target}, which is built"
    return landing


@pytest.mark.parametrize("lang", LANGS)
def test_finder_answers_follow_a_renamed_target_group(changed: dict[str, Any], lang: str) -> None:
    old, new = changed["group"]
    urls = promised(changed, lang, f"/{old}/")
    assert urls, f"the finder's answers for {old} were published"
    for url in urls:
        landing = followed(changed["site"], url)
        assert new in landing.parts, (url, landing)
        assert old not in landing.parts, (url, landing)


@pytest.mark.parametrize("lang", LANGS)
def test_finder_answers_follow_changed_age_limits(changed: dict[str, Any], lang: str) -> None:
    limits, moved = changed["limits"]
    old_band = f"{limits[0]}-{limits[1] - 1}"
    new_band = f"{moved[0]}-{moved[1] - 1}"
    urls = promised(changed, lang, f"/{old_band}/")
    assert urls, f"the finder's band {old_band} was published"
    for url in urls:
        landing = followed(changed["site"], url)
        assert new_band in landing.parts, (url, landing)
