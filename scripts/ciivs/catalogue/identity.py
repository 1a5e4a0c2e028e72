"""Permanent identity of an entry: a UUID stored in its YAML, kept when the entry is renamed.

The id (file name) may change; the `uuid:` line never does, so the open-data files (HSDS, CPSV-AP)
give partners an identifier that survives renames. The check only reports; it never writes files.

    >>> with_uuid("id: formavenir\\ntitle: …\\n", "0b7e…")  # what the `make new` scaffold calls
    'id: formavenir\\nuuid: 0b7e…\\ntitle: …\\n'
"""

from __future__ import annotations

import re
import uuid

UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ID_LINE = re.compile(r"^id:.*$\n?", re.MULTILINE)
_UUID_LINE = re.compile(r"^uuid:", re.MULTILINE)


def new_uuid() -> str:
    """A fresh random UUID (version 4) in the lower-case form the catalogue stores."""
    return str(uuid.uuid4())


def canonical_uuid(text: str) -> str | None:
    """The lower-case 8-4-4-4-12 form of a UUID written another way (upper case, braces), or None."""
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        return None


def with_uuid(text: str, value: str | None = None) -> str:
    """Return YAML text with a `uuid:` line directly after its `id:` line.

    Text that already has a `uuid:` line, or no `id:` line, is returned unchanged.
    """
    if _UUID_LINE.search(text):
        return text
    match = _ID_LINE.search(text)
    if match is None:
        return text
    line = match.group(0) if match.group(0).endswith("\n") else match.group(0) + "\n"
    return text[: match.start()] + line + f"uuid: {value or new_uuid()}\n" + text[match.end() :]
