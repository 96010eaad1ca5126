"""The user's cache folder: where derived tables (the gazetteer's token texts, the WordNet and place tables) are kept.

One default folder, ``$XDG_CACHE_HOME/newsdiff`` (``~/.cache/newsdiff``), one way of writing a file there (whole or
not at all) and one way of dropping the older files of a kind. Every cached file can be rebuilt from the installed
packages, so a cache that cannot be used (no home folder, a folder that cannot be written) only costs building it
again in memory: one warning line per folder and process, never an error.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

# Cached files are readable by everyone and written by their owner: they hold nothing private (names of places,
# WordNet's words), and a folder shared by several accounts (``XDG_CACHE_HOME`` set for a team) can read them.
FILE_MODE = 0o644


def cache_dir(configured: str = "") -> Path | None:
    """``configured`` (``~`` expanded) when set, else ``$XDG_CACHE_HOME/newsdiff``, else ``~/.cache/newsdiff``.

    None when there is no home folder to put it in (``HOME`` unset and no account entry): nothing is cached then.
    """
    try:
        if configured:
            return Path(configured).expanduser()
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdiff"
    except RuntimeError:  # "~" cannot be expanded
        _warn_once("", "no home folder")
        return None


def write_atomic(path: Path, text: str, *, keep: int) -> bool:
    """Write ``text`` to ``path`` whole (a concurrent reader sees the old file or the new one), then :func:`prune`
    the older files of its kind to ``keep``.

    The text goes to a temporary file in the same folder, flushed to disk, then renamed over ``path``; the
    temporary file is removed when anything fails. False (and one warning) when the folder cannot be written.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        _warn_once(str(path.parent), exc.strerror or type(exc).__name__)
        return False
    prune(path, keep=keep)
    return True


def cached_table(path: Path | None, build: Callable[[], Any], decode: Callable[[Any], T], *, keep: int) -> T:
    """``decode`` of the JSON document at ``path``; when there is none, or it cannot be read or decoded (a broken or
    mismatched file), ``decode`` of ``build()``'s document, written there whole (the older files of its kind pruned
    to ``keep``). ``path`` None (no cache folder): built in memory."""
    if path is not None:
        try:
            return decode(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError):
            pass
    document = build()
    if path is not None:
        write_atomic(path, json.dumps(document, ensure_ascii=False, separators=(",", ":")), keep=keep)
    return decode(document)


def prune(path: Path, *, keep: int) -> None:
    """Keep the ``keep`` most recent files of ``path``'s kind (``<kind>-*<suffix>`` in its folder, ``path``
    among them), remove the older ones; a file that cannot be removed is left."""
    kind = path.name.split("-", 1)[0]
    try:
        others = [p for p in path.parent.glob(f"{kind}-*{path.suffix}") if p != path]
        dated = sorted(((p.stat().st_mtime, p) for p in others), reverse=True)
    except OSError:
        return
    for _, old in dated[max(keep - 1, 0) :]:
        with contextlib.suppress(OSError):
            old.unlink(missing_ok=True)


@lru_cache(maxsize=16)
def _warn_once(folder: str, reason: str) -> None:
    where = f"cache folder {folder}" if folder else "cache folder"
    log.warning(
        "%s cannot be used (%s): cached tables are built in memory on every run; "
        "set XDG_CACHE_HOME or nlp.cache_dir to a writable folder",
        where,
        reason,
    )


__all__ = ["FILE_MODE", "cache_dir", "prune", "write_atomic"]
