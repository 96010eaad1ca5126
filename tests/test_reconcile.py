"""Reconciler units on hand-built mentions: intervals, alignment, statuses, names and roles."""

from __future__ import annotations

import math
import random
from dataclasses import fields, replace

import pytest

from conftest import make_context
from pipeline.config import Config
from pipeline.reconcile import FINDING_COLUMNS, FactRow, reconcile_event
from pipeline.reconcile.align import candidate_pairs
from pipeline.reconcile.lexicon import load_lexicon
from pipeline.reconcile.links import same_lede_site, same_site
from pipeline.reconcile.match import frame_evidence, link_score, other_places
from pipeline.reconcile.names import _titles, fold, names_agree
from pipeline.reconcile.places import place_value
from pipeline.reconcile.readings import _words_of
from pipeline.reconcile.slots import Context, contexts
from pipeline.reconcile.spellings import is_headline, transliterated, transliteration_key
from pipeline.reconcile.story import story_places, written_holders
from pipeline.reconcile.values import (
    Interval,
    date_interval,
    date_span,
    duration_days,
    duration_interval,
    number_interval,
)
from pipeline.records import Article, Frame, Mention


class Sentence:
    """Builds the mentions of one sentence of one source, with consistent offsets."""

    def __init__(self, source: str, text: str, *, sent_start: int = 0) -> None:
        self.source, self.text, self.sent_start = source, text, sent_start
        self.mentions: list[Mention] = []

    def add(
        self,
        kind: str,
        text: str,
        value: str,
        *,
        unit: str = "",
        qualifier: str = "",
        verb: str = "",
        subject: str = "",
        modifiers: tuple[str, ...] = (),
    ) -> Sentence:
        start = self.sent_start + self.text.index(text)
        self.mentions.append(
            Mention(
                event="e",
                source=self.source,
                mention_id=f"{self.source}:{kind}:{start}-{start + len(text)}",
                kind=kind,  # type: ignore[arg-type]
                text=text,
                value=value,
                unit=unit,
                qualifier=qualifier,
                start=start,
                end=start + len(text),
                sentence=self.text,
                sent_start=self.sent_start,
                sent_end=self.sent_start + len(self.text),
                verb=verb,
                subject=subject,
                modifiers=modifiers,
            )
        )
        return self


def run(config: Config, *sentences: Sentence) -> list[FactRow]:
    mentions = [m for s in sentences for m in s.mentions]
    articles = [
        Article(event="e", source=s, text="", outlet=f"outlet {s}") for s in sorted({m.source for m in mentions})
    ]
    return reconcile_event(mentions, articles, config.reconcile)


def facts_of(rows: list[FactRow], kind: str) -> dict[str, tuple[str, set[str]]]:
    """finding id → (status, values) for the rows of one kind."""
    out: dict[str, tuple[str, set[str]]] = {}
    for r in rows:
        if r.kind == kind:
            out.setdefault(r.finding_id, (r.status, set()))[1].add(r.value)
    return out


def statuses(rows: list[FactRow], kind: str) -> list[tuple[str, frozenset[str]]]:
    return sorted((status, frozenset(values)) for status, values in facts_of(rows, kind).values())


# --- values as intervals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2022-11-14", "2022-11-14", "2022-11-14"),
        ("2020-12", "2020-12-01", "2020-12-31"),
        ("2020", "2020-01-01", "2020-12-31"),
        ("2022-W46", "2022-11-14", "2022-11-20"),
        ("2022-Q1", "2022-01-01", "2022-03-31"),
        ("2021-SU", "2021-06-01", "2021-08-31"),
        ("199", "1990-01-01", "1999-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
    ],
)
def test_date_span_covers_the_value_granularity(value: str, first: str, last: str) -> None:
    span = date_span(value)
    assert span is not None
    assert (span[0].isoformat(), span[1].isoformat()) == (first, last)


@pytest.mark.parametrize("value", ["PRESENT_REF", "", "2022-13", "P3Y", "2022-W60"])
def test_date_span_none_for_what_is_not_a_stretch_of_days(value: str) -> None:
    assert date_span(value) is None


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        (("2020", ""), ("2020-12", ""), True),
        (("2020", "since"), ("2020-12", ""), True),
        (("2020-12", ""), ("2019-12", ""), False),
        (("2022-11-14", ""), ("2022-11", ""), True),
        (("2022-11-14", ""), ("2022-11-15", ""), False),
        (("2022-02", "before"), ("2022-01", ""), True),
        (("2022-02", "after"), ("2022-01", ""), False),
        (("2022-02", "approx"), ("2022-03", ""), True),
    ],
)
def test_date_intervals_meet_when_compatible(a: tuple[str, str], b: tuple[str, str], meet: bool) -> None:
    x, y = date_interval(*a), date_interval(*b)
    assert x is not None and y is not None
    assert x.meets(y) is meet


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        (("300", "=", ""), ("300", "~", ""), True),
        (("300", "=", ""), ("250", "=", ""), False),
        (("4000", ">", ""), ("4200", "=", ""), True),
        (("4000", ">", ""), ("3500", "=", ""), False),
        (("300", "~", ""), ("320", "=", ""), True),
        (("300", "~", ""), ("340", "=", ""), False),
        (("24", "~", "99"), ("50", "=", ""), True),
        (("50", "<", ""), ("60", "=", ""), False),
        (("2", "=", ""), ("3", "~", ""), True),  # "about three": at least ± 1
        (("300", "=", "250"), ("270", "=", ""), True),  # "from 300 to 250" is written high to low
    ],
)
def test_number_intervals_meet_when_compatible(a: tuple[str, str, str], b: tuple[str, str, str], meet: bool) -> None:
    x, y = number_interval(*a, 0.1), number_interval(*b, 0.1)
    assert x is not None and y is not None
    assert x.meets(y) is meet


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("50", "60", True),  # "more than 50" and "more than 60 firefighters": one count, told two ways
        ("50", "200", False),  # "more than 50" and "more than 200": a few more than 50 is not 200
        ("1000", "1400", True),
    ],
)
def test_two_more_than_counts_disagree_when_one_is_far_above_the_other(a: str, b: str, meet: bool) -> None:
    x, y = number_interval(a, ">", "", 0.1, 0.5), number_interval(b, ">", "", 0.1, 0.5)
    assert x is not None and y is not None
    assert x.meets(y) is meet
    exact = number_interval(b, "=", "", 0.1)
    assert exact is not None and x.meets(exact) is meet  # "more than 50" and "200": the same


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("1000", "3000", False),  # "congregations of up to 1,000 people" / "… of up to 3,000 people"
        ("50", "40", True),
        ("3000", "1000", False),
    ],
)
def test_two_maxima_disagree_when_one_is_far_below_the_other(a: str, b: str, meet: bool) -> None:
    x, y = number_interval(a, "<", "", 0.1, 0.5), number_interval(b, "<", "", 0.1, 0.5)
    assert x is not None and y is not None
    assert x.meets(y) is meet
    exact = number_interval(b, "=", "", 0.1, 0.5)
    assert exact is not None and x.meets(exact) is meet  # "up to 1,000" and "3,000": the same


def test_number_interval_none_for_a_non_number() -> None:
    assert number_interval("three hundred", "=", "", 0.1) is None


@pytest.mark.parametrize(("value", "days"), [("P3Y", 1095.75), ("P6M", 182.64), ("P2W", 14), ("PT12H", 0.5)])
def test_duration_days(value: str, days: float) -> None:
    assert duration_days(value) == pytest.approx(days)


def test_durations_six_months_and_half_a_year_agree_but_not_three_years() -> None:
    six = duration_interval("P6M", "", 0.1)
    half = duration_interval("P0.5Y", "", 0.1)
    three = duration_interval("P3Y", "", 0.1)
    assert six is not None and half is not None and three is not None
    assert six.meets(half)
    assert not six.meets(three)
    assert duration_interval("PXY", "", 0.1) is None
    assert math.isfinite(six.high)


# --- aligning numbers and dates ---------------------------------------------------------------------


def deployment(source: str, count: str, qualifier: str = "=", unit: str = "troop", verb: str = "deploy") -> Sentence:
    text = f"The UK deployed {count} {unit}s to Mali in December 2020."
    return (
        Sentence(source, text)
        .add("place", "UK", "United Kingdom")
        .add("place", "Mali", "Mali")
        .add("number", count, count.replace(",", ""), unit=unit, qualifier=qualifier, verb=verb, subject="uk")
        .add("date", "December 2020", "2020-12", unit="month", verb=verb, subject="uk")
    )


def test_same_count_in_different_words_agrees(config: Config) -> None:
    a = deployment("a.txt", "300")
    b = (
        Sentence("b.txt", "Since 2020, there have been around 300 British soldiers in Mali.")
        .add("date", "Since 2020", "2020", unit="year", qualifier="since", verb="be", subject="soldier")
        .add("place", "British", "United Kingdom")
        .add(
            "number",
            "300",
            "300",
            unit="soldier",
            qualifier="~",
            verb="be",
            subject="soldier",
            modifiers=("british",),
        )
        .add("place", "Mali", "Mali")
    )
    c = (
        Sentence("c.txt", "Britain dispatched 300 troops to Mali in December 2020 to join MINUSMA.")
        .add("place", "Britain", "United Kingdom")
        .add("place", "Mali", "Mali")
        .add("organisation", "MINUSMA", "MINUSMA")
        .add("number", "300", "300", unit="troop", verb="dispatch", subject="britain")
        .add("date", "December 2020", "2020-12", unit="month", verb="dispatch", subject="britain")
    )
    rows = run(config, a, b, c)
    assert statuses(rows, "number") == [("agree", frozenset({"300"}))]
    assert statuses(rows, "date") == [("agree", frozenset({"2020", "2020-12"}))]
    agreeing = {r.source for r in rows if r.kind == "number"}
    assert agreeing == {"a.txt", "b.txt", "c.txt"}


def test_different_count_of_the_same_deployment_conflicts(config: Config) -> None:
    rows = run(config, deployment("a.txt", "300"), deployment("b.txt", "250"))
    assert statuses(rows, "number") == [("conflict", frozenset({"300", "250"}))]
    conflict = [r for r in rows if r.status == "conflict"]
    assert {r.source for r in conflict} == {"a.txt", "b.txt"}
    assert {r.outlet for r in conflict} == {"outlet a.txt", "outlet b.txt"}
    assert all(0 < r.confidence <= 1 for r in conflict)
    assert rows[0].status == "conflict"  # conflicts come first


def test_more_than_agrees_with_a_larger_exact_count(config: Config) -> None:
    rows = run(
        config,
        deployment("a.txt", "4,000", qualifier=">", unit="person", verb="kill"),
        deployment("b.txt", "4,200", unit="person", verb="kill"),
    )
    assert statuses(rows, "number") == [("agree", frozenset({"4000", "4200"}))]


def test_same_number_of_different_things_is_two_facts(config: Config) -> None:
    troops = deployment("a.txt", "300")
    civilians = (
        Sentence("b.txt", "Mercenaries killed some 300 civilians in Mali in April.")
        .add("number", "300", "300", unit="civilian", qualifier="~", verb="kill", subject="mercenary")
        .add("place", "Mali", "Mali")
    )
    rows = run(config, troops, civilians)
    assert statuses(rows, "number") == [("unique", frozenset({"300"})), ("unique", frozenset({"300"}))]


def test_soldiers_killed_are_not_the_soldiers_deployed(config: Config) -> None:
    killed = (
        Sentence("b.txt", "288 UN soldiers have lost their lives in Mali since 2013.")
        .add("number", "288", "288", unit="soldier", verb="lose", subject="soldier", modifiers=("un",))
        .add("place", "Mali", "Mali")
        .add("date", "since 2013", "2013", unit="year", qualifier="since", verb="lose", subject="soldier")
    )
    rows = run(config, deployment("a.txt", "300"), killed)
    number_facts = facts_of(rows, "number")
    assert sorted(s for s, _ in number_facts.values()) == ["unique", "unique"]


def test_announcements_by_different_countries_never_conflict(config: Config) -> None:
    sweden = (
        Sentence("a.txt", "Sweden announced in March it would leave the mission.")
        .add("place", "Sweden", "Sweden")
        .add("date", "in March", "2022-03", unit="month", verb="announce", subject="sweden")
    )
    denmark = (
        Sentence("b.txt", "In January, Denmark announced it will pull its troops out.")
        .add("place", "Denmark", "Denmark")
        .add("date", "In January", "2022-01", unit="month", verb="announce", subject="denmark")
    )
    rows = run(config, sweden, denmark)
    assert statuses(rows, "date") == [("unique", frozenset({"2022-01"})), ("unique", frozenset({"2022-03"}))]


def test_different_month_of_the_same_deployment_conflicts(config: Config) -> None:
    a = deployment("a.txt", "300")
    b = (
        Sentence("b.txt", "The UK deployed 300 troops to Mali in December 2019.")
        .add("place", "UK", "United Kingdom")
        .add("place", "Mali", "Mali")
        .add("number", "300", "300", unit="troop", verb="deploy", subject="uk")
        .add("date", "December 2019", "2019-12", unit="month", verb="deploy", subject="uk")
    )
    rows = run(config, a, b)
    assert statuses(rows, "date") == [("conflict", frozenset({"2020-12", "2019-12"}))]
    assert statuses(rows, "number") == [("agree", frozenset({"300"}))]


def test_two_values_of_one_source_are_never_opposing_sides(config: Config) -> None:
    # One source says both 300 and 250 in the same context: the other source may agree with one, not "conflict" itself.
    a1 = deployment("a.txt", "300")
    a2 = Sentence("a.txt", deployment("a.txt", "250").text, sent_start=200)
    for m in deployment("a.txt", "250").mentions:
        a2.add(m.kind, m.text, m.value, unit=m.unit, qualifier=m.qualifier, verb=m.verb, subject=m.subject)
    rows = run(config, a1, a2, deployment("b.txt", "300"))
    for _status, values in facts_of(rows, "number").values():
        assert values in ({"300"}, {"250"})
    assert ("agree", frozenset({"300"})) in statuses(rows, "number")


def test_unresolved_dates_and_non_numbers_are_not_compared(config: Config) -> None:
    a = Sentence("a.txt", "It happened on Monday.").add("date", "Monday", "", unit="unresolved", verb="happen")
    b = Sentence("b.txt", "It happened on Friday.").add("date", "Friday", "", unit="unresolved", verb="happen")
    assert run(config, a, b) == []


def test_a_duration_is_compared_as_a_duration_not_also_as_a_count_of_years(config: Config) -> None:
    def sentence(source: str) -> Sentence:
        return (
            Sentence(source, "They were to stay for three years in Mali.")
            .add("date", "three years", "P3Y", unit="duration", verb="stay")
            .add("number", "three years", "3", unit="year", verb="stay")
            .add("place", "Mali", "Mali")
        )

    rows = run(config, sentence("a.txt"), sentence("b.txt"))
    assert statuses(rows, "date") == [("agree", frozenset({"P3Y"}))]
    assert statuses(rows, "number") == []


def test_recurring_and_reference_dates_are_not_compared(config: Config) -> None:
    a = Sentence("a.txt", "The annual review is now due.").add("date", "annual", "P1Y", unit="set", verb="be")
    a.add("date", "now", "PRESENT_REF", unit="reference", verb="be")
    b = Sentence("b.txt", "The review takes two years.").add("date", "two years", "P2Y", unit="duration", verb="take")
    assert statuses(run(config, a, b), "date") == [("unique", frozenset({"P2Y"}))]


def test_datelines_and_publication_dates_are_not_facts(config: Config) -> None:
    a = Sentence("a.txt", "LONDON, November 14 (DPA/EP)").add("date", "November 14", "2022-11-14", unit="day")
    b = Sentence("b.txt", "Published November 15, 2022").add(
        "date", "November 15, 2022", "2022-11-15", unit="day", verb="publish"
    )
    assert run(config, a, b) == []


def test_durations_compare_with_durations_only(config: Config) -> None:
    a = (
        Sentence("a.txt", "Two coups in three years have undermined efforts in Mali.")
        .add("number", "Two", "2", unit="coup", verb="undermine", subject="coup")
        .add("date", "three years", "P3Y", unit="duration", verb="undermine", subject="coup")
        .add("place", "Mali", "Mali")
    )
    b = (
        Sentence("b.txt", "Hebe said that two coups in Mali within three years had undermined efforts.")
        .add("number", "two", "2", unit="coup", verb="undermine", subject="coup")
        .add("date", "three years", "P3Y", unit="duration", verb="undermine", subject="coup")
        .add("place", "Mali", "Mali")
    )
    rows = run(config, a, b)
    assert statuses(rows, "date") == [("agree", frozenset({"P3Y"}))]
    assert statuses(rows, "number") == [("agree", frozenset({"2"}))]
    label = next(r.fact for r in rows if r.kind == "date")
    assert label.startswith("duration of undermine (coup)")


# --- names and roles --------------------------------------------------------------------------------


def person(source: str, text: str, name: str, cluster: str, *, role: str = "", role_text: str = "") -> Sentence:
    s = Sentence(source, text).add("person", name.split()[-1] if name not in text else name, name)
    s.mentions[-1] = _with_cluster(s.mentions[-1], cluster)
    if role:
        s.add("role", role_text or role, role, unit=cluster)
    return s


def _with_cluster(m: Mention, cluster: str) -> Mention:
    return replace(m, person_cluster=cluster)


def test_one_person_spelled_two_ways_is_a_spelling_finding_with_both_spellings_quoted(config: Config) -> None:
    rows = run(
        config,
        person(
            "a.txt",
            "Defence Minister James Heappey told parliament.",
            "James Heappey",
            "James Heappey",
            role="Defence Minister",
        ),
        person(
            "b.txt",
            "Armed Forces Minister James Heappey said.",
            "James Heappey",
            "James Heappey",
            role="Minister for the Armed Forces",
            role_text="Armed Forces Minister",
        ),
        person(
            "c.txt",
            "British Defense Secretary James Hebby said.",
            "James Hebby",
            "James Heappey",
            role="Defense Secretary",
        ),
    )
    assert statuses(rows, "person") == [("spelling", frozenset({"James Heappey", "James Hebby"}))]
    assert statuses(rows, "role") == [
        ("wording", frozenset({"Defence Minister", "Minister for the Armed Forces", "Defense Secretary"}))
    ]
    name_rows = [r for r in rows if r.kind == "person"]
    assert {r.fact for r in name_rows} == {"name of James Heappey"}
    assert {r.text for r in name_rows} == {"James Heappey", "James Hebby"}


def test_a_bare_surname_misspelt_by_one_source_is_a_spelling_finding(config: Config) -> None:
    def said(word: str) -> Sentence:
        s = Sentence("b.txt", f"The rules are back, {word} said.").add("person", word, "Ken Salazar")
        s.mentions[-1] = _with_cluster(s.mentions[-1], "Ken Salazar")
        return s

    a = person("a.txt", "Interior Secretary Ken Salazar announced the rules.", "Ken Salazar", "Ken Salazar")
    b = person("b.txt", "Ken Salazar spoke on Tuesday.", "Ken Salazar", "Ken Salazar")
    assert statuses(run(config, a, b, said("Selazar")), "person") == [("spelling", frozenset({"Ken Salazar"}))]
    # A first-name reference is no misspelling: "Ken said" beside "Ken Salazar".
    assert statuses(run(config, a, b, said("Ken")), "person") == [("agree", frozenset({"Ken Salazar"}))]


def test_a_different_person_with_a_similar_surname_is_a_separate_fact(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "James Heappey told parliament.", "James Heappey", "James Heappey"),
        person("b.txt", "James Heappey said.", "James Heappey", "James Heappey"),
        person("b.txt", "John Healey MP wrote.", "John Healey", "John Healey"),
    )
    assert statuses(rows, "person") == [("agree", frozenset({"James Heappey"})), ("unique", frozenset({"John Healey"}))]


def test_roles_agree_across_spelling_variants(config: Config) -> None:
    rows = run(
        config,
        person(
            "a.txt", "Defence Minister James Heappey said.", "James Heappey", "James Heappey", role="Defence Minister"
        ),
        person(
            "b.txt", "Defense Minister James Heappey said.", "James Heappey", "James Heappey", role="Defense Minister"
        ),
    )
    assert statuses(rows, "role") == [("agree", frozenset({"Defence Minister", "Defense Minister"}))]


def test_a_source_giving_two_roles_agrees_with_either(config: Config) -> None:
    a = person(
        "a.txt", "Defence Minister James Heappey said.", "James Heappey", "James Heappey", role="Defence Minister"
    )
    a.add("role", "James", "Minister for the Armed Forces", unit="James Heappey")
    b = person(
        "b.txt",
        "Armed Forces Minister James Heappey.",
        "James Heappey",
        "James Heappey",
        role="Minister for the Armed Forces",
        role_text="Armed Forces Minister",
    )
    rows = run(config, a, b)
    assert [s for s, _ in statuses(rows, "role")] == ["agree"]


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("James Heappey", "James Heappey", True),
        ("James Heappey", "Heappey", True),
        ("JAMES HEAPPEY", "James Heappey", True),
        ("James Heappey", "James Hebby", False),
        ("James Heappey", "Hebe", False),
        ("Emmanuel Macron", "Emmanuel Macron", True),
        ("Stan Perlo", "Stanley Perlo", True),  # a short form of the first name
        ("Sam Dalembert", "Samuel Dalembert", True),
        ("Trooper William Hakim", "William Hakim", True),  # a title is no part of the name
        ("Dr. Regina Benjamin", "Regina M. Benjamin", True),
        ("Lennie Rosenbluth", "Lenny Rosenbluth", False),  # spelled two ways
        ("Stan Perlo", "Stanley Perla", False),
    ],
)
def test_names_agree(config: Config, a: str, b: str, agree: bool) -> None:
    assert names_agree(fold(a, config.reconcile), fold(b, config.reconcile)) is agree


def test_places_named_by_one_source_are_unique_and_by_several_agree(config: Config) -> None:
    a = (
        Sentence("a.txt", "Troops will move to Niger and Mali.")
        .add("place", "Niger", "Niger")
        .add("place", "Mali", "Mali")
    )
    b = Sentence("b.txt", "Mali said.").add("place", "Mali", "Mali")
    kinds = [*config.reconcile.unique_kinds, "place"]
    places = config.model_copy(update={"reconcile": config.reconcile.model_copy(update={"unique_kinds": kinds})})
    rows = run(places, a, b)
    assert statuses(rows, "place") == [("agree", frozenset({"Mali"})), ("unique", frozenset({"Niger"}))]


def test_by_default_a_place_or_organisation_one_source_names_is_no_finding(config: Config) -> None:
    a = (
        Sentence("a.txt", "Troops will move to Niger and Mali with the UN.")
        .add("place", "Niger", "Niger")
        .add("place", "Mali", "Mali")
        .add("organisation", "UN", "United Nations")
    )
    b = Sentence("b.txt", "Mali said.").add("place", "Mali", "Mali")
    assert "place" not in config.reconcile.unique_kinds and "organisation" not in config.reconcile.unique_kinds
    assert statuses(run(config, a, b), "place") == [("agree", frozenset({"Mali"}))]
    assert statuses(run(config, a, b), "organisation") == []


def test_unique_kinds_setting_drops_single_source_place_findings(config: Config) -> None:
    quiet = config.model_copy(update={"reconcile": config.reconcile.model_copy(update={"unique_kinds": ["number"]})})
    a = Sentence("a.txt", "Troops will move to Niger.").add("place", "Niger", "Niger")
    assert run(quiet, a) == []


# --- rows -------------------------------------------------------------------------------------------


def test_rows_carry_the_declared_columns_in_order(config: Config) -> None:
    rows = run(config, deployment("a.txt", "300"), deployment("b.txt", "250"))
    assert tuple(f.name for f in fields(FactRow)) == FINDING_COLUMNS
    r = next(r for r in rows if r.kind == "number" and r.source == "b.txt")
    assert (r.text, r.value, r.unit, r.qualifier) == ("250", "250", "troop", "=")
    assert r.fact.startswith("troop count (deploy)")
    assert "United Kingdom" in r.fact and "Mali" in r.fact


def test_finding_ids_are_stable_and_shared_by_the_rows_of_one_fact(config: Config) -> None:
    first = run(config, deployment("a.txt", "300"), deployment("b.txt", "250"))
    again = run(config, deployment("a.txt", "300"), deployment("b.txt", "250"))
    assert [r.finding_id for r in first] == [r.finding_id for r in again]
    conflict_ids = {r.finding_id for r in first if r.status == "conflict"}
    assert len(conflict_ids) == 1


def test_statuses_are_ordered_conflict_unique_agree(config: Config) -> None:
    rows = run(
        config,
        deployment("a.txt", "300"),
        deployment("b.txt", "250"),
        Sentence("a.txt", "Niger.", sent_start=500).add("place", "Niger", "Niger"),
    )
    order = {"conflict": 0, "unique": 1, "agree": 2}
    ranks = [order[r.status] for r in rows]
    assert ranks == sorted(ranks)


# --- cost -------------------------------------------------------------------------------------------


def test_candidate_pairs_are_capped_per_bucket(config: Config) -> None:
    def ctx(i: int) -> Context:
        empty: frozenset[str] = frozenset()
        return Context(
            "number:troop", Interval("count", i, i), "troop", "deploy", "", False, empty, empty, empty, empty, empty
        )

    nodes = [ctx(i) for i in range(100)]
    assert len(candidate_pairs(nodes[:10], cap=50)) == 45  # small bucket: every pair
    capped = candidate_pairs(nodes, cap=5)
    assert len(capped) < 100 * 5 + 1
    assert (0, 1) in capped and (0, 50) not in capped  # neighbours in value order only


def test_the_same_statement_in_many_sources_is_one_agreeing_fact(config: Config) -> None:
    rows = run(config, *(deployment(f"{i:03d}.txt", "300") for i in range(30)))
    assert statuses(rows, "number") == [("agree", frozenset({"300"}))]
    assert len({r.source for r in rows if r.kind == "number"}) == 30


@pytest.mark.parametrize(
    ("first_a", "first_b", "status"),
    [
        ("Jon", "John", "spelling"),
        ("Catherine", "Katherine", "spelling"),
        ("Robyn", "Robin", "spelling"),
        ("Alexis", "Alexandros", "spelling"),
        # A nickname is the same name ("Bill" / "William"); a spelling the nickname table lists is still one.
        ("Bill", "William", "agree"),
        ("Dave", "David", "agree"),
        ("Brian", "Bryant", "spelling"),
        # Transliterations of one Greek or Persian name are no difference on their own.
        ("Vassilis", "Vassilios", "agree"),
        ("Yiannis", "Giannis", "agree"),
        ("Heydar", "Heidar", "agree"),
        # A consonant written twice in a given name no English name table lists is a romanisation too; in an
        # English given name it is a spelling.
        ("Massoud", "Masoud", "agree"),
        ("Mohammed", "Mohamed", "agree"),
        ("Phillip", "Philip", "spelling"),
        ("James", "Richard", "conflict"),
    ],
)
def test_one_surname_with_two_first_names_is_a_spelling_or_another_person(
    config: Config, first_a: str, first_b: str, status: str
) -> None:
    a, b = f"{first_a} Owen", f"{first_b} Owen"
    director = "Public Safety Director"
    rows = run(
        config,
        person(
            "a.txt",
            f"{a}, the city's public safety director, said.",
            a,
            a,
            role=director,
            role_text="public safety director",
        ),
        person(
            "b.txt",
            f"{b}, the city's public safety director, said.",
            b,
            b,
            role=director,
            role_text="public safety director",
        ),
    )
    assert statuses(rows, "person") == [(status, frozenset({a, b}))]


def test_a_source_naming_a_short_form_and_the_full_name_names_one_person(config: Config) -> None:
    # An obituary writes "Fred LaRue" and "Frederick Cheney LaRue was born …": one man, as the other outlets say.
    obituary = person("a.txt", "Fred LaRue died on Saturday.", "Fred LaRue", "Fred LaRue")
    born = person(
        "a.txt", "Frederick Cheney LaRue was born in 1928.", "Frederick Cheney LaRue", "Frederick Cheney LaRue"
    )
    rows = run(
        config,
        obituary,
        born,
        person("b.txt", "Fred LaRue died.", "Fred LaRue", "Fred LaRue"),
        person("c.txt", "Frederick LaRue died.", "Frederick LaRue", "Frederick LaRue"),
    )
    people = [(status, values) for status, values in statuses(rows, "person")]
    assert len(people) == 1 and people[0][0] == "agree"


def test_a_source_naming_a_father_and_his_son_names_two_people(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "Fred LaRue died.", "Fred LaRue", "Fred LaRue"),
        person("a.txt", "He leaves his son Frederick LaRue Jr.", "Frederick LaRue Jr.", "Frederick LaRue Jr."),
        person("b.txt", "Frederick LaRue Jr. spoke.", "Frederick LaRue Jr.", "Frederick LaRue Jr."),
    )
    assert len(statuses(rows, "person")) == 2


def test_one_surname_and_other_first_names_with_nothing_in_common_are_two_people(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "Tyler Smith added 17 points for the Vols.", "Tyler Smith", "Tyler Smith"),
        person("b.txt", "North Carolina coach Dean Smith invited his star guard.", "Dean Smith", "Dean Smith"),
    )
    assert statuses(rows, "person") == [("unique", frozenset({"Dean Smith"})), ("unique", frozenset({"Tyler Smith"}))]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("yiannis", "giannis", True),
        ("giorgos", "yiorgos", True),
        ("heydar", "heidar", True),
        ("dimitrios", "dimitris", True),
        ("kougias", "kouyias", True),
        ("grey", "gray", False),  # English spelling
        ("heappey", "hebby", False),
        ("gina", "yina", False),  # too short to be a Greek gamma
    ],
)
def test_transliteration_key(a: str, b: str, same: bool) -> None:
    assert (transliteration_key(a) == transliteration_key(b)) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("karolos", "papoulias"), ("carolos", "papoulias"), True),  # a Greek kappa romanised two ways
        (("konstantinos", "karamanlis"), ("constantinos", "karamanlis"), True),
        (("katherine", "gomes"), ("catherine", "gomes"), False),  # English given names: a spelling, no romanisation
        (("anthony", "calamita"), ("anthony", "kalamita"), False),  # a surname keeps its letters
    ],
)
def test_a_hard_c_of_a_given_name_no_english_table_lists_is_a_k(
    a: tuple[str, ...], b: tuple[str, ...], same: bool
) -> None:
    assert (transliterated(a) == transliterated(b)) is same


def test_a_surname_one_edit_apart_with_one_first_name_is_a_spelling(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "Police located Anthony LaCalamita, 38.", "Anthony LaCalamita", "Anthony LaCalamita"),
        person("b.txt", "The suspect's name is Anthony Calamita.", "Anthony Calamita", "Anthony Calamita"),
        person("c.txt", "Anthony LaCalamita was arrested.", "Anthony LaCalamita", "Anthony LaCalamita"),
    )
    assert statuses(rows, "person") == [("spelling", frozenset({"Anthony LaCalamita", "Anthony Calamita"}))]


def test_a_first_name_spelled_two_ways_beside_a_relative_is_still_one_person(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "Gary Gomes and his mother, Catherine Gomes, 61.", "Gary Gomes", "Gary Gomes"),
        person("a.txt", "His mother, Catherine Gomes, 61, was found.", "Catherine Gomes", "Catherine Gomes"),
        person("b.txt", "Gary Gomes was charged.", "Gary Gomes", "Gary Gomes"),
        person("b.txt", "The body of Katherine Gomes, 61, was found.", "Katherine Gomes", "Katherine Gomes"),
    )
    found = statuses(rows, "person")
    assert ("spelling", frozenset({"Catherine Gomes", "Katherine Gomes"})) in found
    assert ("agree", frozenset({"Gary Gomes"})) in found


def test_two_people_of_one_surname_a_source_names_together_stay_apart(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "Catherine Gomes and Gary Gomes were found.", "Catherine Gomes", "Catherine Gomes"),
        person("a.txt", "Catherine Gomes and Gary Gomes were found.", "Gary Gomes", "Gary Gomes"),
        person("b.txt", "Gary Gomes was charged.", "Gary Gomes", "Gary Gomes"),
    )
    assert statuses(rows, "person") == [
        ("agree", frozenset({"Gary Gomes"})),
        ("unique", frozenset({"Catherine Gomes"})),
    ]


@pytest.mark.parametrize(
    ("a", "b", "status"),
    [
        ("Independent Street", "Independence Street", "spelling"),
        ("Kodak Theatre", "Kodak Theater", "agree"),  # British and American spelling
        ("Gordon Advisors", "Gordon Advisers", "agree"),
        ("Hormozgan Province", "Hormouzgan Province", "agree"),  # a vowel of a transliteration
        ("Marshals Service", "Marshal Service", "agree"),  # a plural
    ],
)
def test_a_place_misspelt_by_one_source_is_a_spelling_finding(config: Config, a: str, b: str, status: str) -> None:
    rows = run(
        config,
        Sentence("a.txt", f"The bodies were found on {a}.").add("place", a, a),
        Sentence("b.txt", f"Police went to {a} at noon.").add("place", a, a),
        Sentence("c.txt", f"The apartment on {b} was dark.").add("place", b, b),
    )
    found = [(r.status, r.value) for r in rows if r.kind == "place"]
    if status == "spelling":
        assert {s for s, _ in found} == {"spelling"} and {v for _, v in found} == {a, b}
    else:  # two names of one place, neither misspelt
        assert "spelling" not in {s for s, _ in found} and (status, a) in found


def test_short_place_names_one_letter_apart_are_two_places(config: Config) -> None:
    rows = run(
        config,
        Sentence("a.txt", "Troops left Iran on Monday.").add("place", "Iran", "Iran"),
        Sentence("b.txt", "Troops left Iraq on Monday.").add("place", "Iraq", "Iraq"),
    )
    assert {r.status for r in rows if r.kind == "place"} <= {"unique", "agree"}


def test_one_organisation_spelled_british_and_american_corroborates_a_count(config: Config) -> None:
    def sent(source: str, org: str, count: str, words: str) -> Sentence:
        text = f"The {org} sent {count} experts {words}."
        return (
            Sentence(source, text)
            .add("organisation", org, org)
            .add("number", f"{count} experts", count, unit="expert", verb="send")
        )

    a = sent("a.txt", "Organization for Security and Cooperation", "8", "to monitor the poll and draw up a report")
    rows = run(
        config,
        a,
        sent("b.txt", "Organisation for Security and Co-operation", "3", "as a genuine contest was impossible"),
    )
    assert statuses(rows, "number") == [("conflict", frozenset({"8", "3"}))]
    # Two different organisations: the sentences share nothing but the verb, and stay two unique facts.
    other = run(config, a, sent("b.txt", "Organisation of American States", "3", "as a genuine contest was impossible"))
    assert statuses(other, "number") == [("unique", frozenset({"3"})), ("unique", frozenset({"8"}))]


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        ("Lindsay Lohan Checks Into Rehab", True),
        ("Obama Reverses Bush Rule on Endangered Species", True),
        ("61-year-old Kathryn Gomes and 48-year-old Robin Mendes are the victims.", False),
        ("Lindsay Lohan checked into the Betty Ford Center on Thursday.", False),
        ("Lohan checks into rehab at the Betty Ford Center", False),  # sentence case: the tagger copes
    ],
)
def test_headlines_are_title_case_without_a_full_stop(sentence: str, headline: bool) -> None:
    assert is_headline(sentence) is headline


def test_names_in_headlines_are_no_spellings(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "Lindsay Lohan checked into rehab.", "Lindsay Lohan", "Lindsay Lohan"),
        person("b.txt", "Lindsay Lohan Checks Into Rehab", "Lindsay Lohan Checks", "Lindsay Lohan"),
        person("c.txt", "Lohan's lawyer said Lindsay Lohan was there.", "Lindsay Lohan", "Lindsay Lohan"),
    )
    assert statuses(rows, "person") == [("agree", frozenset({"Lindsay Lohan"}))]


def test_a_place_two_sources_write_inside_another_is_inside_it(config: Config) -> None:
    def fire(source: str, text: str, *places: tuple[str, str]) -> Sentence:
        s = Sentence(source, text)
        for written, value in places:
            s.add("place", written, value, verb="destroy")
            s.mentions[-1] = replace(
                s.mentions[-1], frame=Frame(predicate="destroy", slot="location", preposition="in")
            )
        return s

    banstead = ("Banstead", "Banstead")
    surrey = ("Surrey", "Surrey")
    rows = run(
        config,
        fire("a.txt", "The blaze destroyed the store in Banstead, Surrey.", banstead, surrey),
        fire("b.txt", "Fire destroyed a Waitrose supermarket in Banstead in Surrey.", banstead, surrey),
        fire("c.txt", "A Waitrose supermarket in Surrey was destroyed by fire.", surrey),
    )
    # The gazetteer knows Surrey only as a Canadian city; the event's sources put Banstead in it.
    assert "conflict" not in {r.status for r in rows if r.kind == "place"}


def test_written_holders_need_two_sources_and_no_list(config: Config) -> None:
    def sentence(source: str, text: str, *names: str) -> list[Mention]:
        s = Sentence(source, text)
        for n in names:
            s.add("place", n, n)
        return s.mentions

    two = [
        sentence("a", "in Banstead, Surrey.", "Banstead", "Surrey"),
        sentence("b", "in Banstead in Surrey.", "Banstead", "Surrey"),
    ]
    assert written_holders(two) == {"banstead": frozenset({"surrey"})}
    one = [sentence("a", "in Banstead in Mogadishu.", "Banstead", "Mogadishu")]
    assert written_holders(one) == {}  # one source's error
    listed = [sentence(s, "to Germany, Spain, Italy and Russia.", "Germany", "Spain", "Italy", "Russia") for s in "ab"]
    assert written_holders(listed) == {}


def test_a_nationality_is_no_place_of_the_event(config: Config) -> None:
    def died(source: str, adjective: str, country: str) -> Sentence:
        s = Sentence(source, f"A {adjective} climber dies in a New Zealand fall.")
        s.add("place", adjective, country)
        s.mentions[-1] = replace(s.mentions[-1], label="NORP", verb="die")
        return s

    rows = run(config, died("a.txt", "British", "United Kingdom"), died("b.txt", "Australian", "Australia"))
    assert "conflict" not in {r.status for r in rows if r.kind == "place"}


def test_a_date_range_runs_to_the_end_of_its_last_date() -> None:
    span = date_interval("1974", "since", "1978")  # "from 1974 to 1978"
    assert span is not None and span.meets(date_interval("1978", ""))  # "set in 1978"
    assert not span.meets(date_interval("1979", ""))
    assert not date_interval("1974", "since").meets(date_interval("1978", ""))  # "since 1974" alone


def test_a_common_word_opening_a_name_is_no_first_name(config: Config) -> None:
    def named(source: str, text: str, name: str, cluster: str) -> Sentence:
        return person(source, text, name, cluster)

    def with_brooklyn(s: Sentence) -> Sentence:
        return s.add("place", "Brooklyn", "Brooklyn")

    rows = run(
        config,
        with_brooklyn(
            named("a.txt", "Gigante was tried in Brooklyn following a raid.", "Vincent Gigante", "Vincent Gigante")
        ),
        with_brooklyn(
            named(
                "b.txt", "Following Gigante's trial in Brooklyn, he ran it.", "Following Gigante", "Following Gigante"
            )
        ),
        named("c.txt", "Vincent Gigante died in prison.", "Vincent Gigante", "Vincent Gigante"),
    )
    # "following" is written in lower case in the event and is no given name: not another Gigante.
    assert "conflict" not in {r.status for r in rows if r.kind == "person"}
    kept = run(
        config,
        named("a.txt", "Will Smith will star in the film.", "Will Smith", "Will Smith"),
        named("b.txt", "Jada Smith will produce it.", "Jada Smith", "Jada Smith"),
    )
    assert {r.value for r in kept if r.kind == "person"} == {"Will Smith", "Jada Smith"}  # "will" is a given name


def test_a_relative_of_the_same_surname_is_no_identity_question(config: Config) -> None:
    def said(source: str, text: str, name: str) -> Sentence:
        return person(source, text, name, name).add("place", "Mississippi", "Mississippi")

    rows = run(
        config,
        said("a.txt", "Fred LaRue returned to Mississippi in 1973.", "Fred LaRue"),
        said("b.txt", "He went back to Mississippi, his nephew William LaRue said.", "William LaRue"),
        said("c.txt", "Fred LaRue died in Mississippi.", "Fred LaRue"),
    )
    assert "conflict" not in {r.status for r in rows if r.kind == "person"}
    other = run(
        config,
        said("a.txt", "Fred LaRue returned to Mississippi in 1973.", "Fred LaRue"),
        said("b.txt", "William LaRue went back to Mississippi.", "William LaRue"),
        said("c.txt", "Fred LaRue died in Mississippi.", "Fred LaRue"),
    )
    assert "conflict" in {r.status for r in other if r.kind == "person"}  # no relative named: which LaRue?


def test_a_role_of_two_titles_agrees_with_either(config: Config) -> None:
    name = "Tony DiLeo"
    gm = "Assistant General Manager"
    rows = run(
        config,
        person(
            "a.txt",
            "Assistant general manager Tony DiLeo takes over.",
            name,
            name,
            role=gm,
            role_text="Assistant general manager",
        ),
        person(
            "b.txt",
            "Tony DiLeo, the assistant general manager, takes over.",
            name,
            name,
            role=gm,
            role_text="assistant general manager",
        ),
        person(
            "c.txt",
            "Tony DiLeo will coach the team.",
            name,
            name,
            role=f"{gm} and Senior Vice President",
            role_text=name,
        ),
    )
    assert statuses(rows, "role")[0][0] == "agree"
    whole = "Secretary of State for Environment, Food and Rural Affairs"
    assert _titles(whole, config.reconcile) == [whole]  # one title with "and" inside is not split
    assert _titles(f"{gm} and Senior Vice President", config.reconcile) == [gm, "Senior Vice President"]


def test_a_plural_last_word_is_no_misspelt_name(config: Config) -> None:
    rows = run(
        config,
        person("a.txt", "Jackman has won the Tony Awards twice.", "Tony Awards", "Tony Awards"),
        person("b.txt", "He hosted the Tony Awards in 2005.", "Tony Awards", "Tony Awards"),
        person("c.txt", "He won a Tony Award for it.", "Tony Award", "Tony Awards"),
    )
    assert statuses(rows, "person") == [("agree", frozenset({"Tony Awards", "Tony Award"}))]


def test_ages_of_one_definite_person_noun_meet_whatever_the_verbs(config: Config) -> None:
    def aged(source: str, text: str, age: str, verb: str, article: str = "the") -> Sentence:
        s = Sentence(source, text).add("number", age, age, unit="year of age", verb=verb)
        s.mentions[-1] = replace(
            s.mentions[-1], frame=Frame(predicate=verb, slot="attribute", anchor="actress", agent="actress")
        )
        return s

    a = aged("a.txt", "On Monday the 33-year-old actress finally decided to get help.", "33", "decide")
    a.add("date", "Monday", "XXXX-WXX-1", verb="decide")
    b = aged("b.txt", "The 54-year-old actress's rep told the magazine in June.", "54", "tell")
    b.add("date", "June", "XXXX-06", verb="tell")
    # No verb, name or value in common: the holder alone says it is one age, the other dates notwithstanding.
    assert statuses(run(config, a, b), "number") == [("conflict", frozenset({"33", "54"}))]
    # "a 47-year-old man" / "a 50-year-old man": anybody; nothing else in common keeps them apart.
    c = Sentence("c.txt", "A 50-year-old man tipped off the police.").add("number", "50", "50", unit="year of age")
    d = Sentence("d.txt", "The victims were a 47-year-old man and his wife.")
    d.add("number", "47", "47", unit="year of age")
    for s in (c, d):
        s.mentions[-1] = replace(s.mentions[-1], frame=Frame(slot="attribute", anchor="man"))
    assert sorted(statuses(run(config, c, d), "number"), key=str) == [
        ("unique", frozenset({"47"})),
        ("unique", frozenset({"50"})),
    ]


def test_known_holders_are_person_nouns_after_a_definite_article(config: Config) -> None:
    lexicon = load_lexicon()
    assert lexicon.is_person("actress") and lexicon.is_person("member") and not lexicon.is_person("shot")

    def holder(text: str, age: str, anchor: str) -> bool:
        s = Sentence("a.txt", text).add("number", age, age, unit="year of age")
        m = replace(s.mentions[-1], frame=Frame(slot="attribute", anchor=anchor))
        return contexts([m], config.reconcile)[m.mention_id].known_holder

    assert holder("The 29-year-old gang member killed the deputy.", "29", "member")
    assert not holder("A 47-year-old man was shot.", "47", "man")
    assert not holder("Riot after the 16-year-old shot by cops.", "16", "shot")  # the tagger's noun, no person


def test_an_age_of_a_person_noun_is_the_one_aged_person_of_its_article(config: Config) -> None:
    def aged(source: str, text: str, age: str, anchor: str, sent_start: int = 0) -> Sentence:
        s = Sentence(source, text, sent_start=sent_start).add("number", age, age, unit="year of age")
        s.mentions[-1] = replace(s.mentions[-1], frame=Frame(slot="attribute", anchor=anchor))
        return s

    named = aged("a.txt", "Tara Reid, 33, checked into rehab.", "33", "Tara Reid").add(
        "person", "Tara Reid", "Tara Reid"
    )
    lead = Sentence("b.txt", "Tara Reid has entered rehab.").add("person", "Tara Reid", "Tara Reid")
    later = aged("b.txt", "The 34-year-old actress asked for privacy.", "34", "actress", sent_start=40)
    ctx = contexts([*named.mentions, *lead.mentions, *later.mentions], config.reconcile)
    assert ctx[later.mentions[-1].mention_id].anchor == "tara reid"
    assert statuses(run(config, named, lead, later), "number") == [("conflict", frozenset({"33", "34"}))]
    # An article that gives someone an age by name tells of more than one aged person: "the 40-year-old American"
    # beside "the 36-year-old Klitschko" stays an American.
    both = aged("c.txt", "The 36-year-old Klitschko beat the 40-year-old American.", "36", "Wladimir Klitschko")
    both.add("person", "Klitschko", "Wladimir Klitschko").add("number", "40", "40", unit="year of age")
    both.mentions[-1] = replace(both.mentions[-1], frame=Frame(slot="attribute", anchor="American"))
    other = aged("d.txt", "Wladimir Klitschko, 36, won.", "36", "Wladimir Klitschko")
    other.add("person", "Wladimir Klitschko", "Wladimir Klitschko")
    ctx = contexts([*both.mentions, *other.mentions], config.reconcile)
    assert ctx[both.mentions[-1].mention_id].anchor == "american"


def test_a_line_of_counts_gives_each_place_its_own_count(config: Config) -> None:
    def line(source: str) -> Sentence:
        text = "As much as 55 percent of voice traffic in Saudi Arabia, 52 percent in Egypt was out of service."
        s = Sentence(source, text)
        s.add("number", "As much as 55 percent", "55", unit="percent", qualifier="<=", verb="be")
        s.add("place", "Saudi Arabia", "Saudi Arabia").add("number", "52 percent", "52", unit="percent", verb="be")
        return s.add("place", "Egypt", "Egypt")

    a, b = line("a.txt"), line("b.txt")
    ctx = contexts([*a.mentions, *b.mentions], config.reconcile)
    assert [ctx[m.mention_id].own_place for m in a.mentions if m.kind == "number"] == ["saudi arabia", "egypt"]
    c = Sentence("c.txt", "Services in Egypt were out of service by 80 percent.")
    c.add("place", "Egypt", "Egypt").add("number", "80 percent", "80", unit="percent", verb="be")
    groups = [values for _, values in statuses(run(config, a, b, c), "number")]
    # "as much as 55 percent" meets 52, but Saudi Arabia's count is no count of Egypt's.
    assert not any({"55", "52"} <= values for values in groups)
    # A place inside the other's, or one the gazetteer does not know, says nothing against it.
    assert other_places(make_context(own_place="saudi arabia"), make_context(own_place="egypt"))
    assert not other_places(make_context(own_place="gao"), make_context(own_place="mali"))
    assert not other_places(make_context(own_place="qeshmabad-e sofla"), make_context(own_place="iran"))


def _placed(
    source: str, text: str, place: str, *, verb: str, anchor: str = "", names: tuple[str, ...] = (), org: str = ""
) -> Sentence:
    s = Sentence(source, text)
    for name in names:
        s.add("person", name, name)
    if org:
        s.add("organisation", org, org)
    s.add("place", place, place, verb=verb)
    s.mentions[-1] = replace(
        s.mentions[-1], frame=Frame(predicate=verb, slot="location", preposition="in", anchor=anchor)
    )
    return s


def test_two_places_of_one_site_are_one_fact_whatever_the_verbs(config: Config) -> None:
    def site(text: str, place: str, verb: str, anchor: str) -> Context:
        m = _placed("a.txt", text, place, verb=verb, anchor=anchor).mentions[-1]
        return contexts([m], config.reconcile)[m.mention_id]

    lyon = site("Residents fled a huge fire at a store in Lyon.", "Lyon", "flee", "store")
    banstead = site("The blaze began on the roof of the store in Banstead.", "Banstead", "begin", "store")
    paris = site("Raiders ploughed into a jewellery boutique in Paris.", "Paris", "plough", "boutique")
    assert same_site(lyon, banstead) and same_site(lyon, paris)  # a boutique is a store (WordNet)
    assert link_score(lyon, banstead, config.reconcile) >= config.reconcile.min_link_score
    # A happening is no site: "a quake in eastern China" / "a quake in Iran" may be two quakes.
    china = site("A dozen people died in a quake in China.", "China", "die", "quake")
    iran = site("A quake in Iran killed 10.", "Iran", "kill", "quake")
    assert not same_site(china, iran)


def test_two_leads_placing_the_story_with_one_thing_in_common_are_one_fact(config: Config) -> None:
    def lead(verb: str, subject: str, **fields: object) -> Context:
        where = {"block": "place:where", "interval": place_value("Paris"), "lede": True}
        return make_context(**{**where, "verb": verb, "subject": subject, **fields})

    amman = lead("clean", "robber", interval=place_value("Amman"))  # "armed robbers cleaned out a store in Amman"
    paris = lead("enter", "robber")  # "four armed robbers … entered the store … in central Paris"
    assert same_lede_site(amman, paris)
    assert frame_evidence(amman, paris) and link_score(amman, paris, config.reconcile) >= 0.4
    assert not same_lede_site(amman, lead("enter", "thief"))  # nothing in common but the lead
    assert not same_lede_site(amman, replace(paris, lede=False))  # a later sentence may tell another event
    assert not same_lede_site(amman, replace(paris, describes=True))  # "an Athens bank": where the bank is


def test_two_places_of_one_event_told_with_two_verbs_around_the_same_names(config: Config) -> None:
    names = ("Klitschko", "Rahman")
    a = _placed("a.txt", "Klitschko stopped Rahman in seven rounds in Mannheim.", "Mannheim", verb="stop", names=names)
    b = _placed("b.txt", "Klitschko blasted a sluggish Rahman in Bern.", "Bern", verb="blast", names=names)
    for s in (a, b):
        s.mentions[-1] = replace(s.mentions[-1], subject="Klitschko")
    assert statuses(run(config, a, b), "place") == [("conflict", frozenset({"Mannheim", "Bern"}))]


def test_years_of_one_named_thing_are_one_fact_whatever_the_verbs(config: Config) -> None:
    def dated(source: str, text: str, year: str, verb: str, head: str, *orgs: str) -> Sentence:
        s = Sentence(source, text)
        for org in orgs:
            s.add("organisation", org, org)
        s.add("date", year, year, unit="year", verb=verb)
        s.mentions[-1] = replace(s.mentions[-1], frame=Frame(predicate=verb, modifies=head))
        return s

    title = "Notorious Bettie Page"
    a = dated("a.txt", "Page inspired the 2005 film The Notorious Bettie Page.", "2005", "inspire", "film", title)
    b = dated(
        "b.txt", "She was celebrated in the 2006 movie, The Notorious Bettie Page.", "2006", "celebrate", "movie", title
    )
    assert statuses(run(config, a, b), "date") == [("conflict", frozenset({"2005", "2006"}))]
    # A book and its film are two things, whatever title they share.
    men = "All the President's Men"
    c = dated("c.txt", "It became known in the 1974 book All the President's Men.", "1974", "know", "book", men)
    d = dated("d.txt", "He was a figure in the 1976 movie All the President's Men.", "1976", "be", "movie", men)
    assert "conflict" not in {status for status, _ in statuses(run(config, c, d), "date")}


def test_a_count_told_of_a_place_outside_the_story_is_another_event(config: Config) -> None:
    def killed(source: str, text: str, count: str, *places: str) -> Sentence:
        s = Sentence(source, text)
        for p in places:
            s.add("place", p, p)
        return s.add("number", f"{count} people", count, unit="people", verb="kill")

    a = killed("a.txt", "The quake in Iran killed 10 people on Qeshm.", "10", "Iran", "Qeshm")
    b = killed("b.txt", "Officials in Iran said 10 people were killed.", "10", "Iran")
    c = killed("c.txt", "On Saturday 12 people were killed by a quake in China.", "12", "China")
    assert story_places([*a.mentions, *b.mentions, *c.mentions]) == {"iran"}  # Qeshm and China: one source each
    # China is no story place (one source names it): its toll is another quake's, not a second figure for Iran's.
    assert statuses(run(config, a, b, c), "number") == [("agree", frozenset({"10"})), ("unique", frozenset({"12"}))]
    # Without the story's places the same sentence is one more figure of the toll.
    d = killed("d.txt", "On Saturday 12 people were killed by the quake.", "12")
    assert statuses(run(config, a, b, d), "number") == [("conflict", frozenset({"10", "12"}))]


def _offer(source: str, text: str, amount: str, subject: str) -> Sentence:
    """A sentence offering Teixeira ``amount`` million dollars, said with ``subject``."""
    s = Sentence(source, text).add("person", "Teixeira", "Mark Teixeira")
    return s.add("number", f"${amount} million", f"{amount}000000", unit="dollar", verb="offer", subject=subject)


def test_capitalised_subjects_the_tagger_missed_are_two_actors(config: Config) -> None:
    sox = _offer("a.txt", "Report: Red Sox offer Teixeira $200 million", "200", "sox")
    nationals = _offer("b.txt", "The Nationals have offered Teixeira $160 million.", "160", "nationals")
    assert sorted(statuses(run(config, sox, nationals), "number"), key=str) == [
        ("unique", frozenset({"160000000"})),
        ("unique", frozenset({"200000000"})),
    ]
    # One team written short is one actor ("the Jays" are the Bluejays); lower-case subjects say nothing.
    jays = _offer("c.txt", "The Jays have offered Teixeira $160 million.", "160", "jays")
    bluejays = _offer("d.txt", "The Bluejays offer Teixeira $200 million.", "200", "bluejays")
    assert statuses(run(config, jays, bluejays), "number") == [("conflict", frozenset({"160000000", "200000000"}))]
    team = _offer("e.txt", "The team has offered Teixeira $160 million.", "160", "team")
    assert statuses(run(config, sox, team), "number") == [("conflict", frozenset({"160000000", "200000000"}))]


def test_a_name_that_opens_its_sentence_is_a_capitalised_subject(config: Config) -> None:
    # "Nationals" opens its sentence, but the event writes it capitalised elsewhere and never in lower case.
    nationals = _offer("a.txt", "Nationals offered Teixeira $160 million.", "160", "nationals")
    sox = _offer("b.txt", "Report: Red Sox offer Teixeira $200 million", "200", "sox")
    met = Sentence("c.txt", "Teixeira met the Nationals on Monday.").add("person", "Teixeira", "Mark Teixeira")
    ctx = contexts([*nationals.mentions, *sox.mentions, *met.mentions], config.reconcile)
    assert ctx[nationals.mentions[-1].mention_id].subject_proper
    assert sorted(statuses(run(config, nationals, sox, met), "number"), key=str) == [
        ("unique", frozenset({"160000000"})),
        ("unique", frozenset({"200000000"})),
    ]
    # "Team" opens its sentence and the event writes "team" in lower case: a word, not a name.
    team = _offer("c.txt", "Team officials offered Teixeira $160 million, the team said.", "160", "team")
    ctx = contexts(team.mentions, config.reconcile)
    assert not ctx[team.mentions[-1].mention_id].subject_proper


def test_a_length_of_service_is_no_length_of_the_event(config: Config) -> None:
    def lasted(source: str, text: str, written: str, value: str, modifies: str = "") -> Sentence:
        s = Sentence(source, text).add("person", "Hiller", "Yvonne Hiller")
        s.add("date", written, value, unit="duration", verb="suspend", subject="Hiller")
        s.mentions[-1] = replace(s.mentions[-1], frame=Frame(predicate="suspend", agent="Hiller", modifies=modifies))
        return s

    a = lasted("a.txt", "Hiller, a 15-year employee, was suspended.", "15-year", "P15Y", modifies="employee")
    b = lasted("b.txt", "Hiller was suspended for the second time in two months.", "two months", "P2M")
    m = a.mentions[-1]
    assert contexts([m], config.reconcile)[m.mention_id].block == "tenure"
    assert "conflict" not in {status for status, _ in statuses(run(config, a, b), "date")}
    # Two lengths of service of one person still meet: "a 15-year employee" / "a 20-year employee".
    c = lasted("c.txt", "Hiller, a 20-year employee, was suspended.", "20-year", "P20Y", modifies="employee")
    assert statuses(run(config, a, c), "date") == [("conflict", frozenset({"P15Y", "P20Y"}))]


def test_a_sentences_words_are_its_runs_of_letters_and_digits() -> None:
    rng = random.Random(20221114)
    alphabet = "aZé9_-'’ .,²ß中\u0301٣" + "".join(chr(i) for i in range(0x20, 0x250))
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        plain = frozenset("".join(c if c.isalnum() else " " for c in text.lower()).split())
        assert _words_of(text) == plain
    assert _words_of("Felt's 30-year-old record, broken_in 2008.") == {
        "felt",
        "s",
        "30",
        "year",
        "old",
        "record",
        "broken",
        "in",
        "2008",
    }
