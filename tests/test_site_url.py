"""A production build needs the site's public address; a local preview says so explicitly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _build(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CIIVS_SITE_URL", "CIIVS_PREVIEW")}
    return subprocess.run(
        [
            *(sys.executable, "-m", "ciivs", "site", "--no-search"),
            *("--site-dir", str(tmp_path / "site"), "--staging-dir", str(tmp_path / "staging")),
        ],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT / "scripts"), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_build_without_site_url_stops_with_a_clear_message(tmp_path: Path) -> None:
    result = _build(tmp_path)

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "CIIVS_SITE_URL is not set" in result.stderr
    assert "CIIVS_PREVIEW=1" in result.stderr
    assert not (tmp_path / "site").exists()


def test_production_build_uses_the_public_address(tmp_path: Path) -> None:
    result = _build(tmp_path, CIIVS_SITE_URL="https://catalogue.example.ch")

    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://catalogue.example.ch/">' in home
    assert "localhost" not in (tmp_path / "site" / "donnees" / "hsds-services.fr.json").read_text(
        encoding="utf-8"
    )
