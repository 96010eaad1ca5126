"""Typed records passed between the stages (ingest → nlp → extract → reconcile → report)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Literal, TypeVar

T = TypeVar("T")


def _pickled_by_fields(cls: type[T]) -> type[T]:
    """Pickle a frozen, slotted record as a call of its class with its field values, in order.

    ``dataclasses`` pickles a slotted class through ``__getstate__`` / ``__setstate__``, which look up the fields
    and set each by name (``fields()`` on every record): about twice as slow, and a worker's mentions are pickled
    to the main process and on to the worker that finishes the event.
    """
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: T) -> tuple[type[T], tuple[object, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


def slot_init(cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass an ``__init__`` that sets each field through its slot's descriptor.

    The ``__init__`` that ``dataclasses`` writes for a frozen class calls ``object.__setattr__(self, name, value)``
    for every field (a look-up of the name on the class each time): about twice as slow, and extraction builds a
    record for every mention, frame and number. Same parameters, defaults and values; the dataclass's own is kept
    as ``cls.dataclass_init``. A class with another kind of field (a factory, keyword-only, not in ``__init__``)
    or a ``__post_init__`` keeps its own.
    """
    params, lines = [], []
    namespace: dict[str, object] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        slot = cls.__dict__.get(f.name)
        if not f.init or f.kw_only or f.default_factory is not MISSING or not hasattr(slot, "__set__"):
            return cls
        if f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
        params.append(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}")
        namespace[f"_set_{f.name}"] = slot.__set__  # type: ignore[union-attr]
        lines.append(f"    _set_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__") or not lines:
        return cls
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.dataclass_init = cls.__init__  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[assignment,method-assign]
    return cls


Kind = Literal["date", "number", "person", "role", "place", "organisation"]
KINDS: tuple[Kind, ...] = ("date", "number", "person", "role", "place", "organisation")


@dataclass(frozen=True, slots=True)
class Article:
    """One source article of an event, as read from disk."""

    event: str
    source: str
    text: str
    path: Path | None = None
    outlet: str = ""
    url: str = ""
    published: date | None = None
    # Where `published` came from: "metadata", "dateline", "event" (other sources), or "" (unknown).
    published_from: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not processed, and why (one line, names the file)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@slot_init
@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Frame:
    """The predicate a mention fills a slot of, and the other slots that say which fact it is."""

    predicate: str = ""  # lemma of the governing verb ("dispatch"), "" when none
    particle: str = ""  # the predicate's particle as written ("passed away" → "away"), "" when none
    event_noun: str = ""  # lemma of a noun between the mention and the verb ("announcement", "toll", "stay")
    slot: str = ""  # agent | theme | location | origin | destination | time | attribute | ""
    preposition: str = ""  # the preposition that introduced the mention ("in", "from", "to")
    anchor: str = ""  # the noun or name the mention hangs on ("Betty Ford Clinic", "LaSalle", "home")
    agent: str = ""  # the predicate's subject (its name when it is one, else its lemma)
    theme: str = ""  # the predicate's object (lemma)
    negated: bool = False
    modality: str = ""  # "future", "modal", "past" or "" (present, or no verb)
    reporter: str = ""  # who says it, when the claim is reported speech ("Heappey", "police")
    modifies: str = ""  # lemma of the noun the mention is a modifier of ("the 2000 National Caring Award" → "award")
    # The other verbs coordinated with the predicate ("shot and killed … and wounded two men Monday"), lemmas.
    coordinated: tuple[str, ...] = ()
    # For a mention "of" a noun: that noun's own slot and preposition ("stationed in the remote town of Gao" →
    # location, "in"; "took to the streets of Athens" → destination, "to"), "" when it fills none.
    holder_slot: str = ""
    holder_preposition: str = ""
    # The mention is one of a list of nouns ("felt in the Gulf states of Oman and the UAE").
    listed: bool = False
    # The noun the mention hangs on is a plural counted by another noun ("a string of robberies in Cannes").
    series: bool = False
    # The predicate is in a clause that describes a noun ("a quake on a Gulf island that killed 10 people"), not
    # in the sentence's own clause.
    relative: bool = False
    # The verbs that describe the mention's noun, and their objects ("355 damaged shops": damaged; "websites that
    # have been infected": infect; "shops suffering serious damage": suffer, damage).
    described: tuple[str, ...] = ()


@slot_init
@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """One normalised mention of a fact in one article.

    The first eleven fields are the columns of ``mentions.csv``; the rest is
    context the reconciler uses to decide which mentions state the same fact,
    then what only some kinds have (a field another kind leaves at its default).
    """

    event: str
    source: str
    mention_id: str
    kind: Kind
    text: str
    value: str
    unit: str
    qualifier: str
    start: int
    end: int
    sentence: str
    sent_start: int = 0
    sent_end: int = 0
    # Lemma of the verb that governs the mention ("deploy", "kill", "announce").
    verb: str = ""
    # Lemma (or canonical entity name) of that verb's subject.
    subject: str = ""
    # What the sentence asserts around the mention (see pipeline/extract/frames.py).
    frame: Frame = field(default=Frame())
    # Numbers.
    high: str = ""  # upper bound of a range, written like ``value`` ("300" of "200 to 300"); "" when no range
    modifiers: tuple[str, ...] = ()  # lemmas of the counted noun's modifiers ("un", "british")
    change: str = ""  # "up" / "down" when the number is the amount of a change ("rose 5%", "fell by 3")
    object_of: str = ""  # lemma of the verb whose object the number is, when it counts no noun ("killed 12")
    # Dates.
    mod: str = ""  # TIMEX3 mod: "START" / "MID" / "END" ("early 2020"), "MORE_THAN" ("more than a year") ...
    until: str = ""  # end of a date range, a TIMEX3 value ("2016" of "between 2014 and 2016")
    # Names (people, places, organisations).
    label: str = ""  # spaCy's entity label ("PERSON", "GPE", "ORG")
    gazetteer: bool = False  # the place gazetteer lists the name (a vote for "place")
    written: str = ""  # a person's name as the article writes it, honorifics dropped ("Hebby")
    person_cluster: str = ""  # canonical name of the person's cluster across the event ("James Heappey")
    # Roles.
    person: str = ""  # the person the role is attached to, as written ("Heappey")
    role_text: str = ""  # the role's own words ("armed forces minister")


MENTION_COLUMNS: tuple[str, ...] = (
    "event",
    "source",
    "mention_id",
    "kind",
    "text",
    "value",
    "unit",
    "qualifier",
    "start",
    "end",
    "sentence",
)


def lower_case_words(mentions: Iterable[Mention]) -> frozenset[str]:
    """The words the sentences of ``mentions`` write in lower case ("following", "born", "most", "federal"): a
    capitalised one of them opens a sentence or joins a name, it is no name itself."""
    sentences = {m.sentence for m in mentions}
    return frozenset(w for text in sentences for w in text.split() if w.isalpha() and w.islower())
