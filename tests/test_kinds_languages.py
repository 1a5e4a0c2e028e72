"""One registry of kinds and one list of languages: what derives from them, and their checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ciivs.catalogue import kinds
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.relations import Relations
from conftest import run_check

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "catalogue" / "schemas"
SITE = ROOT / "site"
REF_DEFS = ("#/$defs/ref", "#/$defs/refs")
COMMON = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))["$defs"]


def _schema(kind: kinds.Kind) -> dict:
    return json.loads((SCHEMAS / kind.schema).read_text(encoding="utf-8"))


def _is_ref(spec: dict) -> bool:
    """An id or a list of ids, directly, through the known ids (ids.schema.json) or a definition
    of common.schema.json."""
    target = spec.get("$ref") or spec.get("items", {}).get("$ref", "")
    if target.endswith(REF_DEFS) or target.startswith("ids.schema.json#/$defs/"):
        return True
    if target.startswith("common.schema.json#/$defs/"):
        return _is_ref(COMMON[target.rsplit("/", 1)[1]])
    return False


def _ref_fields(schema: dict) -> set[str]:
    """Fields whose value is an id (or a list of ids) of another entry."""
    found = set()
    for name, spec in schema.get("properties", {}).items():
        if _is_ref(spec):
            found.add(name)
    return found


@pytest.mark.parametrize("kind", kinds.REGISTRY, ids=lambda k: k.name)
def test_every_reference_field_of_a_schema_is_declared_in_the_registry(kind) -> None:
    assert _ref_fields(_schema(kind)) == set(kind.references), (
        f"catalogue/schemas/{kind.schema} and kinds.py disagree on {kind.name}'s reference fields"
    )


@pytest.mark.parametrize("kind", kinds.REGISTRY, ids=lambda k: k.name)
def test_every_declared_kind_has_its_folder_schema_and_templates(kind) -> None:
    templates = ROOT / "scripts" / "ciivs" / "pages" / "templates"
    assert (ROOT / "catalogue" / kind.folder).is_dir()
    assert (SCHEMAS / kind.schema).is_file()
    assert (templates / kind.template).is_file()
    assert (templates / kind.index_template).is_file()


def test_text_languages_of_the_schema_copy_are_the_site_languages() -> None:
    """Editors' tools read common.schema.json; its language keys follow languages.yml."""
    from ciivs.catalogue.languages import load_languages

    languages = load_languages(ROOT / "catalogue")
    for name in ("text", "markdown", "easy_sections"):
        definition = COMMON[name]
        assert list(definition["properties"]) == [lang.code for lang in languages]
        assert definition["required"] == [lang.code for lang in languages if lang.required]
    for name in ("keywords", "some_texts", "some_dates"):
        assert list(COMMON[name]["properties"]) == [lang.code for lang in languages]
        assert "required" not in COMMON[name]


def test_typed_references_name_exactly_the_declared_kinds() -> None:
    common = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))
    pattern = common["$defs"]["typed_ref"]["pattern"]
    listed = re.match(r"\^\(([^)]*)\)/", pattern).group(1).split("|")
    assert sorted(listed) == sorted(kinds.NAMES)


def test_sections_are_unique_and_listed_in_the_published_urls() -> None:
    sections = [k.section for k in kinds.REGISTRY]
    assert len(set(sections)) == len(sections)
    published = (ROOT / "catalogue" / "published-urls.txt").read_text(encoding="utf-8")
    for section in sections:
        assert f"/{section}/\n" in published


def test_asking_for_an_undeclared_kind_or_relation_fails_at_once() -> None:
    catalogue, problems = check_catalogue(ROOT / "tests" / "fixtures" / "valid")
    assert problems == []
    relations = Relations(catalogue)
    with pytest.raises(kinds.UnknownKind, match="declares no reference field 'colour'"):
        relations.having("programmes", "colour", "x")
    with pytest.raises(kinds.UnknownKind, match="kind 'recipes' is not declared"):
        relations.having("recipes", "author", "x")
    with pytest.raises(kinds.UnknownKind, match="kind 'recipes' is not declared"):
        catalogue.of("recipes")


def test_every_declared_relation_can_be_asked_for() -> None:
    catalogue, _ = check_catalogue(ROOT / "tests" / "fixtures" / "valid")
    relations = Relations(catalogue)
    for kind, field_name, target in kinds.references():
        for entry in catalogue.of(kind.name):
            for ref in (
                [entry.get(field_name)]
                if isinstance(entry.get(field_name), str)
                else entry.get(field_name, [])
            ):
                assert entry in relations.having(kind.name, field_name, ref)
        assert relations.having(kind.name, field_name, "no-such-id") == []
        assert target in kinds.NAMES


def _links(html: str) -> set[str]:
    return {str(a["href"]) for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)}


def test_target_group_pages_link_the_programmes_that_name_them() -> None:
    """The drift the registry ends: a programme's target groups show it on their pages."""
    catalogue, problems = check_catalogue(ROOT / "catalogue")
    assert problems == []
    pairs = [
        (group, programme)
        for programme in catalogue.of("programmes")
        for group in programme.get("target_groups", [])
    ]
    assert pairs, "no programme names a target group in the catalogue"
    for group, programme in pairs:
        for prefix in ("", "de/"):
            page = SITE / prefix / "publics" / group / "index.html"
            html = page.read_text(encoding="utf-8")
            assert f"../../programmes/{programme.id}/" in _links(html), (
                f"/{prefix}publics/{group}/ does not link the programme {programme.id}"
            )


# --- Labels ------------------------------------------------------------------------------------


def _labels_copy(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "catalogue"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", target)
    shutil.copytree(ROOT / "catalogue" / "labels", target / "labels")
    return target


def test_a_label_missing_in_one_language_is_reported_with_file_and_line(tmp_path: Path) -> None:
    root = _labels_copy(tmp_path)
    german = root / "labels" / "de.yml"
    lines = german.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("filter_reset:"))
    previous = next(i for i in range(index - 1, -1, -1) if re.match(r"^\w+:", lines[i]))
    del lines[index]
    german.write_text("".join(lines), encoding="utf-8")
    result = run_check(root)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    expected = f"{root}/labels/de.yml:{previous + 2}: MISSING_TRANSLATION label 'filter_reset'"
    assert expected in result.stdout + result.stderr


def test_a_label_that_is_not_text_or_unknown_is_reported(tmp_path: Path) -> None:
    root = _labels_copy(tmp_path)
    german = root / "labels" / "de.yml"
    german.write_text(
        german.read_text(encoding="utf-8") + 'made_up_label: "x"\nanother_label: no\n',
        encoding="utf-8",
    )
    out = run_check(root)
    text = out.stdout + out.stderr
    assert out.returncode != 0 and "Traceback" not in text
    assert re.search(r"labels/de\.yml:\d+: WRONG_TYPE label 'another_label' must be a text", text)
    assert re.search(r"labels/de\.yml:\d+: UNKNOWN_FIELD label 'made_up_label'", text)


def test_labels_used_by_templates_exist() -> None:
    """Every `L.key` / `L["key"]` / `fmt("key"` in the templates is a label of every language."""
    from ciivs.catalogue.labels import load_labels

    labels = load_labels()
    templates = ROOT / "scripts" / "ciivs" / "pages" / "templates"
    used = set()
    for file in templates.glob("*.html"):
        text = file.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bL\.(\w+)", text))
        used |= set(re.findall(r"\bL\[\"(\w+)\"\]", text))
        used |= set(re.findall(r"\bfmt\(\"(\w+)\"[,)]", text))
    assert used, f"no label found in {templates}: has the folder moved?"
    missing = sorted(used - set(labels))
    assert not missing, f"labels used in templates but not in catalogue/labels/: {missing}"
