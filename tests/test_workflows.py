"""The GitHub workflows: valid for GitHub, in the order an editor needs, on every supported Python.

Validity is checked with check-jsonschema's own copy of the GitHub workflow schema (offline).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI = ROOT / ".github" / "workflows" / "ci.yml"


def _validate(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _jobs() -> dict:
    return yaml.safe_load(CI.read_text("utf-8"))["jobs"]


def test_every_workflow_is_valid_for_github() -> None:
    assert WORKFLOWS
    result = _validate(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path: Path) -> None:
    # A misspelt key (`step:` for `steps:`) is what an edit in the web editor easily leaves.
    broken = tmp_path / "ci.yml"
    broken.write_text(CI.read_text("utf-8").replace("    steps:\n", "    step:\n", 1), "utf-8")
    result = _validate(broken)
    assert result.returncode != 0
    assert "step" in result.stdout + result.stderr


def test_jobs_run_in_the_order_an_editor_needs() -> None:
    jobs = _jobs()
    assert "needs" not in jobs["check"], "the catalogue check starts first, alone"
    assert any("make check FORMAT=github" in step.get("run", "") for step in jobs["check"]["steps"])
    assert jobs["check"]["timeout-minutes"] <= 5
    assert jobs["site"]["needs"] == "check"
    assert jobs["test"]["needs"] == "site"
    assert set(jobs["deploy"]["needs"]) == {"site", "test"}


def test_the_test_matrix_covers_every_supported_python() -> None:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["requires-python"]
    low, high = map(int, re.fullmatch(r">=3\.(\d+),<3\.(\d+)", spec).groups())
    matrix = _jobs()["test"]["strategy"]["matrix"]["include"]
    assert [row["python"] for row in matrix] == [f"3.{minor}" for minor in range(low, high)]
    assert any(row["image"] == "debian:12" for row in matrix), "a stock Debian python3 (3.11.2)"
    steps = _jobs()["test"]["steps"]
    assert [s["run"] for s in steps if "run" in s] == [".ci/run"], "CI runs what developers run"


def test_the_public_address_is_set_in_one_place() -> None:
    text = CI.read_text("utf-8")
    assert len(re.findall(r"^\s*CIIVS_SITE_URL:", text, re.M)) == 1
    assert "CIIVS_SITE_URL" in _jobs()["site"]["env"]
    assert not (ROOT / "mkdocs.yml").read_text("utf-8").count("github.io")


def test_a_pull_request_gets_a_summary_an_artifact_and_a_guarded_preview() -> None:
    steps = _jobs()["site"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps if "pull_request" in s.get("if", ""))
    assert "python -m ciivs diff" in runs and "$GITHUB_STEP_SUMMARY" in runs
    assert "--site-url" in runs, "the preview's summary links the changed pages"
    uses = {s.get("uses", "").split("@")[0]: s for s in steps}
    assert uses["actions/upload-artifact"]["with"]["path"] == "site/"
    preview = [s for s in steps if "deploy" in s.get("run", "")]
    assert preview and all("vars." in s["if"] for s in preview), "only where one is configured"


def test_the_audit_runs_weekly_and_on_new_pins_never_on_an_editors_change() -> None:
    audit = yaml.safe_load((ROOT / ".github" / "workflows" / "audit.yml").read_text("utf-8"))
    triggers = audit[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"], "advisories appear without any change here"
    for event in ("push", "pull_request"):
        assert {"pyproject.toml", "scripts/constraints.txt"} <= set(triggers[event]["paths"])
        assert not any(p.startswith(("catalogue", "docs")) for p in triggers[event]["paths"])
    runs = [s["run"] for s in audit["jobs"]["audit"]["steps"] if "run" in s]
    assert runs == ["make audit"], "CI runs what developers run"
    assert "audit" not in yaml.safe_load(CI.read_text("utf-8"))["jobs"], "not part of CI's gate"
