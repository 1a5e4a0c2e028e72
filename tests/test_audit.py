"""`make audit`: known vulnerabilities are reported one per line and fail it; a vulnerability
database that cannot be reached is said plainly and does not (a network failure never fails
CI). The reports are read from samples of pip-audit's and npm's JSON; the unreachable case is
tried for real, through a proxy that refuses every connection."""

from __future__ import annotations

import os
import subprocess
import sys

from ciivs.tools.audit import npm_outcome, python_outcome
from conftest import ROOT

PIP_AUDIT_REPORT = {
    "dependencies": [
        {"name": "jinja2", "version": "3.1.4", "vulns": [
            {"id": "GHSA-q2x7-8rv6-6q7h", "fix_versions": ["3.1.5"], "aliases": ["CVE-2024-56201"]}
        ]},
        {"name": "pyyaml", "version": "6.0.3", "vulns": []},
        {"name": "ciivs-local", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ]
}  # fmt: skip
NPM_REPORT = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "cookie": {
            "severity": "low",
            "via": [{"title": "cookie accepts out of bounds characters"}],
        },
        "lighthouse": {"severity": "low", "via": ["cookie"]},
    },
    "metadata": {"dependencies": {"total": 250}},
}


def test_a_known_vulnerability_is_named_with_its_fix() -> None:
    found = python_outcome(PIP_AUDIT_REPORT)
    assert found.checked == 2
    assert found.found == ["jinja2 3.1.4: GHSA-q2x7-8rv6-6q7h (fixed in 3.1.5)"]
    assert found.not_checked and not found.unreachable
    npm = npm_outcome(NPM_REPORT, ["lighthouse@12.2.3"])
    assert npm.found == [
        "cookie (low): cookie accepts out of bounds characters",
        "lighthouse (low): through cookie",
    ]
    assert npm.lines()[0].endswith("250 checked, 2 known vulnerabilities")


def test_a_database_that_answers_for_nothing_is_not_a_clean_bill() -> None:
    """PyPI without its vulnerability data (a mirror, a proxy) makes pip-audit skip every
    package and still say "No known vulnerabilities found": the audit says nothing was checked."""
    skipped = {
        "dependencies": [{"name": n, "skip_reason": "Dependency not found on PyPI"} for n in "ab"]
    }
    outcome = python_outcome(skipped)
    assert outcome.unreachable and not outcome.found
    assert "NOT CHECKED" in outcome.lines()[0]
    refused = npm_outcome({"message": "405 Method Not Allowed - POST …/advisories/bulk"}, ["x@1"])
    assert refused.unreachable.startswith("405")


def test_make_audit_without_a_network_says_so_and_succeeds(tmp_path) -> None:
    blocked = "http://127.0.0.1:9"  # the discard port: nothing listens, every connection refused
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "scripts"),
        "HTTPS_PROXY": blocked, "HTTP_PROXY": blocked, "https_proxy": blocked, "http_proxy": blocked,
        "NO_PROXY": "", "no_proxy": "",
        "npm_config_registry": blocked + "/", "npm_config_fetch_retries": "0",
        "npm_config_cache": str(tmp_path / "npm-cache"), "npm_config_offline": "false",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "ciivs.tools.audit", "--npm", "axe-core@4.14.1",
         "--cache-dir", str(tmp_path / "pip-audit-cache")],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all("NOT CHECKED – the vulnerability database" in l for l in lines)
