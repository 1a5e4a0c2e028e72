"""Shared paths, copies of the fixture catalogues and a runner for `python -m ciivs check`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# Property tests: in CI (CI=true) the examples are derived from each test's name, so a run is
# reproducible and takes the same time every time; each test states its own example count.
# Locally they are random (new examples each run, failures remembered in .hypothesis/).
# HYPOTHESIS_PROFILE=ci or =dev chooses explicitly.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)

ROOT = Path(__file__).resolve().parents[1]
# Tests build local previews (and the subprocesses they start inherit this); a test of the
# production guard removes it.
os.environ.setdefault("CIIVS_PREVIEW", "1")
CATALOGUE = ROOT / "catalogue"
# The site's languages, in order, as catalogue/languages.yml declares them: tests loop over these,
# never over a written ("fr", "de"), so that a language added there widens the suite.
LANGS: tuple[str, ...] = tuple(
    lang["code"]
    for lang in yaml.safe_load((CATALOGUE / "languages.yml").read_text(encoding="utf-8"))
)
FIXTURES = ROOT / "tests" / "fixtures"
VALID = FIXTURES / "valid"
PROBLEMS = FIXTURES / "problems"

# Over 1 MB whichever way a megabyte is counted (10^6 or 2^20 bytes).
OVERSIZED_BYTES = 1_048_577


def _pad_past_one_megabyte(folder: Path) -> None:
    """FILE_TOO_LARGE: a valid entry followed by comment lines until it weighs more than 1 MB.

    Built at test time so that the repository does not carry a 1 MB file.
    """
    file = folder / "measures" / "formavenir.yml"
    text = file.read_bytes()
    padding = b"# " + b"x" * 97 + b"\n"
    count = (OVERSIZED_BYTES - len(text)) // len(padding) + 1
    file.write_bytes(text + padding * count)
    assert file.stat().st_size > OVERSIZED_BYTES


# Fixtures completed in a temporary copy before the check runs (see BUILT_AT_TEST_TIME.txt there).
BUILDERS: dict[str, Callable[[Path], None]] = {
    "FILE_TOO_LARGE": _pad_past_one_megabyte,
}


def copy_catalogue(source: Path, target: Path) -> Path:
    """Copy a catalogue folder, without its expected.txt and notes, to `target`."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.txt"))
    return target


@pytest.fixture
def valid_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the valid minimal catalogue."""
    return copy_catalogue(VALID, tmp_path / "catalogue")


def run_check(
    folder: str | Path, timeout: float = 60, lang: str | None = "en"
) -> subprocess.CompletedProcess[str]:
    """Run `python -m ciivs check FOLDER --lang LANG` from the project root, as an editor would.

    English by default, whatever the machine's locale; `lang=None` leaves the choice to the locale.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONIOENCODING": "utf-8"}
    option = ["--lang", lang] if lang else []
    return subprocess.run(
        [sys.executable, "-m", "ciivs", "check", str(folder), *option],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )


def edit(root: Path, relative: str, old: str, new: str) -> Path:
    """Replace the one occurrence of `old` in a catalogue file (fails if not exactly one)."""
    file = root / relative
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return file


def line_of(root: Path, relative: str, marker: str, nth: int = 1) -> int:
    """The line (from 1) of the nth occurrence of `marker` in a file: where an editor must look."""
    text = (root / relative).read_bytes().decode("utf-8", "replace")
    start = -1
    for _ in range(nth):
        start = text.index(marker, start + 1)
    return text.count("\n", 0, start) + 1


def add_former_id(file: Path, old: str) -> None:
    """Add `old` to the `former_ids` of an entry file (written as a flow list, or added)."""
    text = file.read_text(encoding="utf-8")
    declared = re.search(r"^former_ids: \[(.*)\][ \t]*$", text, re.MULTILINE)
    if declared:
        ids = [i.strip() for i in declared.group(1).split(",") if i.strip()]
        line = f"former_ids: [{', '.join([*ids, old])}]"
        text = text[: declared.start()] + line + text[declared.end() :]
    else:
        assert "former_ids" not in text, f"{file}: former_ids in a form the test cannot edit"
        text = text.rstrip("\n") + f"\nformer_ids: [{old}]\n"
    file.write_text(text, encoding="utf-8")


def _fields_naming(kind: str) -> dict[str, dict[str, str]]:
    """For each kind: its top-level fields that refer to `kind`, and how ('id' or 'kind/id')."""
    from ciivs.catalogue.kinds import REGISTRY, TYPED_REFERENCES

    fields = {
        k.name: {f: "id" for f, target in k.references.items() if target == kind} for k in REGISTRY
    }
    for field, kinds in TYPED_REFERENCES.items():
        for owner in kinds:
            fields[owner][field] = "kind/id"
    return fields


def rename_entry(root: Path, kind: str, old: str, new: str) -> Path:
    """Rename an entry the way the README tells editors: the file, its `id`, `former_ids` gets the
    old id, and every reference to it names the new one. Returns the new file."""
    source = root / kind / f"{old}.yml"
    text = source.read_text(encoding="utf-8")
    assert text.count(f"\nid: {old}\n") == 1, f"{source}: one 'id: {old}' line"
    text = text.replace(f"\nid: {old}\n", f"\nid: {new}\n")
    source.unlink()
    target = root / kind / f"{new}.yml"
    target.write_text(text, encoding="utf-8")
    add_former_id(target, old)
    for owner, fields in _fields_naming(kind).items():
        for file in sorted((root / owner).glob("*.yml")) if fields else ():
            _replace_references(file, fields, kind, old, new)
    return target


def _replace_references(file: Path, fields: dict[str, str], kind: str, old: str, new: str) -> None:
    """Replace `old` by `new` in the given top-level reference fields of one file."""
    forms = {"id": (old, new), "kind/id": (f"{kind}/{old}", f"{kind}/{new}")}
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    field = None
    for number, line in enumerate(lines):
        top = re.match(r"^([a-z_]+):", line)
        field = top.group(1) if top else field
        if field in fields:
            was, now = forms[fields[field]]
            lines[number] = re.sub(rf"(?<![\w/.-]){re.escape(was)}(?![\w/.-])", now, line)
    file.write_text("".join(lines), encoding="utf-8")


def expected_status(measure, catalogue) -> tuple[str, str | None]:
    """What a reader must be told of a measure's status today, by the README's rule (section
    "Is it still true?"), written here apart from the program: (code, date of the information).

    Confirmed within 12 months (or its own interval) and within its planned end: the editor's
    status. Ended after its planned end: ended as planned. Otherwise "to confirm".
    """
    import datetime as dt

    from ciivs.catalogue.freshness import build_day, period_end

    on = build_day(catalogue.root)  # the day the built site judged it on
    reviewed = measure.get("last_reviewed")
    published = [catalogue.get("articles", a).get("published") for a in measure.get("sources", [])]
    as_of = reviewed or max((p for p in published if p), key=period_end, default=None)
    end = period_end(measure["valid_to"]) if measure.get("valid_to") else None
    passed = end is not None and end < on and not (reviewed and period_end(reviewed) > end)
    status = measure["status"]
    if status in ("ended", "completed"):
        return ("ended_as_planned" if status == "ended" and passed else status), as_of
    months = measure.get("review_interval_months", 12)
    due = as_of and period_end(as_of) + dt.timedelta(days=round(months * 30.44))
    if status == "unknown" or passed or not due or due < on:
        return "unconfirmed", as_of
    return status, as_of


def status_words(measure, catalogue, labels: dict) -> str:
    """The badge a reader must see, from one language's labels file (dates as years only)."""
    code, as_of = expected_status(measure, catalogue)
    if code == "unconfirmed" and as_of:
        return labels["badge_unconfirmed"].format(date=as_of[:4])
    if code == "ended_as_planned":
        return labels["badge_ended_as_planned"].format(date=measure["valid_to"][:4])
    return labels[f"status_{code}"]
