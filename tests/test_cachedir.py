"""The user's cache folder: its default, whole-file writes, pruning, and every way it can be unusable."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from pipeline import cachedir
from pipeline.cachedir import FILE_MODE, cache_dir, prune, write_atomic


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    cachedir._warn_once.cache_clear()


def _no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "pipeline.cachedir" and r.levelno == logging.WARNING]


def test_the_cache_folder_is_the_configured_one_else_xdg_else_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "newsdiff"
    assert cache_dir(str(tmp_path / "mine")) == tmp_path / "mine"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "newsdiff"
    assert cache_dir("~/elsewhere") == tmp_path / "home" / "elsewhere"


def test_no_home_folder_means_no_cache_and_one_warning(monkeypatch: pytest.MonkeyPatch, caplog) -> None:  # type: ignore[no-untyped-def]
    _no_home(monkeypatch)
    with caplog.at_level(logging.WARNING):
        assert cache_dir() is None
        assert cache_dir() is None
    (line,) = _warnings(caplog)
    assert "no home folder" in line and "\n" not in line


def test_a_file_is_written_whole_with_one_mode_and_replaces_the_old(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "table-a.json"
    assert write_atomic(path, "first", keep=2)
    assert write_atomic(path, "second", keep=2)
    assert path.read_text(encoding="utf-8") == "second"
    assert path.stat().st_mode & 0o777 == FILE_MODE
    assert sorted(p.name for p in path.parent.iterdir()) == ["table-a.json"]  # no temporary file left


def test_only_the_most_recent_files_of_a_kind_are_kept(tmp_path: Path) -> None:
    for i in range(5):
        old = tmp_path / f"table-old{i}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "other-x.json").write_text("{}")  # another kind is left alone
    (tmp_path / "table-x.txt").write_text("")  # and another suffix
    assert write_atomic(tmp_path / "table-new.json", "{}", keep=3)
    kept = sorted(p.name for p in tmp_path.glob("table-*.json"))
    assert kept == ["table-new.json", "table-old3.json", "table-old4.json"]
    assert (tmp_path / "other-x.json").exists() and (tmp_path / "table-x.txt").exists()
    prune(tmp_path / "table-new.json", keep=1)
    assert sorted(p.name for p in tmp_path.glob("table-*.json")) == ["table-new.json"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_folder_is_a_warning_not_an_error(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    tmp_path.chmod(0o500)
    try:
        with caplog.at_level(logging.WARNING):
            assert not write_atomic(tmp_path / "table-a.json", "x", keep=2)
            assert not write_atomic(tmp_path / "sub" / "table-a.json", "x", keep=2)
            assert not write_atomic(tmp_path / "table-a.json", "x", keep=2)
        assert list(tmp_path.iterdir()) == []
        assert len(_warnings(caplog)) == 2  # once per folder
    finally:
        tmp_path.chmod(0o700)


def test_a_read_only_folder_is_a_warning_not_an_error_as_root_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    def refused(*args: object, **kwargs: object) -> None:  # what mkstemp meets in a read-only folder
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cachedir.tempfile, "mkstemp", refused)
    with caplog.at_level(logging.WARNING):
        assert not write_atomic(tmp_path / "table-a.json", "x", keep=2)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
    (line,) = _warnings(caplog)
    assert "Permission denied" in line and str(tmp_path) in line


def test_a_folder_that_is_a_file_is_a_warning_not_an_error(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert not write_atomic(blocker / "table-a.json", "y", keep=2)
    assert blocker.read_text(encoding="utf-8") == "x"
    (line,) = _warnings(caplog)
    assert str(blocker) in line


@pytest.mark.parametrize("failing", ["fsync", "chmod", "replace"])
def test_the_temporary_file_is_removed_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "table-a.json"
    path.write_text("old", encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cachedir.os, failing, fail)
    assert not write_atomic(path, "new", keep=2)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old"  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table-a.json"]


def test_the_lexicon_without_a_home_folder_is_built_in_memory(monkeypatch: pytest.MonkeyPatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from pipeline.reconcile.lexicon import load_lexicon

    _no_home(monkeypatch)
    load_lexicon.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            lexicon = load_lexicon()
        assert lexicon.same_thing("soldier", "troop")
        assert len(_warnings(caplog)) == 1
    finally:
        load_lexicon.cache_clear()


def test_the_gazetteer_without_a_home_folder_is_built_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    spacy = pytest.importorskip("spacy")
    from pipeline.config import load_config
    from pipeline.nlp import cache_dir as nlp_cache_dir
    from pipeline.nlp import gazetteer_patterns

    config = load_config(environ={}).nlp.model_copy(update={"min_city_population": 10**8})
    _no_home(monkeypatch)
    assert nlp_cache_dir(config) is None
    patterns = gazetteer_patterns(spacy.blank("en"), config, nlp_cache_dir(config))
    assert ("Mali", "GPE", ["Mali"]) in patterns


def test_the_place_table_is_cached_on_disk_and_rebuilt_when_broken(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.reconcile import places

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    places._gazetteer.cache_clear()
    try:
        built = places._gazetteer()
        (table,) = (tmp_path / "newsdiff").glob("places-*.json")
        places._gazetteer.cache_clear()
        assert places._gazetteer() == built  # read back, the same table
        assert built["timbuktu"][0] == "city" and "mali" in built["timbuktu"][1]
        table.write_text("{not json", encoding="utf-8")
        places._gazetteer.cache_clear()
        assert places._gazetteer() == built  # a broken file is built again
    finally:
        places._gazetteer.cache_clear()


def test_the_place_table_without_a_home_folder_is_built_in_memory(monkeypatch: pytest.MonkeyPatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from pipeline.reconcile import places

    _no_home(monkeypatch)
    places._gazetteer.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            assert places.place_value("Gao") is not None
        assert len(_warnings(caplog)) == 1
    finally:
        places._gazetteer.cache_clear()
