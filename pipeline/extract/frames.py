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

from spacy.attrs import TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Token

from ..records import Frame
from .common import VERB_POS, Parse, label_ids, parse_of, subject_at, subject_text_at, verb_at

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
_TIME_WORDS = _AGE_WORDS | {"hour", "minute", "second"}
_RELATIVE = {"which", "who", "that", "whom"}
# Participles that only name the noun they follow ("a fashion line called Mantra"): no predicate of their own.
_NAMING = {"call", "name", "dub", "title", "entitle", "label", "know"}

# The labels above as string-store ids: the frame is read off the doc's parse lists (``common.Parse``).
_SUBJECT_IDS = label_ids(*_SUBJECTS)
_OBJECT_IDS = label_ids(*_OBJECTS)
_MODIFIER_IDS = label_ids(*_MODIFIERS)
_NOUN_IDS = frozenset(POS_IDS[p] for p in _NOUNS)
_NOUN = POS_IDS["NOUN"]
_PROPN = POS_IDS["PROPN"]
_VERB = POS_IDS["VERB"]
_NPADVMOD, _POBJ, _PREP, _AGENT, _APPOS, _AMOD, _RELCL, _POSS, _NEG, _AUX_DEP, _ACL, _CONJ = (
    get_string_id(label)
    for label in ("npadvmod", "pobj", "prep", "agent", "appos", "amod", "relcl", "poss", "neg", "aux", "acl", "conj")
)
_PREP_IDS = frozenset((_PREP, _AGENT))
_PAST_PARTICIPLE = get_string_id("VBN")
_PLURAL_NOUN = get_string_id("NNS")
_AGE_DEPS = label_ids("acomp", "attr")
_TIME_DEPS = label_ids("npadvmod", "tmod", "advmod")
_THEME_DEPS = label_ids("dobj", "nsubjpass")
_SUBJECT_DEPS = label_ids("nsubj", "nsubjpass", "csubj", "expl")
_AUX_DEPS = label_ids("aux", "auxpass")
_NOUN_CLAUSE_DEPS = label_ids("relcl", "acl")  # a clause that describes a noun
_XCOMP = get_string_id("xcomp")
_PARTICLE = get_string_id("prt")
_MARK_IDS = label_ids("mark")
_ADVCL_IDS = label_ids("advcl")
_ORDER_MARKS = {"before", "after"}
_REPORTED_DEPS = label_ids("ccomp", "parataxis")
_AGENT_MODIFIER_IDS = label_ids("amod", "compound", "poss")
_AGENT_ENTS = label_ids("NORP", "GPE", "ORG")


def age_holder(tok: Token) -> Token | None:
    """Whom an age describes: "the 33-year-old Reid" → Reid, "a 60-year-old woman" → woman,
    "Jerry was 35 years old" → Jerry, "Klitschko, who is 32" → Klitschko; None when ``tok`` is no age word."""
    found = _age_holder(parse_of(tok.doc), tok.i)
    return None if found < 0 else tok.doc[found]


def _age_holder(p: Parse, i: int) -> int:
    text = p.text_lower(i)
    if text in ("old", "-old") or text.endswith(("year-old", "month-old", "week-old", "day-old")):
        old = i  # the age's own token: "old" of "33-year-old", or one token "year-old"
    elif p.lemma_lower(i) in _AGE_WORDS and p.text_lower(p.head[i]) in ("old", "-old"):
        old = p.head[i]
    else:
        return -1
    holder = p.head[old]
    if p.dep[old] == _AMOD and p.pos[holder] in _NOUN_IDS:
        return holder
    if p.dep[old] in _AGE_DEPS and p.pos[holder] in VERB_POS:
        subject = subject_at(p, holder)
        if subject >= 0 and p.text_lower(subject) in _RELATIVE and p.dep[holder] == _RELCL:
            return p.head[holder]
        return subject
    return -1


def frame_of(tok: Token) -> Frame:
    """The frame of the mention whose head token is ``tok`` (a counted noun, a date's root, a name's root)."""
    return frame_at(parse_of(tok.doc), tok.i)


def frame_at(p: Parse, tok: int) -> Frame:
    """:func:`frame_of` by position in the doc of ``p``."""
    head_of, dep_of, pos_of = p.head, p.dep, p.pos
    aged = _age_holder(p, tok)
    node = tok
    # A name or number inside a longer noun phrase stands for that phrase ("Staunton ice cream store").
    while dep_of[node] in _MODIFIER_IDS and pos_of[head_of[node]] in _NOUN_IDS and head_of[node] != node:
        if dep_of[node] == _NPADVMOD and pos_of[head_of[node]] in VERB_POS:
            break
        node = head_of[node]
    moved = node != tok  # the loop climbed: the mention is part of a longer phrase
    modifies = p.lemma_lower(node) if moved and pos_of[node] in _NOUN_IDS else ""
    anchor, event_noun = "", ""
    holder_slot, holder_preposition, series = "", "", False
    dep = dep_of[node]
    head = head_of[node]
    slot, preposition = _slot_at(p, node)
    if preposition:  # the object of a preposition
        holder = head_of[head]
        if pos_of[holder] in _NOUN_IDS or p.lemma_lower(holder) == "home":  # the tagger's adverb "home to"
            anchor = subject_text_at(p, holder)
            event_noun = p.lemma_lower(holder)
            if preposition == "of":
                slot = "theme"  # "the deployment of 300 troops", "the death of Bettie Page"
                holder_slot, holder_preposition = _slot_at(p, holder)
            series = _in_series(p, holder)
    elif not slot:  # neither a subject nor an object
        if dep == _APPOS and pos_of[head] in _NOUN_IDS:
            slot, anchor = "attribute", subject_text_at(p, head)
        elif dep in _TIME_DEPS:
            slot = "time"
        elif moved and pos_of[node] in _NOUN_IDS:
            anchor = subject_text_at(p, node)
    if aged >= 0:  # an age is a fact about its holder, said in the holder's clause
        node, anchor, slot = aged, subject_text_at(p, aged), "attribute"
        moved = True  # ``node`` is another token object than ``tok`` from here on
    # The verb above the mention's phrase (the phrase's own head when it is the sentence's root verb).
    predicate = verb_at(p, head_of[node])  # the root's head is itself
    if predicate >= 0 and dep_of[predicate] == _ACL and p.lemma_lower(predicate) in _NAMING:
        predicate = verb_at(p, head_of[predicate])  # "launched a line called Mantra in September": the launching
    if (described := participle_of(p, tok)) >= 0:
        predicate = described  # "99 Mafia members seized on Tuesday": the seizing, not the sentence's verb
    main = main_clause(p, node)
    if main >= 0:
        predicate = main  # "married three weeks before he was murdered": the marrying is what is dated
    subject = subject_at(p, predicate)
    purpose = _purpose(p, tok)
    if purpose >= 0:
        predicate = purpose  # "they have six months to leave": the time is the leaving's
    if not event_noun:
        event_noun = _time_of(p, tok)  # "30 hours of deliberation": the deliberating's
    if not event_noun and predicate >= 0 and moved and pos_of[node] == _NOUN:
        event_noun = p.lemma_lower(node)  # the noun phrase the mention is part of ("the 2007 host")
    agent = _agent_text(p, subject, predicate)
    if event_noun and dep == _POBJ:
        agent = _noun_agent(p, head_of[head]) or agent  # "an announcement by Macron in June", "France's withdrawal"
    lemma, theme, negated, modality, reporter, coordinated, particle = _predicate_slots(p, predicate)
    return Frame(
        predicate=lemma,
        particle=particle,
        event_noun=event_noun,
        slot=slot,
        preposition=preposition,
        anchor=anchor,
        agent=agent,
        theme=theme,
        negated=negated,
        modality=modality,
        reporter=reporter,
        modifies=modifies,
        coordinated=coordinated,
        holder_slot=holder_slot,
        holder_preposition=holder_preposition,
        listed=_listed(p, tok),
        series=series,
        relative=_in_relative_clause(p, predicate),
        described=_described(p, tok),
    )


def _described(p: Parse, noun: int) -> tuple[str, ...]:
    """The verbs that describe a noun, and their objects: "355 damaged shops" (damaged), "websites that have been
    infected" (infect), "565 shops suffering serious damage" (suffer, damage)."""
    if p.pos[noun] not in _NOUN_IDS:
        return ()
    out: list[str] = []
    for child in p.children(noun):
        if p.dep[child] == _AMOD and p.text_lower(child).endswith(("ed", "en")):
            out.append(p.text_lower(child))  # as written: the tagger reads "damaged" as a verb or an adjective
        elif p.dep[child] in _NOUN_CLAUSE_DEPS and p.pos[child] in VERB_POS:
            out.append(p.lemma_lower(child))
            out.extend(p.lemma_lower(k) for k in p.children(child) if p.dep[k] in _THEME_DEPS and p.pos[k] == _NOUN)
    return tuple(out)


def _in_relative_clause(p: Parse, verb: int) -> bool:
    """``verb`` is in a relative or participle clause: a clause of its own or one above it describes a noun."""
    node = verb
    while node >= 0 and p.head[node] != node:
        if p.dep[node] in _NOUN_CLAUSE_DEPS:
            return True
        node = p.head[node]
    return False


def _in_series(p: Parse, noun: int) -> bool:
    """``noun`` is a plural that another noun counts through "of": "a string of high-profile robberies", "the
    latest in a series of thefts" (a place on it says where those happened, not where the story's one did)."""
    if p.dep[noun] != _POBJ or p.column(TAG)[noun] != _PLURAL_NOUN:
        return False
    of = p.head[noun]
    return p.text_lower(of) == "of" and p.pos[p.head[of]] in _NOUN_IDS


def _listed(p: Parse, tok: int) -> bool:
    """``tok`` is coordinated with another name: "Oman and the UAE", "Italy, Spain and Turkey" (not "Sanaa and
    parts of the Nile Delta", a place and a stretch of its surroundings)."""
    if p.dep[tok] == _CONJ and p.pos[p.head[tok]] == _PROPN and p.head[tok] != tok:
        return True
    return any(p.dep[c] == _CONJ and p.pos[c] == _PROPN for c in p.children(tok))


def _slot_at(p: Parse, node: int) -> tuple[str, str]:
    """The slot a noun fills of its clause's predicate as a subject, an object or a preposition's object, and
    that preposition ("" when none; ("", "") for any other dependency)."""
    dep, head = p.dep[node], p.head[node]
    if dep in _SUBJECT_IDS:
        return "agent", ""
    if dep in _OBJECT_IDS:
        return "theme", ""
    if dep == _POBJ and p.dep[head] in _PREP_IDS:
        preposition = p.text_lower(head)
        return ("agent" if p.dep[head] == _AGENT else PREPOSITION_SLOTS.get(preposition, "")), preposition
    return "", ""


def _predicate_slots(p: Parse, predicate: int) -> tuple[str, str, bool, str, str, tuple[str, ...], str]:
    """The predicate's lemma, object, negation, modality, reporter, coordinated verbs and particle: the same for every
    mention of its clause (remembered per doc by its position; -1, no predicate, gives nothing but a reporter
    search that finds none)."""
    found = p.predicates.get(predicate)
    if found is None:
        children = p.children(predicate) if predicate >= 0 else []
        found = p.predicates[predicate] = (
            p.lemma_lower(predicate) if predicate >= 0 else "",
            _theme(p, predicate, children) or _participle_theme(p, predicate),
            any(p.dep[c] == _NEG for c in children),
            _modality(p, predicate, children),
            _reporter(p, predicate),
            _coordinated(p, predicate),
            next((p.text_lower(c) for c in children if p.dep[c] == _PARTICLE), ""),
        )
    return found


def _coordinated(p: Parse, predicate: int) -> tuple[str, ...]:
    """The verbs a later verb of one subject is coordinated with: "shot and killed a woman and wounded two men
    Monday" → ("kill", "shoot") for "wound"; a value after the last verb may be said of them all. A verb with a
    subject of its own ("no pleas were entered and a hearing was scheduled for Wednesday") shares nothing."""
    if predicate < 0 or p.dep[predicate] != _CONJ or _has_subject(p, predicate):
        return ()
    top = predicate
    while p.dep[top] == _CONJ and p.head[top] != top and p.pos[p.head[top]] == _VERB:
        top = p.head[top]
    if top == predicate:
        return ()
    found: set[str] = set()
    stack = [top]
    while stack:
        node = stack.pop()
        if node != predicate:
            found.add(p.lemma_lower(node))
        stack.extend(c for c in p.children(node) if p.dep[c] == _CONJ and p.pos[c] == _VERB and not _has_subject(p, c))
    return tuple(sorted(found))


def _has_subject(p: Parse, verb: int) -> bool:
    return any(p.dep[c] in _SUBJECT_DEPS for c in p.children(verb))


def _theme(p: Parse, predicate: int, children: list[int]) -> str:
    """The predicate's object; a relative pronoun stands for the noun its clause hangs on ("a Troy resident who was
    fired" → resident, "the rule that Bush signed" → rule)."""
    theme = next((c for c in children if p.dep[c] in _THEME_DEPS), -1)
    if theme < 0:
        return ""
    if p.text_lower(theme) in _RELATIVE and p.dep[predicate] == _RELCL:
        return p.lemma_lower(p.head[predicate])
    return p.lemma_lower(theme)


def _participle_theme(p: Parse, predicate: int) -> str:
    """The noun a participle clause describes is its object: "a spending bill signed by Obama on March 11" → bill."""
    if predicate < 0 or p.dep[predicate] != _ACL or p.pos[p.head[predicate]] not in _NOUN_IDS:
        return ""
    text = p.text_lower(predicate)
    return p.lemma_lower(p.head[predicate]) if text.endswith(("ed", "en")) and text != p.lemma_lower(predicate) else ""


def participle_of(p: Parse, noun: int) -> int:
    """The past participle right after a noun that tells what happened to it: "one of 99 Mafia members seized on
    Tuesday", "68 punches thrown" → seized, thrown (-1: none). The count is of the participle's event, not of the
    sentence's verb ("… hanged himself" / "… landed"). Not of a stretch of time: "with 12 seconds left" reads a
    clock, no event."""
    if p.pos[noun] not in _NOUN_IDS or p.lemma_lower(noun) in _TIME_WORDS:
        return -1
    clauses = [c for c in p.children(noun) if c > noun and p.dep[c] == _ACL]
    if not clauses:
        return -1  # most nouns: the tag column is not read
    tags = p.column(TAG)
    return next((c for c in clauses if tags[c] == _PAST_PARTICIPLE), -1)


def _time_of(p: Parse, tok: int) -> str:
    """The noun a stretch of time is of: "40 hours of deliberations", "three days of talks" ("" if none)."""
    if p.lemma_lower(tok) not in _TIME_WORDS:
        return ""
    for of in p.children(tok):
        if p.dep[of] == _PREP and p.text_lower(of) == "of":
            for obj in p.children(of):
                if p.dep[obj] == _POBJ and p.pos[obj] == _NOUN:
                    return p.lemma_lower(obj)
    return ""


def main_clause(p: Parse, node: int) -> int:
    """The verb a stretch of time before or after a clause dates: "married three weeks before he was murdered",
    "resigned three months before the election was held" → the marrying, the resigning (-1: none).

    The parser hangs the stretch on the clause's verb or on its "before"; the clause hangs on the main verb.
    """
    if p.dep[node] != _NPADVMOD or p.lemma_lower(node) not in _TIME_WORDS:
        return -1
    head = p.head[node]
    if p.dep[head] in _MARK_IDS and p.text_lower(head) in _ORDER_MARKS:
        clause = p.head[head]
    elif any(p.dep[k] in _MARK_IDS and p.text_lower(k) in _ORDER_MARKS and k > node for k in p.children(head)):
        clause = head
    else:
        return -1
    if p.dep[clause] not in _ADVCL_IDS or p.head[clause] == clause:
        return -1
    return verb_at(p, p.head[clause])


def _purpose(p: Parse, tok: int) -> int:
    """The verb a stretch of time is given for: "six months to leave", "12 hours to respond" (-1: none)."""
    if p.lemma_lower(tok) not in _TIME_WORDS:
        return -1
    for child in p.children(tok):
        if p.dep[child] in _NOUN_CLAUSE_DEPS and p.pos[child] == _VERB and _infinitive(p, child):
            return child
    verb = p.head[tok]
    if p.dep[tok] in _THEME_DEPS and p.lemma_lower(verb) == "take":
        # "it would take 36 days to repair the cable", the infinitive parsed as the taking's complement.
        for child in p.children(verb):
            if p.dep[child] == _XCOMP and p.pos[child] == _VERB and _infinitive(p, child):
                return child
    return -1


def _infinitive(p: Parse, verb: int) -> bool:
    return any(p.dep[g] == _AUX_DEP and p.text_lower(g) == "to" for g in p.children(verb))


def _agent_text(p: Parse, subject: int, predicate: int) -> str:
    """The subject's name: a relative pronoun stands for the noun the clause hangs on ("Paris, which announced"),
    and a nationality or place word for its country ("the German army announced" → "German")."""
    if subject < 0:
        return ""
    if p.text_lower(subject) in _RELATIVE and predicate >= 0 and p.dep[predicate] == _RELCL:
        return subject_text_at(p, p.head[predicate])
    if not p.ent[subject] and p.pos[subject] != _PROPN:  # "Chargers wide receiver Vincent Jackson" is Jackson
        for child in p.children(subject):
            if p.dep[child] in _AGENT_MODIFIER_IDS and p.ent[child] in _AGENT_ENTS:
                return subject_text_at(p, child)
    return subject_text_at(p, subject)


def _noun_agent(p: Parse, noun: int) -> str:
    for child in p.children(noun):
        if p.dep[child] == _POSS and p.ent[child]:
            return subject_text_at(p, child)
        if p.dep[child] in _PREP_IDS and p.text_lower(child) == "by":
            obj = next((c for c in p.children(child) if p.dep[c] == _POBJ), -1)
            if obj >= 0:
                return subject_text_at(p, obj)
    return ""


def _modality(p: Parse, predicate: int, children: list[int]) -> str:
    if predicate < 0:
        return ""
    aux = {p.text_lower(c) for c in children if p.dep[c] in _AUX_DEPS}
    if "would" in aux and _conditional(p, children):
        return "modal"  # "If it had, we wouldn't have 355 damaged shops": what would be, not what will
    if aux & FUTURE_AUX or ("to" in aux and p.head[predicate] == predicate):
        return "future"  # "will miss"; a headline's "Bush to miss last 2 games" (an infinitive for a root)
    if aux & MODAL_AUX:
        return "modal"
    text, lemma = p.text_lower(predicate), p.lemma_lower(predicate)
    if aux & _PAST_AUX or (text != lemma and not text.endswith(("s", "ing"))):
        return "past"  # "missed", "sent", "has hosted"; not "withdraws", "sending"
    return ""


def _conditional(p: Parse, children: list[int]) -> bool:
    """The predicate has an "if" or "unless" clause: the main clause of a conditional."""
    return any(
        p.dep[c] in _ADVCL_IDS and any(p.dep[k] in _MARK_IDS and p.text_lower(k) in _CONDITIONS for k in p.children(c))
        for c in children
    )


_CONDITIONS = {"if", "unless"}


# Auxiliaries of a past or perfect verb: "has hosted", "had left", "was killed", "did not act".
_PAST_AUX = {"has", "have", "had", "was", "were", "did"}


def _reporter(p: Parse, predicate: int) -> str:
    """The subject of the reporting verb a claim is the complement of ("police said 12 were injured")."""
    node = predicate
    for _ in range(4):
        if node < 0:
            return ""
        head = p.head[node]
        if head == node:
            return ""
        if p.dep[node] in _REPORTED_DEPS and p.lemma_lower(head) in REPORTING:
            return subject_text_at(p, subject_at(p, head))
        node = head
    return ""
