"""`python -m ciivs diff BASE`: what a pull request changes for readers, in French and German.

Each test makes a git repository holding a copy of the fixture catalogue, commits it, makes the
editorial change an editor would, and reads the summary as a reviewer would. Expected words come
from the labels files and from the fixture's own titles, never from the program's output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml

from conftest import CATALOGUE, LANGS, ROOT, VALID, copy_catalogue, edit

LABELS = {
    code: yaml.safe_load((CATALOGUE / "labels" / f"{code}.yml").read_text("utf-8"))
    for code in LANGS
}
PREFIX = {"fr": "/", "de": "/de/"}


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the fixture catalogue committed on `main`."""
    root = tmp_path / "repo"
    copy_catalogue(VALID, root / "catalogue")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    return root


def _diff(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "ciivs", "diff", *args, "--catalogue", str(repo / "catalogue")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _sections(summary: str) -> dict[str, str]:
    """The summary cut into its French and German sections, by their headings."""
    starts = {code: summary.index(f"## {LABELS[code]['diff_title']}") for code in LABELS}
    order = sorted(starts, key=starts.get)
    ends = {
        code: (starts[order[i + 1]] if i + 1 < len(order) else len(summary))
        for i, code in enumerate(order)
    }
    return {code: summary[starts[code] : ends[code]] for code in LABELS}


def _block(section: str, heading: str) -> str:
    """The lines under a `### heading (n)` of a section."""
    found = re.search(
        rf"^### {re.escape(heading)}(?: \(\d+\))?\n(.*?)(?=^##|\Z)", section, re.S | re.M
    )
    assert found, f"no heading {heading!r} in:\n{section}"
    return found[1]


def _field(repo: Path, relative: str, *path: str) -> str:
    value = yaml.safe_load((repo / "catalogue" / relative).read_text("utf-8"))
    for key in path:
        value = value[key]
    return value


def test_add_german_only_change_end_and_rename(repo: Path) -> None:
    catalogue = repo / "catalogue"
    measure = next((catalogue / "measures").glob("*.yml"))
    measure_id = measure.stem
    # Add: a second measure, a copy with its own id and title.
    added = catalogue / "measures" / "nouvelle-mesure.yml"
    text = measure.read_text("utf-8").replace(f"id: {measure_id}\n", "id: nouvelle-mesure\n")
    text = re.sub(r"(?m)^uuid: .*$", f"uuid: {uuid.uuid4()}", text)
    added.write_text(text, "utf-8")
    # End the existing measure.
    edit(catalogue, f"measures/{measure.name}", "status: active", "status: ended")
    # A German-only change of a target group's summary.
    group = next((catalogue / "target-groups").glob("*.yml"))
    german = _field(repo, f"target-groups/{group.name}", "summary", "de")
    edit(catalogue, f"target-groups/{group.name}", german, german + " Neu formuliert.")
    # Rename an institution the way the README says: file, id, former_ids, and every reference.
    old = sorted(p.stem for p in (catalogue / "institutions").glob("*.yml"))[0]
    new = f"{old}-renomme"
    (catalogue / "institutions" / f"{old}.yml").rename(catalogue / "institutions" / f"{new}.yml")
    edit(catalogue, f"institutions/{new}.yml", f"id: {old}\n", f"id: {new}\nformer_ids: [{old}]\n")
    for file in catalogue.rglob("*.yml"):
        text = file.read_text("utf-8")
        file.write_text(re.sub(rf"(?m)^(\s*(?:[a-z_]+:|-) ){old}$", rf"\g<1>{new}", text), "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "editorial change")

    result = _diff(repo, "HEAD~1", "--head", "HEAD")
    assert result.returncode == 0, result.stderr
    for code, section in _sections(result.stdout).items():
        words, prefix = LABELS[code], PREFIX[code]
        added_block = _block(section, words["diff_added"])
        assert _field(repo, "measures/nouvelle-mesure.yml", "title", code) in added_block
        assert f"{prefix}mesures/nouvelle-mesure/" in _block(section, words["diff_urls_added"])

        ended_block = _block(section, words["diff_ended"])
        assert _field(repo, f"measures/{measure.name}", "title", code) in ended_block
        assert "`status`" in ended_block

        changed_block = _block(section, words["diff_changed"])
        assert _field(repo, f"target-groups/{group.name}", "name", code) in changed_block
        assert "`summary` [de]" in changed_block
        assert "[fr" not in changed_block, "a German-only change is not a French change"

        renamed_block = _block(section, words["diff_renamed"])
        assert _field(repo, f"institutions/{new}.yml", "name", code) in renamed_block
        assert words["diff_renamed_from"].format(old=f"`{old}`") in renamed_block
        redirect = words["diff_redirect"].format(
            old=f"`{prefix}institutions/{old}/`", new=f"`{prefix}institutions/{new}/`"
        )
        assert redirect in _block(section, words["diff_urls_redirected"])
        assert words["diff_removed"] not in section, "a rename with former_ids removes nothing"


def test_working_tree_against_a_branch_and_preview_links(repo: Path) -> None:
    catalogue = repo / "catalogue"
    (catalogue / "circles" / "premier-cercle.yml").unlink()
    result = _diff(repo, "main", "--site-url", "https://preview.example.org/pr-7/")
    assert result.returncode == 0, result.stderr
    for code, section in _sections(result.stdout).items():
        removed = _block(section, LABELS[code]["diff_removed"])
        assert "`premier-cercle`" in removed
    # Changed pages link to the preview; the French home of a measure list stays at the root.
    _git(repo, "checkout", "-q", "--", ".")
    edit(catalogue, "circles/premier-cercle.yml", "rank: 1", "rank: 2")
    summary = _diff(repo, "main", "--site-url", "https://preview.example.org/pr-7/").stdout
    assert "(https://preview.example.org/pr-7/cercles/premier-cercle/)" in summary
    assert "(https://preview.example.org/pr-7/de/cercles/premier-cercle/)" in summary


def test_nothing_changed_says_so_in_both_languages(repo: Path) -> None:
    result = _diff(repo, "main")
    assert result.returncode == 0
    for code in LABELS:
        assert LABELS[code]["diff_nothing"] in result.stdout


def test_a_note_for_editors_is_no_change_for_readers(repo: Path) -> None:
    measure = repo / "catalogue" / "measures" / "formavenir.yml"
    with measure.open("a", encoding="utf-8") as file:
        file.write("editor_note: valid_to to confirm with the SAS\n")
    result = _diff(repo, "main")
    assert result.returncode == 0, result.stderr
    for code in LABELS:
        assert LABELS[code]["diff_nothing"] in result.stdout


def test_an_unknown_revision_is_one_clean_line(repo: Path) -> None:
    result = _diff(repo, "no-such-branch")
    assert result.returncode == 2
    assert "no-such-branch" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
