"""Feed files (JSON Lines and CSV, one article per row) as scrapers write them."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from pipeline.config import IngestConfig
from pipeline.ingest import read_events, read_feed

CFG = IngestConfig()


def _row(event: str, source: str, text: str, published: str = "", outlet: str = "") -> dict[str, str]:
    return {"event": event, "source": source, "outlet": outlet, "published": published, "url": "", "text": text}


def _jsonl(path: Path, rows: list[dict[str, str]], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r) for r in rows] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_feed_groups_rows_by_event_in_name_order(tmp_path: Path) -> None:
    feed = _jsonl(
        tmp_path / "feed.jsonl",
        [
            _row("b-event", "one", "Text one.", "2022-11-15", "Outlet One"),
            _row("a-event", "two", "Text two.", "2022-11-14"),
            _row("b-event", "three", "Text three."),
        ],
    )
    batches = [(ev, [a.source for a in arts]) for ev, arts, _ in read_feed(feed, CFG)]
    assert batches == [("a-event", ["two"]), ("b-event", ["one", "three"])]
    b_event = next(arts for ev, arts, _ in read_feed(feed, CFG) if ev == "b-event")
    assert b_event[0].outlet == "Outlet One" and b_event[0].published == date(2022, 11, 15)
    # A row without a date takes the date the event's other sources agree on.
    assert b_event[1].published == date(2022, 11, 15) and b_event[1].published_from == "event"


def test_malformed_jsonl_line_is_skipped_with_its_line_number(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [_row("ev", "one", "Fine text.")], extra_lines=("{not json", "[1, 2]"))
    batches = list(read_feed(feed, CFG))
    skipped = [str(s) for _, _, sk in batches for s in sk]
    assert any(f"{feed}:2: not valid JSON" in s for s in skipped)
    assert any(f"{feed}:3: line is not a JSON object" in s for s in skipped)
    assert [(ev, len(arts)) for ev, arts, _ in batches if ev] == [("ev", 1)]


def test_rows_without_event_or_text_are_skipped(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [_row("", "x", "Some text."), _row("ev", "y", "  "), _row("ev", "z", "Ok.")])
    batches = list(read_feed(feed, CFG))
    reasons = [s.reason for _, _, sk in batches for s in sk]
    assert "row has no 'event'; skipped" in reasons and "row has no 'text'; skipped" in reasons
    assert [a.source for ev, arts, _ in batches if ev for a in arts] == ["z"]


def test_oversized_feed_row_is_skipped(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [_row("ev", "big", "x" * 2000), _row("ev", "small", "Short.")])
    batches = list(read_feed(feed, IngestConfig(max_file_bytes=1000)))
    assert [a.source for ev, arts, _ in batches if ev for a in arts] == ["small"]
    assert any("over the limit" in s.reason for _, _, sk in batches for s in sk)


def test_csv_feed_with_multiline_text(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    with feed.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["event", "source", "outlet", "published", "url", "text"])
        writer.writeheader()
        writer.writerow(_row("ev", "one", "First line.\nSecond line, with a comma.", "2022-11-15"))
        writer.writerow(_row("ev", "two", "Other text."))
    batches = [(ev, arts) for ev, arts, _ in read_feed(feed, CFG) if ev]
    assert len(batches) == 1
    assert batches[0][1][0].text == "First line.\nSecond line, with a comma."


def test_csv_feed_with_wrong_header_is_one_warning(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text("title,body\nA,B\n", encoding="utf-8")
    batches = list(read_feed(feed, CFG))
    assert [ev for ev, _, _ in batches] == [""]
    assert "feed needs the columns" in batches[0][2][0].reason


def test_csv_feed_row_with_wrong_field_count(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text("event,source,text\nev,one,Good text.\nev,two\n", encoding="utf-8")
    batches = list(read_feed(feed, CFG))
    assert any(s.path == f"{feed}:3" and "2 fields" in s.reason for _, _, sk in batches for s in sk)
    assert [a.source for ev, arts, _ in batches if ev for a in arts] == ["one"]


def test_input_root_mixes_event_folders_and_feeds(tmp_path: Path) -> None:
    (tmp_path / "folder-event").mkdir()
    (tmp_path / "folder-event" / "a.txt").write_text("An article.", encoding="utf-8")
    _jsonl(tmp_path / "feed.jsonl", [_row("feed-event", "s1", "Feed text."), _row("folder-event", "s2", "Dup.")])
    batches = list(read_events(tmp_path, CFG))
    assert [ev for ev, arts, _ in batches if arts] == ["folder-event", "feed-event"]
    assert any("appears in more than one input" in s.reason for _, _, sk in batches for s in sk)


def test_single_feed_file_as_input_root(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [_row("ev", "s1", "Feed text.")])
    assert [ev for ev, arts, _ in read_events(feed, CFG) if arts] == ["ev"]


def test_feed_that_vanishes_mid_run_skips_only_its_events(tmp_path: Path) -> None:
    feed = _jsonl(tmp_path / "feed.jsonl", [_row("a", "s1", "Text."), _row("b", "s2", "Text.")])
    batches = read_feed(feed, CFG)
    first = next(batches)
    assert first[0] == "a" and len(first[1]) == 1
    feed.unlink()
    event, articles, skipped = next(batches)
    assert event == "b" and articles == [] and "vanished" in skipped[0].reason
