"""When each entry's content last changed: from the git history of its file, else from its data;
and the date a build is as of.

Feeds, the sitemap's lastmod and the open-data page use these dates, never the clock: a rebuild
without edits changes nothing a partner sees, and two builds of one commit are the same bytes. Commits listed in `.git-blame-ignore-revs`
(the convention GitHub and `git blame` share) changed files mechanically, not their content
(adding the uuid lines, reformatting): they are skipped. A file changed but not committed dates
from its modification time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from functools import cache
from pathlib import Path

from ciivs import environ
from ciivs.catalogue.model import Catalogue, Entry


def change_dates(catalogue: Catalogue) -> dict[tuple[str, str], dt.datetime]:
    """The last change of every entry, by (kind, id), as an aware UTC datetime."""
    history = _git_dates(catalogue.root)
    dates = {}
    for entry in catalogue.all():
        file = (catalogue.root / entry.kind / f"{entry.id}.yml").resolve()
        dates[(entry.kind, entry.id)] = history.get(file) or _from_data(entry, file)
    return dates


def source_date_epoch(folder: Path) -> int:
    """The date a build is as of, in seconds since 1970: $SOURCE_DATE_EPOCH when set, else the
    time of the last commit of the repository that holds `folder`; the clock only for a copy
    outside git. The build hands it to MkDocs, and the pages' "to confirm" notices use its day."""
    fixed = environ.value(environ.SOURCE_DATE_EPOCH).strip()
    if fixed:
        try:
            return int(fixed)
        except ValueError:
            raise ValueError(
                f"{environ.SOURCE_DATE_EPOCH}={fixed!r} is not a number of seconds since 1970"
            ) from None
    return _last_commit_time(folder.resolve())


@cache
def _last_commit_time(folder: Path) -> int:
    try:
        return int(git(folder, "log", "-1", "--format=%ct").strip())
    except (GitFailed, ValueError):
        return int(time.time())


def _git_dates(root: Path) -> dict[Path, dt.datetime]:
    """Commit date of the last commit touching each file under `root`; an uncommitted edit: the
    file's modification time (or $SOURCE_DATE_EPOCH), never the clock."""
    try:
        top = git(root, "rev-parse", "--show-toplevel").strip()
        log = git(root, "log", "--format=%x00%H %cI", "--name-only", "--no-renames", "--", ".")
        dirty = git(root, "status", "--porcelain", "--untracked-files=no", "--", ".")
    except GitFailed:
        return {}
    ignored = _ignored_revisions(Path(top))
    dates: dict[Path, dt.datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit, stamp = line[1:].split(" ", 1)
            when = (
                None if commit in ignored else dt.datetime.fromisoformat(stamp).astimezone(dt.UTC)
            )
        elif line.strip() and when is not None:
            dates.setdefault((Path(top) / line.strip()).resolve(), when)
    # An edit not yet committed dates from SOURCE_DATE_EPOCH, else from the file's own
    # modification time, never from the clock: two builds of the same tree give the same dates.
    fixed = environ.value(environ.SOURCE_DATE_EPOCH).strip()
    for line in dirty.splitlines():
        file = (Path(top) / line[3:].strip()).resolve()
        edited = int(fixed) if fixed else int(file.stat().st_mtime) if file.exists() else 0
        dates[file] = dt.datetime.fromtimestamp(edited, dt.UTC)
    return dates


def _ignored_revisions(top: Path) -> set[str]:
    file = top / ".git-blame-ignore-revs"
    if not file.is_file():
        return set()
    lines = file.read_text(encoding="utf-8").splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


class GitFailed(Exception):
    """git is missing, or refused: the folder is not in a repository, a revision is unknown."""


def git_bytes(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `folder` and return its output: the one way the project runs git.

    Raises GitFailed with git's last line of error when git is missing or fails.
    """
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], input=stdin, capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitFailed(f"git cannot run: {error}") from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise GitFailed(" ".join(lines[-1:]) or f"git {args[0]} failed")
    return done.stdout


def git(folder: Path, *args: str) -> str:
    """`git_bytes` as text."""
    return git_bytes(folder, *args).decode("utf-8", errors="replace")


def _from_data(entry: Entry, file: Path) -> dt.datetime:
    """Outside git (a copy of the catalogue): the review date, else the file's modification time."""
    reviewed = entry.get("last_reviewed")
    if isinstance(reviewed, str) and reviewed.count("-") == 2:
        return dt.datetime.fromisoformat(reviewed).replace(tzinfo=dt.UTC)
    stamp = file.stat().st_mtime if file.exists() else 0
    return dt.datetime.fromtimestamp(int(stamp), dt.UTC)
