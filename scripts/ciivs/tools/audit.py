"""Known vulnerabilities in the packages the project installs: what `make audit` runs.

    python -m ciivs.tools.audit --npm axe-core@4.14.1 --npm lighthouse@12.2.3

The pinned Python packages (every line of scripts/constraints.txt, so the pins of every
supported Python) go to pip-audit, which reads PyPI's vulnerability data; the npm packages to
`npm audit`, on a lockfile made for them alone (npm fetches their metadata, installs nothing).
Each part prints what it found, one line per vulnerability, or says in one line that its
database could not be reached and that nothing was checked.

Exit status: 1 when a known vulnerability is found; 2 when a tool fails for another reason;
0 otherwise, also when a database cannot be reached (said plainly): a network failure must not
fail CI, and the weekly run tries again.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ciivs import paths

# What a failed connection looks like in pip-audit's error (requests) and npm's.
_NETWORK = re.compile(
    r"ConnectionError|NameResolution|Max retries|timed out|Timeout|ProxyError|SSLError|"
    r"ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|\b[45]\d\d (?:[A-Z][a-z]+ ?)+",
    re.IGNORECASE,
)


@dataclass
class Outcome:
    """What one part of the audit found."""

    title: str
    checked: int = 0
    found: list[str] = field(default_factory=list)  # one line per known vulnerability
    not_checked: list[str] = field(default_factory=list)  # packages the database did not know
    unreachable: str = ""  # why the database could not be asked, when it could not
    failed: str = ""  # the tool failed for another reason

    def lines(self) -> list[str]:
        if self.failed:
            return [f"{self.title}: FAILED – {self.failed}"]
        if self.unreachable:
            return [
                f"{self.title}: NOT CHECKED – the vulnerability database could not be reached "
                f"({self.unreachable}); nothing is known either way. Run `make audit` again where "
                "it can be reached: CI runs it every week."
            ]
        head = f"{self.title}: {self.checked} checked, " + (
            f"{len(self.found)} known vulnerabilities" if self.found else "no known vulnerability"
        )
        skipped = [f"  not checked: {line}" for line in self.not_checked]
        return [head, *(f"  {line}" for line in self.found), *skipped]


def python_outcome(report: dict[str, Any]) -> Outcome:
    """pip-audit's JSON report, read: vulnerabilities, and packages the database did not know."""
    outcome = Outcome("Python packages (scripts/constraints.txt, pip-audit)")
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if "skip_reason" in d]
    if dependencies and len(skipped) == len(dependencies):
        outcome.unreachable = (
            f"PyPI answered for none of the {len(dependencies)} pinned packages: "
            f"{skipped[0]['skip_reason']}"
        )
        return outcome
    outcome.checked = len(dependencies) - len(skipped)
    outcome.not_checked = [f"{d['name']}: {d['skip_reason']}" for d in skipped]
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            outcome.found.append(
                f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})"
            )
    return outcome


def npm_outcome(report: dict[str, Any], packages: list[str]) -> Outcome:
    """`npm audit --json`'s report, read; an error report means the database did not answer."""
    outcome = Outcome(f"npm packages ({', '.join(packages)} and what they need, npm audit)")
    if "vulnerabilities" not in report:
        error = report.get("error") or {}
        message = report.get("message") or error.get("summary") or error.get("code") or "no report"
        outcome.unreachable = str(message).strip()
        return outcome
    outcome.checked = report.get("metadata", {}).get("dependencies", {}).get("total", 0)
    for name, vuln in sorted(report["vulnerabilities"].items()):
        causes = [v["title"] for v in vuln.get("via", []) if isinstance(v, dict) and "title" in v]
        via = "; ".join(causes) or "through " + ", ".join(
            v for v in vuln.get("via", []) if isinstance(v, str)
        )
        outcome.found.append(f"{name} ({vuln.get('severity', '?')}): {via}")
    return outcome


def audit_python(constraints: Path, cache: Path | None = None) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="ciivs-audit-") as tmp:
        report = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--requirement", str(constraints)]
        command += ["--no-deps", "--disable-pip", "--progress-spinner", "off"]
        command += ["--format", "json", "--output", str(report)]
        command += ["--cache-dir", str(cache)] if cache else []
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        if report.is_file() and report.read_text(encoding="utf-8").strip():
            return python_outcome(json.loads(report.read_text(encoding="utf-8")))
    return _failed(Outcome("Python packages (scripts/constraints.txt, pip-audit)"), done.stderr)


def audit_npm(packages: list[str]) -> Outcome:
    outcome = Outcome(f"npm packages ({', '.join(packages)} and what they need, npm audit)")
    if not shutil.which("npm"):
        outcome.failed = "npm not found (apt-get install -y npm)"
        return outcome
    dependencies = dict(p.rsplit("@", 1) for p in packages)
    with tempfile.TemporaryDirectory(prefix="ciivs-audit-npm-") as tmp:
        manifest = {"name": "ciivs-audit", "private": True, "dependencies": dependencies}
        (Path(tmp) / "package.json").write_text(json.dumps(manifest), encoding="utf-8")
        lock = subprocess.run(
            ["npm", "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=tmp, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if lock.returncode != 0:
            return _failed(outcome, lock.stderr)
        done = subprocess.run(
            ["npm", "audit", "--json"], cwd=tmp, capture_output=True, text=True, timeout=600
        )
    try:
        return npm_outcome(json.loads(done.stdout), packages)
    except json.JSONDecodeError:
        return _failed(outcome, done.stderr)


def _failed(outcome: Outcome, stderr: str) -> Outcome:
    """A tool stopped without a report: the network, or something else."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    last = lines[-1] if lines else "no message"
    if _NETWORK.search(stderr):
        outcome.unreachable = next(
            (line for line in reversed(lines) if _NETWORK.search(line)), last
        )
    else:
        outcome.failed = last
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ciivs.tools.audit", description=__doc__)
    parser.add_argument("--npm", action="append", default=[], help="an npm package, name@version")
    parser.add_argument("--constraints", default=str(paths.CONSTRAINTS))
    parser.add_argument("--cache-dir", default=None, help="pip-audit's cache (default: its own)")
    args = parser.parse_args(argv)
    cache = Path(args.cache_dir) if args.cache_dir else None
    outcomes = [audit_python(Path(args.constraints), cache)]
    if args.npm:
        outcomes.append(audit_npm(args.npm))
    for outcome in outcomes:
        print("\n".join(outcome.lines()))
    if any(o.failed for o in outcomes):
        return 2
    return 1 if any(o.found for o in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
