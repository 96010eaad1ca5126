"""What a number's shape says before its frame does: a score ("a 20-13 win"), a name ("the 76ers"), a
conversion in brackets ("$US1 million ($1.52 million)"), a count of others ("the two other victims")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Mention

# Digits run into a word: a name ("76ers", "49ers"), not a count; unit abbreviations are read as units.
_NAME_NUMBER = re.compile(r"^\d+([a-z]{3,})$", re.IGNORECASE)
_GLUED_UNITS = frozenset({"mph", "kph", "kmh", "mln", "bln", "lbs", "sqft", "kwh", "mwh", "gwh"})

_SCORE = re.compile(r"\d\s*[-–]\s*\d")


def is_score(mention: Mention) -> bool:
    """ "a 20-13 win", "the jury split 9-3": two counts written high to low with a dash are a score, not a range."""
    high = mention.high
    try:
        descending = bool(high) and float(high) < float(mention.value)
    except ValueError:
        return False
    if _SCORE_HALF.search(mention.sentence[: max(0, mention.start - mention.sent_start)]):
        return True  # "72 loss" of "an 88-72 loss": the second half of a score the extractor read alone
    return descending and bool(_SCORE.search(mention.text)) and "from" not in mention.sentence.lower().split()


_SCORE_HALF = re.compile(r"(?<![\d$€£.,])\d+\s?[-–]\s?$")  # not "$140- $150 million"
# A score in running text: "a 91-73 victory", "beat the Jaguars, 31-24"; not a record ("(25-7)", "improved to
# 25-7"), a money range ("$140-150"), a year span ("1995-99") or a time ("2:56").
_SCORE_IN_TEXT = re.compile(r"(?<![\d$€£.,:(])(?<!to )(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\d)%:.,]\d|[\d)%])")


def scores_in(sentence: str) -> frozenset[tuple[int, int]]:
    """The game scores a sentence states, each as (higher, lower): the game it tells of."""
    found = ((int(a), int(b)) for a, b in _SCORE_IN_TEXT.findall(sentence))
    return frozenset((max(a, b), min(a, b)) for a, b in found)


def is_name_number(mention: Mention) -> bool:
    """ "the 76ers", "the 49ers": digits run into a word that is no unit name a team or a brand."""
    glued = _NAME_NUMBER.match(mention.text.strip())
    return bool(glued) and glued[1].lower() not in _GLUED_UNITS


def is_conversion(m: Mention, sentence: Sequence[Mention]) -> bool:
    """A count in brackets right after another is that count converted: "$US1 million ($1.52 million)",
    "600 metres (2,000 feet)"; the source states one value, in two units."""
    at = m.sentence.find(m.text, max(0, m.start - m.sent_start - 8))
    if at < 1 or "(" not in m.sentence[max(0, at - 2) : at]:
        return False
    return any(n.kind == "number" and n is not m and 0 <= m.start - n.end <= 4 for n in sentence)


# "another" is left out: "another 20,000 marched in Thessaloniki" counts all of another place's marchers.
ADDITIVE = frozenset({"other", "more", "additional", "further", "extra"})


def is_additive(m: Mention) -> bool:
    """The count says how many more or how many others, not how many in all."""
    before = m.sentence[: max(0, m.start - m.sent_start)].lower().split()[-2:]
    return bool(ADDITIVE & (set(m.text.lower().split()) | set(before) | set(m.modifiers)))
