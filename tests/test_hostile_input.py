"""Hostile text in the catalogue: the check refuses it with a clear problem, or the site shows it as text.

A copy of the real catalogue gets hostile strings (tests/hostilekit.py) in one measure's title,
summary, description, eligibility, a link's url and the contact phone. For every string and field
the expected verdict is written out below: a problem code, or None for "accepted". Accepted
strings are then built into a whole site (MkDocs included, without search) and every page is
compared with the same site built from neutral placeholders: same scripts, same active elements,
no event handler, no javascript:/data: URL, JSON-LD that parses, and the text shown as written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ciivs.build.pipeline import Options, build_site
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.problems import CODES, Problem
from ciivs.catalogue.yamlfile import read_yaml
from ciivs.formats.markdown import render_markdown
from ciivs.pages.render import render_site
from ciivs.tools.linkcheck import check_site
from conftest import CATALOGUE, LANGS, ROOT, run_check
from hostilekit import HOSTILE, injected_markup, scan_html, site_pages

PROBLEM_LINE = re.compile(r"^.+:\d+: [A-Z_]+ .+$")
# Any three measures and an institution of the real catalogue: what is tested is the check.
MEASURE, LINK_MEASURE, PHONE_MEASURE = sorted(
    p.relative_to(CATALOGUE).as_posix() for p in (CATALOGUE / "measures").glob("*.yml")
)[:3]
INSTITUTION = sorted(
    p.relative_to(CATALOGUE).as_posix() for p in (CATALOGUE / "institutions").glob("*.yml")
)[0]
FIELDS = ("title", "summary", "description", "eligibility", "link_url", "phone")
TEXT_FIELDS = ("title", "summary", "description", "eligibility")
MARKUP = ("script", "img-onerror", "html-comment", "close-script")


def expected_code(name: str, field: str) -> str | None:
    """The verdict for one hostile string in one field: a problem code, or None (accepted, shown as text)."""
    if field == "phone":
        return "BAD_PHONE"  # schema: digits and spaces only
    if field == "link_url":
        return "BAD_LINK"  # schema: https://, http://, mailto:, tel: and no quotes, spaces or <>
    markdown = field in ("description", "eligibility")
    if name in MARKUP:
        return "UNSAFE_MARKDOWN" if markdown else "UNSAFE_TEXT"
    if name in ("md-javascript-link", "md-data-link"):
        return "BAD_LINK" if markdown else None  # in a plain text it is just text
    if name == "very-long":
        return None if markdown else "TEXT_TOO_LONG"
    if name in ("rtl-override", "zero-width-space"):
        return "UNSAFE_CHARACTER"
    return None  # attribute-break, jinja-*, combining, emoji


CASES = [(name, field) for name in HOSTILE for field in FIELDS]
ACCEPTED = [(name, field) for name, field in CASES if expected_code(name, field) is None]


def with_value(data: dict[str, Any], field: str, value: str) -> dict[str, Any]:
    """The measure with `value` in `field` (both languages for texts)."""
    data = dict(data)
    if field in TEXT_FIELDS:
        data[field] = {"fr": value, "de": value}
    elif field == "link_url":
        data["links"] = [{"url": value, "label": {"fr": "Inscription", "de": "Anmeldung"}}]
    elif field == "phone":
        data["contact"] = {**data.get("contact", {}), "phone": value}
    else:
        raise AssertionError(field)
    return data


def write_entry(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        f"# yaml-language-server: $schema=../schemas/{path.parent.name}.schema.json\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )


def field_lines(path: Path, field: str) -> set[int]:
    """Lines an editor may be pointed at for `field`: its key and each of its values."""
    located, problems = read_yaml(path.read_bytes(), str(path))
    assert located is not None, problems
    key = {"link_url": "links", "phone": "contact"}.get(field, field)
    return {line for at, line in located.lines.items() if at and at[0] == key}


@pytest.fixture(scope="module")
def catalogue_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "catalogue"
    shutil.copytree(CATALOGUE, folder, ignore=shutil.ignore_patterns("published-urls.txt"))
    return folder


@pytest.fixture(scope="module")
def measure_data() -> dict[str, Any]:
    return yaml.safe_load((CATALOGUE / MEASURE).read_text(encoding="utf-8"))


def check_with(folder: Path, changes: dict[str, dict[str, Any]]) -> list[Problem]:
    """Check the copy with some entries replaced (relative path -> data), then restore them."""
    try:
        for relative, data in changes.items():
            write_entry(folder / relative, data)
        _, problems = check_catalogue(folder, "catalogue")
    finally:
        for relative in changes:
            shutil.copyfile(CATALOGUE / relative, folder / relative)
    for found in problems:
        assert isinstance(found, Problem) and found.code in CODES
        assert PROBLEM_LINE.match(str(found)), str(found)
        assert "\n" not in str(found) and len(str(found)) < 600
    return problems


# The schema refuses a whole entry at its first bad field, before the text rules run: the
# link and the phone therefore go to two other measures, so that one check run judges all six.
FILE_OF = {
    **{field: MEASURE for field in TEXT_FIELDS},
    "link_url": LINK_MEASURE,
    "phone": PHONE_MEASURE,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_check_refuses_or_accepts(name: str, catalogue_copy: Path, tmp_path: Path) -> None:
    changes: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        relative = FILE_OF[field]
        data = changes.get(relative) or yaml.safe_load(
            (CATALOGUE / relative).read_text(encoding="utf-8")
        )
        changes[relative] = with_value(data, field, HOSTILE[name])
    problems = check_with(catalogue_copy, changes)
    # Where each field sits in the files as written, to attribute every problem to its field.
    lines: dict[str, set[int]] = {}
    for relative, data in changes.items():
        write_entry(tmp_path / "entry.yml", data)
        for field in FIELDS:
            if FILE_OF[field] == relative:
                lines[field] = field_lines(tmp_path / "entry.yml", field)
    verdicts = []
    for field in FIELDS:
        mine = [
            p
            for p in problems
            if p.path == f"catalogue/{FILE_OF[field]}" and p.line in lines[field]
        ]
        verdicts.append((field, sorted({p.code for p in mine}) or None))
    expected = [
        (field, [expected_code(name, field)] if expected_code(name, field) else None)
        for field in FIELDS
    ]
    assert verdicts == expected, "\n".join(map(str, problems))
    attributed = {
        p
        for p in problems
        for field in FIELDS
        if p.path == f"catalogue/{FILE_OF[field]}" and p.line in lines[field]
    }
    assert set(problems) == attributed, "problems outside the hostile fields:\n" + "\n".join(
        map(str, set(problems) - attributed)
    )


@pytest.mark.parametrize(
    "name,field,code",
    [
        ("script", "title", "UNSAFE_TEXT"),
        ("md-javascript-link", "description", "BAD_LINK"),
        ("rtl-override", "summary", "UNSAFE_CHARACTER"),
        ("close-script", "eligibility", "UNSAFE_MARKDOWN"),
    ],
)
def test_command_line_reports_one_clean_line(
    name: str, field: str, code: str, tmp_path: Path, measure_data: dict[str, Any]
) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    write_entry(folder / MEASURE, with_value(measure_data, field, HOSTILE[name]))
    result = run_check(folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), result.stderr
    assert any(
        line.startswith(f"{folder}/{MEASURE}:") and f": {code} " in line for line in lines
    ), result.stderr
    # The terminal never receives the raw control characters.
    assert "\u202e" not in result.stderr


# ---------- Variants of links and control characters ----------

MARKDOWN_LINKS = {
    "[x](JaVaScRiPt:alert(1))": "BAD_LINK",
    "[x]( javascript:alert(1) )": "BAD_LINK",
    "[x](&#106;avascript:alert(1))": "BAD_LINK",
    "[x][r]\n\n[r]: javascript:alert(1)": "BAD_LINK",
    "[x](vbscript:msgbox(1))": "BAD_LINK",
    "[x](//evil.example/)": "BAD_LINK",
    "[x](../../mesures/)": "BAD_LINK",
    "<javascript:alert(1)>": "UNSAFE_MARKDOWN",
    "[x](<javascript:alert(1)>)": {"BAD_LINK", "UNSAFE_MARKDOWN"},
    '<a href="javascript:alert(1)">x</a>': "UNSAFE_MARKDOWN",
    '[x](https://example.ch/"onmouseover="alert(1))': None,
    '[x](https://example.ch "t\\" onmouseover=\\"alert(1)")': None,
    "![x](https://evil.example/pixel.png)": None,
    "[ok](https://www.vs.ch/) [mail](mailto:someone@admin.vs.ch) [tel](tel:+41276067320)": None,
}


@pytest.mark.parametrize("text", list(MARKDOWN_LINKS))
def test_markdown_links(text: str, catalogue_copy: Path, measure_data: dict[str, Any]) -> None:
    problems = check_with(catalogue_copy, {MEASURE: with_value(measure_data, "description", text)})
    expected = MARKDOWN_LINKS[text]
    expected = set() if expected is None else {expected} if isinstance(expected, str) else expected
    assert {p.code for p in problems} == expected, "\n".join(map(str, problems))
    # Even if the check missed it, the renderer never writes an unsafe link, an image or a handler.
    rendered = scan_html(render_markdown(text))
    assert injected_markup(rendered, None) == []
    assert "img" not in rendered.active
    assert all(
        v.startswith(("https://", "http://", "mailto:", "tel:")) for _, _, v in rendered.urls
    ), rendered.urls


URLS = {
    "javascript:alert(1)": "BAD_LINK",
    "JAVASCRIPT:alert(1)": "BAD_LINK",
    " javascript:alert(1)": "BAD_LINK",
    "data:text/html;base64,PHNjcmlwdD4=": "BAD_LINK",
    'https://example.ch/" onmouseover="alert(1)': "BAD_LINK",
    "https://example.ch/<script>": "BAD_LINK",
    "//evil.example/": "BAD_LINK",
    "www.vs.ch": "BAD_LINK",
    "ftp://example.ch/": "BAD_LINK",
    "tel:alert(1)": "BAD_LINK",
    "https://www.vs.ch/web/sas?q={{7*7}}": None,
    "mailto:sas@admin.vs.ch": None,
    "tel:+41 27 606 48 00": None,
}


@pytest.mark.parametrize("url", list(URLS))
def test_url_fields(url: str, catalogue_copy: Path, measure_data: dict[str, Any]) -> None:
    """The same URL as a measure's link, a measure's contact url and an institution's website."""
    places = {
        MEASURE: ("links", with_value(measure_data, "link_url", url)),
        LINK_MEASURE: (
            "contact",
            {
                **yaml.safe_load((CATALOGUE / LINK_MEASURE).read_text(encoding="utf-8")),
                "contact": {"url": url},
            },
        ),
        INSTITUTION: (
            "website",
            {
                **yaml.safe_load((CATALOGUE / INSTITUTION).read_text(encoding="utf-8")),
                "website": url,
            },
        ),
    }
    problems = check_with(
        catalogue_copy, {relative: data for relative, (_, data) in places.items()}
    )
    expected = URLS[url]
    for relative, (where, _) in places.items():
        codes = {p.code for p in problems if p.path == f"catalogue/{relative}"}
        assert codes == ({expected} if expected else set()), f"{where}: " + "\n".join(
            map(str, problems)
        )


@pytest.mark.parametrize(
    "escape", ["\\0", "\\a", "\\x07", "\\e", "\\x85", "\\u2028", "\\u200b", "\\u202e", "\\u2066"]
)
def test_control_characters_written_as_escapes(escape: str, catalogue_copy: Path) -> None:
    """A YAML escape puts a control character in a value without one in the file: still refused."""
    # A measure whose German title may differ from the French one (not a name to confirm).
    file = next(
        f
        for f in sorted((catalogue_copy / "measures").glob("*.yml"))
        if yaml.safe_load(f.read_text(encoding="utf-8")).get("german_name") != "to-confirm"
    )
    original = file.read_text(encoding="utf-8")
    title = yaml.safe_load(original)["title"]["fr"]
    line = f"  fr: {title}\n"
    assert original.count(line) == 1 and '"' not in title and "\\" not in title
    half = len(title) // 2
    file.write_text(
        original.replace(line, f'  fr: "{title[:half]}{escape}{title[half:]}"\n'), encoding="utf-8"
    )
    try:
        _, problems = check_catalogue(catalogue_copy, "catalogue")
    finally:
        file.write_text(original, encoding="utf-8")
    assert [p.code for p in problems] == ["UNSAFE_CHARACTER"], "\n".join(map(str, problems))
    assert problems[0].line == original.splitlines().index(line.rstrip("\n")) + 1
    assert PROBLEM_LINE.match(str(problems[0])) and str(problems[0]).isprintable()


# ---------- Accepted strings, built into a whole site ----------


def assignment(measure_ids: list[str]) -> dict[str, dict[str, str]]:
    """measure id -> {field: hostile name}: every accepted (string, field) pair, each string in one
    measure, two strings sharing a measure only when their fields differ."""
    fields_of: dict[str, list[str]] = {}
    for name, field in ACCEPTED:
        fields_of.setdefault(name, []).append(field)
    plan: dict[str, dict[str, str]] = {m: {} for m in measure_ids}
    for name, fields in fields_of.items():
        target = next((m for m in measure_ids if not set(fields) & set(plan[m])), None)
        assert target is not None, "more hostile strings than measures can hold"
        plan[target].update({field: name for field in fields})
    return plan


def build_variant(root: Path, plan: dict[str, dict[str, str]], values: dict[str, str]) -> Path:
    """Build the real catalogue with the plan's fields set to `values[name]`; returns the site."""
    catalogue = root / "catalogue"
    shutil.copytree(CATALOGUE, catalogue, ignore=shutil.ignore_patterns("published-urls.txt"))
    for measure_id, fields in plan.items():
        file = catalogue / "measures" / f"{measure_id}.yml"
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for field, name in fields.items():
            data = with_value(data, field, values[name])
        write_entry(file, data)
    site = root / "site"
    build_site(
        Options(catalogue=catalogue, site=site, staging=root / "docs", manifest=None, search=False)
    )
    return site


@pytest.fixture(scope="module")
def hostile_sites(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, dict[str, dict[str, str]]]:
    ids = sorted(p.stem for p in (CATALOGUE / "measures").glob("*.yml"))
    plan = assignment(ids)
    names = sorted({name for fields in plan.values() for name in fields.values()})
    neutral = {name: f"Texte neutre {i}" for i, name in enumerate(names)}
    clean = build_variant(tmp_path_factory.mktemp("clean"), plan, neutral)
    hostile = build_variant(tmp_path_factory.mktemp("hostile-site"), plan, HOSTILE)
    return hostile, clean, plan


def test_every_accepted_string_is_built(hostile_sites) -> None:
    _, _, plan = hostile_sites
    built = {(name, field) for fields in plan.values() for field, name in fields.items()}
    assert built == set(ACCEPTED)
    assert {name for name, _ in ACCEPTED} >= {
        "attribute-break",
        "jinja-expression",
        "jinja-raw",
        "very-long",
        "combining",
        "emoji",
        "md-javascript-link",
        "md-data-link",
    }


def test_built_pages_are_inert(hostile_sites) -> None:
    hostile, clean, _ = hostile_sites
    pages, clean_pages = site_pages(hostile), site_pages(clean)
    assert pages.keys() == clean_pages.keys()
    failures = []
    for relative, file in pages.items():
        problems = injected_markup(
            scan_html(file.read_text(encoding="utf-8")),
            scan_html(clean_pages[relative].read_text(encoding="utf-8")),
        )
        failures += [f"{relative}: {p}" for p in problems]
    assert failures == [], "\n".join(failures[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_texts_are_shown_as_written(hostile_sites, lang: str) -> None:
    hostile, _, plan = hostile_sites
    prefix = "" if lang == "fr" else "de/"
    checked = 0
    for measure_id, fields in plan.items():
        html = (hostile / f"{prefix}mesures/{measure_id}/index.html").read_text(encoding="utf-8")
        page = scan_html(html)
        text = page.visible_text
        for field, name in fields.items():
            value = " ".join(HOSTILE[name].split())
            if field == "title":
                assert page.h1 == [value], f"{measure_id}: h1 {page.h1} != {value!r}"
                assert page.title.startswith(value + " - "), page.title
                (ld,) = [
                    d
                    for d in page.jsonld()
                    if isinstance(d, dict) and d.get("@type") == "GovernmentService"
                ]
                assert ld["name"] == HOSTILE[name]
                if name == "jinja-expression":
                    assert "49" not in page.h1[0] and "49" not in page.title
            elif field == "summary":
                assert page.meta_description == HOSTILE[name]
                assert value in text, f"{measure_id}: summary {value!r} not shown"
            else:
                assert value in text, f"{measure_id}: {field} {value[:40]!r}… not shown as written"
            checked += 1
    assert checked == len(ACCEPTED)


def test_measure_list_and_json_data_stay_valid(hostile_sites) -> None:
    hostile, _, _ = hostile_sites
    for relative in ("mesures/index.html", "de/mesures/index.html", "index.html", "de/index.html"):
        scan = scan_html((hostile / relative).read_text(encoding="utf-8"))
        assert scan.handlers == [] and scan.bad_urls() == []
    for data in sorted((hostile / "donnees").glob("*.json")):
        json.loads(data.read_text(encoding="utf-8"))


# ---------- Second line of defence: the renderer escapes even what the check would refuse ----------


def _replace_texts(value: Any, text: str) -> Any:
    """Every language map ({fr: .., de: ..}) of an entry, replaced by `text`; ids and numbers kept."""
    if isinstance(value, dict):
        if set(value) == {"fr", "de"} and all(isinstance(v, str) for v in value.values()):
            return {"fr": text, "de": text}
        return {k: _replace_texts(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_texts(v, text) for v in value]
    return value


def _rendered(text: str) -> dict[tuple[str, str], Any]:
    catalogue, problems = check_catalogue(CATALOGUE, "catalogue")
    assert problems == []
    for entry in catalogue.all():
        entry.data = _replace_texts(entry.data, text)
        if entry.kind == "people":
            entry.data["name"] = text
    return {(page.lang, page.src): scan_html(page.body) for page in render_site(catalogue)}


def test_renderer_escapes_unchecked_markup() -> None:
    """If a rule ever let markup through, every generated page would still show it as text."""
    clean = _rendered("Texte neutre")
    payload = " ".join(
        HOSTILE[name]
        for name in ("script", "img-onerror", "close-script", "attribute-break", "html-comment")
    )
    hostile = _rendered(payload)
    assert hostile.keys() == clean.keys()
    failures = [
        f"{lang}/{src}: {problem}"
        for key, scan in hostile.items()
        for lang, src in [key]
        for problem in injected_markup(scan, clean[key])
    ]
    assert failures == [], "\n".join(failures[:20])
    assert any(payload.split()[0] in scan.visible_text for scan in hostile.values())


def test_hostile_site_links_still_resolve(hostile_sites) -> None:
    hostile, _, _ = hostile_sites
    assert [str(p) for p in check_site(hostile)] == []


def test_long_names_of_circle_members_render_in_bounded_time(tmp_path: Path) -> None:
    """Regression: a member name wider than its ring made the diagram's label placement loop for ever.

    Names as long as the check allows (160 characters, no abbreviation) must render; the render
    runs in a subprocess so that a hang fails the test instead of blocking the suite.
    """
    catalogue = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, catalogue)
    members = [
        p
        for p in sorted((catalogue / "institutions").glob("*.yml"))
        if "\ncircles:" in p.read_text(encoding="utf-8")
    ]
    assert members
    for file in members:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        data.pop("abbreviation", None)
        if data.get("german_name") == "to-confirm":
            continue
        data["name"] = {
            "fr": ("Nom très long " * 12)[:159].strip(),
            "de": ("Sehr langer Name " * 10)[:159].strip(),
        }
        write_entry(file, data)
    code = (
        "import sys; from pathlib import Path; from ciivs.catalogue.check import check_catalogue; from ciivs.pages.render import render_site;"
        f"c, p = check_catalogue(Path({str(catalogue)!r})); assert not p, p; print(len(render_site(c)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout) > 100
