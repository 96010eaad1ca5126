"""Shared fixtures: the configured spaCy pipeline (loaded once) and the sample event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.config import Config, load_config
from pipeline.nlp import load_nlp
from pipeline.reconcile.slots import Context
from pipeline.reconcile.values import Interval
from pipeline.records import Article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_EVENT = ROOT / "data" / "events" / "mali-uk-withdrawal"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(environ={})


@pytest.fixture(scope="session")
def nlp(config: Config) -> Language:
    return load_nlp(config.nlp)


ParseFn = Callable[..., tuple[Doc, Article]]


@pytest.fixture(scope="session")
def parse_text(nlp: Language) -> ParseFn:
    """Parse ``text`` as an article of event "test" published on ``published``."""

    def _parse(text: str, published: date | None = date(2022, 11, 15), source: str = "a.txt") -> tuple[Doc, Article]:
        article = Article(event="test", source=source, text=text, published=published)
        return nlp(text), article

    return _parse


def sample_sentence(fragment: str) -> str:
    """The line of the sample event that contains ``fragment`` (golden cases quote real sentences)."""
    for path in sorted(SAMPLE_EVENT.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if fragment in line:
                return line
    raise LookupError(f"{fragment!r} is not in the sample event")


def make_context(**fields: object) -> Context:
    """A reconciler ``Context`` built by hand: a count of nothing in a sentence of no words, but ``fields``."""
    base: dict[str, object] = dict(
        block="number:",
        interval=Interval("count", 1, 1),
        unit="",
        verb="",
        subject="",
        subject_named=False,
        entities=frozenset(),
        places=frozenset(),
        sentence_verbs=frozenset(),
        things=frozenset(),
        modifiers=frozenset(),
    )
    return Context(**{**base, **fields})  # type: ignore[arg-type]


def make_doc(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str] | None = None,
    ents: list[str] | None = None,
    tags: list[str] | None = None,
) -> Doc:
    """A parsed sentence built by hand: heads are absolute token indices, ``ents`` IOB tags ("B-ORG", "O"),
    ``tags`` fine-grained tags ("VBN")."""
    lemmas = lemmas or [w.lower() for w in words]
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents, tags=tags)
