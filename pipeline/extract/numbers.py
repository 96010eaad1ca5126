"""Numbers: counts and measures, with what they count or measure.

A count's unit is the lemma of the counted noun, found in the dependency parse
("300 troops", "300-strong force", "a contingent of 300", "300 of the troops");
a measure's unit comes from quantulum3 ("5%" → percentage, "87 mph" → mile per
hour), which is only called for sentences that hold a measure the parse cannot
resolve. Money is read here: "$5 million" → 5000000 dollar, "£1.2bn" → pound sterling.

Ranges ("between 200 and 300", "15 to 22 mph", "5-10W") are ONE mention: value
= the low bound, ``high`` the upper bound. "from X ... to Y" is one mention
in its written order, also with words between ("from 208 pounds to 193"). Sign
words make a number negative ("minus 5", "minus-130").

Not numbers: years, dates and durations (the dates extractor's), times,
ordinals, phone numbers, identifiers ("Resolution 2100", "iPhone 11"), scores
("2-0"), and "one" used as a pronoun ("one of the …"; "one soldier" counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Span, Token

from ..config import NumbersConfig
from ..records import Article, Mention, slot_init
from .common import doc_text, make_mention, parse_of, per_config, sent_start_char
from .number_context import (
    change_of,
    currency_before,
    currency_noun_after,
    per_unit,
    percent_after,
    qualifier_of,
    words_between,
)
from .number_counted import counted_noun, group_root, modifiers
from .number_measures import Measure, is_measure_word, quantulum_units, trie_alternation
from .number_values import (
    DIGIT_RANGE,
    EXCLUDED_ENTS,
    RANGE_LINKS,
    digits_value,
    excluded,
    format_value,
    glued_prefix,
    glued_scale,
    negative_before,
    number_groups,
    number_start,
    time_unit_after,
    words_value,
)
from .string_tests import StringTests, tokens_in, tokens_where

_SLASH_FRACTION = re.compile(r"^(\d+)[/⁄](\d+)$")  # "1/16", "1⁄32" (fraction slash)
_NOUNS = {"NOUN", "PROPN"}
_NOT_SHARE = {"the", "first", "second", "other", "this", "that", "each"}  # "the second half": not a share


@slot_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in a sentence: its tokens [first, last], value(s) and unit."""

    first: int
    last: int
    low: float
    high: float | None = None
    unit: str = ""
    noun: int | None = None  # index of the counted / measuring noun
    vague: bool = False  # a vague count ("dozens", "tens of thousands"): its bounds, qualifier "~"
    modifiers: tuple[str, ...] = ()  # of the counted noun (see ``number_counted.modifiers``)
    object_of: str = ""  # the verb whose object the number is, when it counts no noun
    suffix: str = ""  # letters glued to the digits ("54GB" → "GB")
    # The unit is settled (a count multiplier read from the suffix, "4.3M"; an age): quantulum3 must not rename it.
    fixed_unit: bool = False


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
        if len(words) > 1 and glued_scale(doc, last - 1, config):
            suffix = words.pop().rstrip(".")
        digit_range = DIGIT_RANGE.match(words[0])
        scale = words_value(words[1:], config) if digit_range is not None and len(words) > 1 else 1.0
        if digit_range is not None and scale is not None:  # "5-10W", "$140-$150 million"
            low = float(digit_range.group(1).replace(",", "")) * scale
            high = float(digit_range.group(2).replace(",", "")) * scale
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
    for i in tokens_in(_vague_tokens(doc, config), sent.start, sent.end):  # the others have no bounds
        token = doc[i]
        bounds = _vague_count(token, config)
        if bounds is not None and not any(q.first <= token.i <= q.last for q in found):
            low, high = bounds
            if token.i + 1 < sent.end and doc[token.i + 1].lower_ in config.scale_words:
                scale = config.scale_words[doc[token.i + 1].lower_]
                found.append(Quantity(token.i, token.i + 1, low * scale, high * scale, vague=True))
                continue
            times = config.vague_counts.get(doc[token.i + 1].lower_) if token.i + 1 < sent.end else None
            if times is not None and len(times) == 2 and times[0] == times[1]:
                # "several dozen youths": that many dozens (36 to 108), not "several" and a dozen apart.
                found.append(Quantity(token.i, token.i + 1, low * times[0], high * times[0], vague=True))
                continue
            nxt = token.i + 2
            if token.nbor(1).lower_ == "of" and nxt < sent.end and doc[nxt].lower_ in config.vague_counts:
                # "tens of thousands", "hundreds of millions": scale the first by the second's unit.
                scale = next((v for k, v in config.scale_words.items() if doc[nxt].lower_.startswith(k)), None)
                if scale is not None:
                    low, high = low * scale, high * scale
            found.append(Quantity(token.i, token.i, low, None if high == low else high, vague=True))
    shares = fractions(sent, config)
    found = [q for q in found if not any(f.first <= q.last and q.first <= f.last for f in shares)]
    found = sorted([*found, *shares], key=lambda q: q.first)
    found = _skip_scaled_vague(found, doc, config)
    found = _merge_ranges(found, doc, config)
    return [_resolve_unit(q, doc, config) for q in found]


@per_config
def _vague_tests(config: NumbersConfig) -> StringTests:
    vague = config.vague_counts
    return StringTests(((LOWER, vague.__contains__), (LEMMA, lambda s: s.lower() in vague)))


def _vague_tokens(doc: Doc, config: NumbersConfig) -> list[int]:
    """The tokens :func:`_vague_count` may give bounds for (their lower-case form or lemma is a vague count)."""
    return tokens_where(doc, _vague_tests(config))


@per_config
def _fraction_tests(config: NumbersConfig) -> StringTests:
    words = config.fraction_words

    def share_word(lower: str) -> bool:
        return lower in words or lower.rstrip("s") in words or lower in ("out", "in")

    return StringTests(((LOWER, share_word), (ORTH, lambda s: _SLASH_FRACTION.match(s) is not None)))


def _fraction_tokens(doc: Doc, config: NumbersConfig) -> list[int]:
    """The tokens :func:`fractions` may start a share at: a fraction word, a slash fraction, "out" or "in"."""
    return tokens_where(doc, _fraction_tests(config))


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
    for k in tokens_in(_fraction_tokens(doc, config), sent.start, end):  # the others match no branch below
        token = doc[k]
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
            elif token.ent_type_ in EXCLUDED_ENTS or (before is not None and before.lower_ in _NOT_SHARE):
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
        vague = q.vague and q.first + 2 < len(doc) and doc[q.first + 1].lower_ == "of"
        if vague and doc[q.first + 2].lower_ in config.vague_counts:
            drop.add(q.first + 2)
    return [q for q in found if not (q.vague and q.first in drop)]


def _merge_ranges(found: list[Quantity], doc: Doc, config: NumbersConfig) -> list[Quantity]:
    """ "between 200 and 300", "15 to 22", "5% to 6%": one quantity (low, high) when low < high.

    "from 4.8 to 4.7 percent" is one quantity too, written in its order (value 4.8, high 4.7); "rose by 5 to 300"
    is two (an amount of change, then the new level).
    """
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        if i + 1 < len(found) and q.high is None and not q.vague and not q.unit:
            r = found[i + 1]
            # The words between, on the parse's columns (the tokens only when few: more match no branch below).
            p = parse_of(doc)
            kept = words_between(doc, q.last + 1, r.first, max(1, config.from_to_max_words), config)
            between = [doc[k] for k in kept] if len(kept) <= max(1, config.from_to_max_words) else None
            links = {p.lower(k) for k in kept} if len(kept) == 1 else set()
            k = q.first - 1
            while k > 0 and (doc[k].is_currency or doc[k].text in ("US", "HK")):
                k -= 1
            word_before = doc[k].lower_ if k >= 0 else ""
            starts_between = word_before == "between"
            linked = len(kept) == 1 and links <= RANGE_LINKS and (links != {"and"} or starts_between)
            # "5 to 6 per cent": the per-cent word of the upper bound applies to both.
            # "$140-150 million": the currency written before the lower bound applies to both.
            currency, upper_currency = _currency_at(doc, q.first, config), _currency_at(doc, r.first, config)
            same_kind = (
                percent_after(doc, q.last, q.suffix, config) < 0 or percent_after(doc, r.last, r.suffix, config) >= 0
            ) and upper_currency in (currency, "")
            ordered = q.low < r.low or (word_before == "from" and q.low != r.low)
            if linked and same_kind and r.high is None and not r.unit and ordered and word_before != "by":
                scale = 1.0
                if q.last == q.first and r.last > r.first and doc[r.last].lower_ not in ("-",):
                    # "1 to 2 thousand": the scale word of the upper bound applies to both.
                    upper_plain = digits_value(doc[r.first].text)
                    if upper_plain is not None and q.low < upper_plain[0] and r.low / upper_plain[0] >= 100:
                        scale = r.low / upper_plain[0]
                out.append(
                    Quantity(
                        q.first,
                        r.last,
                        q.low * scale,
                        r.low,
                        suffix=r.suffix,
                        vague=q.vague,
                        modifiers=q.modifiers,
                        object_of=q.object_of,
                    )
                )
                i += 2
                continue
            # _from_to takes no more than ``from_to_max_words`` words between the two.
            merged = (
                _from_to(q, r, between, doc, config)
                if between is not None and len(between) > 1 and r.high is None
                else None
            )
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
    _, rest = qualifier_of(
        doc_text(doc)[sent_start_char(doc, q.first) : number_start(doc[q.first], config)], "", config
    )
    words = currency_free(rest, config).split()
    if not words or words[-1] != "from":
        return None
    a, b = _resolve_unit(q, doc, config), _resolve_unit(r, doc, config)
    if a.low == b.low or (a.unit and b.unit and a.unit != b.unit and not (a.suffix or b.suffix)):
        return None
    unit_of = a if a.unit or not b.unit else b
    return replace(
        unit_of,
        first=q.first,
        last=r.last,
        low=a.low,
        high=b.low,
        vague=a.vague,
        modifiers=a.modifiers,
        object_of=a.object_of,
    )


def currency_free(prefix: str, config: NumbersConfig) -> str:
    """``prefix`` without the currency symbol it ends with ("rose from US$" → "rose from")."""
    _, chars = currency_before(prefix, config)
    return prefix[: len(prefix) - chars].rstrip() if chars else prefix


def _currency_at(doc: Doc, first: int, config: NumbersConfig) -> str:
    """The currency written right before token ``first``, else ""."""
    return currency_before(doc_text(doc)[sent_start_char(doc, first) : number_start(doc[first], config)], config)[0]


def _followed_by_per(doc: Doc, q: Quantity) -> bool:
    end = q.noun if q.noun is not None else q.last
    return end + 1 < len(doc) and doc[end + 1].lower_ in ("per", "/", "a", "an")


def _needs_measure(q: Quantity, doc: Doc) -> bool:
    """The parse left the unit open: no counted noun, letters glued to the digits, or a rate."""
    return q.unit == "" or bool(q.suffix) or _followed_by_per(doc, q)


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


def _resolve_unit(q: Quantity, doc: Doc, config: NumbersConfig) -> Quantity:
    """Unit from a per-cent word, a currency symbol or the counted noun (no quantulum3)."""
    if q.unit:  # a fraction
        return q
    if percent_after(doc, q.last, q.suffix, config) >= 0:
        return replace(q, unit="percentage", suffix="", noun=percent_after(doc, q.last, q.suffix, config))
    prefix = doc_text(doc)[sent_start_char(doc, q.first) : number_start(doc[q.first], config)]
    currency, _ = currency_before(prefix, config)
    if currency:
        low, high = q.low, q.high
        scale = config.money_suffixes.get(q.suffix.lower())
        if scale is not None:
            low, high = low * scale, None if high is None else high * scale
        return replace(q, low=low, high=high, unit=currency, suffix="")
    money, money_noun = currency_noun_after(doc, q.last, config)
    suffix = q.suffix.lower()
    if not money and not suffix and q.last + 1 < len(doc) and doc[q.last + 1].lower_ in config.money_suffixes:
        money, money_noun = currency_noun_after(doc, q.last + 1, config)  # "2 mn-euro jewelry"
        suffix = doc[q.last + 1].lower_
    if money and suffix in config.money_suffixes:
        scale = config.money_suffixes[suffix]  # "2m euros", "11m pounds": millions of that currency
        low, high = q.low * scale, None if q.high is None else q.high * scale
        return replace(q, low=low, high=high, unit=money, noun=money_noun, suffix="", fixed_unit=True)
    if q.suffix in config.count_suffixes:  # "4.3M sales", "2.8bn km" (case-sensitive: "4.3m" is metres)
        scale = config.count_suffixes[q.suffix]
        q = replace(q, low=q.low * scale, high=None if q.high is None else q.high * scale, suffix="", fixed_unit=True)
    time_unit, time_token = time_unit_after(doc, q.last, config)
    if time_unit:
        # quantulum3 reads "a 50 year-old" as 50 years.
        return replace(q, unit=time_unit, noun=time_token, suffix="", fixed_unit=time_unit.endswith(" of age"))
    noun, verb = counted_noun(doc, q.first, q.last, config)
    if noun is None:
        return replace(q, object_of=q.object_of or verb)
    mods = q.modifiers or modifiers(noun, range(q.first, q.last + 1))
    unit = noun.lemma_.lower() if noun.pos_ == "NOUN" or noun.tag_ == "NNPS" else noun.text.lower()
    suffix = q.suffix
    if is_measure_word(noun.text) or noun.lower_ in config.square_words:
        suffix = suffix or noun.text  # a measure: let quantulum3 name the unit
    return replace(q, unit=unit, noun=noun.i, modifiers=mods, suffix=suffix)


@per_config
def _may_count(config: NumbersConfig) -> re.Pattern[str]:
    """A digit, or a number, scale, vague-count or fraction word: a sentence without one holds no quantity.

    One search over the sentence's text instead of a look at every token. Only whether it finds something is
    read, so the words are written as tries (:func:`trie_alternation`, the same words found without trying each
    in turn at every character).
    """
    words = sorted({*config.number_words, *config.scale_words, *config.vague_counts}, key=len, reverse=True)
    fractions = sorted(config.fraction_words, key=len, reverse=True)
    alternatives = [f"(?:{trie_alternation(words)})"] if words else []
    alternatives += [f"(?:{trie_alternation(fractions)})s*"] if fractions else []
    return re.compile(rf"\d|(?<![^\W\d_])(?:{'|'.join(alternatives)})(?![^\W\d_])", re.IGNORECASE)


def extract_numbers(doc: Doc, *, article: Article, config: NumbersConfig) -> list[Mention]:
    """Counts and measures of the article, one mention per quantity (ranges are one mention)."""
    mentions: list[Mention] = []
    may_count = _may_count(config).search
    text = doc_text(doc)
    p = parse_of(doc)
    for first, end in p.sentences() if p.has_sents else ((s.start, s.end) for s in doc.sents):
        if not may_count(text, p.idx[first], p.idx[end - 1] + p.length[end - 1]):
            continue
        sent = doc[first:end]
        quantities = _quantities(sent, config)
        if not quantities:
            continue
        windows = measure_windows(sent, quantities)
        measures = quantulum_units(text, windows, config) if windows else []
        for q in quantities:
            mentions.append(_mention(q, sent, measures, article, config))
    return mentions


@per_config
def _qualifier_reach(config: NumbersConfig) -> int:
    """Words of the sentence on either side of a number that :func:`qualifier_of` can read for :func:`_mention`:
    its longest phrase's, and three more (the word before a phrase, a stripped "-")."""
    phrases = (
        *config.less_words,
        *config.more_words,
        *config.approx_words,
        *config.more_after_words,
        *config.less_after_words,
        *config.approx_after_words,
    )
    return max((len(p.split()) for p in phrases), default=0) + 3


def _near_words(prefix: str, after: str, config: NumbersConfig) -> tuple[str, str]:
    """The last words of ``prefix`` and the first of ``after`` that the qualifier and the change read (the
    qualifier's phrases at the ends, the word before it: :func:`change_of`), not the whole sentence split."""
    n = _qualifier_reach(config)
    before = prefix.rsplit(maxsplit=n)
    following = after.split(maxsplit=n)
    return (
        " ".join(before[1:]) if len(before) > n else prefix,
        " ".join(following[:n]) if len(following) > n else after,
    )


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
    qualifier, rest = qualifier_of(*_near_words(prefix, after, config), config)
    if q.vague:
        qualifier = "~"
    anchor = doc[q.noun] if q.noun is not None else group_root(doc, q.first, q.last)
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
        high="" if high is None else format_value(high),
        modifiers=q.modifiers,
        change=change_of(anchor, rest, config),
        object_of=q.object_of,
    )
