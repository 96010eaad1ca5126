"""Claim frames: what a sentence asserts around a value, read off the dependency parse.

Every mention is a slot filler of one predicate. "Britain dispatched 300
troops to Mali in December 2020": *300* counts the theme (troop) of
*dispatch*, *Mali* is its destination, *December 2020* its time and *Britain*
its agent. :func:`frame_of` climbs from the mention's head token to the
predicate, noting on the way which preposition introduced it, which noun it
hangs on (the *anchor*: "the Betty Ford Clinic in Rancho Mirage", "LaSalle,
36, of Bloomington"), and which event noun stands between it and the verb
("the *announcement* by Macron in June", "the *deployment* of 300 troops").
Pure functions of the parse: tested on hand-built ``Doc``s.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Frame
from .common import governing_verb, subject_text, verb_subject

# Preposition → the slot its object fills.
PREPOSITION_SLOTS: dict[str, str] = {
    **dict.fromkeys(
        ("in", "at", "on", "near", "inside", "outside", "across", "throughout", "around", "off"), "location"
    ),
    **dict.fromkeys(("from", "out"), "origin"),
    **dict.fromkeys(("to", "into", "toward", "towards", "onto", "for"), "destination"),
    **dict.fromkeys(("during", "over", "within", "after", "before", "since", "until", "by"), "time"),
    "of": "attribute",
    "with": "theme",
}
_SUBJECTS = {"nsubj", "csubj", "expl"}
_OBJECTS = {"dobj", "attr", "oprd", "nsubjpass", "dative"}
_MODIFIERS = {"compound", "amod", "nummod", "quantmod", "poss", "nmod", "npadvmod", "det"}
_VERBS = {"VERB", "AUX"}
_NOUNS = {"NOUN", "PROPN"}
FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "going"}
MODAL_AUX = {"may", "might", "could", "can", "should", "must"}
REPORTING = {"say", "tell", "report", "announce", "claim", "state", "add", "confirm", "according", "insist", "deny"}


_AGE_WORDS = {"year", "month", "week", "day"}


def age_holder(tok: Token) -> Token | None:
    """Whom an age describes: "the 33-year-old Reid" → Reid, "a 60-year-old woman" → woman,
    "Jerry was 35 years old" → Jerry, "Klitschko, who is 32" → Klitschko; None when ``tok`` is no age word."""
    text = tok.text.lower()
    if text in ("old", "-old") or text.endswith(("year-old", "month-old", "week-old", "day-old")):
        old = tok  # the age's own token: "old" of "33-year-old", or one token "year-old"
    elif tok.lemma_.lower() in _AGE_WORDS and tok.head.text.lower() in ("old", "-old"):
        old = tok.head
    else:
        return None
    if old.dep_ == "amod" and old.head.pos_ in _NOUNS:
        return old.head
    if old.dep_ in ("acomp", "attr") and old.head.pos_ in _VERBS:
        subject = verb_subject(old.head)
        if subject is not None and subject.text.lower() in _RELATIVE and old.head.dep_ == "relcl":
            return old.head.head
        return subject
    return None


def frame_of(tok: Token) -> Frame:
    """The frame of the mention whose head token is ``tok`` (a counted noun, a date's root, a name's root)."""
    aged = age_holder(tok)
    node = tok
    # A name or number inside a longer noun phrase stands for that phrase ("Staunton ice cream store").
    while node.dep_ in _MODIFIERS and node.head.pos_ in _NOUNS and node.head.i != node.i:
        if node.dep_ in ("npadvmod",) and node.head.pos_ in _VERBS:
            break
        node = node.head
    slot, preposition, anchor, event_noun = "", "", "", ""
    dep = node.dep_
    head = node.head
    if dep in _SUBJECTS:
        slot = "agent"
    elif dep in _OBJECTS:
        slot = "theme"
    elif dep == "pobj" and head.dep_ in ("prep", "agent"):
        preposition = head.text.lower()
        slot = "agent" if head.dep_ == "agent" else PREPOSITION_SLOTS.get(preposition, "")
        holder = head.head
        if holder.pos_ in _NOUNS and holder is not head:
            anchor = subject_text(holder)
            event_noun = holder.lemma_.lower()
            if preposition == "of":
                slot = "theme"  # "the deployment of 300 troops", "the death of Bettie Page"
    elif dep == "appos" and head.pos_ in _NOUNS:
        slot, anchor = "attribute", subject_text(head)
    elif dep in ("npadvmod", "tmod", "advmod"):
        slot = "time"
    elif node is not tok and node.pos_ in _NOUNS:
        anchor = subject_text(node)
    if aged is not None:  # an age is a fact about its holder, said in the holder's clause
        node, anchor, slot = aged, subject_text(aged), "attribute"
    # The verb above the mention's phrase (the phrase's own head when it is the sentence's root verb).
    predicate = governing_verb(node.head)  # the root's head is itself
    subject = verb_subject(predicate) if predicate is not None else None
    purpose = _purpose(tok)
    if purpose is not None:
        predicate = purpose  # "they have six months to leave": the time is the leaving's
    if not event_noun and predicate is not None and node is not tok and node.pos_ == "NOUN":
        event_noun = node.lemma_.lower()  # the noun phrase the mention is part of ("the 2007 host")
    agent = _agent_text(subject, predicate)
    if event_noun and dep == "pobj":
        agent = _noun_agent(head.head) or agent  # "an announcement by Macron in June", "France's withdrawal"
    children = list(predicate.children) if predicate is not None else []  # built once, read three times
    theme = next((c.lemma_.lower() for c in children if c.dep_ in ("dobj", "nsubjpass")), "")
    return Frame(
        predicate=predicate.lemma_.lower() if predicate is not None else "",
        event_noun=event_noun,
        slot=slot,
        preposition=preposition,
        anchor=anchor,
        agent=agent,
        theme=theme,
        negated=any(c.dep_ == "neg" for c in children),
        modality=_modality(predicate, children),
        reporter=_reporter(predicate),
    )


def _purpose(tok: Token) -> Token | None:
    """The verb a stretch of time is given for: "six months to leave", "12 hours to respond"."""
    if tok.lemma_.lower() not in _TIME_WORDS:
        return None
    for child in tok.children:
        infinitive = any(g.dep_ == "aux" and g.text.lower() == "to" for g in child.children)
        if child.dep_ in ("relcl", "acl") and child.pos_ == "VERB" and infinitive:
            return child
    return None


_TIME_WORDS = _AGE_WORDS | {"hour", "minute", "second"}
_RELATIVE = {"which", "who", "that", "whom"}
_AGENT_MODIFIERS = {"amod", "compound", "poss"}


def _agent_text(subject: Token | None, predicate: Token | None) -> str:
    """The subject's name: a relative pronoun stands for the noun the clause hangs on ("Paris, which announced"),
    and a nationality or place word for its country ("the German army announced" → "German")."""
    if subject is None:
        return ""
    if subject.text.lower() in _RELATIVE and predicate is not None and predicate.dep_ == "relcl":
        return subject_text(predicate.head)
    if not subject.ent_type_:
        for child in subject.children:
            if child.dep_ in _AGENT_MODIFIERS and child.ent_type_ in ("NORP", "GPE", "ORG"):
                return subject_text(child)
    return subject_text(subject)


def _noun_agent(noun: Token) -> str:
    for child in noun.children:
        if child.dep_ == "poss" and child.ent_type_:
            return subject_text(child)
        if child.dep_ in ("prep", "agent") and child.text.lower() == "by":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return subject_text(obj)
    return ""


def _modality(predicate: Token | None, children: list[Token]) -> str:
    if predicate is None:
        return ""
    aux = {c.text.lower() for c in children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX:
        return "future"
    if aux & MODAL_AUX:
        return "modal"
    return ""


def _reporter(predicate: Token | None) -> str:
    """The subject of the reporting verb a claim is the complement of ("police said 12 were injured")."""
    node = predicate
    for _ in range(4):
        if node is None:
            return ""
        head = node.head
        if head.i == node.i:
            return ""
        if node.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in REPORTING:
            return subject_text(verb_subject(head))
        node = head
    return ""
