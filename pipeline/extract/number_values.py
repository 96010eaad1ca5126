"""Numbers: which tokens form a number, their value, and the numbers that are no count or measure.

"12,000", "1.2bn", "twenty - five", "4 hundred million" are runs of number tokens; years, dates and durations,
times, ordinals, phone numbers, identifiers and scores are excluded (see :func:`excluded`)."""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span, Token

from ..config import NumbersConfig
from .common import doc_text, parse_of, per_config, sent_start_char, sentence_tokens
from .number_context import currency_before, percent_after, scaled_symbols
from .number_measures import is_measure_word
from .string_tests import StringTests, tokens_where

# Digits with glued letters ("1.2bn", "5pc"); an area or volume unit may end in 2 or 3 ("32m2").
_DIGITS = re.compile(r"^[+-]?(\d[\d,]*(?:\.\d+)?|\.\d+)((?:[^\W\d_]+[23]?)?)$")
# Letters glued before the digits: "US55,931,000" after "$", "USD10", "RM23.50", "Y=590", "euro110" (a currency when
# known).
# ... or a sign or qualifier word joined by a hyphen ("minus-5", "sub-7"), or an approximation sign ("~25").
_PREFIXED = re.compile(r"^([^\W\d_]{1,4}=?|[^\W\d_]+-|[~≈])(\d[\d,]*(?:\.\d+)?)([^\W\d_]*)$")
# "5-10W", and "140-$150" with the currency written again (the tokenizer keeps it one token).
DIGIT_RANGE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-–][$€£¥₹]?(\d[\d,]*(?:\.\d+)?)([^\W\d_]*)$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?:[ap]\.?m\.?)?$|^\d{1,2}(?:[.:]\d{2})?[ap]\.?m\.?$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?\d+(?:[-./]\d+){2,}$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)
_AGE = re.compile(r"^-?([a-z]+?)s?-old$", re.IGNORECASE)  # "year-old", "-month-old"
# Numbers a DATE entity may hold as a date part: days, years, decades ("14", "2019", "1990s", "'90s").
_DATE_PART = re.compile(r"^(?:\d{1,2}|[12]\d{3}s?|'?\d0s)$")
_FOUR_DIGITS = re.compile(r"\d{4}")
_DIGITS_ONLY = re.compile(r"\d+s?")  # "1990s" too
EXCLUDED_ENTS = {"DATE", "TIME", "ORDINAL"}
RANGE_LINKS = {"to", "-", "–", "and", "or"}


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
        or DIGIT_RANGE.match(token.text) is not None
        or lower in config.number_words
        or lower in config.scale_words
        or glued_prefix(token, config) > 0
    )


@per_config
def _number_tests(config: NumbersConfig) -> StringTests:
    def text_test(text: str) -> bool:
        return (
            _DIGITS.match(text) is not None or DIGIT_RANGE.match(text) is not None or _PREFIXED.match(text) is not None
        )

    def word_test(lower: str) -> bool:
        return lower in config.number_words or lower in config.scale_words

    return StringTests(((ORTH, text_test), (LOWER, word_test)))


def number_candidates(doc: Doc, config: NumbersConfig) -> list[int]:
    """The tokens whose text may make them number tokens (:func:`is_number_token` is false of all others)."""
    return tokens_where(doc, _number_tests(config))


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
    before = doc_text(token.doc)[sent_start_char(token.doc, token.i) : token.idx]
    if len(match.group(2)) == 1 and not match.group(3) and not before.endswith(("$", "€", "£", "¥")):
        return 0  # but "$US1 million" is money
    if letters in scaled_symbols(config) and not _scale_follows(token, match.group(3), config):
        return 0  # "E80" is a road, "e80 million" euros
    currency, length = currency_before(before + letters, config)
    return len(letters) if currency and length >= len(letters) else 0


def _scale_follows(token: Token, glued: str, config: NumbersConfig) -> bool:
    """A multiplier glued to the digits ("e75m") or right after them ("e80 million", "E80 m")."""
    if glued:
        return glued.lower() in config.money_suffixes
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is None:
        return False
    return nxt.lower_ in config.scale_words or (
        not token.whitespace_ and nxt.text.rstrip(".").lower() in config.money_suffixes
    )


def negative_before(prefix: str, config: NumbersConfig) -> int:
    """Characters of a sign word ending ``prefix`` ("minus ", "minus-"), else 0."""
    stripped = prefix.rstrip(" -")
    word = stripped[stripped.rfind(" ") + 1 :]
    return len(prefix) - len(stripped) + len(word) if word.lower() in config.negative_words else 0


def number_start(token: Token, config: NumbersConfig) -> int:
    """Character offset where the token's digits begin (after a glued currency symbol)."""
    return token.idx + glued_prefix(token, config)


def glued_scale(doc: Doc, j: int, config: NumbersConfig) -> bool:
    """Is token ``j + 1`` a money multiplier glued to token ``j`` ("$13.6" + "M", "HK $5.4" + "m.")?"""
    p = parse_of(doc)
    if j + 1 >= p.n or p.idx[j] + p.length[j] != p.idx[j + 1]:
        return False
    if p.text(j + 1).rstrip(".").lower() not in config.money_suffixes:
        return False
    return digits_value(p.text(j)[glued_prefix(doc[j], config) :]) is not None


# ---------------------------------------------------------------- groups of number tokens


def number_groups(sent: Span, config: NumbersConfig) -> list[tuple[int, int]]:
    """Maximal runs of number tokens [first, last] ("1.5 million", "twenty - five", "4 hundred million")."""
    groups: list[tuple[int, int]] = []
    doc = sent.doc
    p = parse_of(doc)
    number_words, scale_words = config.number_words, config.scale_words
    candidates = number_candidates(doc, config)
    i = sent.start
    while i < sent.end:
        k = bisect_left(candidates, i)
        if k == len(candidates) or candidates[k] >= sent.end:
            break  # no number token left in the sentence
        i = candidates[k]
        if not is_number_token(doc[i], config):
            i += 1
            continue
        j = i
        while j + 1 < sent.end:
            nxt = p.lower(j + 1)
            if glued_scale(doc, j, config):
                j += 1
                break
            if nxt in scale_words:
                j += 1
            elif _hyphen_scale(doc, j, sent.end, config):
                j += 2  # "$161-million", "two-million-euro"
            elif nxt == "-" and j + 2 < sent.end and p.lower(j) in number_words and p.lower(j + 2) in number_words:
                j += 2
            elif p.lower(j) in number_words and nxt in number_words:
                j += 1
            else:
                break
        if all(p.lower(k) in scale_words for k in range(i, j + 1)):
            # "a million", "hundred" alone: only with an article before it.
            if i > sent.start and p.lower(i - 1) in ("a", "an"):
                groups.append((i - 1, j))
        else:
            groups.append((i, j))
        i = j + 1
    return groups


def _hyphen_scale(doc: Doc, j: int, end: int, config: NumbersConfig) -> bool:
    """Is token ``j`` joined by a hyphen, without spaces, to a scale word ("$161-million", "two-million-euro")?"""
    p = parse_of(doc)
    if j + 2 >= end or p.text(j + 1) not in ("-", "–") or p.lower(j + 2) not in config.scale_words:
        return False
    # No space after either token: each ends where the next starts.
    return p.idx[j] + p.length[j] == p.idx[j + 1] and p.idx[j + 1] + p.length[j + 1] == p.idx[j + 2]


def _is_year(token: Token, config: NumbersConfig) -> bool:
    low, high = config.year_range
    if not _FOUR_DIGITS.fullmatch(token.text) or not low <= int(token.text) <= high:
        return False
    # "2000 troops" counts; "in 2020", "2019 review", "the 2019 Rich List" do not.
    return not (token.dep_ == "nummod" and token.head.tag_ == "NNS" and token.head.i > token.i)


def excluded(doc: Doc, first: int, last: int, config: NumbersConfig) -> bool:
    """Years, dates, durations, times, ordinals, phone numbers, identifiers, scores, pronoun "one"."""
    tokens = doc[first : last + 1]
    after = doc[last + 1] if last + 1 < len(doc) else None
    timed = time_unit_after(doc, last, config)[0] != ""
    if not timed and after is not None and after.lower_ in RANGE_LINKS and last + 2 < len(doc):
        timed = is_number_token(doc[last + 2], config) and time_unit_after(doc, last + 2, config)[0] != ""
    for token in tokens:
        if _TIME.match(token.text) or _PHONE.match(token.text) or _ORDINAL.match(token.text):
            return True
        # spaCy tags numbers glued to or followed by a unit as dates or ordinals ("5pc", "100km/hr", "1112 p").
        measured = _glued_unit(token) or unit_follows(token, config)
        if not measured and (
            token.ent_type_ == "ORDINAL"
            or (token.ent_type_ in EXCLUDED_ENTS and not timed and _date_part(token, config))
        ):
            return True
    if after is not None and (after.lower_ in ("am", "pm", "a.m.", "p.m.") or after.text == ":"):
        return True
    if len(tokens) == 1:
        token = tokens[0]
        if token.text.startswith("-") and first > 0 and doc[first - 1].is_upper:
            return True  # "COVID -19"
        prefix = doc_text(doc)[sent_start_char(doc, token.i) : number_start(token, config)]
        if _is_year(token, config) and not currency_before(prefix, config)[0]:
            return percent_after(doc, last, "", config) < 0
        score = DIGIT_RANGE.match(token.text)
        if score is not None and float(score.group(1).replace(",", "")) >= float(score.group(2).replace(",", "")):
            return True
        if token.lower_ == "one" and not (token.dep_ == "nummod" and token.head.pos_ == "NOUN"):
            return True
        if token.lower_ in config.number_words and token.pos_ == "PROPN":
            return True  # "BBC One", "Formula One"
        if _DIGITS_ONLY.fullmatch(token.text):
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
                and before.i != sentence_tokens(doc, before.i)[0]  # ``before.sent.start`` without its Span
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
    if currency_before(doc_text(token.doc)[sent_start_char(token.doc, token.i) : number_start(token, config)], config)[
        0
    ]:
        return False
    return _DATE_PART.match(token.text) is not None


def time_unit_after(doc: Doc, last: int, config: NumbersConfig) -> tuple[str, int]:
    """A duration or age unit after the number, with its last token: "three years" → ("year", k),
    "five-year" → ("year", k), "a 50 year-old man" / "two years old" → ("year of age", k); else ("", -1)."""
    p = parse_of(doc)  # the parse's columns: this runs for every number and several of its neighbours
    n, k = p.n, last + 1
    if k < n and p.text(k) in ("-", "–") and p.idx[k] == p.idx[last] + p.length[last]:
        k += 1
    if k >= n:
        return "", -1
    age = _AGE.match(p.text(k))
    word = (age.group(1) if age else p.lemma(k)).lower()
    if word not in config.duration_units:
        return "", -1
    if age:
        return f"{word} of age", k
    nxt = k + 1
    if nxt < n and p.text(nxt) in ("-", "–"):
        nxt += 1
    if nxt < n and p.lower(nxt) in ("old", "-old"):
        return f"{word} of age", nxt
    return word, k
