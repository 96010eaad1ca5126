"""Alignment rules of 0.6.3 on hand-built contexts and mentions: stat lines, who acted and who underwent."""

from __future__ import annotations

import math

from pipeline.config import Config
from pipeline.reconcile.align import candidate_pairs
from pipeline.reconcile.match import context_score, frame_evidence, link_score, same_stat_line
from pipeline.reconcile.slots import Context, contexts
from pipeline.reconcile.values import Interval
from pipeline.records import Frame, Mention


def _ctx(**kw: object) -> Context:
    base = dict(
        block="number:reception",
        interval=Interval("count", 59, 59),
        unit="reception",
        verb="",
        subject="",
        subject_named=False,
        entities=frozenset(),
        places=frozenset(),
        sentence_verbs=frozenset(),
        things=frozenset(),
        modifiers=frozenset(),
    )
    return Context(**{**base, **kw})  # type: ignore[arg-type]


LINE = frozenset({("yard", "1098"), ("touchdown", "7")})


def test_a_count_in_one_line_of_counts_is_one_fact_whatever_the_span_is_called(config: Config) -> None:
    # "his finest season in 2008 with 177 receptions for 1,098 yards and seven touchdowns" /
    # "He set career-highs of 59 receptions, 1,098 yards and seven touchdowns."
    season = _ctx(counted=LINE, words=frozenset({"his", "finest", "season", "with", "for", "yards"}), tense="past")
    career = _ctx(
        interval=Interval("count", 177, 177),
        counted=LINE,
        words=frozenset({"he", "set", "career", "highs", "of", "yards"}),
        tense="future",
    )
    assert same_stat_line(season, career)
    assert frame_evidence(season, career)
    assert link_score(season, career, config.reconcile) >= config.reconcile.min_link_score
    assert candidate_pairs([season, career], 50) == {(0, 1)}  # no verb, subject or name in common: the line


def test_one_shared_count_or_a_part_is_no_stat_line() -> None:
    one = _ctx(counted=frozenset({("yard", "1098")}))
    assert not same_stat_line(one, _ctx(counted=LINE))
    # "swatted 5 of his season-high 6 blocked shots" / "had 11 points, 11 rebounds and six blocked shots"
    assert not same_stat_line(_ctx(counted=LINE, part=True), _ctx(counted=LINE))
    # "played in just 10 games this year" / "Through 14 games in the 2008 season": a span told once only
    scoped = _ctx(counted=LINE, words=frozenset({"through", "the", "season"}))
    assert not same_stat_line(scoped, _ctx(counted=LINE, words=frozenset({"played", "this", "year"})))
    assert not same_stat_line(_ctx(block="date", counted=LINE), _ctx(block="date", counted=LINE))


def _charge(source: str, sentence: str, subject: str, theme: str, *, agent: str = "") -> list[Mention]:
    at = sentence.index("Friday")
    date = Mention(
        "e", source, f"{source}:d", "date", "Friday", "XXXX-WXX-5", "partial", "", at, at + 6, sentence,
        subject=subject, verb="charge", frame=Frame(predicate="charge", agent=agent, theme=theme),
    )  # fmt: skip
    name = sentence.index(subject)
    person = Mention(
        "e", source, f"{source}:p", "person", subject, subject, "", "", name, name + len(subject), sentence
    )
    return [date, person]


def test_one_who_acted_and_one_it_happened_to_are_no_two_actors(config: Config) -> None:
    filed = _charge("a", "The County Attorney charged Anthony LaSalle on Friday.", "County Attorney", "lasalle")
    charged = _charge("b", "Anthony LaSalle was charged on Friday.", "Anthony LaSalle", "lasalle")
    ctx = contexts(filed + charged, config.reconcile)
    a, b = ctx["a:d"], ctx["b:d"]
    assert (a.patient, b.patient) == (False, True)
    assert context_score(a, b, config.reconcile) > -math.inf
    # Two who underwent it are still two: "Smith was charged on Friday" / "Jones was charged on Friday".
    other = _charge("c", "Mark Jones was charged on Friday.", "Mark Jones", "jones")
    c = contexts(charged + other, config.reconcile)["c:d"]
    assert c.patient and context_score(b, c, config.reconcile) == -math.inf
