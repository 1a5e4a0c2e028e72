"""The build's pools of forked worker processes, made in one place so that each stops cleanly,
and the processes nobody waits for (a preview's work after a save, the old site's deletion),
which give way to the work somebody waits for.

Imports nothing from ciivs (the lowest layer: the check, the render stage and the policy stage
each share their work between the cores with it).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import shutil
import signal
from multiprocessing.pool import Pool


def fork_pool(processes: int) -> Pool:
    """A pool of `processes` forked workers that stop at once on SIGTERM (see `_stop_when_terminated`)."""
    return mp.get_context("fork").Pool(processes, _stop_when_terminated)


def _stop_when_terminated() -> None:
    """A worker stops at once on SIGTERM, which the pool sends its workers when it closes.

    The CLI turns SIGTERM into KeyboardInterrupt (to clean up), and a forked worker inherits
    that: a worker interrupted while holding the pool's task-queue lock never released it, and
    the other worker then waited for it forever, the build with it (seen at 1,000 measures in
    the render stage; at 5,000 in the policy stage, a worker's traceback).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# How much background work gives way (a preview's lists and search index to the next save, the
# old site's deletion to whatever follows the build): at nice 10 a process gets about a tenth
# of a core that a process at 0 also wants.
BACKGROUND_NICENESS = 10


def in_background(command: list[str]) -> list[str]:
    """`command` run at the background's niceness (through `nice`, which every POSIX system has:
    a child's niceness cannot be set between fork and exec from a threaded process)."""
    nice = shutil.which("nice")
    return [nice, "-n", str(BACKGROUND_NICENESS), *command] if nice else command


def become_background() -> None:
    """This process at the background's niceness (where the system allows it)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(BACKGROUND_NICENESS)
