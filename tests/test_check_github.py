"""`python -m ciivs check --format github`: problems as annotations on a pull request's lines.

GitHub reads `::error file=PATH,line=N,title=CODE::MESSAGE` from a step's output and shows the
message on that line of the file. The tests parse the commands back by GitHub's documented rules
(properties split at commas, `%2C`, `%3A`, `%25` decoded) and compare them with the plain output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, VALID, copy_catalogue, edit, line_of

COMMAND = re.compile(r"^::error (?P<properties>[^:]*)::(?P<message>.*)$")


def _decode(text: str) -> str:
    return (
        text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
    ).replace("%25", "%")


def _annotations(stdout: str) -> list[dict[str, str]]:
    found = []
    for line in stdout.splitlines():
        command = COMMAND.match(line)
        assert command, f"not a workflow command: {line!r}"
        properties = dict(p.split("=", 1) for p in command["properties"].split(","))
        found.append(
            {key: _decode(value) for key, value in properties.items()}
            | {"message": _decode(command["message"])}
        )
    return found


def _check(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "ciivs", "check", str(folder), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_each_problem_becomes_an_annotation_on_its_line(tmp_path: Path) -> None:
    # A folder name with a comma, a colon and a percent sign: they must survive the encoding.
    catalogue = copy_catalogue(VALID, tmp_path / "copy,1:100%")
    measure = next((catalogue / "measures").glob("*.yml")).relative_to(catalogue).as_posix()
    edit(catalogue, measure, "minimum_age: ", "minimum_age: -")
    institution = next((catalogue / "institutions").glob("*.yml"))
    institution.write_text(institution.read_text(encoding="utf-8") + "colour: blue\n", "utf-8")
    plain = _check(catalogue)
    github = _check(catalogue, "--format", "github")

    assert github.returncode == plain.returncode == 1
    annotations = _annotations(github.stdout)
    problems = [line for line in plain.stderr.splitlines() if line.startswith(str(catalogue))]
    assert len(annotations) == len(problems) >= 2
    for annotation, problem in zip(annotations, problems, strict=True):
        assert problem == (
            f"{annotation['file']}:{annotation['line']}: {annotation['title']} {annotation['message']}"
        )
    where = {(a["file"], a["line"]) for a in annotations}
    assert (f"{catalogue}/{measure}", str(line_of(catalogue, measure, "minimum_age:"))) in where
    added = institution.relative_to(catalogue).as_posix()
    assert (str(institution), str(line_of(catalogue, added, "colour:"))) in where


def test_a_valid_catalogue_gives_no_annotation(tmp_path: Path) -> None:
    result = _check(copy_catalogue(VALID, tmp_path / "catalogue"), "--format", "github")
    assert result.returncode == 0
    assert "::error" not in result.stdout + result.stderr
