"""The place gazetteer's ruler: the same matches as spaCy's entity_ruler, its token texts cached on disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy

from pipeline.config import load_config
from pipeline.nlp import GAZETTEER_PIPE, cache_dir, gazetteer_tokens, load_nlp, place_gazetteer

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


def test_the_token_texts_are_cached_and_read_back(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    names = ["New York City", "Port-au-Prince", "Washington, D.C.", "St. Louis"]
    first = gazetteer_tokens(nlp, names, tmp_path)
    assert first == [[t.text for t in nlp.tokenizer(n)] for n in names]
    (path,) = tmp_path.glob("gazetteer-tokens-*.json")
    # What the file says is what a later load uses (it is not tokenised again).
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tokens"][0] = ["New", "York", "City", "marker"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert gazetteer_tokens(nlp, names, tmp_path)[0] == ["New", "York", "City", "marker"]


def test_a_stale_cache_is_rebuilt(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    names = ["Port-au-Prince", "St. Louis"]
    gazetteer_tokens(nlp, names, tmp_path)
    (old,) = tmp_path.glob("gazetteer-tokens-*.json")
    # The tokenizer changes: the old file does not match and is replaced by a new one with the new split.
    nlp.tokenizer.add_special_case("Port-au-Prince", [{"ORTH": "Port-au"}, {"ORTH": "-Prince"}])
    assert gazetteer_tokens(nlp, names, tmp_path)[0] == ["Port-au", "-Prince"]
    (new,) = tmp_path.glob("gazetteer-tokens-*.json")
    assert new != old
    # Other names: another file again.
    assert gazetteer_tokens(nlp, ["Gao"], tmp_path) == [["Gao"]]
    assert len(list(tmp_path.glob("gazetteer-tokens-*.json"))) == 1


@pytest.mark.parametrize("content", ["", "{not json", '{"key": "x", "tokens": []}', "[1, 2]"])
def test_a_broken_cache_file_is_rebuilt(tmp_path: Path, content: str) -> None:
    nlp = spacy.blank("en")
    names = ["Port-au-Prince", "St. Louis"]
    gazetteer_tokens(nlp, names, tmp_path)
    (path,) = tmp_path.glob("gazetteer-tokens-*.json")
    if content.startswith('{"key"'):
        content = content.replace('"x"', json.dumps(json.loads(path.read_text(encoding="utf-8"))["key"]))
    path.write_text(content, encoding="utf-8")
    expected = [[t.text for t in nlp.tokenizer(n)] for n in names]
    assert gazetteer_tokens(nlp, names, tmp_path) == expected
    assert json.loads(path.read_text(encoding="utf-8"))["tokens"] == expected


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_cache_folder_costs_only_the_tokenising(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        nlp = spacy.blank("en")
        assert gazetteer_tokens(nlp, ["St. Louis"], tmp_path / "sub") == [["St.", "Louis"]]
        assert gazetteer_tokens(nlp, ["St. Louis"], tmp_path) == [["St.", "Louis"]]
    finally:
        tmp_path.chmod(0o700)


def test_a_cache_folder_that_is_a_file_costs_only_the_tokenising(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert gazetteer_tokens(spacy.blank("en"), ["St. Louis"], blocker) == [["St.", "Louis"]]
    assert blocker.read_text(encoding="utf-8") == "x"


def test_the_cache_folder_defaults_to_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(environ={}).nlp
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir(config) == tmp_path / "newsdiff"
    assert cache_dir(config.model_copy(update={"cache_dir": str(tmp_path / "mine")})) == tmp_path / "mine"


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
