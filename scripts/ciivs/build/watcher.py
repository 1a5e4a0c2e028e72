"""The preview's file watcher: the system's file events instead of MkDocs' polling.

`mkdocs serve` polls every watched file twice a second: a save is seen 0.25 s later on average,
and with a large catalogue every poll stats thousands of files while the rebuild runs beside it.
With the system's events (inotify on Linux) a save is seen at once and nothing is polled.

Only changes count: the system also reports files opened and read, and every build reads the
watched files itself (templates, docs/), which would start a rebuild after each rebuild. Where
there are no such events (too few inotify watches, another system), MkDocs' polling stays.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.ciivs")

# What a save does to a file (written in place, or written aside and renamed over it).
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,  # closed after writing (inotify's IN_CLOSE_WRITE)
    FileDeletedEvent,
    FileMovedEvent,
]


class ChangesObserver(Observer):  # type: ignore[misc, valid-type]  # the platform's observer
    """The system's file events, changes only; started once (by `watch_changes`)."""

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | os.PathLike[str],
        *,
        recursive: bool = False,
        event_filter: list[type[FileSystemEvent]] | None = None,
        follow_symlink: bool = False,
    ) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(
            event_handler,
            path,
            recursive=recursive,
            event_filter=event_filter or CHANGES,
            follow_symlink=follow_symlink,
        )
        return watch

    def start(self) -> None:
        if not self.is_alive():
            super().start()


def watch_changes(server: LiveReloadServer, also: Iterable[str] = ()) -> bool:
    """Move the preview server's watches, and `also` these paths, onto the system's file events
    and start watching; False when the system has none (MkDocs' polling then stays as it was).

    MkDocs keeps its watches in private attributes and has no public way to move them: a MkDocs
    upgrade that renames them leaves polling in place (the log says so).
    """
    watched: Any = getattr(server, "_watched_paths", None)
    refs: Any = getattr(server, "_watch_refs", None)
    if not isinstance(watched, dict) or not isinstance(refs, dict):
        log.info("ciivs: MkDocs' watches cannot be moved; polling for changes")
        return False
    try:
        observer = ChangesObserver()
    except OSError as error:
        log.info("ciivs: no file events (%s); polling for changes", error)
        return False
    if isinstance(observer, PollingObserver):
        return False  # watchdog found no file events on this system
    polling = server.observer
    server.observer = observer
    server._watched_paths, server._watch_refs = {}, {}
    try:
        for path, count in [*watched.items(), *((p, 1) for p in also)]:
            for _ in range(count):
                server.watch(path)
        observer.start()
    except OSError as error:  # e.g. too few inotify watches: leave MkDocs' polling in place
        observer.stop()
        server.observer, server._watched_paths, server._watch_refs = polling, watched, refs
        log.info("ciivs: file events failed (%s); polling for changes", error)
        return False
    return True
