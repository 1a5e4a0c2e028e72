"""scripts/venv.sh, which every make target runs first: the right Python, or one line saying why not.

Each test runs a copy of the script beside a copy of pyproject.toml in a temporary folder, so the
project's own .venv is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ciivs.tools.pythons import supported_range
from conftest import ROOT

LOW, HIGH = supported_range()
WANTED = f"Python 3.{LOW} to 3.{HIGH - 1}"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "venv.sh", project / "scripts" / "venv.sh")
    (project / "scripts" / "constraints.txt").write_text("")
    (project / "pyproject.toml").write_text(f'[project]\nrequires-python = ">=3.{LOW},<3.{HIGH}"\n')
    return project


def _tools_only(tmp_path: Path) -> Path:
    """A PATH with the shell tools the script uses and no Python at all."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("sed", "dirname", "rm", "touch", "sh"):
        (folder / tool).symlink_to(shutil.which(tool))
    return folder


def _run(project: Path, path: str, python: str = "") -> subprocess.CompletedProcess[str]:
    env = {"PATH": path, "HOME": os.environ.get("HOME", str(project)), "PYTHON": python}
    return subprocess.run(
        [shutil.which("sh"), "scripts/venv.sh"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_no_python_says_in_one_line_what_to_install(tmp_path: Path) -> None:
    result = _run(_project(tmp_path), str(_tools_only(tmp_path)))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert f"No {WANTED} found" in result.stderr and "PYTHON=" in result.stderr


def test_an_unsupported_python_is_refused_in_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "python3.10"
    fake.write_text("#!/bin/sh\necho 3.10\nexit 1\n")
    fake.chmod(0o755)
    result = _run(_project(tmp_path), str(_tools_only(tmp_path)), python=str(fake))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"PYTHON={fake} is not a {WANTED}; install one or leave PYTHON out to let make find one"
    )


def test_a_python_without_venv_names_the_debian_package(tmp_path: Path) -> None:
    # Like Debian's python3 without python3-venv: the version answers, `import ensurepip` fails.
    tools = _tools_only(tmp_path)
    fake = tools / "python3"
    fake.write_text(f'#!/bin/sh\ncase "$2" in *ensurepip*) exit 1 ;; *) echo 3.{LOW} ;; esac\n')
    fake.chmod(0o755)
    result = _run(_project(tmp_path), str(tools))
    assert result.returncode == 1
    assert (
        f"install python3.{LOW}-venv (sudo apt-get install -y python3.{LOW}-venv)" in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1
