"""One run at a time per output folder: an OS-level lock on ``OUT/.lock``.

The lock is an ``flock`` on the file, so the kernel releases it when the
holder dies, however it dies: a lock left by a killed run is stale by
construction and the next run takes it over (and says so). The file holds the
holder's pid, host and start time for the message a blocked run prints.

An ``flock`` belongs to the open file, which forked children share: worker
processes call :func:`close_inherited` first thing, so the lock lives exactly
as long as the run's main process (and they die with it, see
``pipeline.executor``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)

# Lock file descriptors held by this process: a forked worker closes its copies.
_HELD: set[int] = set()


class LockedError(Exception):
    """Another run holds the output folder."""


def close_inherited() -> None:
    """In a forked child: close the copies of the parent's lock files, so the lock never outlives the parent."""
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


class RunLock:
    """``with RunLock(out / ".lock"):`` holds the output folder for this process or raises :class:`LockedError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            return f"pid {info.get('pid', '?')} on {info.get('host', '?')}, started {info.get('started') or '?'}"
        except (OSError, ValueError):
            return "an unknown process"

    def acquire(self, started: str = "") -> None:
        """Take the lock; ``started`` (default: now, UTC) is what a blocked run prints as the start time."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockedError(
                f"{self.path}: another run is writing this output folder ({self._holder()}); "
                "wait for it to finish or use another --output"
            ) from None
        previous = os.read(fd, 4096)
        if previous.strip():
            log.warning(
                "%s: taking over a stale lock left by a run that did not finish (%s)", self.path, self._holder()
            )
        started = started or datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": started}).encode())
        os.fsync(fd)
        self._fd = fd
        _HELD.add(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        _HELD.discard(self._fd)
        # Empty the file before unlocking: a non-empty unlocked file means the holder died.
        with contextlib.suppress(OSError):  # the lock is released all the same
            os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
