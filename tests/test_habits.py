"""The house-keeping tools run where they should: lint and types in make test, fixed seeds in CI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT

PROFILE = (
    "import conftest; from hypothesis import settings; "
    "print(settings.default.derandomize, settings.default.database is None)"
)


def _profile(env: dict[str, str]) -> str:
    """The Hypothesis defaults that the test suite's conftest selects in a fresh Python."""
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    paths = os.pathsep.join([str(ROOT / "tests"), str(ROOT / "scripts")])
    result = subprocess.run(
        [sys.executable, "-c", PROFILE],
        env={**clean, "PYTHONPATH": paths, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


@pytest.mark.parametrize("env", [{"CI": "true"}, {"HYPOTHESIS_PROFILE": "ci"}])
def test_ci_runs_property_tests_derandomised(env: dict[str, str]) -> None:
    """Same examples every run: a failure reproduces and the run time does not swing."""
    assert _profile(env) == "True True"


def test_local_runs_explore_new_examples() -> None:
    assert _profile({}) == "False False"


def test_make_test_lints_and_type_checks_first() -> None:
    dry = subprocess.run(
        ["make", "-n", "--no-print-directory", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    commands = [line for line in dry.splitlines() if line.strip()]
    lint = [
        next(i for i, c in enumerate(commands) if tool in c)
        for tool in ("ruff check", "ruff format --check", "mypy")
    ]
    tests = next(i for i, c in enumerate(commands) if "pytest" in c)
    assert max(lint) < tests, dry
