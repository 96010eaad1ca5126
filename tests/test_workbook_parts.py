"""The workbook's faster paths write the bytes the plain ones wrote: inline strings, sheets formatted apart."""

from __future__ import annotations

import os
import random
import re
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import workbook
from pipeline.report import csv_text
from tests.test_report_units import HARD_CELLS

_LEADING_SPACE = re.compile(r"^\s")
_TRAILING_SPACE = re.compile(r"\s$")


def _regex_inline_string(ref: str, text: str) -> str:
    """``inline_string`` as it was, with XlsxWriter's own regexes for a leading or trailing space."""
    if "_x" in text:
        text = workbook._ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    if not text.isprintable():
        text = workbook._CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if _LEADING_SPACE.search(text) or _TRAILING_SPACE.search(text) else ""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def test_inline_string_marks_spaces_as_xlsxwriter_does() -> None:
    rng = random.Random(7)
    alphabet = [" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "a", "<", "&", "_x0041_", "é"]
    texts = [*HARD_CELLS, *("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) for _ in range(5000))]
    texts += (
        [chr(c) for c in range(0x3100)] + [f"x{chr(c)}" for c in range(0x3100)] + [f"{chr(c)}\n" for c in range(300)]
    )
    for text in texts:
        assert workbook.inline_string("A1", text) == _regex_inline_string("A1", text), repr(text)


def _sheets(folder: Path) -> list[tuple[str, Path]]:
    folder.mkdir(exist_ok=True)
    (folder / "summary.csv").write_text(csv_text(("text", "start"), [{"text": "Zürich", "start": 3}]), "utf-8-sig")
    rows = [{"text": HARD_CELLS[i % len(HARD_CELLS)][:50], "start": i} for i in range(300)]
    (folder / "findings.csv").write_text(csv_text(("text", "start"), rows), encoding="utf-8-sig")
    (folder / "changes.csv").write_text(csv_text(("change", "text"), [{"change": "new", "text": " x"}]), "utf-8-sig")
    return [(n, folder / f"{n}.csv") for n in ("summary", "findings", "changes")]


def test_a_workbook_formatted_by_several_processes_equals_one_written_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = _sheets(tmp_path / "in")
    alone, apart = tmp_path / "alone.xlsx", tmp_path / "apart.xlsx"
    assert workbook.write_workbook(alone, sheets) == 0.0
    forks, fork = [], os.fork
    monkeypatch.setattr(workbook, "_fork_safe", lambda: True)  # other tests may have left a thread behind
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    assert workbook.write_workbook(apart, sheets, jobs=2) >= 0.0
    assert len(forks) == 2  # summary here, findings and changes in processes of their own
    assert apart.read_bytes() == alone.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone.xlsx", "apart.xlsx", "in"]  # no part left behind
    assert load_workbook(apart)["findings"]["B301"].value == 299


def test_a_sheet_whose_process_failed_is_written_by_the_main_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = _sheets(tmp_path / "in")
    parent, build = os.getpid(), workbook._build

    def failing_in_children(target: object, *args: object) -> None:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        build(target, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(workbook, "_build", failing_in_children)
    monkeypatch.setattr(workbook, "_fork_safe", lambda: True)
    out = tmp_path / "out.xlsx"
    workbook.write_workbook(out, sheets, jobs=2)
    monkeypatch.setattr(workbook, "_build", build)
    workbook.write_workbook(tmp_path / "alone.xlsx", sheets)
    assert out.read_bytes() == (tmp_path / "alone.xlsx").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone.xlsx", "in", "out.xlsx"]


def test_no_fork_while_another_thread_runs() -> None:
    assert workbook._fork_safe() == (threading.active_count() == 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not workbook._fork_safe()
    finally:
        stop.set()
        thread.join()


def test_splice_takes_each_sheet_from_its_own_workbook(tmp_path: Path) -> None:
    sheets = _sheets(tmp_path / "in")
    full = tmp_path / "full.xlsx"
    workbook.write_workbook(full, sheets)
    parts = {}
    for i in range(3):
        parts[i] = tmp_path / f"part{i}.xlsx"
        workbook._build(str(parts[i]), sheets, {j: 1 for j in range(3) if j != i})
    filters = {i: workbook._filters(parts[i])[i] for i in range(3)}
    assert filters == {0: 2, 1: 301, 2: 2}
    spliced = tmp_path / "spliced.xlsx"
    workbook._build(str(spliced), sheets, filters)
    workbook._splice(spliced, parts, check=False)
    assert spliced.read_bytes() == full.read_bytes()
