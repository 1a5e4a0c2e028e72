"""Two builds of one commit, in two clones, are the same bytes: dates come from git (or
SOURCE_DATE_EPOCH), never from the clock; nothing depends on the folder, the time zone or the
order in which files are met; the search bundle too (Pagefind's filter index is put in order,
checked below).

Measured on the real catalogue: the committed HEAD is cloned twice, into folders of different
names and depths, and each clone builds the site as `make test` does (a local preview build),
the second with the calendar 25 hours ahead of the first (TZ=Pacific/Kiritimati against
Pacific/Pago_Pago), so that a date taken from the clock would differ. Uncommitted changes are
not in the clones: commit to have them measured.
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ciivs import environ
from ciivs.formats import cbor
from ciivs.search import pagefind
from ciivs.search.pagefind import BUNDLE
from conftest import ROOT
from sitekit import built_site  # noqa: F401


def _clone_and_build(folder: Path, zone: str) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True, timeout=300)
    env = {
        **{k: v for k, v in os.environ.items() if k not in (environ.SOURCE_DATE_EPOCH, "TZ")},
        "PYTHONPATH": str(folder / "scripts"),
        "TZ": zone,
        environ.PREVIEW: "1",
    }
    built = subprocess.run(
        [sys.executable, "-m", "ciivs", "site"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    return folder / "site"


def _differences(one: Path, other: Path) -> list[str]:
    """Files only in one tree, and files whose bytes differ, as paths from the site's root."""
    found: list[str] = []
    pending = [filecmp.dircmp(one, other)]
    while pending:
        compared = pending.pop()
        where = Path(compared.left).relative_to(one)
        found += [f"only in the first: {where / n}" for n in compared.left_only]
        found += [f"only in the second: {where / n}" for n in compared.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            compared.left, compared.right, compared.common_files, shallow=False
        )
        found += [f"differs: {where / n}" for n in mismatch + errors]
        pending += compared.subdirs.values()
    return sorted(found)


def test_two_clean_builds_of_one_commit_are_byte_identical(tmp_path) -> None:
    first = _clone_and_build(tmp_path / "a", "Pacific/Pago_Pago")
    second = _clone_and_build(tmp_path / "elsewhere" / "another-clone", "Pacific/Kiritimati")
    files = sum(1 for f in first.rglob("*") if f.is_file())
    assert files > 1000
    assert _differences(first, second) == []


def _index_file(file: Path):
    data = gzip.decompress(file.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return data, cbor.decode(data[len(b"pagefind_dcd") :])


def test_the_search_bundle_is_written_in_order_and_named_by_content(built_site) -> None:
    bundle = built_site / BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
        data, meta = _index_file(meta_file)
        assert hashlib.sha256(data).hexdigest().startswith(language["hash"].split("_")[1])
        filters = meta[3]
        assert filters and filters == sorted(filters)
        for _name, name in filters:
            data, (_key, values) = _index_file(bundle / "filter" / f"{name}.pf_filter")
            assert values == sorted(values)
            assert hashlib.sha256(data).hexdigest().startswith(name.split("_")[1])


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text() | st.binary(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@settings(max_examples=200)
@given(_VALUES)
def test_cbor_reads_back_what_it_writes(value) -> None:
    assert cbor.decode(cbor.encode(value)) == value


def test_the_languages_indexed_side_by_side_give_the_bundle_indexed_one_after_the_other(
    built_site, tmp_path, monkeypatch
) -> None:
    """Small sites index their languages at once (one Pagefind per core), large ones in turn
    (memory): both give the same bytes."""
    langs = json.loads((built_site / BUNDLE / "pagefind-entry.json").read_text())["languages"]
    bundles = {}
    for way, below in (("in turn", 0), ("side by side", 10**12)):
        site = tmp_path / way
        shutil.copytree(built_site, site, ignore=shutil.ignore_patterns(BUNDLE))
        monkeypatch.setattr(pagefind, "SIDE_BY_SIDE_BELOW", below)
        pagefind.index_site(site, list(langs))
        bundles[way] = {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in (site / BUNDLE).rglob("*")
            if p.is_file()
        }
    assert bundles["side by side"] == bundles["in turn"]
    assert any(name.startswith(f"{BUNDLE}/fragment/") for name in bundles["in turn"])
