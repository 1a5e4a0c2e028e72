"""Command line: `python -m ciivs check|site|render|urls`. A thin layer over the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .check import check_catalogue
from .problems import Problem

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the command, turn failures into one clean line each."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; the previous site is left as it was", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - editors must never see a traceback
        print(f"{args.catalogue}:1: INTERNAL_ERROR {type(err).__name__}: {err} (please report this)", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ciivs", description="CII Valais catalogue tools.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="validate the catalogue; e.g. python -m ciivs check catalogue")
    check.add_argument("catalogue", nargs="?", default="catalogue", help="catalogue folder (default: catalogue)")
    check.set_defaults(run=run_check)
    return parser


def print_problems(problems: list[Problem]) -> None:
    """Print problems one per line, then a count, on stderr."""
    for found in problems:
        print(found, file=sys.stderr)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found; nothing was built or changed.", file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    """Validate the catalogue; exit 1 when it has problems."""
    catalogue, problems = check_catalogue(Path(args.catalogue), args.catalogue.rstrip("/"))
    if problems:
        print_problems(problems)
        return 1
    counts = ", ".join(f"{len(items)} {kind}" for kind, items in catalogue.entries.items())
    print(f"catalogue OK: {counts}")
    return 0
