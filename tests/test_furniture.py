"""Page furniture is blanked out of article text (offsets kept); outlets are named from metadata, URL or header."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE_EVENT
from pipeline.config import Config
from pipeline.ingest import count_articles, read_event_dir, read_events
from pipeline.ingest.furniture import blank_furniture, find_outlet, outlet_name, site_name

ARTICLE = """\
date 2022-11-15 UrduPoint.com
UK To End Deployment Of 300 Troops
By Jane Doe
Fahad Shabbir (@FahadShabbir) Published November 15, 2022 | 12:00 AM
London, (UrduPoint / Pakistan Point News - 14th Nov, 2022 ) :Britain announced Monday it would leave.
Related to this, the minister said 300 troops would go.
By Monday, the troops had left.
— John Healey MP (@JohnHealey_MP) November 14, 2022
Ministers must fill this gap in the review of the Integrated Review pic.twitter.com/jzok9MieuN
Follow us on Twitter for more news
Read more: Protests held in Mali over Islamophobic video
Related stories
Mali junta expels French ambassador
Wagner moves into Burkina Faso

The troops will leave within six months.
Leave a Reply
"""
KEPT = [
    "UK To End Deployment Of 300 Troops",
    "Britain announced Monday it would leave.",
    "Related to this, the minister said 300 troops would go.",
    "By Monday, the troops had left.",
    "The troops will leave within six months.",
]
GONE = [
    "UrduPoint.com",
    "Jane Doe",
    "FahadShabbir",
    "Pakistan Point News",
    "John Healey",
    "Integrated Review",
    "Follow us",
    "Islamophobic",
    "Related stories",
    "French ambassador",
    "Burkina Faso",
    "Leave a Reply",
]


def test_furniture_is_blanked_with_offsets_kept() -> None:
    out = blank_furniture(ARTICLE)
    assert len(out) == len(ARTICLE)
    assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(ARTICLE) if c == "\n"]
    for text in KEPT:
        at = ARTICLE.index(text)
        assert out[at : at + len(text)] == text
    for text in GONE:
        assert text not in out, text
    assert all(c == " " for a, c in zip(ARTICLE, out, strict=True) if a != c)


@pytest.mark.parametrize(
    "line",
    [
        "Updated figures for 2021 showed 300 troops had left.",
        "Published reports in 2020 said so.",
        "Comments from the minister followed.",
    ],
)
def test_sentences_that_look_like_furniture_stay(line: str) -> None:
    assert blank_furniture(line + "\n") == line + "\n"


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (" date 2022-11-15 UrduPoint.com\n\nUK to end deployment", "UrduPoint.com"),
        ("LONDON, November 14 (DPA/EP) –\nThe British government announced", "DPA/EP"),
        ("Visit https://www.example.co.uk/news for more.\nText", "example.co.uk"),
        ("Heappey said (pic.twitter.com/abc) nothing.\n", ""),
        ("The minister (Members of Parliament) said.\n", ""),
        ("e.g. the U.S. said so.\n", ""),
    ],
)
def test_find_outlet(text: str, outlet: str) -> None:
    assert find_outlet(text) == outlet


def test_outlet_falls_back_from_metadata_to_url_to_header_to_file_name() -> None:
    assert outlet_name(" BBC News ", "https://www.bbc.co.uk/news/1", "x", "a.txt") == "BBC News"
    assert outlet_name("", "https://www.bbc.co.uk/news/1", "date 2022-11-15 UrduPoint.com", "a.txt") == "bbc.co.uk"
    assert outlet_name("", "", "date 2022-11-15 UrduPoint.com\n", "a.txt") == "UrduPoint.com"
    assert outlet_name("", "", "Plain text.", "a.txt") == "a.txt"
    assert site_name("not a url") == ""


def test_sample_event_articles_have_outlets_and_blank_furniture(config: Config) -> None:
    _, articles, _ = read_event_dir(SAMPLE_EVENT, config.ingest)
    outlets = {a.source[:3]: a.outlet for a in articles}
    assert outlets == {
        "000": "UrduPoint.com",
        "001": "001_69a855ec7e295e7d.txt",
        "002": "002_74e1fe376063914d.txt",
        "003": "DPA/EP",
        "004": "004_8d2be5c7dc6ed3bb.txt",
    }
    for a in articles:
        raw = (SAMPLE_EVENT / a.source).read_text(encoding="utf-8")
        assert len(a.text) == len(raw) and a.published is not None
    assert "Read more" not in next(a.text for a in articles if a.source.startswith("001"))


def test_sources_csv_outlet_and_url_win(tmp_path: Path, config: Config) -> None:
    event = tmp_path / "ev"
    event.mkdir()
    (event / "a.txt").write_text("date 2022-11-15 UrduPoint.com\nBritain sent 300 troops.\n", encoding="utf-8")
    (event / "b.txt").write_text("Britain sent 250 troops.\n", encoding="utf-8")
    (event / "sources.csv").write_text(
        "file,outlet,published,url\na.txt,AFP,2022-11-14,https://afp.com/1\nb.txt,,,https://www.bbc.co.uk/news/2\n",
        encoding="utf-8",
    )
    _, articles, _ = read_event_dir(event, config.ingest)
    got = {a.source: (a.outlet, a.url) for a in articles}
    assert got == {"a.txt": ("AFP", "https://afp.com/1"), "b.txt": ("bbc.co.uk", "https://www.bbc.co.uk/news/2")}


def test_feed_rows_get_outlets_and_blank_furniture(tmp_path: Path, config: Config) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"event": "e", "source": "s1", "url": "https://www.example.org/x", "text": "Read more: Other story\\nText."}\n'
        '{"event": "e", "source": "s2", "text": "Plain text."}\n',
        encoding="utf-8",
    )
    [(_, articles, _)] = [b for b in read_events(feed, config.ingest) if b[0]]
    assert [(a.outlet, a.text) for a in articles] == [
        ("example.org", " " * len("Read more: Other story") + "\nText."),
        ("s2", "Plain text."),
    ]


def test_furniture_can_be_kept(tmp_path: Path, config: Config) -> None:
    keep = config.model_copy(update={"ingest": config.ingest.model_copy(update={"drop_furniture": False})})
    event = tmp_path / "ev"
    event.mkdir()
    (event / "a.txt").write_text("Read more: Other story\nText.\n", encoding="utf-8")
    _, [article], _ = read_event_dir(event, keep.ingest)
    assert article.text.startswith("Read more")


def test_count_articles_counts_what_the_run_will_read(tmp_path: Path, config: Config) -> None:
    for name in ("ev1", "ev2"):
        (tmp_path / name).mkdir()
        for i in range(3):
            (tmp_path / name / f"{i}.txt").write_text("Text.\n")
    (tmp_path / "ev1" / "sources.csv").write_text("file,outlet\n0.txt,X\n")
    (tmp_path / "ev1" / "notes.pdf").write_text("x")
    (tmp_path / "feed.jsonl").write_text(
        '{"event": "f", "source": "a", "text": "x"}\n\n{"event": "f", "source": "b", "text": "y"}\n'
    )
    assert count_articles(tmp_path, config.ingest) == 8
    assert count_articles(tmp_path, config.ingest) == sum(len(a) for _, a, _ in read_events(tmp_path, config.ingest))
    assert count_articles(tmp_path / "missing", config.ingest) == 0
