"""Hostile input: the run finishes with the good events reported, and the output is safe to open.

Uses the ``blank:en`` stand-in model (tokenizer, sentencizer, place gazetteer):
the hostile part is the input, not the language.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from conftest import SAMPLE_EVENT
from pipeline import runner
from pipeline.cache import MentionCache
from pipeline.config import Config, load_config
from pipeline.ingest import html_to_text
from pipeline.report import FORMULA_PREFIXES

DAY = date(2022, 11, 16)
SECRET = "TOP-SECRET-CONTENT-9f2c"
FORMULA_LINES = [
    '=HYPERLINK("http://example.invalid","click") Gao',
    "@SUM(1+1) was written in Gao.",
    "+44 said the man from Gao.",
    "-2 degrees in Gao.",
    "\tTabbed line about Gao.",
]


@pytest.fixture(scope="module")
def blank() -> Config:
    cfg = load_config(environ={"PIPELINE__NLP__MODEL": "blank:en"})
    return cfg.model_copy(update={"run": cfg.run.model_copy(update={"workers": 1})})


def _all_cells(out: Path) -> list[tuple[Path, dict[str, str]]]:
    rows = []
    for path in sorted(out.rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows.extend((path, row) for row in csv.DictReader(fh))
    return rows


def _assert_safe(out: Path) -> None:
    for path, row in _all_cells(out):
        for column, cell in row.items():
            assert not any(ord(c) < 32 and c not in "\n" for c in cell), (path, column, cell)
            if cell.startswith(FORMULA_PREFIXES):
                float(cell)  # only genuine numbers may start with a formula character


def _good_event(root: Path) -> None:
    shutil.copytree(SAMPLE_EVENT, root / "good-event")


def test_formula_text_is_neutralised_and_offsets_still_point_at_it(tmp_path: Path, blank: Config) -> None:
    root = tmp_path / "in"
    _good_event(root)
    hostile = root / "hostile"
    hostile.mkdir()
    text = "\n".join(FORMULA_LINES) + "\n"
    (hostile / "a.txt").write_text(text, encoding="utf-8")
    (hostile / "b.txt").write_text("Troops left Gao on Monday.\n", encoding="utf-8")
    summary = runner.report(root, tmp_path / "out", blank, run_date=DAY)
    assert summary.events == 2
    _assert_safe(tmp_path / "out")
    rows = [r for _, r in _all_cells(tmp_path / "out" / "hostile") if "start" in r and r["source"] == "a.txt"]
    assert rows, "the hostile lines produced no rows to check"
    for row in rows:
        quoted = row["text"][1:] if row["text"].startswith("'") else row["text"]
        assert text[int(row["start"]) : int(row["end"])] == quoted
    sentences = {r["sentence"] for r in rows}
    assert '\'=HYPERLINK("http://example.invalid","click") Gao' in sentences
    assert "'@SUM(1+1) was written in Gao." in sentences


@pytest.mark.parametrize("name", ["../../secret.txt", "/etc/hostname", "sub/../../secret.txt"])
def test_sources_csv_paths_outside_the_event_are_never_read(tmp_path: Path, blank: Config, name: str) -> None:
    root = tmp_path / "in"
    _good_event(root)
    (tmp_path / "secret.txt").write_text(f"{SECRET} in Gao.\n")
    (root / "good-event" / "sources.csv").write_text(f"file,outlet,published,url\n{name},Evil,2022-11-15,\n")
    summary = runner.report(root, tmp_path / "out", blank, run_date=DAY)
    assert summary.events == 1
    assert any("must be a plain file name" in s.reason for s in summary.skipped)
    assert SECRET not in "".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "out").rglob("*.csv"))


def test_symlink_leading_outside_is_refused(tmp_path: Path, blank: Config) -> None:
    root = tmp_path / "in"
    _good_event(root)
    (tmp_path / "secret.txt").write_text(f"{SECRET} in Gao.\n")
    os.symlink(tmp_path / "secret.txt", root / "good-event" / "link.txt")
    summary = runner.report(root, tmp_path / "out", blank, run_date=DAY)
    assert any("symlink leads outside" in s.reason for s in summary.skipped)
    assert SECRET not in (tmp_path / "out" / "mentions.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("event", ["../../escape", "/tmp/abs", "..", "a/../../b"])
def test_event_names_from_feeds_cannot_write_outside_the_output(tmp_path: Path, blank: Config, event: str) -> None:
    root = tmp_path / "in"
    root.mkdir()
    rows = [{"event": event, "source": s, "text": "Troops left Gao on Monday."} for s in ("x", "y")]
    (root / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "deep" / "out"
    summary = runner.report(root, out, blank, run_date=DAY)
    assert summary.events == 1
    written = [p for p in tmp_path.rglob("*.csv") if not p.is_relative_to(out)]
    assert written == []
    event_dirs = [p for p in out.iterdir() if p.is_dir() and p.name not in {"runs", "current", ".cache"}]
    assert len(event_dirs) == 1 and (event_dirs[0] / "findings.csv").is_file()


def test_huge_line_nested_html_and_control_characters_do_not_break_the_run(tmp_path: Path, blank: Config) -> None:
    root = tmp_path / "in"
    _good_event(root)
    weird = root / "weird"
    weird.mkdir()
    (weird / "long.txt").write_text("Gao " * 250_000 + "\n", encoding="utf-8")  # one line of a million characters
    nested = "<div>" * 100_000 + "Troops left Gao." + "</div>" * 100_000
    (weird / "nested.html").write_text(f"<html><body>{nested}</body></html>", encoding="utf-8")
    (weird / "control.txt").write_text("Troops\x1b[31m left\x07 Gao\x0c on\x1f Monday.\n", encoding="utf-8")
    summary = runner.report(root, tmp_path / "out", blank, run_date=DAY)
    assert summary.events == 2
    _assert_safe(tmp_path / "out")


def test_html_parser_fetches_nothing_and_drops_scripts() -> None:
    html = (
        '<!DOCTYPE html SYSTEM "http://example.invalid/evil.dtd" [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<html><head><script>alert("x")</script><style>p{}</style><link rel="stylesheet" href="http://example.invalid/a.css">'
        "</head><body><p>Troops left &amp; Gao &x;</p><img src='http://example.invalid/p.png'></body></html>"
    )
    text = html_to_text(html)
    assert "Troops left & Gao" in text
    assert "alert" not in text and "root:" not in text and "p{}" not in text


def test_cache_never_unpickles_what_it_finds(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with MentionCache(path, "fp") as cache:
        cache.put([("k", [])])
    payload = b"cos\nsystem\n(S'touch " + str(tmp_path / "pwned").encode() + b"'\ntR."
    with sqlite3.connect(path) as db:
        db.execute("UPDATE article_mentions SET payload = ? WHERE key = 'k'", (payload,))
    with MentionCache(path, "fp") as cache:
        assert cache.get(["k"]) == {}
    assert not (tmp_path / "pwned").exists()
