"""Numbers: measures named by quantulum3 ("87 mph" → mile per hour, "5%" → percentage).

quantulum3 is imported on first use (with ``inflect`` free of typeguard), its
unit disambiguation indexed once, and each text window parsed once per process."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import compress
from types import ModuleType
from typing import Any

from ..config import NumbersConfig

# A measure quantulum3 found: (start char, end char, unit, low, high).
Measure = tuple[int, int, str, float | None, float | None]


def _import_inflect() -> None:
    """Import ``inflect`` (which quantulum3 needs) without typeguard instrumenting it.

    inflect wraps its methods in ``typeguard.typechecked``, which recompiles
    them at import (seconds per worker) and type-checks every call. quantulum3
    only pluralizes its own unit names, which pass those checks, so the plurals
    are the same; this is what ``python -O`` does, for inflect alone. When nothing
    has imported typeguard yet, inflect is given a stand-in module holding only that
    decorator (typeguard's own import, with ``unittest.mock`` and ``asyncio``, costs
    about 0.03 s of CPU), which is removed again after the import.
    """
    import sys

    if "inflect" in sys.modules:
        return

    def unchecked(target: Any = None, **_: Any) -> Any:
        return target if target is not None else unchecked

    if "typeguard" not in sys.modules:
        stand_in = ModuleType("typeguard")
        stand_in.typechecked = unchecked  # type: ignore[attr-defined]
        sys.modules["typeguard"] = stand_in
        try:
            import inflect
        finally:
            if sys.modules.get("typeguard") is stand_in:
                del sys.modules["typeguard"]
        return
    import typeguard

    original = typeguard.typechecked
    typeguard.typechecked = unchecked  # type: ignore[assignment]
    try:
        import inflect  # noqa: F401
    finally:
        typeguard.typechecked = original


def _without_joblib() -> bool:
    """Whether quantulum3 may be imported with ``joblib`` hidden: its classifier needs joblib *and* scikit-learn,
    so without scikit-learn joblib's import (about 0.07 s of CPU, multiprocessing and loky) buys nothing."""
    import sys
    from importlib.util import find_spec

    return "joblib" not in sys.modules and "sklearn" not in sys.modules and find_spec("sklearn") is None


@lru_cache(maxsize=1)
def _quantulum() -> tuple[ModuleType, ModuleType]:
    """quantulum3's ``load`` and ``parser`` modules, imported without its optional-classifier warning."""
    import sys

    _import_inflect()
    hide = _without_joblib()
    if hide:
        sys.modules["joblib"] = None  # type: ignore[assignment]  # ``import joblib`` raises ImportError
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Classifier dependencies not installed", category=UserWarning)
            from quantulum3 import language, load, no_classifier, parser, regex
    finally:
        if hide and sys.modules.get("joblib", 0) is None:
            del sys.modules["joblib"]
    if not hasattr(language.get, "__wrapped__"):
        # quantulum3 looks its language modules up with ``import_module`` several times per number it parses: the
        # same module every time (the import only hands back ``sys.modules``' entry), kept after the first.
        language.get = cache(language.get)
    if not hasattr(no_classifier.disambiguate_no_classifier, "__wrapped__"):
        _disambiguate.__wrapped__ = no_classifier.disambiguate_no_classifier  # type: ignore[attr-defined]
        no_classifier.disambiguate_no_classifier = _disambiguate
    if not hasattr(regex.units_regex, "__wrapped__"):
        _units_regex.__wrapped__ = regex.units_regex  # type: ignore[attr-defined]
        regex.units_regex = _units_regex
    if not hasattr(regex.text_pattern_reg, "__wrapped__"):
        _text_pattern.__wrapped__ = regex.text_pattern_reg  # type: ignore[attr-defined]
        regex.text_pattern_reg = _text_pattern
    return load, parser


def _case_classes(chars: set[str]) -> dict[str, str]:
    """Each character → the first (sorted) of those an ``IGNORECASE`` pattern cannot tell from it ("K" → "K",
    "k" → "K", "μ" → "µ")."""
    out: dict[str, str] = {}
    firsts: list[str] = []
    for c in sorted(chars):
        same = (f for f in firsts if re.fullmatch(re.escape(f), c, re.I) and re.fullmatch(re.escape(c), f, re.I))
        first = next(same, None)
        if first is None:
            firsts.append(c)
        out[c] = first or c
    return out


def trie_alternation(words: Iterable[str]) -> str:
    """An ``IGNORECASE`` pattern that matches what the alternation of ``words`` sorted longest first matches.

    Words are merged on their common prefixes (characters a case-blind match cannot tell apart count as one),
    and at every branch the longer continuations are tried before the word that ends there. Only one path of
    the tree can match a given text, so its candidates come longest first, as the alternation's do, and
    backtracking sees them in the same order. Non-capturing groups only: group numbers stay as they were.
    """
    words = list(words)
    same = _case_classes({c for w in words for c in w})
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for c in word:
            node = node.setdefault(same[c], {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(c) + emit(child) for c, child in node.items() if c]
        if not branches:
            return ""
        if "" in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return emit(tree)


class _PatternOnly:
    """Stands in for ``re`` in ``quantulum3.regex`` while it builds a pattern: ``compile`` hands the pattern
    back instead of compiling it (sre's parser takes a fifth of a second over quantulum3's units pattern)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def compile(pattern: str, flags: int = 0) -> tuple[str, int]:
        return pattern, flags


def _quantulum_pattern(build: Any, lang: str) -> tuple[str, int]:
    """(pattern, flags) of one of quantulum3's ``@cached`` regex builders, not compiled and not cached."""
    from quantulum3 import regex

    inner = [c.cell_contents for c in getattr(build, "__closure__", None) or () if callable(c.cell_contents)]
    if len(inner) != 1:  # not quantulum3's @cached as we know it: compile it after all
        compiled = build(lang)
        return compiled.pattern, compiled.flags
    regex.re = _PatternOnly()  # type: ignore[assignment]
    try:
        pattern, flags = inner[0](lang)
    finally:
        regex.re = re
    return pattern, flags


@lru_cache(maxsize=4)
def _units_regex(lang: str = "en_US") -> re.Pattern[str]:
    """quantulum3's ``units_regex`` with its alternation of some 1,900 unit names and symbols (written eight
    times in the pattern) replaced by :func:`trie_alternation`: the same matches, groups and spans, but the
    regex engine no longer tries every unit name in turn after every number (0.6 s → 0.02 s on the bench's
    ECB+ and MEANTIME windows). Falls back to the original when its pattern is not built as expected."""
    from quantulum3 import load

    pattern, flags = _quantulum_pattern(_units_regex.__wrapped__, lang)  # type: ignore[attr-defined]
    units = load.units(lang)
    names = sorted([*units.surfaces.keys(), *units.symbols.keys()], key=len, reverse=True)
    alternation = "|".join(re.escape(name) for name in names)  # as quantulum3 writes it
    if not names or pattern.count(alternation) != 8:
        return re.compile(pattern, flags)
    return re.compile(pattern.replace(alternation, trie_alternation(names)), flags)


_BEFORE_WORD, _AFTER_WORD = r"((?<=\W)|^)", r"((?=\W)|$)"  # around each of quantulum3's number words


@lru_cache(maxsize=4)
def _text_pattern(lang: str = "en_US") -> re.Pattern[str]:
    """quantulum3's ``text_pattern_reg`` (spelled-out numbers) with the alternation of its number words, each
    written between the same word-boundary groups, written once as :func:`trie_alternation` between them.

    The same matches: the boundary groups are zero-width, and at any position at most one word is followed by a
    boundary (the words are letters, or "&" which no other word starts with), so the order the words are tried
    in cannot change a match. Only ``group(0)`` and ``span()`` of its matches are read. The regex engine no longer
    tries some 60 words in turn at every character (0.15 s → 0.03 s on the bench's windows). Falls back to the
    original when its pattern is not built as expected."""
    from quantulum3 import regex

    original: re.Pattern[str] = _text_pattern.__wrapped__(lang)  # type: ignore[attr-defined]
    words = [word for word in regex.numberwords(lang) if word]
    alternation = f"(?:{regex.numberwords_regex(lang)})"
    expected = "|".join(f"{_BEFORE_WORD}{word}{_AFTER_WORD}" for word in words)
    exclusive = all(word.isalpha() for word in words if word != "&") and not any(
        word.startswith("&") for word in words if word != "&"
    )
    if not words or regex.numberwords_regex(lang) != expected or not exclusive:
        return original
    if original.pattern.count(alternation) != 2:
        return original
    factored = f"(?:(?:(?<=\\W)|^)(?:{trie_alternation(words)})(?:(?=\\W)|$))"
    return re.compile(original.pattern.replace(alternation, factored), original.flags)


_SHORT = 12  # training words up to this long are looked up among a text's substrings, longer ones searched for


@lru_cache(maxsize=4)
def _training_words(lang: str) -> dict[str, tuple[int, dict[str, int], tuple[str, ...], tuple[int, ...]]]:
    """quantulum3's training texts per unit name: (total characters, occurrences of its short words, its longer
    words, their occurrences)."""
    from quantulum3 import load

    totals: dict[str, int] = {}
    words: dict[str, Counter[str]] = {}
    for word_set in load.training_set(lang):
        name, text = word_set["unit"], word_set["text"]
        totals[name] = totals.get(name, 0) + len(text)
        words.setdefault(name, Counter()).update(text.split(" "))
    out = {}
    for name, total in totals.items():
        long = {w: c for w, c in words[name].items() if len(w) > _SHORT}
        short = {w: c for w, c in words[name].items() if len(w) <= _SHORT}
        out[name] = (total, short, tuple(long), tuple(long.values()))
    return out


def _substrings(text: str) -> set[str]:
    """Every substring of ``text`` up to :data:`_SHORT` characters long, the empty one included."""
    n = len(text)
    return {"", *(text[i : i + k] for k in range(1, _SHORT + 1) for i in range(n - k + 1))}


def _occurrences(
    short: dict[str, int], long: tuple[str, ...], long_counts: tuple[int, ...], text: str, pieces: set[str]
) -> int:
    """The occurrences (in the training texts) of the training words that are in ``text``; ``pieces`` are its
    :func:`_substrings`."""
    count = sum(map(short.__getitem__, short.keys() & pieces))
    return count + sum(compress(long_counts, map(text.__contains__, long)))


def _disambiguate(entities: Iterable[Any], text: str, lang: str = "en_US") -> Any:
    """quantulum3's ``disambiguate_no_classifier`` with its training words indexed once, same choice.

    The original rescans every training text for every candidate unit on every call, which made it most of
    quantulum3's time on sentences with several numbers. A unit's score is the occurrences of its training words
    that are in ``text`` (as substrings): the short words are looked up among the text's substrings, the longer
    ones searched for in it.
    """
    index = _training_words(lang)
    pieces: set[str] | None = None
    max_entity, max_count, max_relative = None, 0, 0.0
    for entity in entities:
        total, short, long, long_counts = index.get(entity.name, (0, {}, (), ()))
        if pieces is None:
            pieces = _substrings(text)
        count = _occurrences(short, long, long_counts, text, pieces)
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
def measure_symbols() -> frozenset[str]:
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
