"""People, roles, places, organisations (placeholder: to be replaced)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..config import EntitiesConfig
from ..records import Article, Kind, Mention
from .common import make_mention

_KINDS: dict[str, Kind] = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "organisation"}


def entity_candidates(doc: Doc, *, article: Article, config: EntitiesConfig) -> list[Mention]:
    return [make_mention(article, e, kind=_KINDS[e.label_], value=e.text) for e in doc.ents if e.label_ in _KINDS]


def resolve_entities(mentions: list[Mention], *, config: EntitiesConfig) -> list[Mention]:
    return mentions
