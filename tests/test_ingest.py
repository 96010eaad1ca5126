"""Ingest: event folders, metadata, datelines and bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import SAMPLE_EVENT
from pipeline.config import IngestConfig
from pipeline.ingest import decode, find_dateline, html_to_text, read_event, read_events

CFG = IngestConfig()


@pytest.mark.parametrize(
    ("text", "full", "partial"),
    [
        (" date 2022-11-15 UrduPoint.com\n\nUK To End Deployment", date(2022, 11, 15), None),
        ("Fahad Shabbir Published November 15, 2022 | 12:00 AM", date(2022, 11, 15), None),
        ("LONDON, November 14 (DPA/EP) –\nThe British government", None, (11, 14)),
        ("PARIS, 3 March 2021 - The minister said", date(2021, 3, 3), None),
        ("Posted Nov. 2, 2019 by staff", date(2019, 11, 2), None),
        ("ANKARA\nThe UK announced Monday", None, None),
    ],
)
def test_find_dateline(text: str, full: date | None, partial: tuple[int, int] | None) -> None:
    assert find_dateline(text) == (full, partial)


def test_find_dateline_only_reads_the_header() -> None:
    text = "Headline\n" + "x " * 400 + "\nNovember 14, 2022"
    assert find_dateline(text) == (None, None)


def test_sample_event_publication_dates() -> None:
    articles, skipped = read_event(SAMPLE_EVENT, CFG)
    assert skipped == []
    by_source = {a.source[:3]: a for a in articles}
    assert by_source["000"].published == date(2022, 11, 15)
    assert by_source["000"].published_from == "dateline"
    # "LONDON, November 14 (DPA/EP)": the year comes from the other sources.
    assert by_source["003"].published == date(2022, 11, 14)
    # No dateline: the event's consensus date.
    assert by_source["004"].published == date(2022, 11, 15)
    assert by_source["004"].published_from == "event"


def _event(tmp_path: Path, files: dict[str, bytes]) -> Path:
    event = tmp_path / "ev"
    event.mkdir()
    for name, data in files.items():
        (event / name).write_bytes(data)
    return event


def test_sources_csv_metadata_wins_over_dateline(tmp_path: Path) -> None:
    event = _event(
        tmp_path,
        {
            "a.txt": b"LONDON, May 2 2021 - text",
            "b.txt": b"Some text.",
            "sources.csv": b"file,outlet,published,url\na.txt,Reuters,2021-05-03,https://example.org/a\n",
        },
    )
    articles, skipped = read_event(event, CFG)
    a, b = articles
    assert (a.outlet, a.published, a.url, a.published_from) == (
        "Reuters",
        date(2021, 5, 3),
        "https://example.org/a",
        "metadata",
    )
    assert b.published == date(2021, 5, 3) and b.published_from == "event"
    assert skipped == []


def test_no_date_anywhere_stays_unresolved(tmp_path: Path) -> None:
    articles, _ = read_event(_event(tmp_path, {"a.txt": b"The minister spoke on Monday."}), CFG)
    assert articles[0].published is None


@pytest.mark.parametrize(
    ("csv_bytes", "reason"),
    [
        (b"name,outlet\na.txt,X\n", "no 'file' column"),
        (b"file,outlet,published,url\na.txt,X,yesterday,\n", "not a YYYY-MM-DD date"),
        (b"file,outlet,published,url\na.txt,X\n", "fields, header has 4"),
        (b"file,outlet,published,url\n../../etc/passwd,X,,\n", "plain file name"),
        (b"file,outlet,published,url\nmissing.txt,X,,\n", "not an article in the folder"),
    ],
)
def test_malformed_sources_csv_warns_and_goes_on(tmp_path: Path, csv_bytes: bytes, reason: str) -> None:
    event = _event(tmp_path, {"a.txt": b"Text of the article.", "sources.csv": csv_bytes})
    articles, skipped = read_event(event, CFG)
    assert [a.source for a in articles] == ["a.txt"]
    assert len(skipped) == 1 and reason in skipped[0].reason
    assert "sources.csv" in skipped[0].path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty article"),
        (b"   \n\n  ", "empty article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        (bytes(range(1, 32)) * 50, "binary content"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    event = _event(tmp_path, {"bad.txt": data, "good.txt": b"A good article."})
    articles, skipped = read_event(event, CFG)
    assert [a.source for a in articles] == ["good.txt"]
    assert len(skipped) == 1
    assert skipped[0].path.endswith("bad.txt") and reason in skipped[0].reason


def test_oversized_file_is_skipped(tmp_path: Path) -> None:
    event = _event(tmp_path, {"big.txt": b"word " * 300, "good.txt": b"A good article."})
    articles, skipped = read_event(event, IngestConfig(max_file_bytes=1000))
    assert [a.source for a in articles] == ["good.txt"]
    assert "over the limit" in skipped[0].reason


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    event = _event(tmp_path, {"good.txt": b"A good article."})
    (event / "dangling.txt").symlink_to(tmp_path / "does-not-exist.txt")
    articles, skipped = read_event(event, CFG)
    assert [a.source for a in articles] == ["good.txt"]
    assert skipped[0].path.endswith("dangling.txt")


def test_symlink_outside_event_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret text")
    event = _event(tmp_path, {"good.txt": b"A good article."})
    (event / "link.txt").symlink_to(secret)
    articles, skipped = read_event(event, CFG)
    assert [a.source for a in articles] == ["good.txt"]
    assert "outside the event folder" in skipped[0].reason


@pytest.mark.parametrize(
    ("data", "text", "note"),
    [
        ("Café in Gao".encode(), "Café in Gao", ""),
        (b"\xef\xbb\xbfBOM text", "BOM text", ""),
        ("Café".encode("utf-16"), "Café", "UTF-16"),
        ("Café à Gao".encode("latin-1"), "Café à Gao", "Windows-1252"),
    ],
)
def test_decode(data: bytes, text: str, note: str) -> None:
    got, got_note = decode(data)
    assert got == text
    assert note in got_note


def test_a_byte_order_mark_on_bytes_that_are_not_its_text_is_a_clear_error() -> None:
    # A UTF-16 mark followed by an odd number of bytes: no codec traceback, one line saying what to do.
    with pytest.raises(ValueError, match="starts like UTF-16 text but is not; save it as UTF-8 text"):
        decode(b"\xff\xfe\x00\x00garbage")
    # An even number of plain ASCII bytes after the mark decodes without error, into pairs that are no text.
    with pytest.raises(ValueError, match="starts like UTF-16 text but is not; save it as UTF-8 text"):
        decode(b"\xff\xfe" + b"This is not UTF-16 at all, just ASCII after a BOM!")
    assert decode("\ufeffKey facts".encode("utf-16-le"))[0] == "Key facts"  # real UTF-16 still reads


def test_html_is_reduced_to_visible_text() -> None:
    html = (
        "<html><head><title>T</title><script>var x = '<p>no</p>';</script></head>"
        "<body><h1>UK leaves Mali</h1><p>Britain sent <b>300</b> troops.</p>"
        "<style>p {color: red}</style><p>Second&nbsp;para &amp; more.</p></body></html>"
    )
    text = html_to_text(html)
    assert "UK leaves Mali\n\nBritain sent 300 troops.\n\nSecond\xa0para & more." in text
    assert "var x" not in text and "color" not in text


def test_read_events_one_folder_per_event(tmp_path: Path) -> None:
    for name in ("b-event", "a-event"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text("Some text.")
    (tmp_path / "c-empty").mkdir()
    events = [(ev, len(arts)) for ev, arts, _ in read_events(tmp_path, CFG)]
    assert events == [("a-event", 1), ("b-event", 1), ("c-empty", 0)]
