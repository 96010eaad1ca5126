"""Scorers for finding disagreements on real multi-outlet news (ECB+): pure functions over report rows.

A *finding* is the rows sharing one ``finding_id``; it *disagrees* when its
status is ``conflict`` or ``spelling``. A gold side is *held* by a finding when
one of its rows comes from the side's file and overlaps the side's quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol

from .ecbplus import EcbDoc, GoldCase, GoldSide
from .scoring import Score

DISAGREEING = frozenset({"conflict", "spelling"})
# A finding with more distinct values than this is a catch-all, not a catch.
MAX_VALUES = 6
# Gold case kind → the report kinds that can hold it. The gold counts durations ("40 hours of deliberation")
# as numbers; the report, as TIMEX3 does, as dates of unit "duration".
CASE_KINDS: dict[str, frozenset[str]] = {
    "number": frozenset({"number", "duration"}),
    "evolving": frozenset({"number", "duration"}),
    "date": frozenset({"date", "duration"}),
    "place": frozenset({"place"}),
    "person": frozenset({"person"}),
    "role": frozenset({"role"}),
}


class ReportRow(Protocol):
    """What the scorers read of a report row (``FactRow`` has it)."""

    finding_id: str
    status: str
    kind: str
    fact: str
    source: str
    unit: str
    value: str
    text: str
    sentence: str
    start: int
    end: int


def findings(rows: Iterable[ReportRow]) -> dict[str, list[ReportRow]]:
    """Rows by finding id, in order."""
    out: dict[str, list[ReportRow]] = defaultdict(list)
    for r in rows:
        out[r.finding_id].append(r)
    return dict(out)


def report_kind(row: ReportRow) -> str:
    """The row's kind, durations apart from dates."""
    return "duration" if row.kind == "date" and row.unit == "duration" else row.kind


def _holds(rows: Sequence[ReportRow], side: GoldSide) -> bool:
    return any(r.source == side.file and r.start < side.end and side.start < r.end for r in rows)


def case_found(case: GoldCase, rows: Iterable[ReportRow]) -> bool:
    """One disagreeing finding of the case's kind holds two sides with different gold values (≤ 6 values)."""
    kinds = CASE_KINDS.get(case.kind, frozenset())
    for group in findings(rows).values():
        if group[0].status not in DISAGREEING or report_kind(group[0]) not in kinds:
            continue
        if len({r.value for r in group}) > MAX_VALUES:
            continue
        for a, b in combinations(case.sides, 2):
            if a.value != b.value and a.file != b.file and _holds(group, a) and _holds(group, b):
                return True
    return False


def false_alarm(case: GoldCase, rows: Iterable[ReportRow]) -> bool:
    """An agreement is a false alarm when one disagreeing finding holds two of its sides."""
    for group in findings(rows).values():
        if group[0].status not in DISAGREEING:
            continue
        if any(a.file != b.file and _holds(group, a) and _holds(group, b) for a, b in combinations(case.sides, 2)):
            return True
    return False


@dataclass(frozen=True, slots=True)
class GoldScore:
    """Real discrepancies found per kind, false alarms on agreements, evolving numbers found."""

    found: dict[str, tuple[int, int]]  # kind → (found, cases)
    false_alarms: tuple[int, int]
    evolving: tuple[int, int]
    missed: tuple[GoldCase, ...]

    @property
    def total(self) -> tuple[int, int]:
        return sum(f for f, _ in self.found.values()), sum(n for _, n in self.found.values())


def score_gold(cases: Sequence[GoldCase], rows_by_event: Mapping[str, Sequence[ReportRow]]) -> GoldScore:
    """Score every gold case against its event's report rows."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    alarms, evolving = [0, 0], [0, 0]
    missed: list[GoldCase] = []
    for case in cases:
        rows = rows_by_event.get(case.event, ())
        if case.agreement:
            alarms[1] += 1
            alarms[0] += false_alarm(case, rows)
            continue
        hit = case_found(case, rows)
        counter = evolving if case.kind == "evolving" else found[case.kind]
        counter[1] += 1
        counter[0] += hit
        if not hit:
            missed.append(case)
    return GoldScore(
        {k: (v[0], v[1]) for k, v in sorted(found.items())},
        (alarms[0], alarms[1]),
        (evolving[0], evolving[1]),
        tuple(missed),
    )


@dataclass(frozen=True, slots=True)
class ConflictLine:
    """One disagreeing finding of a clean event, for a person to read."""

    event: str
    finding_id: str
    status: str
    kind: str
    fact: str
    values: str  # "value (source)" per distinct value and source
    quotes: str  # "source: sentence" per row, " | " between


def clean_conflicts(rows_by_event: Mapping[str, Sequence[ReportRow]]) -> list[ConflictLine]:
    """Every disagreeing finding of the untouched events."""
    out: list[ConflictLine] = []
    for event, rows in sorted(rows_by_event.items()):
        for fid, group in findings(rows).items():
            if group[0].status not in DISAGREEING:
                continue
            by_value: dict[str, list[str]] = defaultdict(list)
            for r in group:
                if r.source not in by_value[r.value]:
                    by_value[r.value].append(r.source)
            values = "; ".join(f"{v} ({', '.join(s)})" for v, s in by_value.items())
            quotes = " | ".join(f"{r.source}: «{r.text}» in {r.sentence}" for r in group)
            out.append(ConflictLine(event, fid, group[0].status, group[0].kind, group[0].fact, values, quotes))
    return out


@dataclass(frozen=True, slots=True)
class MissedLine:
    """One real discrepancy the report did not find, for a person to read: each side's file, value and quote."""

    event: str
    kind: str
    sides: str  # "file: value: quote" per side, " | " between


def missed_lines(cases: Iterable[GoldCase]) -> list[MissedLine]:
    """The missed cases of ``score_gold`` as lines."""
    return [MissedLine(c.event, c.kind, " | ".join(f"{s.file}: {s.value}: {s.quote}" for s in c.sides)) for c in cases]


@dataclass(frozen=True, slots=True)
class PairScore:
    """Pairwise precision and recall of grouping mentions across articles (``score``: pairs), and coverage."""

    score: Score  # tp: pairs both gold and ours; predicted: our pairs; gold: gold pairs
    matched: int  # gold mentions that overlap one of our mentions
    mentions: int  # gold mentions considered


def score_alignment(docs: Sequence[EcbDoc], rows_by_event: Mapping[str, Sequence[ReportRow]], kind: str) -> PairScore:
    """Cross-document coreference of what we align, for gold mentions of ``kind`` (date, place, person).

    Gold mentions in annotated sentences whose cross-document instance several
    articles of the event mention are matched to the report row of the same
    kind that overlaps them most; only matched ones are scored (``matched`` of
    ``mentions`` says how many). Two matched mentions in different articles are
    one gold pair when they share an instance, one of ours when their rows
    share a finding.
    """
    tp = predicted = gold = matched = total = 0
    by_event: dict[str, list[EcbDoc]] = defaultdict(list)
    for d in docs:
        by_event[d.event].append(d)
    for event, event_docs in by_event.items():
        rows = [r for r in rows_by_event.get(event, ()) if r.kind == kind]
        by_source: dict[str, list[ReportRow]] = defaultdict(list)
        for r in rows:
            by_source[r.source].append(r)
        candidates = [
            (d.name, m)
            for d in event_docs
            for m in d.mentions
            if m.kind == kind and m.instance and m.sentence in d.annotated
        ]
        files_of: dict[str, set[str]] = defaultdict(set)
        for name, m in candidates:
            files_of[m.instance].add(name)
        scored: list[tuple[str, str, str]] = []  # (file, gold instance, our finding id)
        for name, m in candidates:
            if len(files_of[m.instance]) < 2:
                continue
            total += 1
            best = max(
                (r for r in by_source[name] if r.start < m.end and m.start < r.end),
                key=lambda r: min(r.end, m.end) - max(r.start, m.start),
                default=None,
            )
            if best is not None:
                matched += 1
                scored.append((name, m.instance, best.finding_id))
        for (fa, ia, oa), (fb, ib, ob) in combinations(scored, 2):
            if fa == fb:
                continue
            same_gold, same_ours = ia == ib, oa == ob
            gold += same_gold
            predicted += same_ours
            tp += same_gold and same_ours
    return PairScore(Score(tp, predicted, gold), matched, total)
