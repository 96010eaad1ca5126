"""Scorers: pure functions from gold records and pipeline mentions to counts (no spaCy).

Every metric is a one-to-one matching: a gold item is matched by at most one
of our mentions and a mention matches at most one gold item (maximum
bipartite matching under the metric's predicate), so duplicates in our
output lower precision and a mention spanning two golds counts once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..records import Kind, Mention
from .readers import GoldEntity, GoldQuantity, GoldTimex, MeantimeDoc, QuantSentence
from .units import units_match

G = TypeVar("G")
P = TypeVar("P")

# Relative tolerance for comparing numeric values as floats.
REL_TOL = 1e-5
# Our number qualifier → NewsQuant `change` ("up"/"down" come from the mention's own `change`).
QUALIFIER_TO_CHANGE: dict[str, str] = {"=": "=", "": "=", "~": "~", ">": ">", "<": "<"}
# Our entity kind → the MEANTIME entity type it is scored against (FIN, PRO, MIX are not extracted).
ENTITY_KINDS: dict[Kind, str] = {"person": "PER", "place": "LOC", "organisation": "ORG"}


@dataclass(frozen=True, slots=True)
class Score:
    """Matched, predicted and gold counts, with precision / recall / F1."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)


ZERO = Score(0, 0, 0)


def max_matching(golds: Sequence[G], preds: Sequence[P], match: Callable[[G, P], bool]) -> list[tuple[int, int]]:
    """Maximum one-to-one matching (augmenting paths); returns (gold index, pred index) pairs."""
    edges = [[j for j, p in enumerate(preds) if match(g, p)] for g in golds]
    owner: dict[int, int] = {}  # pred index → gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def count_matches(golds: Sequence[G], preds: Sequence[P], match: Callable[[G, P], bool]) -> Score:
    return Score(len(max_matching(golds, preds, match)), len(preds), len(golds))


# ---------------------------------------------------------------- NewsQuant


def mention_number(mention: Mention) -> tuple[float, float | None] | None:
    """Our mention's value as (low, high); ``None`` when the value is not a number."""
    try:
        low = float(mention.value.replace(",", ""))
    except ValueError:
        return None
    high_text = mention.high
    try:
        high = float(high_text) if high_text else None
    except ValueError:
        high = None
    return low, high


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9)


def value_matches(gold: GoldQuantity, mention: Mention) -> bool:
    """Same number; a gold range needs our value and our ``high`` to equal its two bounds."""
    number = mention_number(mention)
    if number is None:
        return False
    low, high = number
    if gold.high is None:
        return _close(gold.low, low)
    return high is not None and _close(gold.low, low) and _close(gold.high, high)


def unit_matches(gold: GoldQuantity, mention: Mention) -> bool:
    return units_match(mention.unit, (gold.unit, gold.normalized_unit), modifiers=mention.modifiers)


def mention_change(mention: Mention) -> str:
    return mention.change or QUALIFIER_TO_CHANGE.get(mention.qualifier, mention.qualifier)


def change_matches(gold: GoldQuantity, mention: Mention) -> bool:
    return gold.change == mention_change(mention)


@dataclass(frozen=True, slots=True)
class QuantScores:
    value: Score
    value_unit: Score
    value_change: Score


def score_sentence(gold: Sequence[GoldQuantity], mentions: Sequence[Mention]) -> QuantScores:
    """Score the ``number`` mentions of one sentence against its gold quantities."""
    numbers = [m for m in mentions if m.kind == "number"]
    return QuantScores(
        value=count_matches(gold, numbers, value_matches),
        value_unit=count_matches(gold, numbers, lambda g, m: value_matches(g, m) and unit_matches(g, m)),
        value_change=count_matches(gold, numbers, lambda g, m: value_matches(g, m) and change_matches(g, m)),
    )


def score_newsquant(sentences: Sequence[QuantSentence], mentions: Sequence[Sequence[Mention]]) -> QuantScores:
    """Sum of :func:`score_sentence` over sentences (``mentions[i]`` belongs to ``sentences[i]``)."""
    total = QuantScores(ZERO, ZERO, ZERO)
    for sentence, ours in zip(sentences, mentions, strict=True):
        s = score_sentence(sentence.quantities, ours)
        total = QuantScores(total.value + s.value, total.value_unit + s.value_unit, total.value_change + s.value_change)
    return total


# ---------------------------------------------------------------- MEANTIME


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def in_window(doc: MeantimeDoc, mentions: Iterable[Mention], kind: str) -> list[Mention]:
    """Our mentions of ``kind`` inside the fully annotated first sentences of ``doc``."""
    return [m for m in mentions if m.kind == kind and m.start < doc.annotated_end]


@dataclass(frozen=True, slots=True)
class DateScores:
    span: Score
    value: Score  # a gold TIMEX3 is value-correct when an overlapping mention has exactly its value

    @property
    def value_accuracy(self) -> float:
        """Share of span-matched TIMEX3s whose value is also right."""
        return self.value.tp / self.span.tp if self.span.tp else 0.0


def score_dates_doc(doc: MeantimeDoc, mentions: Sequence[Mention]) -> DateScores:
    golds = [t for t in doc.timexes if t.start < doc.annotated_end]
    ours = in_window(doc, mentions, "date")

    def span(g: GoldTimex, m: Mention) -> bool:
        return overlaps(g.start, g.end, m.start, m.end)

    return DateScores(
        span=count_matches(golds, ours, span),
        value=count_matches(golds, ours, lambda g, m: span(g, m) and m.value == g.value),
    )


def score_dates(docs: Sequence[MeantimeDoc], mentions: Sequence[Sequence[Mention]]) -> DateScores:
    total = DateScores(ZERO, ZERO)
    for doc, ours in zip(docs, mentions, strict=True):
        s = score_dates_doc(doc, ours)
        total = DateScores(total.span + s.span, total.value + s.value)
    return total


def entity_golds(doc: MeantimeDoc, gold_type: str) -> tuple[list[GoldEntity], list[GoldEntity]]:
    """(scored, ignored) gold mentions of ``gold_type`` in the annotated window.

    Scored: the innermost named mentions (MEANTIME nests "Airbus" inside
    "Airbus parent EADS"; only the inner names are what NER finds). Ignored:
    the other mentions of that type and untyped names, so a prediction
    overlapping only those counts neither as a hit nor as a false positive.
    """
    window = [e for e in doc.entities if e.start < doc.annotated_end]
    named = [e for e in window if e.type == gold_type and e.named]
    spans = {(e.start, e.end) for e in named}
    inner = [e for e in named if not any((s, t) != (e.start, e.end) and e.start <= s and t <= e.end for s, t in spans)]
    scored: list[GoldEntity] = []
    seen: set[tuple[int, int]] = set()
    for e in inner:  # one gold per span (the two annotation layers repeat some mentions)
        if (e.start, e.end) not in seen:
            seen.add((e.start, e.end))
            scored.append(e)
    ignored = [
        e for e in window if (e.type == gold_type or (e.type == "" and e.named)) and (e.start, e.end) not in seen
    ]
    return scored, ignored


def _strip_article(text: str, start: int) -> int:
    for article in ("the ", "The "):
        if text.startswith(article):
            return start + len(article)
    return start


@dataclass(frozen=True, slots=True)
class EntityScores:
    span: Score
    exact: Score


def score_entities_doc(doc: MeantimeDoc, mentions: Sequence[Mention], kind: Kind) -> EntityScores:
    golds, ignored = entity_golds(doc, ENTITY_KINDS[kind])
    ours = in_window(doc, mentions, kind)
    pairs = max_matching(golds, ours, lambda g, m: overlaps(g.start, g.end, m.start, m.end))
    matched = {j for _, j in pairs}
    # Unmatched predictions that only overlap ignored gold mentions are left out of the count.
    dropped = sum(
        1
        for j, m in enumerate(ours)
        if j not in matched and any(overlaps(e.start, e.end, m.start, m.end) for e in ignored)
    )
    predicted = len(ours) - dropped

    def exact(g: GoldEntity, m: Mention) -> bool:
        return m.end == g.end and m.start in (g.start, _strip_article(g.text, g.start))

    exact_tp = len(max_matching(golds, ours, exact))
    return EntityScores(Score(len(pairs), predicted, len(golds)), Score(exact_tp, predicted, len(golds)))


def score_entities(docs: Sequence[MeantimeDoc], mentions: Sequence[Sequence[Mention]], kind: Kind) -> EntityScores:
    total = EntityScores(ZERO, ZERO)
    for doc, ours in zip(docs, mentions, strict=True):
        s = score_entities_doc(doc, ours, kind)
        total = EntityScores(total.span + s.span, total.exact + s.exact)
    return total


@dataclass(frozen=True, slots=True)
class ChainScore:
    """Cross-document chains with matched mentions in at least two documents, and how many we kept together."""

    chains: int
    consistent: int
    # Up to a few split chains as (chain id, our values), for the report.
    examples: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def share(self) -> float:
        return self.consistent / self.chains if self.chains else 0.0


def chain_consistency(
    docs: Sequence[MeantimeDoc], mentions: Sequence[Sequence[Mention]], kinds: Iterable[Kind] = tuple(ENTITY_KINDS)
) -> ChainScore:
    """For each gold cross-document chain, do our matched mentions all carry the same ``value``?

    Matches named gold mentions of the whole document (not only the annotated
    window: the cross-document layer also marks later sentences) to our
    mentions of the corresponding kind.
    """
    values: dict[str, list[tuple[str, str]]] = defaultdict(list)  # chain → [(doc, our value)]
    for doc, ours in zip(docs, mentions, strict=True):
        for kind in kinds:
            gold_type = ENTITY_KINDS[kind]
            golds = [e for e in doc.entities if e.type == gold_type and e.named and e.chain]
            preds = [m for m in ours if m.kind == kind]
            for i, j in max_matching(golds, preds, lambda g, m: overlaps(g.start, g.end, m.start, m.end)):
                values[golds[i].chain].append((doc.name, preds[j].value))
    chains = consistent = 0
    examples: list[tuple[str, tuple[str, ...]]] = []
    for chain, found in sorted(values.items()):
        if len({d for d, _ in found}) < 2:
            continue
        chains += 1
        distinct = tuple(sorted({v for _, v in found}))
        if len(distinct) == 1:
            consistent += 1
        elif len(examples) < 5:
            examples.append((chain, distinct))
    return ChainScore(chains, consistent, tuple(examples))
