"""The place gazetteer's ruler: the same matches as spaCy's entity_ruler, its token texts cached on disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy

from pipeline.config import load_config
from pipeline.nlp import GAZETTEER_PIPE, KEPT_GAZETTEERS, cache_dir, gazetteer_patterns, load_nlp, place_gazetteer

TEXTS = [
    "Troops left Mali for Niger, then flew from New York City to York and on to Gao.",
    "The Sahel and West Africa: the UK said Bamako, Timbuktu and Mopti were quiet.",
    "Singapore Airlines flew to Singapore; Mary Barra visited São Paulo and Saint-Denis.",
    "new york, NEW YORK and New-York are not the same as New York.",
    "Port-au-Prince, Washington, D.C., St. Louis and Winston-Salem (North Carolina).",
]


def _nlp_config(tmp_path: Path, model: str = "blank:en"):
    return load_config(environ={}).nlp.model_copy(update={"model": model, "cache_dir": str(tmp_path)})


def _ents(doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def _entity_ruler_pipeline(config):
    """The pipeline as it was built before: spaCy's entity_ruler fed the gazetteer's names as phrase patterns."""
    nlp = load_nlp(config)
    nlp.remove_pipe(GAZETTEER_PIPE)
    ruler = nlp.add_pipe(
        "entity_ruler", name=GAZETTEER_PIPE, before="gazetteer_context", config={"phrase_matcher_attr": "ORTH"}
    )
    gazetteer = place_gazetteer(config.min_city_population, tuple(config.extra_places), tuple(config.place_stoplist))
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns([{"label": label, "pattern": name} for name, label in sorted(gazetteer.items())])
    return nlp, sorted(gazetteer)


def test_the_gazetteer_ruler_finds_the_entity_rulers_places(tmp_path: Path) -> None:
    config = _nlp_config(tmp_path)
    ours = load_nlp(config)
    theirs, names = _entity_ruler_pipeline(config)
    # Every name once, glued into sentences: overlapping and nested names ("New York" in "New York City") compete.
    texts = [*TEXTS, *(", ".join(names[k : k + 40]) + "." for k in range(0, len(names), 40))]
    found = 0
    for a, b in zip(ours.pipe(texts), theirs.pipe(texts), strict=True):
        assert _ents(a) == _ents(b)
        assert [(s.start, s.end, s.label_) for s in a.spans["place_gazetteer"]] == [
            (s.start, s.end, s.label_) for s in b.spans["place_gazetteer"]
        ]
        found += len(a.spans["place_gazetteer"])
    assert found > len(names) // 2


def _settings(**update):
    return load_config(environ={}).nlp.model_copy(update=update)


def test_the_patterns_are_cached_and_read_back(tmp_path: Path) -> None:
    nlp, config = spacy.blank("en"), _settings()
    first = gazetteer_patterns(nlp, config, tmp_path)
    gazetteer = place_gazetteer(config.min_city_population, tuple(config.extra_places), tuple(config.place_stoplist))
    assert [(n, lab) for n, lab, _ in first] == sorted(gazetteer.items())
    assert all(words == [t.text for t in nlp.tokenizer(n)] for n, _, words in first[:: len(first) // 500])
    assert ["Port", "-", "au", "-", "Prince"] in [words for n, _, words in first if n == "Port-au-Prince"]
    (path,) = tmp_path.glob("gazetteer-*.json")
    # What the file says is what a later load uses (nothing is built again).
    data = json.loads(path.read_text(encoding="utf-8"))
    data["patterns"][0][2] = ["marker"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert gazetteer_patterns(nlp, config, tmp_path)[0][2] == ["marker"]
    assert gazetteer_patterns(nlp, config, tmp_path)[1:] == first[1:]


def test_a_stale_cache_is_rebuilt(tmp_path: Path) -> None:
    nlp, config = spacy.blank("en"), _settings()
    gazetteer_patterns(nlp, config, tmp_path)
    (old,) = tmp_path.glob("gazetteer-*.json")
    # The tokenizer changes: the old file does not match, and a new one is written with the new split.
    nlp.tokenizer.add_special_case("Port-au-Prince", [{"ORTH": "Port-au"}, {"ORTH": "-Prince"}])
    patterns = gazetteer_patterns(nlp, config, tmp_path)
    assert ("Port-au-Prince", "GPE", ["Port-au", "-Prince"]) in patterns
    assert len(list(tmp_path.glob("gazetteer-*.json"))) == 2
    # Other settings: another file again, with their names.
    patterns = gazetteer_patterns(nlp, _settings(extra_places=["Azawad Region"]), tmp_path)
    assert ("Azawad Region", "LOC", ["Azawad", "Region"]) in patterns
    assert ("Azawad Region", "LOC", ["Azawad", "Region"]) not in gazetteer_patterns(nlp, config, tmp_path)
    # Only the most recent few are kept: the oldest go first.
    os.utime(old, (1, 1))
    for k in range(KEPT_GAZETTEERS):
        gazetteer_patterns(nlp, _settings(extra_places=[f"Region {k}"], min_city_population=10**8), tmp_path)
    assert len(list(tmp_path.glob("gazetteer-*.json"))) == KEPT_GAZETTEERS and not old.exists()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, str, list[str]]], Path]:
    """The blank model's gazetteer patterns, and the file they were cached in."""
    folder = tmp_path_factory.mktemp("gazetteer")
    patterns = gazetteer_patterns(spacy.blank("en"), _settings(), folder)
    (path,) = folder.glob("gazetteer-*.json")
    return patterns, path


@pytest.mark.parametrize("content", ["", "{not json", '{"key": "x", "patterns": [["Gao"]]}', "[1, 2]", '{"key": 1}'])
def test_a_broken_cache_file_is_rebuilt(tmp_path: Path, built, content: str) -> None:
    expected, cached = built
    path = tmp_path / cached.name
    key = json.loads(cached.read_text(encoding="utf-8"))["key"]
    path.write_text(content.replace('"x"', json.dumps(key)), encoding="utf-8")
    assert gazetteer_patterns(spacy.blank("en"), _settings(), tmp_path) == expected
    assert [tuple(p) for p in json.loads(path.read_text(encoding="utf-8"))["patterns"]] == [
        (n, lab, w) for n, lab, w in expected
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_cache_folder_costs_only_the_building(tmp_path: Path, built) -> None:
    expected, _ = built
    tmp_path.chmod(0o500)
    try:
        assert gazetteer_patterns(spacy.blank("en"), _settings(), tmp_path / "sub") == expected
        assert gazetteer_patterns(spacy.blank("en"), _settings(), tmp_path) == expected
    finally:
        tmp_path.chmod(0o700)


def test_a_cache_folder_that_is_a_file_costs_only_the_building(tmp_path: Path, built) -> None:
    expected, _ = built
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert gazetteer_patterns(spacy.blank("en"), _settings(), blocker) == expected
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_cache_folder_defaults_to_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(environ={}).nlp
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir(config) == tmp_path / "newsdiff"
    assert cache_dir(config.model_copy(update={"cache_dir": str(tmp_path / "mine")})) == tmp_path / "mine"
    # No home folder: nothing cached, the gazetteer is built on every load.
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert cache_dir(config) is None


@pytest.mark.slow
def test_the_model_with_the_gazetteer_ruler_tags_as_with_the_entity_ruler(tmp_path: Path) -> None:
    config = _nlp_config(tmp_path, load_config(environ={}).nlp.model)
    ours = load_nlp(config)
    theirs, _ = _entity_ruler_pipeline(config)
    assert ours.pipe_names == theirs.pipe_names
    for a, b in zip(ours.pipe(TEXTS), theirs.pipe(TEXTS), strict=True):
        assert _ents(a) == _ents(b) and [t.dep_ for t in a] == [t.dep_ for t in b]
    # Loaded again: from the cached token texts, the same.
    again = load_nlp(config)
    assert [_ents(d) for d in again.pipe(TEXTS)] == [_ents(d) for d in theirs.pipe(TEXTS)]


def test_the_cache_folder_is_no_part_of_the_mentions_fingerprint(tmp_path: Path) -> None:
    from pipeline.cache import fingerprint

    config = load_config(environ={})
    moved = config.model_copy(update={"nlp": config.nlp.model_copy(update={"cache_dir": str(tmp_path)})})
    other = config.model_copy(update={"nlp": config.nlp.model_copy(update={"min_city_population": 5000})})
    assert fingerprint(moved) == fingerprint(config) != fingerprint(other)
