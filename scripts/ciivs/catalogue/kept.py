"""What reading and schema-checking each file gave, kept between builds in the build's cache.

Reading 1,000 measures' YAML with every value's line and checking it against the schemas takes
two processes 2 seconds; an editor's build changes a few files. A file whose bytes, kind and
shown path are those of a file read before gives what it gave then, unpickled (0.06 s for all),
with what the rules on its entry's own texts found (written after the rules, `check_catalogue`).

Everything else a result depends on is one fingerprint: the package's code, the schemas, the
messages, the languages' file, Python's and the libraries' versions. When it changes, nothing
kept is used. The file is written by the build itself into its own cache folder (`make clean`
deletes it; so can anyone): it is trusted as the build's code is.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import pickle
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from ciivs import paths
from ciivs.formats.kept import keep_file

# The libraries whose behaviour a result depends on: YAML reading and schema checking.
_LIBRARIES = ("PyYAML", "jsonschema", "referencing")


class KeptLoads:
    """The results kept in `file` under `fingerprint`, and those made or used since."""

    def __init__(self, file: Path, fingerprint: str, old: dict[bytes, Any]) -> None:
        self.file = file
        self.fingerprint = fingerprint
        self.old = old
        self.used: dict[bytes, Any] = {}
        self.made = 0

    @classmethod
    def read(cls, folder: Path, languages_file: Path) -> KeptLoads:
        """The results kept in `folder`; none when the file is missing, unreadable or made with
        other code, schemas or languages (they are made again)."""
        file = folder / "checked" / "loaded.pickle"
        fingerprint = _fingerprint(languages_file)
        old: dict[bytes, Any] = {}
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            # Unpickling makes a million objects: the collector would walk them all in vain.
            gc.disable()
            try:
                kept = pickle.loads(file.read_bytes())
            finally:
                gc.enable()
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == fingerprint:
                old = kept[1]
        return cls(file, fingerprint, old)

    @staticmethod
    def key(kind: str, shown: str, content: bytes) -> bytes:
        """What a file's result depends on besides the fingerprint."""
        digest = hashlib.blake2b(digest_size=20)
        for part in (kind.encode(), shown.encode(), content):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.digest()

    def get(self, key: bytes) -> Any:
        """The result kept under `key`, or None."""
        value = self.old.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        self.used[key] = value
        self.made += 1

    def write(self) -> None:
        """Keep the results used or made in this build (`keep_file`), unless nothing changed or
        nothing was asked (a check whose files were all read before, by the preview's `reuse`)."""
        if not self.made and len(self.used) in (0, len(self.old)):
            return
        data = pickle.dumps((self.fingerprint, self.used), protocol=pickle.HIGHEST_PROTOCOL)
        keep_file(self.file, data)


def _fingerprint(languages_file: Path) -> str:
    """Everything besides a file that decides what reading and checking it gives."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}".encode())
    package = Path(__file__).resolve().parents[1]
    files = [
        *sorted(package.rglob("*.py")),
        *sorted(paths.SCHEMAS.rglob("*")),
        *sorted(paths.MESSAGES.rglob("*")),
        languages_file,
    ]
    for file in files:
        with contextlib.suppress(OSError):
            if file.is_file():
                digest.update(str(file).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()
