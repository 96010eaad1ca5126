"""Progress and quiet: the bar's total is known up front and shows the model loading; quiet runs print nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import ROOT, SAMPLE_EVENT
from pipeline import runner
from pipeline.config import Config

pytestmark = pytest.mark.slow


class RecordingBar:
    """Stands in for tqdm: records every total and description the run shows."""

    seen: ClassVar[list[tuple[str, int, int]]] = []

    def __init__(self, *, total: int, desc: str, **_: Any) -> None:
        self.total, self.desc, self.n = total, desc, 0
        self._note()

    def _note(self) -> None:
        RecordingBar.seen.append((self.desc, self.n, self.total))

    def set_description(self, desc: str, refresh: bool = True) -> None:
        self.desc = desc
        self._note()

    def update(self, n: int) -> None:
        self.n += n
        self._note()

    def close(self) -> None:
        pass


def test_progress_total_is_counted_up_front_and_loading_comes_first(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "in"
    for name in ("a", "b"):
        shutil.copytree(SAMPLE_EVENT, root / name)
    monkeypatch.setattr(runner, "tqdm", RecordingBar)
    RecordingBar.seen = []
    inline = config.model_copy(update={"run": config.run.model_copy(update={"workers": 1})})
    runner.report(root, tmp_path / "out", inline, run_date=date(2022, 11, 16), progress=True)
    seen = RecordingBar.seen
    assert {total for _, _, total in seen} == {10}  # never grows as events come in
    assert seen[0] == (runner.LOADING, 0, 10)
    assert seen[-1] == (runner.ARTICLES, 10, 10)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env.pop("PIPELINE__RUN__WORKERS", None)
    return env


def test_make_report_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    if shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs make and the installed .venv (make install)")
    event = tmp_path / "in" / "ev"
    event.mkdir(parents=True)
    (event / "a.txt").write_text("Britain sent 300 troops to Mali in December 2020.\n", encoding="utf-8")
    (event / "b.txt").write_text("The UK deployed 250 soldiers to Mali in 2020.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["make", "--no-print-directory", "report", f"INPUT={tmp_path / 'in'}", f"OUTPUT={out}", "ARGS=--quiet"]
    done = subprocess.run(args, cwd=ROOT, env=_clean_env(), capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (out / "summary.csv").is_file() and (out / "index.html").is_file()


def test_make_report_quiet_speaks_on_trouble(tmp_path: Path) -> None:
    if shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs make and the installed .venv (make install)")
    event = tmp_path / "in" / "ev"
    event.mkdir(parents=True)
    (event / "a.txt").write_text("Britain sent 300 troops to Mali.\n", encoding="utf-8")
    (event / "b.txt").write_bytes(b"\x00\x01binary")
    args = ["make", "report", f"INPUT={tmp_path / 'in'}", f"OUTPUT={tmp_path / 'out'}", "ARGS=--quiet"]
    done = subprocess.run(args, cwd=ROOT, env=_clean_env(), capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 0 and done.stdout == ""
    assert "b.txt" in done.stderr  # what cron mails
