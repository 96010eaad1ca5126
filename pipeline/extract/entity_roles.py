"""Role phrases attached to a person: "Defence Minister James Heappey", "Heappey, the armed forces minister",
"Britain's defence minister" (the title words, the possessor, the place words a title may hold)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .common import doc_ents, sentence_tokens, span_text
from .entity_names import LEADING, POSSESSIVE, Tables, name_key

# Entity types a role phrase never runs through.
NOT_IN_ROLE = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
PLACE_LABELS = {"GPE", "NORP", "LOC"}
_INDEFINITE = {"a", "an"}
_RELATIVE = {"WP", "WDT", "WP$"}  # "who", "which", "whose" after an appositive role


def _is_role_token(tok: Token, t: Tables) -> bool:
    if "\n" in tok.text or "\n" in tok.whitespace_:
        return False
    if tok.lower_ in t.connectives or tok.lower_ in t.time_words:
        return True
    if _possessive(tok):
        return True  # "the company's chief executive", "Interoute's director"
    if tok.text == "-" and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_:
        return True
    word = tok.is_alpha or (tok.pos_ == "PROPN" and tok.text.replace(".", "").isalpha())  # "U.S.", "U.K."
    return word and tok.pos_ in ("PROPN", "NOUN", "ADJ") and tok.ent_type_ not in NOT_IN_ROLE


def _possessive(tok: Token) -> bool:
    """A possessive ending glued to the word before it ("company" + "'s", "Scientists" + "'")."""
    return tok.text in POSSESSIVE and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ and tok.doc[tok.i - 1].is_alpha


def _possessor_start(doc: Doc, k: int, floor: int) -> int:
    """Where the possessor ending with the possessive ``k`` begins ("the company" of "the company's", "Los
    Angeles County Sheriff" of "...'s Deputy"): the phrase of a title before a name opens there, so "calls for
    Greece's Prime Minister" is no title."""
    i = k
    if i - 1 < floor or doc[i - 1].pos_ not in ("PROPN", "NOUN"):
        return k + 1
    i -= 1
    while i - 1 >= floor and doc[i - 1].pos_ == "PROPN" and "\n" not in doc[i - 1].whitespace_:
        i -= 1
    if i - 1 >= floor and doc[i - 1].pos_ == "DET":
        i -= 1
    return i


def _possessor_end(doc: Doc, start: int, end: int, t: Tables) -> int:
    """After the possessor that opens a role ("the city's", "Labour's", "Teixeira's"), else ``start``.

    The owner is no part of the title, unless it holds a title word itself ("sheriff's deputy").
    """
    for k in range(start + 1, min(end - 1, start + 5)):
        if _possessive(doc[k]):
            return start if _has_role_word(doc[start:k], t) else k + 1
        if doc[k].pos_ not in ("PROPN", "NOUN"):
            break
    return start


def _has_role_word(tokens: Sequence[Token], t: Tables) -> bool:
    phrase = " " + " ".join(tok.lower_ for tok in tokens) + " "
    return any(f" {word} " in phrase for word in t.role_words)


def _is_place_word(doc: Doc, i: int, end: int, t: Tables) -> int:
    """End of the nationality or place name starting at token ``i`` (``i`` itself when there is none)."""
    tok = doc[i]
    if tok.ent_type_ in PLACE_LABELS and tok.ent_iob_ == "B":
        ent = next((e for e in doc_ents(doc) if e.start == i), None)
        if ent is not None and ent.end <= end and name_key(span_text(ent)) in t.places:
            return ent.end
    if tok.lower_ in t.places:
        return i + 1
    return i


def _trim_role(doc: Doc, start: int, end: int, t: Tables, max_tokens: int) -> tuple[int, int, str] | None:
    """Strip articles, connectives, "then"/"former" (returned as qualifier) and nationality from a role's edges."""
    qualifier = ""
    changed = True
    while changed and start < end:
        changed = False
        tok = doc[start]
        if tok.lower_ in t.connectives or tok.lower_ in LEADING or tok.text == "-" or tok.text in POSSESSIVE:
            start, changed = start + 1, True
        elif (owner := _possessor_end(doc, start, end, t)) > start:
            start, changed = owner, True
        elif tok.lower_ in t.time_words:
            qualifier = qualifier or tok.lower_
            start, changed = start + 1, True
        else:
            nxt = _is_place_word(doc, start, end, t)
            if nxt > start and nxt < end:
                start, changed = nxt, True
    while end > start and (doc[end - 1].lower_ in t.connectives or doc[end - 1].text == "-"):
        end -= 1
    tokens = list(doc[start:end])
    if not tokens or len(tokens) > max_tokens or not _has_role_word(tokens, t):
        return None
    return start, end, qualifier


def role_value(tokens: Sequence[Token], t: Tables) -> str:
    """Title-cased role ("armed forces minister" → "Armed Forces Minister"), mapped through the role aliases."""
    parts: list[str] = []
    for n, tok in enumerate(tokens):
        text = tok.text
        if n > 0 and tok.lower_ in t.connectives:
            word = tok.lower_
        elif text.isupper() and len(text) > 1:
            word = text
        else:
            word = text[:1].upper() + (text[1:] if text[1:] != text[1:].upper() else text[1:].lower())
        parts.append(word + (tok.whitespace_ and " "))
    value = "".join(parts).strip()
    return t.roles.get(value.lower(), value)


def role_left(doc: Doc, person: Span, t: Tables, max_tokens: int) -> tuple[int, int, str] | None:
    """A title right before the name ("then British Prime Minister Boris Johnson") or before "<title>, <name>"."""
    end = person.start
    appositive = end > 0 and doc[end - 1].text == ","
    if appositive:
        end -= 1
    start = end
    first, _ = sentence_tokens(doc, person.start)  # ``person.sent.start``
    while start > first and end - start < max_tokens + 4 and _is_role_token(doc[start - 1], t):
        start -= 1
        if _possessive(doc[start]):
            start = _possessor_start(doc, start, first)
            break
    if start < end and start > first and doc[start - 1].lower_ in _INDEFINITE:
        start -= 1  # "a federal customs agent, David Wilhelm": the article opens the phrase
    if start == end or doc[end - 1].lower_ in t.connectives:
        return None  # "a civil attorney for the Brown family": the name is no holder of the title
    # "The Secretary of State for the Armed Forces, James Heappey," must open a clause.
    if appositive and not (start == first or doc[start - 1].is_punct):
        return None
    return _trim_role(doc, start, end, t, max_tokens)


def role_right(doc: Doc, person: Span, t: Tables, max_tokens: int) -> tuple[int, int, str] | None:
    """An appositive title after the name ("Heappey, the armed forces minister,")."""
    start = person.end
    if start + 2 < len(doc) and doc[start].text == "." and doc[start + 1].text == ",":
        start += 1  # "W. Mark Felt Sr., the associate director": the suffix's full stop split off
    if start + 1 >= len(doc) or doc[start].text != ",":
        return None
    start += 1
    end = start
    _, sent_end = sentence_tokens(doc, person.start)  # ``person.sent.end``: the sentence of its first token
    if end < sent_end and doc[end].lower_ in _INDEFINITE:
        end += 1  # "Ilene Wolff, a spokeswoman for the hospital,"
    while end < sent_end and end - start < max_tokens + 4 and _is_role_token(doc[end], t):
        end += 1
    if end == start or (end == start + 1 and doc[start].lower_ in _INDEFINITE):
        return None
    if not _role_ends(doc, end, sent_end):
        return None
    return _trim_role(doc, start, end, t, max_tokens)


def role_copula(doc: Doc, person: Span, t: Tables, max_tokens: int) -> tuple[int, int, str] | None:
    """A title the name is said to be ("Felt was deputy associate director of the FBI in 1972")."""
    be = person.end
    _, sent_end = sentence_tokens(doc, person.start)
    if be + 1 >= sent_end or doc[be].lemma_ != "be" or doc[be].head.i != be or person.root.head.i != be:
        return None  # the name must be the subject of "be" itself: not "Felt's son was a pilot"
    start = end = be + 1
    if doc[end].lower_ in _INDEFINITE or doc[end].lower_ == "the":
        end += 1
    while end < sent_end and end - start < max_tokens + 4 and _is_role_token(doc[end], t):
        end += 1
    while end > start and doc[end - 1].lower_ in t.connectives:
        end -= 1  # "… of the FBI in 1972": the title stops before "in"
    if end <= start + 1 or not _role_ends(doc, end, sent_end):
        return None
    return _trim_role(doc, start, end, t, max_tokens)


def _role_ends(doc: Doc, end: int, sent_end: int) -> bool:
    """A title ends the clause, or a relative clause, a verb or a preposition follows ("the former attorney general
    who headed", "the associate director of the FBI during the Watergate scandal")."""
    if end >= sent_end:
        return True
    tok = doc[end]
    return tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP") or tok.tag_ in _RELATIVE
