"""The Dask path as the README documents it: a real ``dask scheduler`` and ``dask worker`` from ``.venv/bin``.

Both are started as subprocesses on 127.0.0.1 (free ports), from a folder
outside the checkout and without ``PYTHONPATH``, so the workers import
``pipeline`` only because ``make install`` installed it. The report command
runs as cron would run it, and its CSVs must equal a local run's; a worker
killed mid-run is survived (the scheduler runs its tasks elsewhere) or the
run fails with exit 6 and publishes nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from conftest import SAMPLE_EVENT
from pipeline import runner
from pipeline.cli import EXIT_INFRASTRUCTURE, EXIT_OK
from pipeline.config import load_config
from pipeline.executor import InlineExecutor

distributed = pytest.importorskip("dask.distributed")
DASK = Path(sys.executable).parent / "dask"
BLANK_ENV = {"PIPELINE__NLP__MODEL": "blank:en", "PIPELINE__NLP__MIN_CITY_POPULATION": "1000000"}
DAY = date(2022, 11, 16)

pytestmark = pytest.mark.skipif(not DASK.exists(), reason="no dask command beside the interpreter")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE__") and k != "PYTHONPATH"}


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process started in its own session, and everything it started, by its pid."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # nannies' workers left behind, if any


@dataclass
class Cluster:
    address: str
    client: distributed.Client


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    where = tmp_path_factory.mktemp("dask")  # not the checkout: `pipeline` must come from the install
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"cwd": where, "env": _clean_env(), "start_new_session": True, "stdout": subprocess.DEVNULL}
    with (where / "scheduler.log").open("w") as log:
        scheduler = subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stderr=log,
            **common,
        )
    with (where / "worker.log").open("w") as log:
        worker = subprocess.Popen(
            [
                str(DASK),
                "worker",
                address,
                *("--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1"),
                "--no-dashboard",
            ],
            stderr=log,
            **common,
        )
    try:
        client = distributed.Client(address, timeout=60, set_as_default=False)
        client.wait_for_workers(2, timeout=120)
        yield Cluster(address, client)
        client.close()
    finally:
        _stop(worker)
        _stop(scheduler)


def _events(root: Path, n: int) -> Path:
    for i in range(n):
        shutil.copytree(SAMPLE_EVENT, root / f"event-{i:03d}")
    return root


def _csvs(out: Path) -> dict[str, str]:
    """The published CSVs (through ``OUT/current``, which the top-level names link into)."""
    current = out / "current"
    return {
        str(p.relative_to(current.resolve())): p.read_text(encoding="utf-8-sig")
        for p in sorted(current.resolve().rglob("*.csv"))
        if p.name != "changes.csv"
    }


def _local(root: Path, out: Path) -> dict[str, str]:
    config = load_config(environ=BLANK_ENV)
    runner.report(root, out, config, run_date=DAY, executor=InlineExecutor())
    return _csvs(out)


def _report(root: Path, out: Path, address: str, chunk_size: int) -> subprocess.Popen:
    env = {**_clean_env(), **BLANK_ENV, "PIPELINE__RUN__CHUNK_SIZE": str(chunk_size)}
    cmd = [sys.executable, "-m", "pipeline", "report", "-i", str(root), "-o", str(out), "-q", "--today", "2022-11-16"]
    cmd += ["--executor", "dask", "--scheduler", address]
    return subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)


def test_a_real_dask_cluster_gives_the_local_csvs(tmp_path: Path, cluster: Cluster) -> None:
    root = _events(tmp_path / "in", 12)  # 12 events of 5 articles, chunks of 2: 36 chunks
    expected = _local(root, tmp_path / "local")
    proc = _report(root, tmp_path / "dask", cluster.address, chunk_size=2)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == EXIT_OK, stderr
    assert stderr == ""
    assert len(expected) == 12 * 4 + 4  # findings, facts, mentions, summary per event and combined
    assert _csvs(tmp_path / "dask") == expected


def test_a_dask_worker_killed_mid_run_is_survived_or_fails_cleanly(tmp_path: Path, cluster: Cluster) -> None:
    root = _events(tmp_path / "in", 20)
    out = tmp_path / "dask"
    first = _report(root, out, cluster.address, chunk_size=1)
    assert first.wait(300) == EXIT_OK
    before = _csvs(out)
    for path in root.glob("*/*.txt"):  # changed, so every article is parsed again
        path.write_text(path.read_text(encoding="utf-8") + "\nA later update from Gao.\n", encoding="utf-8")
    expected = _local(root, tmp_path / "local")
    pids = cluster.client.run(os.getpid)
    proc = _report(root, out, cluster.address, chunk_size=1)
    deadline = time.monotonic() + 120
    while not any((out / ".staging").glob("event-00*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=300)
    print("kill run exit code:", proc.returncode, stderr)
    if proc.returncode == EXIT_OK:
        assert _csvs(out) == expected
    else:
        assert proc.returncode == EXIT_INFRASTRUCTURE, stderr
        assert _csvs(out) == before and not (out / ".staging").exists()
    deadline = time.monotonic() + 120  # the nanny restarts the killed worker: the next test has two again
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            cluster.client.wait_for_workers(2, timeout=10)
            pids_now = cluster.client.run(os.getpid)
            if len(pids_now) == 2 and victim not in pids_now.values():
                break
        time.sleep(0.5)
    else:
        pytest.fail("the killed Dask worker was not replaced")
