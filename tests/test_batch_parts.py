"""Parts of the nightly run: the mention cache, the run lock, staged output and changes."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import sqlite3
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import pytest

from pipeline import cache as cache_mod
from pipeline.cache import MentionCache, article_key, fingerprint
from pipeline.config import load_config
from pipeline.lock import LockedError, RunLock
from pipeline.outputs import CsvSink, changed_rows, publish, read_csv_rows, safe_name, start_staging
from pipeline.records import Article, Frame, Mention


def _mention(source: str = "a.txt", value: str = "300") -> Mention:
    return Mention(
        event="ev",
        source=source,
        mention_id=f"{source}:number:0-3",
        kind="number",
        text="300",
        value=value,
        unit="troop",
        qualifier="=",
        start=0,
        end=3,
        sentence="300 troops.",
        verb="deploy",
        subject="uk",
        modifiers=("british",),
        frame=Frame(predicate="deploy", theme="troop", coordinated=("send", "station")),
    )


def test_cache_round_trips_mentions_exactly(tmp_path: Path) -> None:
    with MentionCache(tmp_path / "c.sqlite", "fp1") as cache:
        cache.put([("k1", [_mention(), _mention("b.txt", "250")]), ("k2", [])])
        got = cache.get(["k1", "k2", "missing"])
    assert got == {"k1": [_mention(), _mention("b.txt", "250")], "k2": []}


def _stored(path: Path) -> int:
    with sqlite3.connect(path) as other:  # another reader sees only what is committed
        return int(other.execute("SELECT COUNT(*) FROM article_mentions").fetchone()[0])


def test_cache_writes_are_committed_every_few_seconds_and_at_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite"
    cache = MentionCache(path, "fp1")
    for i in range(5):
        cache.put([(f"k{i}", [_mention()])])
    assert _stored(path) == 0  # five events in well under COMMIT_EVERY seconds: one commit to come
    cache.close()
    assert _stored(path) == 5
    monkeypatch.setattr(cache_mod, "COMMIT_EVERY", 0.0)
    with MentionCache(path, "fp1") as cache:
        cache.put([("k9", [_mention()])])
        assert _stored(path) == 6  # the interval is over: committed at once


def test_cache_round_trips_every_typed_field(tmp_path: Path) -> None:
    # Every field away from its default, the nested frame included: nothing is lost, reordered or left a list.
    frame = Frame("deploy", "deployment", "theme", "of", "Gao", "United Kingdom", "troop", True, "future", "Heappey")
    number = replace(_mention(), high="350", modifiers=("british", "un"), change="up", object_of="send", frame=frame)
    date_ = replace(_mention(), kind="date", mod="START", until="2016", sent_start=4, sent_end=40)
    person = replace(
        _mention(), kind="person", label="PERSON", gazetteer=True, written="Hebby", person_cluster="James Heappey"
    )
    role = replace(_mention(), kind="role", person="Heappey", role_text="armed forces minister")
    with MentionCache(tmp_path / "c.sqlite", "fp") as cache:
        cache.put([("k", [number, date_, person, role])])
    with MentionCache(tmp_path / "c.sqlite", "fp") as cache:
        got = cache.get(["k"])["k"]
    assert got == [number, date_, person, role]
    assert isinstance(got[0].modifiers, tuple) and isinstance(got[0].frame, Frame) and got[2].gazetteer is True


def test_cache_serialisation_follows_the_fields_by_name() -> None:
    # The payload is written in the order of the record's fields, whatever it is: the frame need not be last.
    row = json.loads(cache_mod._dump([replace(_mention(), high="350")]))[0]
    names = [f.name for f in fields(Mention)]
    assert row[names.index("high")] == "350" and row[names.index("modifiers")] == ["british"]
    frame = _mention().frame
    assert row[names.index("frame")] == [
        list(v) if isinstance(v, tuple) else v for v in (getattr(frame, f.name) for f in fields(Frame))
    ]
    assert cache_mod.LAYOUT.split(",")[: names.index("frame")] == names[: names.index("frame")]


def test_fingerprint_follows_the_mention_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(environ={})
    before = fingerprint(config)
    monkeypatch.setattr(cache_mod, "LAYOUT", cache_mod.LAYOUT + ",new_field")
    assert fingerprint(config) != before


def test_an_entry_of_another_row_layout_is_computed_again(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with MentionCache(path, "fp") as cache:
        cache.put([("k", [_mention()])])
    with sqlite3.connect(path) as db:
        (payload,) = db.execute("SELECT payload FROM article_mentions").fetchone()
        short = json.dumps([json.loads(payload)[0][:-1]])
        db.execute("UPDATE article_mentions SET payload = ?", (short,))
    with MentionCache(path, "fp") as cache:
        assert cache.get(["k"]) == {}


def test_cache_file_of_the_extra_pairs_layout_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # Version 3 stored each mention's ``extra`` as key/value pairs before its frame.
    path = tmp_path / "c.sqlite"
    old_row = ["ev", "a.txt", "a.txt:number:0-3", "number", "300", "300", "troop", "=", 0, 3, "300 troops.", 0, 0]
    old_row += ["deploy", "uk", [["modifiers", "british"], ["high", "350"]], ["deploy", "", "", "", "", "", "", False]]
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE article_mentions (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, payload TEXT NOT NULL);"
            "CREATE TABLE article_used (key TEXT PRIMARY KEY, used TEXT NOT NULL);"
            "PRAGMA user_version = 3;"
        )
        db.execute("INSERT INTO article_mentions VALUES ('k', 'fp', ?)", (json.dumps([old_row]),))
    with caplog.at_level(logging.INFO, logger="pipeline.cache"), MentionCache(path, "fp") as cache:
        assert len(cache) == 0 and cache.get(["k"]) == {}
        cache.put([("k", [_mention()])])
        assert cache.get(["k"]) == {"k": [_mention()]}
    assert "cache of another layout; rebuilt" in caplog.text
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == cache_mod._SCHEMA_VERSION


def test_cache_entries_are_invisible_under_another_fingerprint(tmp_path: Path) -> None:
    with MentionCache(tmp_path / "c.sqlite", "old") as cache:
        cache.put([("k1", [_mention()])])
    with MentionCache(tmp_path / "c.sqlite", "new") as cache:
        assert cache.get(["k1"]) == {}
        assert cache.prune() == 1 and len(cache) == 0


def test_corrupt_cache_file_is_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with MentionCache(path, "fp") as cache:
        assert cache.get(["k"]) == {}
        cache.put([("k", [_mention()])])
        assert cache.get(["k"]) == {"k": [_mention()]}
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM article_mentions").fetchone() == (1,)


def test_entries_unused_for_longer_than_the_retention_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with MentionCache(path, "fp", today=date(2022, 11, 1)) as cache:
        cache.put([("old", [_mention()]), ("read-later", [_mention()]), ("recent", [])])
    with MentionCache(path, "fp", today=date(2022, 11, 20)) as cache:
        cache.put([("recent", [_mention("b.txt")])])
    with MentionCache(path, "fp", today=date(2022, 12, 5)) as cache:
        assert cache.get(["read-later"]) == {"read-later": [_mention()]}  # reading an entry keeps it
        assert cache.expire(30) == 1  # "old": last used 34 days ago
        assert len(cache) == 2
        assert cache.expire(0) == 1  # "recent" goes too: only what today's run used stays
        assert cache.get(["old", "read-later", "recent"]).keys() == {"read-later"}


def test_expiry_needs_a_run_date(tmp_path: Path) -> None:
    with MentionCache(tmp_path / "c.sqlite", "fp") as cache:
        cache.put([("k", [])])
        assert cache.expire(0) == 0 and len(cache) == 1


def test_cache_file_of_an_older_layout_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    old = sqlite3.connect(path)
    old.executescript("CREATE TABLE article_mentions (key TEXT PRIMARY KEY, fingerprint TEXT, payload TEXT);")
    old.execute("INSERT INTO article_mentions VALUES ('k', 'fp', '[]')")
    old.commit()
    old.close()
    with MentionCache(path, "fp", today=date(2022, 11, 1)) as cache:
        assert cache.get(["k"]) == {}
        cache.put([("k", [_mention()])])
        assert cache.get(["k"]) == {"k": [_mention()]}


def test_article_key_changes_with_text_and_date_only() -> None:
    base = Article(event="ev", source="a.txt", text="Text.", published=date(2022, 11, 15))
    same = Article(event="ev", source="a.txt", text="Text.", published=date(2022, 11, 15), outlet="Other outlet")
    assert article_key(base) == article_key(same)
    assert article_key(base) != article_key(Article(event="ev", source="a.txt", text="Text!", published=base.published))
    assert article_key(base) != article_key(Article(event="ev", source="a.txt", text="Text.", published=None))


def test_fingerprint_follows_extract_config_not_report_settings() -> None:
    base = load_config(environ={})
    assert fingerprint(base) == fingerprint(load_config(environ={"PIPELINE__RECONCILE__MIN_LINK_SCORE": "0.9"}))
    assert fingerprint(base) != fingerprint(load_config(environ={"PIPELINE__EXTRACT__DATES__LANGUAGES": '["en","fr"]'}))


def _hold_lock(path: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event) -> None:
    with RunLock(Path(path)):
        ready.set()
        done.wait(10)


def test_second_run_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    ready, done = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path / ".lock"), ready, done))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(LockedError, match=f"pid {holder.pid}"):
            RunLock(tmp_path / ".lock").acquire()
    finally:
        done.set()
        holder.join(10)
    with RunLock(tmp_path / ".lock"):  # free again once the holder is gone
        pass


def _hold_and_die(path: str) -> None:
    RunLock(Path(path)).acquire()
    os._exit(9)  # killed: no release, no cleanup


def test_stale_lock_of_a_killed_run_is_taken_over(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(target=_hold_and_die, args=(str(tmp_path / ".lock"),))
    proc.start()
    proc.join(10)
    assert (tmp_path / ".lock").read_text()  # the dead run's pid is still in the file
    with RunLock(tmp_path / ".lock"):
        pass
    assert "stale lock" in caplog.text


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("../../etc", "etc"),
        ("/abs/path", "abs-path"),
        ("..", "event"),
        ("a b/c\\d", "a-b-c-d"),
        (".hidden", "hidden"),
        ("中文", "event"),
        ("Café Bamako", "Cafe-Bamako"),
        ("runs", "runs"),
        ("findings.csv", "findings.csv"),
    ],
)
def test_safe_name_never_leaves_the_folder(name: str, base: str) -> None:
    safe = safe_name(name)
    assert safe.startswith(base + "-") and len(safe) == len(base) + 9
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", safe) and safe == safe_name(name)


def test_safe_names_are_kept_and_distinct_names_never_share_a_folder() -> None:
    assert safe_name("mali-uk-withdrawal") == "mali-uk-withdrawal"
    names = ["中文", "日本", "一", "event", "a b", "a-b", "a_b", "Ünïcode", "Unicode"]
    assert len({safe_name(n) for n in names}) == len(names)
    assert safe_name("一") != safe_name("event") == "event"


def test_csv_sink_discards_on_error_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "findings.csv"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(RuntimeError), CsvSink(target, ["a", "b"]) as sink:
        sink.write([{"a": "1", "b": "=2+2"}])
        raise RuntimeError("crash mid-write")
    assert target.read_text(encoding="utf-8") == "old report"
    assert list(tmp_path.iterdir()) == [target]
    with CsvSink(target, ["a", "b"]) as sink:
        sink.write([{"a": "1", "b": "=2+2"}])
    assert read_csv_rows(target) == [{"a": "1", "b": "'=2+2"}]


def test_changed_rows_marks_new_and_gone() -> None:
    before = [{"k": "1", "v": "a"}, {"k": "2", "v": "b"}]
    after = [{"k": "2", "v": "b"}, {"k": "3", "v": "c"}]
    assert changed_rows(before, after, ["k"]) == [
        {"change": "new", "k": "3", "v": "c"},
        {"change": "gone", "k": "1", "v": "a"},
    ]


def test_publish_keeps_every_dated_copy_and_switches_the_top_level(tmp_path: Path) -> None:
    (tmp_path / "findings.csv").write_text("yesterday", encoding="utf-8")  # a report of the 0.2 layout
    staging = start_staging(tmp_path)
    (staging / "findings.csv").write_text("today", encoding="utf-8")
    (staging / "ev").mkdir()
    (staging / "ev" / "findings.csv").write_text("today ev", encoding="utf-8")
    dated = publish(tmp_path, staging, date(2022, 11, 15))
    assert dated == tmp_path / "runs" / "2022-11-15"
    assert os.readlink(tmp_path / "current") == "runs/2022-11-15"
    assert os.readlink(tmp_path / "findings.csv") == "current/findings.csv"
    assert (tmp_path / "findings.csv").read_text(encoding="utf-8") == "today"
    assert (tmp_path / "ev" / "findings.csv").read_text(encoding="utf-8") == "today ev"
    assert not staging.exists()
    staging = start_staging(tmp_path)  # a second run on the same day keeps that day's copy
    (staging / "findings.csv").write_text("again", encoding="utf-8")
    assert publish(tmp_path, staging, date(2022, 11, 15)) == tmp_path / "runs" / "2022-11-15.2"
    assert (dated / "findings.csv").read_text(encoding="utf-8") == "today"
    assert (dated / "ev" / "findings.csv").read_text(encoding="utf-8") == "today ev"
    assert (tmp_path / "findings.csv").read_text(encoding="utf-8") == "again"
    assert not os.path.lexists(tmp_path / "ev")  # the retired event's link is gone, its copy stays in runs/
