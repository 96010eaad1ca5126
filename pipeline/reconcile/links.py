"""Two statements that are one fact whatever their context score: the rules that raise a link to the bar.

Each names what two sentences share that says they tell one thing (one site, one
holder, one lead, one line of counts, one event of the story ...); ``match``
raises a link that one of them holds (``link_score``) and reads some of them as
frame evidence. Pure functions of two ``Context``s.
"""

from __future__ import annotations

from .lexicon import Lexicon, load_lexicon
from .readings import AGE_UNITS
from .slots import SAME_SENTENCE, SHARED_NAMES, Context


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of two word sets is shared (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0


def same_predicate(a: str, b: str, lexicon: Lexicon | None = None) -> bool:
    return a == b or (lexicon or load_lexicon()).same_predicate(a, b)


def same_holder(a: Context, b: Context) -> bool:
    """Two ages of one holder ("the 33-year-old Reid" / "Tara Reid, 33", "a 60-year-old woman" / "a 43-year-old
    woman"): one fact, whatever the verbs."""
    return a.unit in AGE_UNITS and b.unit in AGE_UNITS and bool(a.anchor) and a.anchor == b.anchor


def same_story_event(a: Context, b: Context) -> bool:
    """Two dates of one event of the story told with two verbs the other sources use for it, around a name in
    common ("opened fire at an office Christmas party Friday" / "walked into a staff Christmas party … Friday and
    shot")."""
    return (
        a.block == b.block == "date"
        and bool(a.story)
        and a.story == b.story
        and a.interval.kind == b.interval.kind
        and bool(a.entities & b.entities)
    )


def same_dated_act(a: Context, b: Context, lexicon: Lexicon | None = None) -> bool:
    """Two days of one verb done to one thing: "The Hennepin County Attorney filed criminal charges Sunday" /
    "according to charges filed Friday". A story tells its acts by the day, and one act on one object is one
    event; a year or a month of it ("received the award in 2000") may be another time it was done."""
    if not (a.block == b.block == "date" and a.verb and a.verb == b.verb and a.theme and b.theme):
        return False
    if not all(
        c.interval.kind == "weekday" or (c.interval.kind == "day" and c.interval.high - c.interval.low < 1)
        for c in (a, b)
    ):
        return False
    return a.theme == b.theme or (lexicon or load_lexicon()).same_thing(a.theme, b.theme)


def same_lede(a: Context, b: Context) -> bool:
    """Two dates of the story's event as two leads tell it, around two names or a name and a count in common: "A
    gang of four thieves on Thursday stole nearly all the jewels at the Harry Winston boutique" / "Harry Winston's
    Paris store was stormed by four robbers on Thursday afternoon"."""
    return (
        a.block == b.block == "date"
        and a.lede
        and b.lede
        and not (a.head or b.head)
        and len(a.entities & b.entities) + bool(a.counted & b.counted or a.scores & b.scores or a.things & b.things)
        >= SHARED_NAMES
    )


def same_lede_site(a: Context, b: Context, lexicon: Lexicon | None = None) -> bool:
    """Where the story's event happened as two leads tell it, with one more thing in common: "armed robbers
    cleaned out a high-end jewelry store yesterday in Amman" / "four armed robbers … entered the store on the chic
    Avenue Montaigne … in central Paris" (the same subject)."""
    if not (a.block == b.block == "place:where" and a.lede and b.lede) or a.describes or b.describes:
        return False
    return bool(
        (a.verb and b.verb and same_predicate(a.verb, b.verb, lexicon))
        or (a.subject and a.subject == b.subject)
        or a.entities & b.entities
        or a.counted & b.counted
    )


def same_bare_stretch(a: Context, b: Context) -> bool:
    """Two stretches of time of one verb, one of them in a sentence that says nothing else ("The jury was unable
    to come to a decision after 30 hours of deliberation" / "deliberated Nichols' fate for 40 hours")."""
    return a.block == b.block == "duration" and bool(a.verb) and a.verb == b.verb and (unframed(a) or unframed(b))


def same_sentence(a: Context, b: Context) -> bool:
    """One sentence two outlets copied or barely reworded (half its words in common): the value is what differs."""
    return jaccard(a.words, b.words) >= SAME_SENTENCE


def same_stat_line(a: Context, b: Context) -> bool:
    """A count in a line of counts two of whose other counts both sentences state alike: "177 receptions for
    1,098 yards and seven touchdowns" / "career-highs of 59 receptions, 1,098 yards and seven touchdowns". Its
    span may be named two ways ("his finest season" / "career-highs") but not once only, and a part stays a part
    ("5 of his 6 blocked shots")."""
    return (
        a.block.startswith("number:")
        and len(a.counted & b.counted) >= SHARED_NAMES
        and bool(scope_words(a.words)) == bool(scope_words(b.words))
        and a.part == b.part
        and a.additive == b.additive
    )


def same_count(a: Context, b: Context) -> bool:
    """One predicate and another count of the same thing and value in both sentences: "A 36-year-old man died
    on Tuesday after falling" / "On Friday, 36-year-old Duncan Rait died after slipping"."""
    return bool(a.verb and b.verb and a.counted & b.counted) and same_predicate(a.verb, b.verb)


def same_kind_counted(a: Context, b: Context) -> bool:
    """Counts of one kind of the thing, written with the same modifier: "the estimated 940,000 public comments"
    / "nearly 235,000 public comments"; "about 40 volunteer firefighters" / "30 to 40 volunteer firefighters"."""
    if not (a.block == b.block and a.block.startswith("number:") and a.unit not in AGE_UNITS):
        return False
    # or described by one verb: "355 damaged shops" / "565 shops suffering serious damage"; "infected as many as
    # 30,000 websites" / "about 10,000 websites that have been infected"
    return bool(a.modifiers & b.modifiers or a.described & (b.described | {b.verb}) or b.described & {a.verb})


def same_described_thing(a: Context, b: Context, lexicon: Lexicon | None = None) -> bool:
    """Two measures of one made thing: "a loaded .38-caliber revolver was recovered" / "he pointed a .357 caliber
    revolver at them" (the frame evidence says whether the event has one such thing). Not of an act: "an 11-yard
    pass to Hilton" / "a 7-yard touchdown pass to Wayne" are two passes."""
    if not (a.block == b.block and a.block.startswith("number:") and a.head and a.head == b.head):
        return False
    return (lexicon or load_lexicon()).is_artifact(a.head)


def same_site(a: Context, b: Context, lexicon: Lexicon | None = None) -> bool:
    """Two places of one site: "a fire at a Waitrose store in Cairo" / "began on the roof of the store in
    Banstead"; "a jewellery boutique in central Riyadh" / "a jewelry store in central Paris"."""
    if not (a.block == b.block == "place:where" and a.anchor and b.anchor):
        return False
    lexicon = lexicon or load_lexicon()
    if not (lexicon.is_artifact(a.anchor) and lexicon.is_artifact(b.anchor)):
        return False  # "a quake in eastern China" / "a quake in Iran": two happenings may be two quakes
    return a.anchor == b.anchor or lexicon.same_thing(a.anchor, b.anchor)


def same_named_thing(a: Context, b: Context, lexicon: Lexicon | None = None) -> bool:
    """Two years of one named thing, whatever the verbs: "inspired the 2005 film The Notorious Bettie Page" /
    "celebrated in the 2006 HBO movie, The Notorious Bettie Page"."""
    if not (a.block == b.block == "date" and a.head and b.head and a.organisations & b.organisations):
        return False  # people around it say nothing: "a 1972 porn movie" / "the 1976 movie", both of Woodward
    lexicon = lexicon or load_lexicon()
    if lexicon.is_event_noun(a.head) or lexicon.is_event_noun(b.head):
        return False  # "the 2004 election" / "the 2000 election" of one candidate: two elections
    return a.head == b.head or lexicon.synonyms(a.head, b.head)  # "the 1974 book" is not "the 1976 movie"


def same_home(a: Context, b: Context) -> bool:
    """Two places where one person lives: "Anthony LaSalle, 36, of Bloomington" / "… of Minneapolis"."""
    return a.block == b.block == "place:home" and bool(a.anchor) and a.anchor == b.anchor


def same_holding(a: Context, b: Context) -> bool:
    """Two places that hold one place ("in Wasilla, Alaska" / "in Wasilla, West Virginia"), or two directions from
    one place ("150 nautical miles west of Aden" / "east of Aden")."""
    return (
        a.block == b.block and a.block in ("place:within", "place:bearing") and bool(a.anchor) and a.anchor == b.anchor
    )


def same_onset(a: Context, b: Context) -> bool:
    """Two dates of when one thing began, around the same names: "Since 2012, Mali has been battling growing
    violence" / "an insurgency that first erupted in Mali's north in 2012"."""
    return a.block == b.block == "date" and a.onset and b.onset and bool(a.entities & b.entities)


def same_actors(a: Context, b: Context) -> bool:
    """Two dates or places of one event told with two verbs, the same names around them: "Klitschko stopped
    Rahman on Saturday in Mannheim" / "Klitschko blasted Rahman on Saturday night in Bern"."""
    return (
        a.block == b.block
        and (a.block == "date" or a.block.startswith("place:"))
        and a.subject_named
        and a.subject == b.subject
        and len(a.entities & b.entities) >= SHARED_NAMES
        and not (a.describes or b.describes)  # "at Nixon's Florida holiday home" says where the home is
    )


# Words that say a count covers more than the event itself (a career, a season) or a part of it (a half, a
# quarter, an inning, a round): "17 points in the first half" / "finished with 22 points".
SCOPE_WORDS = frozenset(
    {
        "career",
        "season",
        "seasons",
        "all-time",
        "lifetime",
        "half",
        "halftime",
        "quarter",
        "overtime",
        "inning",
        "innings",
        "round",
    }
)


def scope_words(words: frozenset[str]) -> frozenset[str]:
    """The scope words of a sentence, and "window" for a stretch of a game ("in just over the first eight
    minutes", "in the final two minutes")."""
    window = frozenset({"window"}) if words & _WINDOW_EDGES and words & _WINDOW_UNITS else frozenset()
    return (words & SCOPE_WORDS) | window


_WINDOW_EDGES = frozenset({"first", "last", "final", "opening", "closing"})
_WINDOW_UNITS = frozenset({"minute", "minutes", "seconds"})


def unframed(c: Context) -> bool:
    """Only the predicate says what the value is of: no subject, theme, anchor, name or other value in its sentence
    ("He served 136 days"; not "sentenced to one to three years, with all but six months suspended")."""
    return not (c.subject or c.theme or c.anchor or c.entities or c.dated or c.counted or c.bare)
