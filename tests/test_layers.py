"""The package's layers hold: `make lint`'s contract and cycle check pass on the tree, and fail
on a deliberate upward import or a cycle, made in a temporary copy (never in the tree)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    """The package and pyproject.toml in a temporary folder, with the same layout."""
    shutil.copytree(
        ROOT / "scripts" / "ciivs",
        tmp_path / "scripts" / "ciivs",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _run(copy: Path, *command: str) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, before the project's own editable install.
    env = {**os.environ, "PYTHONPATH": str(copy / "scripts")}
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)


def _add_import(module: Path, line: str) -> None:
    text = module.read_text(encoding="utf-8")
    head, sep, rest = text.partition("from __future__ import annotations\n")
    module.write_text(head + sep + line + "\n" + rest, encoding="utf-8")


def _lint_imports(copy: Path) -> subprocess.CompletedProcess[str]:
    return _run(copy, str(LINT_IMPORTS), "--no-cache")


def _cycles(copy: Path) -> subprocess.CompletedProcess[str]:
    return _run(copy, sys.executable, "-m", "ciivs.tools.imports")


def test_the_tree_keeps_its_layers_and_has_no_cycle(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    layers, cycles = _lint_imports(copy), _cycles(copy)
    assert layers.returncode == 0, layers.stdout + layers.stderr
    assert "1 kept, 0 broken" in layers.stdout
    assert cycles.returncode == 0, cycles.stderr
    assert cycles.stdout.strip() == "no import cycle"


@pytest.mark.parametrize(
    ("module", "line", "names"),
    [
        # The model reaching up into the pages.
        ("catalogue/kinds.py", "import ciivs.pages.render", "ciivs.catalogue -> ciivs.pages"),
        # Two siblings that must stay independent.
        ("opendata/hsds.py", "import ciivs.search.words", "ciivs.opendata -> ciivs.search"),
        # A leaf format reaching into the model.
        ("formats/phones.py", "import ciivs.catalogue.model", "ciivs.formats -> ciivs.catalogue"),
    ],
)
def test_an_upward_import_breaks_the_contract(
    tmp_path: Path, module: str, line: str, names: str
) -> None:
    copy = _copy(tmp_path)
    _add_import(copy / "scripts" / "ciivs" / module, line)
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "ciivs layers BROKEN" in result.stdout
    low, high = names.split(" -> ")
    assert f"{low}." in result.stdout and f"{high}." in result.stdout


def test_a_cycle_is_found_with_its_modules(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    # kinds is imported by languages' neighbours; make it import one of its importers back,
    # inside a function, as the old schema_ids did.
    kinds = copy / "scripts" / "ciivs" / "catalogue" / "kinds.py"
    kinds.write_text(
        kinds.read_text(encoding="utf-8")
        + "\n\ndef _late() -> None:\n    from ciivs.catalogue import schema_ids  # noqa: F401\n",
        encoding="utf-8",
    )
    result = _cycles(copy)
    assert result.returncode == 1
    assert "import cycle: " in result.stderr
    assert "ciivs.catalogue.kinds" in result.stderr
    assert "ciivs.catalogue.schema_ids" in result.stderr
