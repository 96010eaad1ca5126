"""What a date is the date of: a day written without its year is a day of no year (the year was the reader's
guess); a day written before a noun dates that thing ("the March 11, 2005, incident"), not the sentence's verb."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pipeline.config import Config
from pipeline.reconcile.align import story_events
from pipeline.reconcile.links import same_dated_act, same_lede, same_story_event
from pipeline.reconcile.match import frame_evidence, link_score, plausible
from pipeline.reconcile.readings import lede_sentences
from pipeline.reconcile.slots import block_and_interval, contexts
from pipeline.reconcile.values import Interval, date_interval, year_guessed
from pipeline.records import Frame, Mention


def _date(text: str, value: str, unit: str = "day", qualifier: str = "") -> Mention:
    sentence = f"The deputy was killed on {text}."
    start = sentence.index(text)
    return Mention(
        "e", "a.txt", "a:1", "date", text, value, unit, qualifier, start, start + len(text), sentence, verb="kill"
    )


def _guessed(m: Mention) -> Interval | None:
    return year_guessed(m.value, m.text)


def _day(d: date) -> Interval:
    return Interval("day", float(d.toordinal()), float(d.toordinal()))


def test_a_day_written_without_its_year_is_a_day_of_no_year(config: Config) -> None:
    # A trial report of 2007 says "June 24"; the publication date made it 2006; the day's own report said 2005.
    block, interval = block_and_interval(_date("June 24", "2006-06-24"), config.reconcile, {})  # type: ignore[misc]
    assert block == "date" and interval == Interval("day of year", 624.0, 624.0)
    assert interval.meets(_day(date(2005, 6, 24)))
    assert not interval.meets(_day(date(2005, 6, 25)))  # another day is still another day


def test_a_month_without_its_year_is_a_month_of_no_year() -> None:
    assert _guessed(_date("May", "2013-05", "month")) == Interval("month of year", 5.0, 5.0)
    assert _guessed(_date("Dec. 9", "2008-12-09")) == Interval("day of year", 1209.0, 1209.0)


def test_a_stated_or_counted_year_is_kept(config: Config) -> None:
    stated = _date("June 24, 2005", "2005-06-24")
    assert _guessed(stated) is None
    _, interval = block_and_interval(stated, config.reconcile, {})  # type: ignore[misc]
    assert interval == date_interval("2005-06-24", "")
    # Counted from the publication date, not guessed: "last month", "this year"; and no month named at all.
    assert _guessed(_date("last month", "2013-04", "month")) is None
    assert _guessed(_date("Friday", "2005-06-24")) is None
    assert _guessed(_date("2005", "2005", "year")) is None


def test_an_open_date_keeps_its_days(config: Config) -> None:
    # "before June 24" is a stretch of days up to that one; the open end is what says anything.
    before = _date("June 24", "2006-06-24", qualifier="before")
    _, interval = block_and_interval(before, config.reconcile, {})  # type: ignore[misc]
    assert interval.kind == "day" and interval.low == float("-inf")


def _dated(source: str, sentence: str, text: str, value: str, verb: str, modifies: str = "") -> Mention:
    start = sentence.index(text)
    return Mention(
        "e",
        source,
        f"{source}:1",
        "date",
        text,
        value,
        "partial" if value.startswith("XXXX") else "day",
        "",
        start,
        start + len(text),
        sentence,
        verb=verb,
        frame=Frame(predicate=verb, modifies=modifies, agent="James Bodiford"),
    )


def test_a_day_written_before_a_noun_dates_that_thing(config: Config) -> None:
    incident = _dated(
        "a.txt",
        "Judge James Bodiford sentenced Nichols for the March 11, 2005, incident.",
        "March 11, 2005",
        "2005-03-11",
        "sentence",
        "incident",
    )
    said = _dated("b.txt", "Judge James Bodiford on Saturday suggested a prison.", "Saturday", "XXXX-WXX-6", "suggest")
    ctx = contexts([incident, said], config.reconcile)
    assert ctx[incident.mention_id].head == "incident"
    # The incident's day is no day of the suggesting, whatever names the two sentences share.
    assert not frame_evidence(ctx[incident.mention_id], ctx[said.mention_id])


def test_a_day_the_parser_hung_on_the_noun_before_it_stays_the_verbs(config: Config) -> None:
    placed = _dated(
        "a.txt",
        "The Saints placed Bush on the injured reserve list Wednesday.",
        "Wednesday",
        "XXXX-WXX-3",
        "place",
        "list",
    )
    assert contexts([placed], config.reconcile)[placed.mention_id].head == ""


def _in_article(source: str, sentences: list[str], at: int, text: str, value: str, verb: str) -> Mention:
    """A date mention in the ``at``-th of ``sentences`` (offsets as in the article they make)."""
    starts = [sum(len(s) + 1 for s in sentences[:i]) for i in range(len(sentences))]
    sentence = sentences[at]
    start = starts[at] + sentence.index(text)
    return Mention(
        "e",
        source,
        f"{source}:{at}:{text}",
        "date",
        text,
        value,
        "partial",
        "",
        start,
        start + len(text),
        sentence,
        sent_start=starts[at],
        sent_end=starts[at] + len(sentence),
        verb=verb,
        frame=Frame(predicate=verb, slot="location", preposition="on"),
    )


def _names(date: Mention, *names: str) -> list[Mention]:
    out = [date]
    for name in names:
        i = date.sentence.index(name) + date.sent_start
        out.append(
            Mention(
                "e",
                date.source,
                f"{date.mention_id}:{name}",
                "place",
                name,
                name,
                "",
                "",
                i,
                i + len(name),
                date.sentence,
                sent_start=date.sent_start,
            )
        )
    return out


def test_the_first_sentence_after_the_headline_is_the_lede() -> None:
    sentences = [
        "Jewels Stolen From Harry Winston Store In Paris",
        "Thieves on Thursday stole jewels in Paris.",
        "Police said on Friday they had no suspects in Paris.",
    ]
    headline = _in_article("a.txt", sentences, 0, "Harry Winston", "x", "")
    lede = _in_article("a.txt", sentences, 1, "Thursday", "XXXX-WXX-4", "steal")
    later = _in_article("a.txt", sentences, 2, "Friday", "XXXX-WXX-5", "say")
    assert lede_sentences([headline, later, lede]) == {"a.txt": lede.sent_start}


def test_two_ledes_date_one_event_whatever_their_verbs(config: Config) -> None:
    a_text = ["A gang of thieves on Thursday stole the jewels of the Harry Winston store off the Champs-Elysees."]
    b_text = ["Robbers stormed Harry Winston's store near the Champs-Elysees on Saturday afternoon."]
    a = _names(_in_article("a.txt", a_text, 0, "Thursday", "XXXX-WXX-4", "steal"), "Harry Winston", "Champs-Elysees")
    b = _names(_in_article("b.txt", b_text, 0, "Saturday", "XXXX-WXX-6", "storm"), "Harry Winston", "Champs-Elysees")
    ctx = contexts([*a, *b], config.reconcile)
    x, y = ctx[a[0].mention_id], ctx[b[0].mention_id]
    assert x.lede and y.lede and same_lede(x, y)
    assert frame_evidence(x, y) and link_score(x, y, config.reconcile) >= config.reconcile.min_link_score
    # One name in common is not enough: "Employees in Vancouver were coping Saturday" / "a shooting in Vancouver Friday".
    c = _names(
        _in_article(
            "c.txt",
            ["Employees in Vancouver were coping Saturday with the death."],
            0,
            "Saturday",
            "XXXX-WXX-6",
            "cope",
        ),
        "Vancouver",
    )
    d = _names(
        _in_article(
            "d.txt", ["A man shot his boss at a party in Vancouver Friday."], 0, "Friday", "XXXX-WXX-5", "shoot"
        ),
        "Vancouver",
    )
    ctx = contexts([*c, *d], config.reconcile)
    assert not same_lede(ctx[c[0].mention_id], ctx[d[0].mention_id])
    # A date further down the article is no lede's.
    e_text = [
        "Robbers stormed Harry Winston's store near the Champs-Elysees.",
        "It happened on Saturday, Harry Winston and Champs-Elysees staff said.",
    ]
    e = _names(_in_article("e.txt", e_text, 1, "Saturday", "XXXX-WXX-6", "happen"), "Harry Winston", "Champs-Elysees")
    e_first = _names(_in_article("e.txt", e_text, 0, "Robbers", "x", "storm"), "Harry Winston")[1:]
    ctx = contexts([*a, *e_first, *e], config.reconcile)
    assert not ctx[e[0].mention_id].lede and not same_lede(ctx[a[0].mention_id], ctx[e[0].mention_id])


def _party(source: str, sentence: str, day: str, verb: str) -> list[Mention]:
    values = {"Friday": "XXXX-WXX-5", "Thursday": "XXXX-WXX-4"}
    return _names(_in_article(source, [sentence], 0, day, values[day], verb), "Vancouver")


def test_verbs_the_other_sources_date_alike_tell_one_event(config: Config) -> None:
    # Two outlets say "opened fire", two "walked into", all on Friday around Vancouver: one event told two ways,
    # so a fifth outlet's "walked into … Thursday" is that event's date, against "opened fire … Friday".
    told = [
        _party("a.txt", "A former employee opened fire at an office party in Vancouver Friday.", "Friday", "open"),
        _party("b.txt", "A man walked into a staff party in Vancouver Friday and shot his boss.", "Friday", "walk"),
        _party("c.txt", "An ex-employee opened fire at a Christmas party in Vancouver Friday.", "Friday", "open"),
        _party("d.txt", "A gunman walked into a party in Vancouver Friday.", "Friday", "walk"),
        _party("e.txt", "A former worker walked into a party in Vancouver Thursday.", "Thursday", "walk"),
    ]
    mentions = [m for ms in told for m in ms]
    ctx = story_events(mentions, contexts(mentions, config.reconcile))
    opened, walked = ctx[told[0][0].mention_id], ctx[told[4][0].mention_id]
    assert opened.story and opened.story == walked.story and same_story_event(opened, walked)
    assert (
        frame_evidence(opened, walked)
        and link_score(opened, walked, config.reconcile) >= config.reconcile.min_link_score
    )
    # One pair of outlets is not enough to say two verbs tell one event.
    few = [m for ms in (told[0], told[1], told[4]) for m in ms]
    assert not story_events(few, contexts(few, config.reconcile))[told[0][0].mention_id].story


def test_a_weekday_is_no_day_of_a_year(config: Config) -> None:
    saturday = Interval("weekday", 6.0, 6.0)
    year = date_interval("2001", "")
    december = date_interval("2008-12", "")
    assert year is not None and december is not None
    assert not saturday.meets(year) and saturday.meets(december)
    stopped = _dated("a.txt", "Klitschko stopped Rahman on Saturday.", "Saturday", "XXXX-WXX-6", "stop")
    won = _dated("b.txt", "Rahman won the belt from Lewis in 2001.", "2001", "2001", "win")
    ctx = contexts([stopped, won], config.reconcile)
    x, y = ctx[stopped.mention_id], ctx[won.mention_id]
    assert not plausible(x, y, config.reconcile.max_count_ratio, config.reconcile.max_date_gap_days)


def test_a_day_on_the_world_clock_is_left_out(config: Config) -> None:
    sentence = "Bettie Page passed away at 6:41pm PST this evening (0241 GMT Friday) in a Los Angeles hospital."
    gmt = _dated("a.txt", sentence, "Friday", "XXXX-WXX-5", "pass")
    local = _dated("b.txt", "Bettie Page died Thursday in Los Angeles.", "Thursday", "XXXX-WXX-4", "die")
    assert set(contexts([gmt, local], config.reconcile)) == {local.mention_id}


def test_the_storys_names_do_not_make_two_years_of_a_life_one_fact(config: Config) -> None:
    def dated(source: str, sentence: str, text: str, value: str, verb: str) -> list[Mention]:
        # The second sentence of an article whose lead tells the death: no lead's date.
        sentences = ["Felt, the FBI's Deep Throat, died on Thursday.", sentence]
        lead = _in_article(source, sentences, 0, "Thursday", "XXXX-WXX-4", "die")
        m = _in_article(source, sentences, 1, text, value, verb)
        unit = "year" if len(value) == 4 else "partial" if value.startswith("XXXX") else "month"
        m = replace(m, unit=unit)
        return [*_names(m, "Felt", "FBI"), lead]

    left = dated("a.txt", "Felt left the FBI in 1973 for the lecture circuit.", "1973", "1973", "leave")
    was = dated("b.txt", "Felt served as associate director of the FBI in 1972.", "1972", "1972", "serve")
    ctx = contexts([*left, *was], config.reconcile)
    # A year of a life: Felt and the FBI are in every sentence of his obituaries and say nothing of which event.
    assert not frame_evidence(ctx[left[0].mention_id], ctx[was[0].mention_id])
    passed = dated("c.txt", "In May 1972 Felt had been passed over by the FBI.", "May 1972", "1972-05", "pass")
    died = dated("d.txt", "Felt died at home on Thursday, the FBI said.", "Thursday", "XXXX-WXX-4", "die")
    ctx = contexts([*passed, *died], config.reconcile)
    assert not frame_evidence(ctx[passed[0].mention_id], ctx[died[0].mention_id])  # a month of a past year too
    stopped = dated("c.txt", "Felt stopped the FBI probe on Saturday.", "Saturday", "XXXX-WXX-6", "stop")
    blasted = dated("d.txt", "Felt blasted the FBI on Saturday night.", "Saturday", "XXXX-WXX-6", "blast")
    ctx = contexts([*stopped, *blasted], config.reconcile)
    # A day of the story: two of its names say which event, whatever the verbs.
    assert frame_evidence(ctx[stopped[0].mention_id], ctx[blasted[0].mention_id])


def _acted(source: str, sentence: str, text: str, value: str, verb: str, theme: str) -> Mention:
    m = _in_article(source, [sentence], 0, text, value, verb)
    unit = "partial" if value.startswith("XXXX") else "year" if len(value) == 4 else "day"
    return replace(m, unit=unit, frame=replace(m.frame, theme=theme))


def test_one_act_on_one_thing_dated_by_the_day_is_one_event(config: Config) -> None:
    filed = _acted(
        "a.txt", "The Hennepin County Attorney filed criminal charges Sunday.", "Sunday", "XXXX-WXX-7", "file", "charge"
    )
    told = _acted("b.txt", "He was drunk, according to charges filed Friday.", "Friday", "XXXX-WXX-5", "file", "charge")
    suit = _acted("c.txt", "His family filed a lawsuit Friday.", "Friday", "XXXX-WXX-5", "file", "lawsuit")
    won = _acted("d.txt", "She received the award in 2000.", "2000", "2000", "receive", "award")
    again = _acted("e.txt", "He said she received the award in 2004.", "2004", "2004", "receive", "award")
    ctx = contexts([filed, told, suit, won, again], config.reconcile)
    assert same_dated_act(ctx[filed.mention_id], ctx[told.mention_id])
    # Another thing filed is another act; a year of the same act may be another time it was done.
    assert not same_dated_act(ctx[filed.mention_id], ctx[suit.mention_id])
    assert not same_dated_act(ctx[won.mention_id], ctx[again.mention_id])


def test_an_object_that_only_counts_is_no_theme(config: Config) -> None:
    # "shot to death one person and injured two others Monday": "others" names no thing to tell two acts apart.
    shot = _acted("a.txt", "A gunman shot three people Thursday.", "Thursday", "XXXX-WXX-4", "shoot", "people")
    hurt = _acted("b.txt", "A man shot one and injured two others Monday.", "Monday", "XXXX-WXX-1", "shoot", "other")
    ctx = contexts([shot, hurt], config.reconcile)
    assert ctx[hurt.mention_id].theme == "" and ctx[shot.mention_id].theme == "people"
