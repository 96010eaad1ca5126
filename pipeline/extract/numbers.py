"""Numbers: counts and measures with what they count (placeholder: to be replaced)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..config import NumbersConfig
from ..records import Article, Mention
from .common import make_mention


def extract_numbers(doc: Doc, *, article: Article, config: NumbersConfig) -> list[Mention]:
    return [make_mention(article, ent, kind="number", value=ent.text) for ent in doc.ents if ent.label_ == "CARDINAL"]
