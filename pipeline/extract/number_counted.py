"""Numbers: what a number counts or measures, read off the dependency parse.

"300 troops", "300-strong force", "a contingent of 300", "300 of the troops", "tens of thousands of people",
"a 15 mile walk"; the counted noun's modifiers ("British", "UN") come with it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..config import NumbersConfig
from .number_measures import is_measure_word, measure_symbols

_NOUNS = {"NOUN", "PROPN"}


def group_root(doc: Doc, first: int, last: int) -> Token:
    for k in range(first, last + 1):
        head = doc[k].head
        if head.i < first or head.i > last or head.i == k:
            return doc[k]
    return doc[last]


def _of_noun(token: Token) -> Token | None:
    """The noun after "of" under ``token`` ("300 of the troops", "dozens of protesters")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in _NOUNS:
                    return obj
    return None


def counted_noun(doc: Doc, first: int, last: int, config: NumbersConfig) -> tuple[Token | None, str]:
    """The noun a number counts or measures, or (None, verb lemma) when it stands as a verb's object."""
    noun, verb = _counted_noun(doc, first, last, config)
    if noun is not None and (noun.lower_ in config.vague_counts or noun.lower_.rstrip("s") in config.scale_words):
        # "tens of thousands of people": the noun after the next "of".
        k = noun.i + 1
        if k < len(doc) and doc[k].lower_ == "of":
            return next((t for t in doc[k + 1 : k + 6] if t.pos_ in _NOUNS and t.dep_ != "compound"), None), verb
    return noun, verb


def _counted_noun(doc: Doc, first: int, last: int, config: NumbersConfig) -> tuple[Token | None, str]:
    root = group_root(doc, first, last)
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.text == "-" and last + 2 < len(doc):
        nxt = doc[last + 2]
    if nxt is not None and nxt.lower_ in config.strength_words:
        # "12,000-strong UN ... peacekeeping force": the first common noun ending a phrase after "strong".
        for token in doc[nxt.i + 1 : min(len(doc), nxt.i + 16)]:
            if token.pos_ in ("VERB", "AUX") or (token.is_punct and token.text not in "()"):
                break
            if token.pos_ == "NOUN" and token.dep_ != "compound":
                return token, ""
        return None, ""
    unit_word = _unit_modifier(doc, last, config)
    if unit_word is not None:
        return unit_word, ""
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in _NOUNS and root.head.i > last:
        return _plural_head(root.head), ""
    if root.dep_ == "nummod" and root.head.pos_ in _NOUNS:
        return root.head, ""
    partitive = _of_noun(root)
    if partitive is not None:
        return partitive, ""
    group = root.head.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and group.pos_ == "NOUN" and group.lemma_ in config.group_nouns:
        return group, ""  # "a contingent of 300" (but "a net worth of 1.3 billion" counts no worth)
    if root.dep_ in ("dobj", "obj") and root.head.pos_ == "VERB":
        return None, root.head.lemma_.lower()
    return None, ""


def _unit_modifier(doc: Doc, last: int, config: NumbersConfig) -> Token | None:
    """A unit between the number and the noun it describes: "5.2 litre V10 engine", "500 mg tablets" (a measure
    word), "six-cylinder option", "52,000 barrel-a-day refinery" (any noun glued by a hyphen)."""
    k = last + 1
    glued = k + 1 < len(doc) and doc[k].text in ("-", "–") and doc[k].idx == doc[last].idx + len(doc[last])
    k += glued
    if k >= len(doc):
        return None
    word = doc[k]
    if word.dep_ not in ("compound", "nmod", "amod") or word.head.i <= k or word.head.pos_ not in _NOUNS:
        return None
    if glued:
        return word if word.pos_ == "NOUN" else None
    if word.text in measure_symbols() or word.lower_ in config.square_words:
        return word
    # A unit's name, not a count's modifier: "a 15 mile walk", but "36 league games" counts games.
    return word if word.text.islower() and word.head.tag_ != "NNS" and is_measure_word(word.text) else None


def _plural_head(noun: Token) -> Token:
    """ "Two (state) coups", "288 UN soldiers": a singular modifier the number attached to → the plural noun."""
    node = noun
    for _ in range(3):
        if node.tag_ in ("NN", "NNP") and node.dep_ in ("compound", "nmod") and node.head.tag_ in ("NNS", "NNPS"):
            node = node.head
        else:
            break
    return node


# Words that say how sure a count is, not what is counted ("an estimated 1,500 pirates", "12 confirmed deaths").
HEDGES = frozenset(
    {"estimated", "reported", "alleged", "suspected", "approximate", "confirmed", "unconfirmed", "possible", "probable"}
)


def modifiers(noun: Token, skip: range) -> tuple[str, ...]:
    """Adjectival / compound modifiers of the counted noun, as words ("un", "british"; "fa", "cup")."""
    out: list[str] = []
    for child in noun.children:
        if child.i in skip or child.dep_ not in ("amod", "compound", "nmod") or child.like_num:
            continue
        if child.i < noun.i and child.pos_ in ("ADJ", "NOUN", "PROPN", "VERB"):
            left = child.left_edge.i
            if left < child.i and any(t.text == "-" for t in noun.doc[left : child.i]):
                out.append(noun.doc[left : child.i + 1].text.lower().replace(" ", ""))
            elif child.dep_ == "compound" and left < child.i and left not in skip:
                # A compound name: "four FA Cup finals" → "fa cup".
                out.extend(t.lemma_.lower() for t in noun.doc[left : child.i + 1] if t.dep_ == "compound")
            elif child.dep_ == "amod":
                # An adjective as written: the tagger lemmatises "estimated" as a verb in one sentence ("estimate")
                # and as an adjective in the next.
                out.append(child.text.lower())
            else:
                out.append(child.lemma_.lower())
    return tuple(w for w in " ".join(out).split() if w not in HEDGES)
