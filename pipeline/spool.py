"""A pool worker's result goes to a file; the pool's pipe carries only the file's path.

``ProcessPoolExecutor`` sends a result through one pipe that every worker writes to. A worker killed while
writing a large result (the OOM killer's way) leaves half a message in the pipe, and the pool's manager
thread waits for the rest forever: the run hangs instead of replacing the worker. A write of at most
``PIPE_BUF`` bytes to a pipe is atomic, so a path always arrives whole or not at all, and a worker killed
while writing its file only breaks the pool, which the executor recovers from.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import traceback
from collections.abc import Callable
from typing import Any


def spooled(spool: str, fn: Callable[..., Any], *args: Any) -> str:
    """Run ``fn(*args)`` in a worker; pickle its result or its exception to a new file in ``spool``; return the path."""
    try:
        payload: tuple[Any, BaseException | None, str] = (fn(*args), None, "")
    except Exception as exc:
        payload = (None, exc, "".join(traceback.format_exception(exc)))
    fd, path = tempfile.mkstemp(dir=spool, suffix=".pickle")
    with os.fdopen(fd, "wb") as f:
        try:
            pickle.dump(payload, f, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an exception that cannot be pickled
            error = payload[1] or exc
            f.seek(0)
            f.truncate()
            pickle.dump((None, RuntimeError(f"{type(error).__name__}: {error}"), payload[2]), f)
    return path


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, as its ``__cause__`` (as the pool itself does)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text


def unspooled(path: str) -> tuple[Any, BaseException | None]:
    """The result or the exception a worker spooled to ``path``; the file is removed."""
    try:
        with open(path, "rb") as f:
            value, error, text = pickle.load(f)  # written by this run's own workers
    finally:
        os.unlink(path)
    if error is not None and text:
        error.__cause__ = RemoteTraceback(text)
    return value, error
