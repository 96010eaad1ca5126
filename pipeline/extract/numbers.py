"""Numbers: counts and measures, with what they count or measure.

A count's unit is the lemma of the counted noun, found in the dependency parse
("300 troops", "300-strong force", "a contingent of 300", "300 of the troops");
a measure's unit comes from quantulum3 ("5%" → percentage, "87 mph" → mile per
hour), which is only called for sentences that hold a measure the parse cannot
resolve. Money is read here: "$5 million" → 5000000 dollar, "£1.2bn" → pound sterling.

Ranges ("between 200 and 300", "15 to 22 mph", "5-10W") are ONE mention: value
= the low bound, extra ("high", upper bound). "from X ... to Y" is one mention
in its written order, also with words between ("from 208 pounds to 193"). Sign
words make a number negative ("minus 5", "minus-130").

Not numbers: years, dates and durations (the dates extractor's), times,
ordinals, phone numbers, identifiers ("Resolution 2100", "iPhone 11"), scores
("2-0"), and "one" used as a pronoun ("one of the …"; "one soldier" counts).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from types import ModuleType
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..config import NumbersConfig
from ..records import Article, Mention
from .common import doc_text, make_mention, per_config

# Digits with glued letters ("1.2bn", "5pc"); an area or volume unit may end in 2 or 3 ("32m2").
_DIGITS = re.compile(r"^[+-]?(\d[\d,]*(?:\.\d+)?|\.\d+)((?:[^\W\d_]+[23]?)?)$")
# Letters glued before the digits: "US55,931,000" after "$", "USD10", "RM23.50", "Y=590" (a currency when known).
# ... or a sign or qualifier word joined by a hyphen ("minus-5", "sub-7"), or an approximation sign ("~25").
_PREFIXED = re.compile(r"^([^\W\d_]{1,3}=?|[^\W\d_]+-|[~≈])(\d[\d,]*(?:\.\d+)?)([^\W\d_]*)$")
_SLASH_FRACTION = re.compile(r"^(\d+)[/⁄](\d+)$")  # "1/16", "1⁄32" (fraction slash)
_DIGIT_RANGE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-–](\d[\d,]*(?:\.\d+)?)([^\W\d_]*)$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?:[ap]\.?m\.?)?$|^\d{1,2}(?:[.:]\d{2})?[ap]\.?m\.?$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?\d+(?:[-./]\d+){2,}$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)
_AGE = re.compile(r"^-?([a-z]+?)s?-old$", re.IGNORECASE)  # "year-old", "-month-old"
# Numbers a DATE entity may hold as a date part: days, years, decades ("14", "2019", "1990s", "'90s").
_DATE_PART = re.compile(r"^(?:\d{1,2}|[12]\d{3}s?|'?\d0s)$")
_EXCLUDED_ENTS = {"DATE", "TIME", "ORDINAL"}
_RANGE_LINKS = {"to", "-", "–", "and", "or"}
_NOUNS = {"NOUN", "PROPN"}
_NOT_SHARE = {"the", "first", "second", "other", "this", "that", "each"}  # "the second half": not a share


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in a sentence: its tokens [first, last], value(s) and unit."""

    first: int
    last: int
    low: float
    high: float | None = None
    unit: str = ""
    noun: int | None = None  # index of the counted / measuring noun
    extra: tuple[tuple[str, str], ...] = ()
    suffix: str = ""  # letters glued to the digits ("54GB" → "GB")
    # The unit is settled (a count multiplier read from the suffix, "4.3M"; an age): quantulum3 must not rename it.
    fixed_unit: bool = False


# A measure quantulum3 found: (start char, end char, unit, low, high).
Measure = tuple[int, int, str, float | None, float | None]


# ---------------------------------------------------------------- values


def format_value(value: float) -> str:
    """Plain decimal string: 300.0 → "300", 2.5 → "2.5", 1.5e6 → "1500000"."""
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def digits_value(text: str) -> tuple[float, str] | None:
    """ "12,000" → (12000, ""); "1.2bn" → (1.2, "bn"); ``None`` when not a digit number."""
    match = _DIGITS.match(text)
    if match is None:
        return None
    number = match.group(1).replace(",", "")
    try:
        value = float(number)
    except ValueError:
        return None
    return (-value if text.startswith("-") else value), match.group(2)


def words_value(words: list[str], config: NumbersConfig) -> float | None:
    """Value of a run of number tokens: ["1.5", "million"] → 1.5e6, ["twenty", "five"] → 25."""
    total = current = 0.0
    seen = False
    for word in words:
        lower = word.lower()
        if lower in ("-", "and", "a", "an"):
            if lower in ("a", "an"):
                current, seen = 1.0, True
            continue
        digits = digits_value(word)
        if digits is not None:
            current += digits[0]
            seen = True
        elif lower in config.number_words:
            current += config.number_words[lower]
            seen = True
        elif lower in config.scale_words:
            scale = config.scale_words[lower]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def is_number_token(token: Token, config: NumbersConfig) -> bool:
    lower = token.lower_
    return (
        _DIGITS.match(token.text) is not None
        or _DIGIT_RANGE.match(token.text) is not None
        or lower in config.number_words
        or lower in config.scale_words
        or glued_prefix(token, config) > 0
    )


def glued_prefix(token: Token, config: NumbersConfig) -> int:
    """Characters of a currency symbol glued before the digits ("USD10", "$US55,931,000", "£"-as-"PS2.7"), of a
    sign or qualifier word ("minus-5", "sub-7") or of "~", else 0.

    A lone digit after letters is a model name ("PS4", "A4"), not money.
    """
    match = _PREFIXED.match(token.text)
    if match is None:
        return 0
    letters = match.group(1)
    if letters[-1] in "-~≈":
        word = letters.lower()
        qualifier = word in config.approx_words or word in config.less_words or word in config.more_words
        return len(letters) if qualifier or word[:-1] in config.negative_words else 0
    if len(match.group(2)) == 1 and not match.group(3):
        return 0
    currency, length = currency_before(doc_text(token.doc)[token.sent.start_char : token.idx] + letters, config)
    return len(letters) if currency and length >= len(letters) else 0


def negative_before(prefix: str, config: NumbersConfig) -> int:
    """Characters of a sign word ending ``prefix`` ("minus ", "minus-"), else 0."""
    stripped = prefix.rstrip(" -")
    word = stripped[stripped.rfind(" ") + 1 :]
    return len(prefix) - len(stripped) + len(word) if word.lower() in config.negative_words else 0


def number_start(token: Token, config: NumbersConfig) -> int:
    """Character offset where the token's digits begin (after a glued currency symbol)."""
    return token.idx + glued_prefix(token, config)


def _glued_scale(doc: Doc, j: int, config: NumbersConfig) -> bool:
    """Is token ``j + 1`` a money multiplier glued to token ``j`` ("$13.6" + "M", "HK $5.4" + "m.")?"""
    if j + 1 >= len(doc) or doc[j].idx + len(doc[j]) != doc[j + 1].idx:
        return False
    if digits_value(doc[j].text[glued_prefix(doc[j], config) :]) is None:
        return False
    return doc[j + 1].text.rstrip(".").lower() in config.money_suffixes


# ---------------------------------------------------------------- groups of number tokens


def number_groups(sent: Span, config: NumbersConfig) -> list[tuple[int, int]]:
    """Maximal runs of number tokens [first, last] ("1.5 million", "twenty - five", "4 hundred million")."""
    groups: list[tuple[int, int]] = []
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        if not is_number_token(doc[i], config):
            i += 1
            continue
        j = i
        while j + 1 < sent.end:
            nxt = doc[j + 1]
            if _glued_scale(doc, j, config):
                j += 1
                break
            if nxt.lower_ in config.scale_words:
                j += 1
            elif (
                nxt.text == "-"
                and j + 2 < sent.end
                and doc[j].lower_ in config.number_words
                and doc[j + 2].lower_ in config.number_words
            ):
                j += 2
            elif doc[j].lower_ in config.number_words and nxt.lower_ in config.number_words:
                j += 1
            else:
                break
        if all(doc[k].lower_ in config.scale_words for k in range(i, j + 1)):
            # "a million", "hundred" alone: only with an article before it.
            if i > sent.start and doc[i - 1].lower_ in ("a", "an"):
                groups.append((i - 1, j))
        else:
            groups.append((i, j))
        i = j + 1
    return groups


def _is_year(token: Token, config: NumbersConfig) -> bool:
    low, high = config.year_range
    if not re.fullmatch(r"\d{4}", token.text) or not low <= int(token.text) <= high:
        return False
    # "2000 troops" counts; "in 2020", "2019 review", "the 2019 Rich List" do not.
    return not (token.dep_ == "nummod" and token.head.tag_ == "NNS" and token.head.i > token.i)


def excluded(doc: Doc, first: int, last: int, config: NumbersConfig) -> bool:
    """Years, dates, durations, times, ordinals, phone numbers, identifiers, scores, pronoun "one"."""
    tokens = doc[first : last + 1]
    after = doc[last + 1] if last + 1 < len(doc) else None
    timed = time_unit_after(doc, last, config)[0] != ""
    if not timed and after is not None and after.lower_ in _RANGE_LINKS and last + 2 < len(doc):
        timed = is_number_token(doc[last + 2], config) and time_unit_after(doc, last + 2, config)[0] != ""
    for token in tokens:
        if _TIME.match(token.text) or _PHONE.match(token.text) or _ORDINAL.match(token.text):
            return True
        # spaCy tags numbers glued to or followed by a unit as dates or ordinals ("5pc", "100km/hr", "1112 p").
        measured = _glued_unit(token) or unit_follows(token, config)
        if not measured and (
            token.ent_type_ == "ORDINAL"
            or (token.ent_type_ in _EXCLUDED_ENTS and not timed and _date_part(token, config))
        ):
            return True
    if after is not None and (after.lower_ in ("am", "pm", "a.m.", "p.m.") or after.text == ":"):
        return True
    if len(tokens) == 1:
        token = tokens[0]
        if token.text.startswith("-") and first > 0 and doc[first - 1].is_upper:
            return True  # "COVID -19"
        prefix = doc_text(doc)[token.sent.start_char : number_start(token, config)]
        if _is_year(token, config) and not currency_before(prefix, config)[0]:
            return percent_after(doc, last, "", config) < 0
        score = _DIGIT_RANGE.match(token.text)
        if score is not None and float(score.group(1).replace(",", "")) >= float(score.group(2).replace(",", "")):
            return True
        if token.lower_ == "one" and not (token.dep_ == "nummod" and token.head.pos_ == "NOUN"):
            return True
        if token.lower_ in config.number_words and token.pos_ == "PROPN":
            return True  # "BBC One", "Formula One"
        if re.fullmatch(r"\d+s?", token.text):
            before = doc[first - 1] if first > 0 else None
            head_is_name = (
                token.dep_ in ("nummod", "compound")
                and token.head.tag_ == "NNP"
                and not token.head.text.islower()  # "18 sen", "68 p": units the tagger takes for names
                and not currency_before(prefix, config)[0]  # "$76 US"
                and not (token.head.i > token.i and is_measure_word(token.head.text))  # "64 GB", "300 Hz"
            )
            after_name = (
                before is not None
                and before.pos_ == "PROPN"
                and any(c.isupper() for c in before.text)
                and before.i != before.sent.start
                and not (token.dep_ == "nummod" and token.head.pos_ == "NOUN")
            )
            if head_is_name or after_name or (before is not None and before.text in ("#", "No.", "no.")):
                return True
    return False


def _glued_unit(token: Token) -> bool:
    """Letters glued after the digits that are no ordinal or decade suffix ("5pc", "100km", "32m2")."""
    digits = digits_value(token.text)
    return digits is not None and len(digits[1]) > 0 and digits[1].lower() != "s"


def unit_follows(token: Token, config: NumbersConfig) -> bool:
    """Is the number followed by a lower-case unit it quantifies ("1112 p", "2000 km") or an area word ("1520 sq m")?"""
    if token.i + 1 >= len(token.doc):
        return False
    nxt = token.doc[token.i + 1]
    if nxt.lower_ in config.square_words:
        return True
    return token.head.i == nxt.i and nxt.text.islower() and is_measure_word(nxt.text)


def _date_part(token: Token, config: NumbersConfig) -> bool:
    """Could this number be part of a date ("14 November", "2019", "the 1990s")? Amounts and money cannot."""
    if token.lower_ in config.number_words:
        return config.number_words[token.lower_] <= 31
    if currency_before(doc_text(token.doc)[token.sent.start_char : number_start(token, config)], config)[0]:
        return False
    return _DATE_PART.match(token.text) is not None


def time_unit_after(doc: Doc, last: int, config: NumbersConfig) -> tuple[str, int]:
    """A duration or age unit after the number, with its last token: "three years" → ("year", k),
    "five-year" → ("year", k), "a 50 year-old man" / "two years old" → ("year of age", k); else ("", -1)."""
    k = last + 1
    if k < len(doc) and doc[k].text in ("-", "–") and doc[k].idx == doc[last].idx + len(doc[last]):
        k += 1
    if k >= len(doc):
        return "", -1
    age = _AGE.match(doc[k].text)
    word = (age.group(1) if age else doc[k].lemma_).lower()
    if word not in config.duration_units:
        return "", -1
    if age:
        return f"{word} of age", k
    nxt = k + 1
    if nxt < len(doc) and doc[nxt].text in ("-", "–"):
        nxt += 1
    if nxt < len(doc) and doc[nxt].lower_ in ("old", "-old"):
        return f"{word} of age", nxt
    return word, k


# ---------------------------------------------------------------- what is counted


def _group_root(doc: Doc, first: int, last: int) -> Token:
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
    root = _group_root(doc, first, last)
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
    if word.text in _measure_symbols() or word.lower_ in config.square_words:
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


def modifiers(noun: Token, skip: range) -> str:
    """Adjectival / compound modifiers of the counted noun, lemmas space-joined ("un", "british")."""
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
            else:
                out.append(child.lemma_.lower())
    return " ".join(out)


# ---------------------------------------------------------------- context: qualifier, change, currency


def _phrase_before(prefix: str, phrases: list[str]) -> str:
    """The longest of ``phrases`` that ``prefix`` ends with (as whole words)."""
    best = ""
    for phrase in phrases:
        p = phrase.lower()
        if len(p) > len(best) and (
            prefix == p or prefix.endswith(" " + p) or (not p[-1].isalnum() and prefix.endswith(p))
        ):
            best = p
    return best


def _phrase_after(suffix: str, phrases: list[str]) -> str:
    best = ""
    for phrase in phrases:
        p = phrase.lower()
        if len(p) > len(best) and (
            suffix == p
            or suffix.startswith(p + " ")
            or suffix.startswith(p + ",")
            or (suffix.startswith(p) and not p[0].isalnum())
        ):
            best = p
    return best


def qualifier_of(before: str, after: str, config: NumbersConfig) -> tuple[str, str]:
    """("=", "~", ">", "<") from the words around the number, and the text before that qualifier phrase."""
    before = " ".join(before.lower().split())
    after = " ".join(after.lower().split()).lstrip("-")
    found = [
        (_phrase_before(before, config.less_words), "<"),
        (_phrase_before(before, config.more_words), ">"),
        (_phrase_before(before, config.approx_words), "~"),
    ]
    phrase, qualifier = max(found, key=lambda f: len(f[0]))
    rest = before[: len(before) - len(phrase)].rstrip() if phrase else before
    if not phrase:
        qualifier = "="
    for words, q in ((config.more_after_words, ">"), (config.less_after_words, "<"), (config.approx_after_words, "~")):
        if _phrase_after(after, words):
            qualifier = q
    return qualifier, rest


def _symbol_at_end(text: str, symbol: str) -> int:
    """Characters of ``text``'s tail that spell ``symbol`` (spaces inside ignored: "HK $"), else 0."""
    k, n = len(text), len(symbol)
    while n > 0 and k > 0:
        k -= 1
        if text[k] == " " and n < len(symbol):
            continue
        if text[k] != symbol[n - 1]:
            return 0
        n -= 1
    if n > 0 or (symbol[0].isalnum() and k > 0 and text[k - 1].isalnum()):
        return 0
    return len(text) - k


@per_config
def _symbols_by_last_char(config: NumbersConfig) -> dict[str, list[tuple[str, str]]]:
    """(unit, symbol) pairs of the currency symbols grouped by their last character, in config order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for unit, symbols in config.currency_symbols.items():
        for symbol in symbols:
            if symbol:
                out.setdefault(symbol[-1], []).append((unit, symbol))
    return out


def currency_before(prefix: str, config: NumbersConfig) -> tuple[str, int]:
    """(currency unit, characters of the symbol) written right before the amount, else ("", 0)."""
    compact = prefix.rstrip()
    best, best_symbol, best_chars = "", "", 0
    # A symbol can only match when it ends with the prefix's last character.
    for unit, symbol in _symbols_by_last_char(config).get(compact[-1:], ()):
        if len(symbol) > len(best_symbol) and (chars := _symbol_at_end(compact, symbol)):
            best, best_symbol, best_chars = unit, symbol, chars
    if not best:
        return "", 0
    return best, best_chars + len(prefix) - len(compact)


def percent_after(doc: Doc, last: int, suffix: str, config: NumbersConfig) -> int:
    """Index of the last token of a per-cent word after the number (or after its glued suffix), else -1."""
    if suffix and suffix.lower() in config.percent_words:
        return last
    for word in sorted(config.percent_words, key=len, reverse=True):
        parts = word.split()
        end = last + len(parts)
        if end < len(doc) and [t.lower_ for t in doc[last + 1 : end + 1]] == parts:
            return end
    return -1


def change_of(anchor: Token, rest: str, config: NumbersConfig) -> str:
    """ "up"/"down" when the quantity is the amount of a change ("rose 5%", "up 5%", "fell by 3"), else ""."""
    words = rest.split()
    last = words[-1] if words else ""
    if last in config.up_words or rest.endswith("+"):
        return "up"
    if last in config.down_words:
        return "down"
    head = anchor.head
    if anchor.dep_ == "pobj" and head.lower_ == "by":
        head = head.head
    elif anchor.dep_ not in ("dobj", "npadvmod", "advmod", "obj", "attr", "nummod", "quantmod"):
        return ""
    lemma = head.lemma_.lower()
    if head.i < anchor.i and lemma in config.up_words:
        return "up"
    if head.i < anchor.i and lemma in config.down_words:
        return "down"
    return ""


def per_unit(doc: Doc, k: int, end: int, config: NumbersConfig) -> tuple[str, int]:
    """The rate noun after a unit ("$58 per barrel" → "barrel", "$3,500 a month", "barrel-a-day"), with its end
    character; ("", 0) when token ``k`` is not a per-word followed by a noun."""
    k += k < end and doc[k].text == "-"  # "barrel-a-day"
    if k >= end or doc[k].lower_ not in config.per_words:
        return "", 0
    words: list[str] = []
    for token in doc[k + 1 : min(end, k + 4)]:
        if token.text == "-":
            continue
        if token.pos_ in _NOUNS:
            words.append(token.lemma_.lower() if token.pos_ == "NOUN" else token.text)
            return " ".join(words), token.idx + len(token)
        if token.pos_ != "ADJ":
            break
        words.append(token.lower_)
    return "", 0


# ---------------------------------------------------------------- quantulum3


def _import_inflect() -> None:
    """Import ``inflect`` (which quantulum3 needs) without typeguard instrumenting it.

    inflect wraps its methods in ``typeguard.typechecked``, which recompiles
    them at import (seconds per worker) and type-checks every call. quantulum3
    only pluralizes its own unit names, which pass those checks, so the plurals
    are the same; this is what ``python -O`` does, for inflect alone.
    """
    import sys

    if "inflect" in sys.modules:
        return
    import typeguard

    def unchecked(target: Any = None, **_: Any) -> Any:
        return target if target is not None else unchecked

    original = typeguard.typechecked
    typeguard.typechecked = unchecked  # type: ignore[assignment]
    try:
        import inflect  # noqa: F401
    finally:
        typeguard.typechecked = original


@lru_cache(maxsize=1)
def _quantulum() -> tuple[ModuleType, ModuleType]:
    """quantulum3's ``load`` and ``parser`` modules, imported without its optional-classifier warning."""
    _import_inflect()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Classifier dependencies not installed", category=UserWarning)
        from quantulum3 import load, no_classifier, parser
    if not hasattr(no_classifier.disambiguate_no_classifier, "__wrapped__"):
        _disambiguate.__wrapped__ = no_classifier.disambiguate_no_classifier  # type: ignore[attr-defined]
        no_classifier.disambiguate_no_classifier = _disambiguate
    return load, parser


@lru_cache(maxsize=4)
def _training_words(lang: str) -> dict[str, tuple[int, tuple[tuple[str, int], ...]]]:
    """quantulum3's training texts per unit name: (total characters, (word, occurrences) pairs)."""
    from quantulum3 import load

    totals: dict[str, int] = {}
    words: dict[str, Counter[str]] = {}
    for word_set in load.training_set(lang):
        name, text = word_set["unit"], word_set["text"]
        totals[name] = totals.get(name, 0) + len(text)
        words.setdefault(name, Counter()).update(text.split(" "))
    return {name: (totals[name], tuple(words[name].items())) for name in totals}


def _disambiguate(entities: Iterable[Any], text: str, lang: str = "en_US") -> Any:
    """quantulum3's ``disambiguate_no_classifier`` with its training words indexed once, same choice.

    The original rescans every training text for every candidate unit on every
    call, which made it most of quantulum3's time on sentences with several numbers.
    """
    index = _training_words(lang)
    max_entity, max_count, max_relative = None, 0, 0.0
    for entity in entities:
        total, counted = index.get(entity.name, (0, ()))
        count = sum(n for word, n in counted if word in text)
        relative = count / total if total else 0
        if relative > max_relative or (relative == max_relative and count > max_count):
            max_entity, max_count, max_relative = entity, count, relative
    return max_entity


@lru_cache(maxsize=1)
def _measure_surfaces() -> frozenset[str]:
    """Lower-cased unit names and symbols quantulum3 knows ("miles", "km", "dollars")."""
    load, _ = _quantulum()
    units = load.units("en_US")
    return frozenset({*units.surfaces_lower, *(s.lower() for s in units.symbols)})


@lru_cache(maxsize=1)
def _measure_symbols() -> frozenset[str]:
    """Unit symbols quantulum3 knows, case kept ("mg", "W", "μm")."""
    load, _ = _quantulum()
    return frozenset(load.units("en_US").symbols)


def is_measure_word(word: str) -> bool:
    return word.lower() in _measure_surfaces()


def _accepted_unit(name: str, entity: str, surface: str, config: NumbersConfig) -> str:
    """quantulum3's unit name when it is plausible, else "" (it invents units from stray letters)."""
    if name in ("dimensionless", "count", "unk") or " to the " in name or "ampere-turn" in name:
        return ""
    if name.lower() in config.percent_words or name == "percentage":
        return "percentage"
    if entity == "unknown":
        explicit = " per " in f" {surface.lower()} " or "/" in surface
        return name if " per " in name and explicit and len(name.split()) <= 5 else ""
    if " of arc" in name:
        return ""
    if name == "degree angle":
        return "degree"  # "a 30 degree angle", "2 degree range": quantulum3 has no context to tell
    return name


def measure_windows(sent: Span, quantities: list[Quantity], before: int = 3, after: int = 8) -> list[tuple[int, int]]:
    """Character windows of the sentence around the quantities a measure may name, merged when they overlap.

    quantulum3's unit pattern costs about a millisecond for every number in
    its text, and a unit sits next to its number.
    """
    doc = sent.doc
    windows: list[tuple[int, int]] = []
    for q in quantities:
        if q.fixed_unit or not _needs_measure(q, doc):
            continue
        first = max(sent.start, q.first - before)
        last = min(sent.end - 1, max(q.last, q.noun or q.last) + after)
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


@lru_cache(maxsize=4096)
def _parse_window(window: str) -> tuple[Any, ...]:
    """quantulum3's quantities in ``window`` (a pure function of the text: outlets repeat wire copy)."""
    _, parser = _quantulum()
    return tuple(parser.parse(window))


def quantulum_units(text: str, windows: list[tuple[int, int]], config: NumbersConfig) -> list[Measure]:
    """(start char, end char, unit, low, high) of the measures quantulum3 finds in the windows of ``text``."""
    out = []
    for w_start, w_end in windows:
        window = text[w_start:w_end]
        for q in _parse_window(window):
            start, end = q.span
            if start < 0 or window[start:end] != q.surface:
                continue
            unit = _accepted_unit(q.unit.name, q.unit.entity.name, q.surface, config)
            if not unit:
                continue
            low = high = None
            if q.uncertainty:
                low, high = q.value - q.uncertainty, q.value + q.uncertainty
            out.append((w_start + start, w_start + end, unit, low, high))
    return out


# ---------------------------------------------------------------- extraction


def _vague_count(token: Token, config: NumbersConfig) -> tuple[float, float] | None:
    bounds = config.vague_counts.get(token.lower_) or config.vague_counts.get(token.lemma_.lower())
    if bounds is None or len(bounds) != 2:
        return None
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if (nxt is not None and nxt.lower_ == "of") or token.dep_ in ("amod", "nummod", "det"):
        return bounds[0], bounds[1]
    return None


def _quantities(sent: Span, config: NumbersConfig) -> list[Quantity]:
    """The sentence's numbers with values and parse-resolved units."""
    doc = sent.doc
    found: list[Quantity] = []
    for first, last in number_groups(sent, config):
        if excluded(doc, first, last, config):
            continue
        words = [t.text for t in doc[first : last + 1]]
        words[0] = words[0][glued_prefix(doc[first], config) :]
        low: float | None
        high: float | None = None
        suffix = ""
        if len(words) > 1 and _glued_scale(doc, last - 1, config):
            suffix = words.pop().rstrip(".")
        digit_range = _DIGIT_RANGE.match(words[0]) if len(words) == 1 else None
        if digit_range is not None:
            low = float(digit_range.group(1).replace(",", ""))
            high = float(digit_range.group(2).replace(",", ""))
            suffix = digit_range.group(3)
        elif len(words) >= 1 and (digits := digits_value(words[0])) is not None and digits[1]:
            low, suffix = digits[0], digits[1] + suffix
            rest = words_value(words[1:], config) if len(words) > 1 else None
            if len(words) > 1 and rest is not None:
                low = low * rest
        else:
            low = words_value(words, config)
        if low is None:
            continue
        if negative_before(doc_text(doc)[sent.start_char : number_start(doc[first], config)], config):
            low, high = -low, None if high is None else -high
        found.append(Quantity(first, last, low, high, suffix=suffix))
    for token in sent:
        bounds = _vague_count(token, config)
        if bounds is not None and not any(q.first <= token.i <= q.last for q in found):
            low, high = bounds
            if token.i + 1 < sent.end and doc[token.i + 1].lower_ in config.scale_words:
                scale = config.scale_words[doc[token.i + 1].lower_]
                found.append(Quantity(token.i, token.i + 1, low * scale, high * scale, extra=(("vague", "1"),)))
                continue
            nxt = token.i + 2
            if token.nbor(1).lower_ == "of" and nxt < sent.end and doc[nxt].lower_ in config.vague_counts:
                # "tens of thousands", "hundreds of millions": scale the first by the second's unit.
                scale = next((v for k, v in config.scale_words.items() if doc[nxt].lower_.startswith(k)), None)
                if scale is not None:
                    low, high = low * scale, high * scale
            found.append(Quantity(token.i, token.i, low, None if high == low else high, extra=(("vague", "1"),)))
    shares = fractions(sent, config)
    found = [q for q in found if not any(f.first <= q.last and q.first <= f.last for f in shares)]
    found = sorted([*found, *shares], key=lambda q: q.first)
    found = _skip_scaled_vague(found, doc, config)
    found = _merge_ranges(found, doc, config)
    return [_resolve_unit(q, doc, config) for q in found]


def _of_after(doc: Doc, k: int, end: int) -> bool:
    return k < end and doc[k].lower_ == "of"


def _share_unit(doc: Doc, k: int, end: int) -> str:
    """ "fraction of <noun lemma>" for the first noun after token ``k`` ("two-thirds of voters" → voter)."""
    for token in doc[k + 1 : min(end, k + 6)]:
        if token.pos_ in _NOUNS and not (token.dep_ == "compound" and token.head.i > token.i):
            if token.tag_ == "NN" and token.text.islower() and is_measure_word(token.text):
                return token.lemma_.lower()  # "1/16 of a pint", "a quarter of a mile": an amount of that unit
            return f"fraction of {token.lemma_.lower() if token.pos_ == 'NOUN' else token.lower_}"
        if (token.pos_ in ("VERB", "AUX") and token.dep_ != "amod") or token.is_punct:
            break
    return "fraction"


def fractions(sent: Span, config: NumbersConfig) -> list[Quantity]:
    """Shares: "two-thirds of", "a third of", "half of", "one out of three", "1 in 5", "1/16 of" (unit "fraction")."""
    doc, end = sent.doc, sent.end
    found: list[Quantity] = []
    for token in sent:
        k = token.i
        denominator = config.fraction_words.get(token.lower_) or config.fraction_words.get(token.lower_.rstrip("s"))
        slash = _SLASH_FRACTION.match(token.text)
        half_the = denominator == 2 and k + 1 < end and doc[k + 1].lower_ == "the"
        if (denominator and _of_after(doc, k + 1, end)) or half_the:
            first, numerator = k, 1.0
            j = k - 1 if k - 1 >= sent.start and doc[k - 1].text in ("-", "–") else k
            before = doc[j - 1] if j - 1 >= sent.start else None
            if before is not None and (before.lower_ in ("a", "an") or before.lower_ in config.number_words):
                first, numerator = before.i, config.number_words.get(before.lower_, 1.0)
            elif denominator != 2:
                continue  # "third of" without "a" / a number: an ordinal ("the third of five")
            elif token.ent_type_ in _EXCLUDED_ENTS or (before is not None and before.lower_ in _NOT_SHARE):
                continue  # "the second half of the race", "the first half of 2022"
            found.append(Quantity(first, k, numerator / denominator, unit=_share_unit(doc, k + 1, end)))
        elif slash and _of_after(doc, k + 1, end) and 0 < int(slash.group(1)) < int(slash.group(2)):
            found.append(Quantity(k, k, int(slash.group(1)) / int(slash.group(2)), unit=_share_unit(doc, k + 1, end)))
        elif token.lower_ in ("out", "in") and sent.start < k and k + 1 < end:
            of = 1 if token.lower_ == "out" and doc[k + 1].lower_ == "of" else 0
            if (token.lower_ == "out" and not of) or k + 1 + of >= end:
                continue
            left, right = doc[k - 1], doc[k + 1 + of]
            a, b = words_value([left.text], config), words_value([right.text], config)
            timed = right.ent_type_ == "DATE" or time_unit_after(doc, right.i, config)[0]  # "3 in 10 days"
            if a is not None and b is not None and 0 < a < b and not timed:
                found.append(Quantity(left.i, right.i, a / b, unit=_share_unit(doc, right.i, end)))
    return found


def _skip_scaled_vague(found: list[Quantity], doc: Doc, config: NumbersConfig) -> list[Quantity]:
    """Drop "thousands" in "tens of thousands" (already folded into "tens")."""
    drop = set()
    for q in found:
        vague = ("vague", "1") in q.extra and q.first + 2 < len(doc) and doc[q.first + 1].lower_ == "of"
        if vague and doc[q.first + 2].lower_ in config.vague_counts:
            drop.add(q.first + 2)
    return [q for q in found if not (("vague", "1") in q.extra and q.first in drop)]


def _merge_ranges(found: list[Quantity], doc: Doc, config: NumbersConfig) -> list[Quantity]:
    """ "between 200 and 300", "15 to 22", "5% to 6%": one quantity (low, high) when low < high.

    "from 4.8 to 4.7 percent" is one quantity too, written in its order (value 4.8, high 4.7); "rose by 5 to 300"
    is two (an amount of change, then the new level).
    """
    percent_tokens = {part for word in config.percent_words for part in word.lower().split()}
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        if i + 1 < len(found) and q.high is None and ("vague", "1") not in q.extra and not q.unit:
            r = found[i + 1]
            between = [
                t
                for t in doc[q.last + 1 : r.first]
                if not t.is_currency and t.text not in ("US", "HK") and t.lower_ not in percent_tokens
            ]
            links = {t.lower_ for t in between}
            k = q.first - 1
            while k > 0 and (doc[k].is_currency or doc[k].text in ("US", "HK")):
                k -= 1
            word_before = doc[k].lower_ if k >= 0 else ""
            starts_between = word_before == "between"
            linked = len(between) == 1 and links <= _RANGE_LINKS and (links != {"and"} or starts_between)
            # "5 to 6 per cent": the per-cent word of the upper bound applies to both.
            same_kind = (
                percent_after(doc, q.last, q.suffix, config) < 0 or percent_after(doc, r.last, r.suffix, config) >= 0
            ) and _currency_at(doc, q.first, config) == _currency_at(doc, r.first, config)
            ordered = q.low < r.low or (word_before == "from" and q.low != r.low)
            if linked and same_kind and r.high is None and not r.unit and ordered and word_before != "by":
                scale = 1.0
                if q.last == q.first and r.last > r.first and doc[r.last].lower_ not in ("-",):
                    # "1 to 2 thousand": the scale word of the upper bound applies to both.
                    upper_plain = digits_value(doc[r.first].text)
                    if upper_plain is not None and q.low < upper_plain[0] and r.low / upper_plain[0] >= 100:
                        scale = r.low / upper_plain[0]
                out.append(Quantity(q.first, r.last, q.low * scale, r.low, suffix=r.suffix, extra=q.extra))
                i += 2
                continue
            merged = _from_to(q, r, between, doc, config) if len(between) > 1 and r.high is None else None
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(q)
        i += 1
    return out


def _from_to(q: Quantity, r: Quantity, between: list[Token], doc: Doc, config: NumbersConfig) -> Quantity | None:
    """ "from 208 pounds to 193", "from $36,040 at 10.45pm to $34,935": one quantity (q's value, high = r's) when
    words stand between the two, with the unit of whichever names one; ``None`` when this is no such pair."""
    if len(between) > config.from_to_max_words or between[-1].lower_ != "to" or r.unit != "":
        return None
    if any(t.is_punct or t.lower_ in ("from", "to") for t in between[:-1]):
        return None
    sent = doc[q.first].sent
    _, rest = qualifier_of(doc_text(doc)[sent.start_char : number_start(doc[q.first], config)], "", config)
    words = currency_free(rest, config).split()
    if not words or words[-1] != "from":
        return None
    a, b = _resolve_unit(q, doc, config), _resolve_unit(r, doc, config)
    if a.low == b.low or (a.unit and b.unit and a.unit != b.unit and not (a.suffix or b.suffix)):
        return None
    unit_of = a if a.unit or not b.unit else b
    return replace(unit_of, first=q.first, last=r.last, low=a.low, high=b.low, extra=a.extra)


def currency_free(prefix: str, config: NumbersConfig) -> str:
    """``prefix`` without the currency symbol it ends with ("rose from US$" → "rose from")."""
    _, chars = currency_before(prefix, config)
    return prefix[: len(prefix) - chars].rstrip() if chars else prefix


def _currency_at(doc: Doc, first: int, config: NumbersConfig) -> str:
    """The currency written right before token ``first``, else ""."""
    return currency_before(doc_text(doc)[doc[first].sent.start_char : number_start(doc[first], config)], config)[0]


def _followed_by_per(doc: Doc, q: Quantity) -> bool:
    end = q.noun if q.noun is not None else q.last
    return end + 1 < len(doc) and doc[end + 1].lower_ in ("per", "/", "a", "an")


def _needs_measure(q: Quantity, doc: Doc) -> bool:
    """The parse left the unit open: no counted noun, letters glued to the digits, or a rate."""
    return q.unit == "" or bool(q.suffix) or _followed_by_per(doc, q)


def _resolve_unit(q: Quantity, doc: Doc, config: NumbersConfig) -> Quantity:
    """Unit from a per-cent word, a currency symbol or the counted noun (no quantulum3)."""
    if q.unit:  # a fraction
        return q
    extra = list(q.extra)
    if percent_after(doc, q.last, q.suffix, config) >= 0:
        return replace(q, unit="percentage", suffix="", noun=percent_after(doc, q.last, q.suffix, config))
    sent = doc[q.first].sent
    prefix = doc_text(doc)[sent.start_char : number_start(doc[q.first], config)]
    currency, _ = currency_before(prefix, config)
    if currency:
        low, high = q.low, q.high
        scale = config.money_suffixes.get(q.suffix.lower())
        if scale is not None:
            low, high = low * scale, None if high is None else high * scale
        return replace(q, low=low, high=high, unit=currency, suffix="")
    if q.suffix in config.count_suffixes:  # "4.3M sales", "2.8bn km" (case-sensitive: "4.3m" is metres)
        scale = config.count_suffixes[q.suffix]
        q = replace(q, low=q.low * scale, high=None if q.high is None else q.high * scale, suffix="", fixed_unit=True)
    time_unit, time_token = time_unit_after(doc, q.last, config)
    if time_unit:
        # quantulum3 reads "a 50 year-old" as 50 years.
        return replace(q, unit=time_unit, noun=time_token, suffix="", fixed_unit=time_unit.endswith(" of age"))
    noun, verb = counted_noun(doc, q.first, q.last, config)
    if noun is None:
        if verb:
            extra.append(("object_of", verb))
        return replace(q, extra=tuple(extra))
    mods = modifiers(noun, range(q.first, q.last + 1))
    if mods:
        extra.append(("modifiers", mods))
    unit = noun.lemma_.lower() if noun.pos_ == "NOUN" or noun.tag_ == "NNPS" else noun.text.lower()
    suffix = q.suffix
    if is_measure_word(noun.text) or noun.lower_ in config.square_words:
        suffix = suffix or noun.text  # a measure: let quantulum3 name the unit
    return replace(q, unit=unit, noun=noun.i, extra=tuple(extra), suffix=suffix)


@per_config
def _may_count(config: NumbersConfig) -> re.Pattern[str]:
    """A digit, or a number, scale, vague-count or fraction word: a sentence without one holds no quantity.

    One search over the sentence's text instead of a look at every token.
    """
    words = sorted({*config.number_words, *config.scale_words, *config.vague_counts}, key=len, reverse=True)
    fractions = sorted(config.fraction_words, key=len, reverse=True)
    alternatives = [re.escape(w) for w in words] + [re.escape(w) + "s*" for w in fractions]
    return re.compile(rf"\d|(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W\d_])", re.IGNORECASE)


def extract_numbers(doc: Doc, *, article: Article, config: NumbersConfig) -> list[Mention]:
    """Counts and measures of the article, one mention per quantity (ranges are one mention)."""
    mentions: list[Mention] = []
    may_count = _may_count(config).search
    text = doc_text(doc)
    for sent in doc.sents:
        if not may_count(text, sent.start_char, sent.end_char):
            continue
        quantities = _quantities(sent, config)
        if not quantities:
            continue
        windows = measure_windows(sent, quantities)
        measures = quantulum_units(text, windows, config) if windows else []
        for q in quantities:
            mentions.append(_mention(q, sent, measures, article, config))
    return mentions


def _mention(
    q: Quantity,
    sent: Span,
    measures: list[Measure],
    article: Article,
    config: NumbersConfig,
) -> Mention:
    doc = sent.doc
    start, end = doc[q.first].idx, doc[q.last].idx + len(doc[q.last])
    unit, low, high = q.unit, q.low, q.high
    # A measure quantulum3 names (overlapping our number) overrides the parse's noun.
    for m_start, m_end, m_unit, m_low, m_high in [] if q.fixed_unit else measures:
        if m_start < end and start < m_end and not (unit in config.currency_symbols or unit == "percentage"):
            unit = m_unit
            end = max(end, min(m_end, sent.end_char))
            if high is None and m_low is not None and m_high is not None and m_low < m_high and m_low == low:
                high = m_high
            break
    digits_start = number_start(doc[q.first], config)
    prefix = doc_text(doc)[sent.start_char : digits_start]
    currency, symbol_len = currency_before(prefix, config)
    if currency and unit == currency:
        start = min(start, digits_start - symbol_len)
        prefix = doc_text(doc)[sent.start_char : start]
    if low < 0 and (sign := negative_before(prefix, config)):
        start = min(start, sent.start_char + len(prefix) - sign)
        prefix = prefix[: len(prefix) - sign]
    if q.noun is not None and q.last < q.noun <= q.last + 3 and unit == q.unit:
        end = max(end, doc[q.noun].idx + len(doc[q.noun]))
    if unit and unit != "percentage" and " per " not in unit:
        per, per_end = per_unit(doc, max(q.last, q.noun or 0) + 1, sent.end, config)
        if per:
            unit, end = f"{unit} per {per}", max(end, per_end)
    after = doc_text(doc)[doc[q.last].idx + len(doc[q.last]) : sent.end_char]
    qualifier, rest = qualifier_of(prefix, after, config)
    extra = [(k, v) for k, v in q.extra if k != "vague"]
    if ("vague", "1") in q.extra:
        qualifier = "~"
    if high is not None:
        extra.append(("high", format_value(high)))
    anchor = doc[q.noun] if q.noun is not None else _group_root(doc, q.first, q.last)
    change = change_of(anchor, rest, config)
    if change:
        extra.append(("change", change))
    span = doc[q.first : q.last + 1]
    return make_mention(
        article,
        span,
        kind="number",
        value=format_value(low),
        unit=unit,
        qualifier=qualifier,
        start=start,
        end=end,
        anchor=anchor,
        extra=tuple(extra),
    )
