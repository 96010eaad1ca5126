"""The Dask executor gives exactly the local run's CSVs (on a LocalCluster with two workers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_EVENT
from pipeline import runner
from pipeline.cli import app
from pipeline.config import load_config
from pipeline.dask_executor import DaskExecutor
from pipeline.executor import InlineExecutor

distributed = pytest.importorskip("dask.distributed")


def _csvs(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.csv")) if p.name != "changes.csv"}


@pytest.mark.slow
def test_dask_local_cluster_matches_the_local_run(tmp_path: Path) -> None:
    config = load_config(environ={})
    local = runner.report(
        SAMPLE_EVENT.parent, tmp_path / "local", config, run_date=date(2022, 11, 16), executor=InlineExecutor()
    )
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = CliRunner().invoke(
            app,
            [
                "report",
                "-i",
                str(SAMPLE_EVENT.parent),
                "-o",
                str(tmp_path / "cli"),
                "-q",
                "--today",
                "2022-11-16",
                "--executor",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
            ],
        )
        dask_run = runner.report(
            SAMPLE_EVENT.parent, tmp_path / "dask", config, run_date=date(2022, 11, 16), executor=DaskExecutor(client)
        )
    assert result.exit_code == 0, result.output
    assert _csvs(tmp_path / "cli") == _csvs(tmp_path / "local")
    assert dask_run.parsed == local.parsed == 5
    assert _csvs(tmp_path / "dask") == _csvs(tmp_path / "local")
    assert _csvs(tmp_path / "dask" / "mali-uk-withdrawal") == _csvs(tmp_path / "local" / "mali-uk-withdrawal")
