"""Dates: spaCy DATE spans normalised to TIMEX3 values (placeholder: to be replaced)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..config import DatesConfig
from ..records import Article, Mention
from .common import make_mention


def extract_dates(doc: Doc, *, article: Article, config: DatesConfig) -> list[Mention]:
    return [make_mention(article, ent, kind="date", value=ent.text) for ent in doc.ents if ent.label_ == "DATE"]
