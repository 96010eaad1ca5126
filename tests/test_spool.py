"""A worker killed while it sends back a large result (the OOM killer's way) must not hang the run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.spool import RemoteTraceback, spooled, unspooled

# Runs ProcessExecutor on two events whose (patched) work returns 64 pieces of 1 MB. The first time, the worker
# starts a thread that SIGKILLs it once the process has written 8 MB more: mid-way through writing the result.
# Had the result gone through ProcessPoolExecutor's own pipe, that pipe would hold half a message and the
# pool's manager thread would wait for the rest forever (what hung CI once).
_KILLED_MID_WRITE = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    from dataclasses import replace
    from pathlib import Path
    from pipeline import executor as ex
    from pipeline.config import load_config
    from pipeline.records import Article

    marker = Path(sys.argv[1])

    def written() -> int:
        with open("/proc/self/io") as f:
            return int(next(line for line in f if line.startswith("wchar:")).split()[1])

    def kill_mid_write() -> None:
        start = written()
        while written() < start + 8 * 2**20:
            time.sleep(0.0002)
        os.kill(os.getpid(), signal.SIGKILL)

    def big(task, config):
        if not marker.exists():
            marker.touch()
            threading.Thread(target=kill_mid_write, daemon=True).start()
        return ex.EventResult(task.event, {}, [os.urandom(2**20) for _ in range(64)], [], {})

    ex.process_event = big
    config = load_config(environ={"PIPELINE__NLP__MODEL": "blank:en"})
    tasks = [ex.EventTask(f"e{i}", (Article(f"e{i}", "a.txt", "Text."),)) for i in range(2)]
    pool = ex.ProcessExecutor(2)
    try:
        print(sorted((t.event, sum(map(len, r.mentions))) for t, r in pool.run(tasks, config)))
    finally:
        pool.close()
    """
)


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/<pid>/io to time the kill")
def test_a_worker_killed_while_sending_a_large_result_is_replaced(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    marker = tmp_path / "killed"
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_WRITE, str(marker)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert marker.exists()  # the worker was killed
    assert done.returncode == 0, done.stderr
    assert "a worker process died" in done.stderr
    assert done.stdout.strip() == str([("e0", 64 * 2**20), ("e1", 64 * 2**20)])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("pipeline-results-")]  # spool removed


def _fails(text: str) -> None:
    raise ValueError(text)


def test_a_result_comes_back_through_a_file_and_the_message_is_a_short_path(tmp_path: Path) -> None:
    path = spooled(str(tmp_path), bytes, 10**7)
    assert len(path.encode()) < 512  # far below PIPE_BUF: the pool's pipe gets it whole or not at all
    assert unspooled(path) == (bytes(10**7), None)
    assert not list(tmp_path.iterdir())


def test_an_exception_comes_back_with_the_workers_traceback(tmp_path: Path) -> None:
    value, error = unspooled(spooled(str(tmp_path), _fails, "bad article"))
    assert value is None and isinstance(error, ValueError) and str(error) == "bad article"
    assert isinstance(error.__cause__, RemoteTraceback) and "_fails" in str(error.__cause__)


class _Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("cannot pickle")


def _fails_unpicklably() -> None:
    raise _Unpicklable("lock held")


def test_an_exception_that_cannot_be_pickled_comes_back_as_its_name_and_message(tmp_path: Path) -> None:
    _, error = unspooled(spooled(str(tmp_path), _fails_unpicklably))
    assert isinstance(error, RuntimeError) and str(error) == "_Unpicklable: lock held"


def test_mentions_and_frames_come_back_from_the_spool_equal(tmp_path: Path) -> None:
    from dataclasses import fields

    from pipeline.records import Frame, Mention

    frame = Frame(predicate="deploy", slot="theme", agent="UK", negated=True, modality="past", modifies="force")
    mention = Mention(
        "mali",
        "a.txt",
        "a.txt:number:4-7",
        "number",
        "300",
        "300",
        "troop",
        "~",
        4,
        7,
        "UK sent 300 troops.",
        0,
        20,
        "send",
        "UK",
        frame,
        high="350",
        modifiers=("british",),
        gazetteer=True,
        role_text="minister",
    )
    path = spooled(str(tmp_path), lambda: [mention, Mention(*[getattr(mention, f.name) for f in fields(Mention)])])
    value, error = unspooled(path)
    assert error is None and value == [mention, mention]
    assert value[0].frame == frame and value[0].modifiers == ("british",) and value[0].gazetteer is True
    assert Mention.__reduce__(mention) == (Mention, tuple(getattr(mention, f.name) for f in fields(Mention)))
