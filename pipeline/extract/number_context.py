"""Numbers: the words around a number: qualifier ("about", "more than"), change ("rose 5%"), currency,
per-cent words and rates ("$58 per barrel")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..config import NumbersConfig
from .common import label_ids, parse_of, per_config

_NOUNS = {"NOUN", "PROPN"}


def _phrase_before(prefix: str, phrases: tuple[str, ...]) -> str:
    """The longest of ``phrases`` (lower case) that ``prefix`` ends with (as whole words).

    Every way of matching ends ``prefix`` with the phrase, so one ``endswith`` over all of them rules out the
    usual number, which has no qualifier, before the phrases are tried in turn.
    """
    if not prefix.endswith(phrases):
        return ""
    best = ""
    for p in phrases:
        if len(p) > len(best) and (
            prefix == p or prefix.endswith(" " + p) or (not p[-1].isalnum() and prefix.endswith(p))
        ):
            best = p
    return best


def _phrase_after(suffix: str, phrases: tuple[str, ...]) -> str:
    """The longest of ``phrases`` (lower case) that ``suffix`` starts with (as whole words); every way of matching
    starts ``suffix`` with the phrase (see :func:`_phrase_before`)."""
    if not suffix.startswith(phrases):
        return ""
    best = ""
    for p in phrases:
        if len(p) > len(best) and (
            suffix == p
            or suffix.startswith(p + " ")
            or suffix.startswith(p + ",")
            or (suffix.startswith(p) and not p[0].isalnum())
        ):
            best = p
    return best


Phrases = tuple[tuple[tuple[str, ...], str], ...]


@per_config
def _qualifier_phrases(config: NumbersConfig) -> tuple[Phrases, Phrases]:
    """The qualifier phrases in lower case with their qualifier, in the order :func:`qualifier_of` reads them:
    before the number (less, more, approximate), then after it (more, less, approximate)."""
    before = ((config.less_words, "<"), (config.more_words, ">"), (config.approx_words, "~"))
    after = ((config.more_after_words, ">"), (config.less_after_words, "<"), (config.approx_after_words, "~"))
    return (
        tuple((tuple(p.lower() for p in words), q) for words, q in before),
        tuple((tuple(p.lower() for p in words), q) for words, q in after),
    )


def qualifier_of(before: str, after: str, config: NumbersConfig) -> tuple[str, str]:
    """("=", "~", ">", "<") from the words around the number, and the text before that qualifier phrase."""
    before = " ".join(before.lower().split())
    after = " ".join(after.lower().split()).lstrip("-")
    phrases_before, phrases_after = _qualifier_phrases(config)
    found = [(_phrase_before(before, words), q) for words, q in phrases_before]
    phrase, qualifier = max(found, key=lambda f: len(f[0]))
    rest = before[: len(before) - len(phrase)].rstrip() if phrase else before
    if not phrase:
        qualifier = "="
    for words, q in phrases_after:
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
def _symbols_by_last_char(config: NumbersConfig) -> dict[str, list[tuple[str, str, bool]]]:
    """(unit, symbol, glued only) of the currency symbols grouped by their last character, in config order (the
    glued symbols, "euro110 billion", last)."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for table, glued in ((config.currency_symbols, False), (config.glued_currency_symbols, True)):
        for unit, symbols in table.items():
            for symbol in symbols:
                if symbol:
                    out.setdefault(symbol[-1], []).append((unit, symbol, glued))
    return out


@per_config
def scaled_symbols(config: NumbersConfig) -> frozenset[str]:
    """Glued symbols of one letter: money only before a multiplier ("e80 million", "E75m")."""
    return frozenset(
        symbol for symbols in config.glued_currency_symbols.values() for symbol in symbols if len(symbol) == 1
    )


def currency_before(prefix: str, config: NumbersConfig) -> tuple[str, int]:
    """(currency unit, characters of the symbol) written right before the amount, else ("", 0)."""
    compact = prefix.rstrip()
    best, best_symbol, best_chars = "", "", 0
    # A symbol can only match when it ends with the prefix's last character.
    for unit, symbol, glued in _symbols_by_last_char(config).get(compact[-1:], ()):
        if glued and compact != prefix:
            continue
        if len(symbol) > len(best_symbol) and (chars := _symbol_at_end(compact, symbol)):
            best, best_symbol, best_chars = unit, symbol, chars
    if not best:
        return "", 0
    return best, best_chars + len(prefix) - len(compact)


def currency_noun_after(doc: Doc, last: int, config: NumbersConfig) -> tuple[str, int]:
    """The currency the noun after token ``last`` names, with its index ("2m euros" → "euro", "a 2m-euro
    necklace", "11m Pounds" → "pound sterling"), else ("", -1)."""
    k = last + 1
    if k + 1 < len(doc) and doc[k].text == "-" and not doc[last].whitespace_ and not doc[k].whitespace_:
        k += 1
    if k >= len(doc):
        return "", -1
    word = doc[k].lower_
    nouns = config.currency_nouns
    unit = nouns.get(word) or (nouns.get(word[:-1], "") if word.endswith("s") else "")
    return (unit, k) if unit else ("", -1)


@per_config
def _percent_phrases(config: NumbersConfig) -> list[list[str]]:
    """The per-cent words as word lists, longest first."""
    return [word.split() for word in sorted(config.percent_words, key=len, reverse=True)]


def percent_after(doc: Doc, last: int, suffix: str, config: NumbersConfig) -> int:
    """Index of the last token of a per-cent word after the number (or after its glued suffix), else -1."""
    if suffix and suffix.lower() in config.percent_words:
        return last
    n = len(doc)
    first = doc[last + 1].lower_ if last + 1 < n else None  # a phrase must start with it
    for parts in _percent_phrases(config):
        end = last + len(parts)
        if end < n and (not parts or parts[0] == first) and [t.lower_ for t in doc[last + 1 : end + 1]] == parts:
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


def words_between(doc: Doc, start: int, end: int, limit: int, config: NumbersConfig) -> list[int]:
    """The tokens in ``[start, end)`` that are no currency symbol, "US"/"HK" or per-cent word, in order; no more
    than ``limit + 1`` of them (more than ``limit`` words between two numbers make no range, whatever they are)."""
    p = parse_of(doc)
    orth, lower, skipped = p.orth, p.lower_id, _percent_ids(config)
    kept: list[int] = []
    for k in range(start, end):
        if orth[k] not in _US_HK and lower[k] not in skipped and not doc[k].is_currency:
            kept.append(k)
            if len(kept) > limit:
                break
    return kept


@per_config
def _percent_ids(config: NumbersConfig) -> frozenset[int]:
    """String ids of the words of the per-cent phrases ("per", "cent", "percent")."""
    return label_ids(*{part for word in config.percent_words for part in word.lower().split()})


_US_HK = label_ids("US", "HK")  # written before a currency symbol ("US$5 to US$6")
