"""One run at a time per output folder: an OS-level lock on ``OUT/.lock``.

The lock is an ``flock`` on the file, so the kernel releases it when the
holder dies, however it dies: a lock left by a killed run is stale by
construction and the next run takes it over (and says so). The file holds the
holder's pid and host for the message a blocked run prints.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
from pathlib import Path
from types import TracebackType

log = logging.getLogger(__name__)


class LockedError(Exception):
    """Another run holds the output folder."""


class RunLock:
    """``with RunLock(out / ".lock"):`` holds the output folder for this process or raises :class:`LockedError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            return f"pid {info.get('pid', '?')} on {info.get('host', '?')}, started {info.get('started', '?')}"
        except (OSError, ValueError):
            return "an unknown process"

    def acquire(self, started: str = "") -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": started}).encode())
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        # Empty the file before unlocking: a non-empty unlocked file means the holder died.
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
