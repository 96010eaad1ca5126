"""Which tokens' strings pass a test (a number word, a digit, a model code ...), each distinct string tested once.

A worker meets the same words in article after article. Every string of an attribute (``ORTH``, ``LOWER``,
``LEMMA``) met so far is kept in an array sorted by its id, with the answers of the tests in use as the bits of a
parallel array (:class:`_Known`). A doc's distinct ids are looked up in it with one binary search
(``np.searchsorted``), the new ones tested and inserted, and every token's answers for the attribute are then one
array (``Parse.bits``), from which a test's hits are one ``&`` away. A look-up of each distinct id in a large
Python set, as before, cost a cache miss per id (the id's ``int`` object and the set's entry).
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from collections.abc import Callable, Collection

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER, ORTH
from spacy.strings import StringStore
from spacy.tokens import Doc

from .common import Parse, parse_of

_BITS = 64  # tests in use per attribute at once (a uint64 of answers per string)


class StringTests:
    """Tests of a token's strings (``(attr, test)``: ``attr`` is ``ORTH``, ``LOWER`` or ``LEMMA``), each answer
    remembered by the string's id: a worker meets the same words in article after article. Build one per config
    (:func:`~pipeline.extract.common.per_config`), as the tests read it."""

    def __init__(self, tests: Collection[tuple[int, Callable[[str], bool]]]) -> None:
        self.tests: list[tuple[int, Callable[[str], bool]]] = list(tests)
        self.masks: dict[int, np.uint64] = {}  # attr → the bits of this object's tests (given when it comes into use)
        self.ready = False


class _Known:
    """The strings of one attribute met so far and the answers of the tests in use (bit ``b`` is ``tests[b]``'s).

    Most are in two arrays sorted by string id (``ids``, ``bits``); the latest in ``pending`` (id → answers), moved
    into the arrays a few thousand at a time (an insertion copies the arrays). ``texts`` are for a test that comes
    into use later. A test whose :class:`StringTests` is gone is only noted (``stopped``: the collector may run
    its finalizer in the middle of any of the methods below); its bit is cleared and freed at the next look-up.
    """

    __slots__ = ("bits", "free", "ids", "pending", "stopped", "tests", "texts")

    def __init__(self) -> None:
        self.ids = np.empty(0, dtype=np.uint64)
        self.bits = np.empty(0, dtype=np.uint64)
        self.pending: dict[int, int] = {}
        self.texts: dict[int, str] = {}
        self.tests: dict[int, Callable[[str], bool]] = {}
        self.free = list(range(_BITS - 1, -1, -1))
        self.stopped: list[int] = []

    def answers(self, column: np.ndarray, strings: StringStore) -> np.ndarray:
        """The answers for each string id of ``column``; the strings not met before are tested first."""
        self._clear_stopped()
        ids = self.ids
        if len(ids):
            at = np.minimum(ids.searchsorted(column), len(ids) - 1)
            out = self.bits[at]
            missed = np.flatnonzero(ids[at] != column)
        else:
            out = np.zeros(len(column), dtype=np.uint64)
            missed = np.arange(len(column))
        if len(missed):
            values = column[missed].tolist()
            pending = self.pending
            new = [h for h in dict.fromkeys(values) if h not in pending]
            if new:
                self._test(new, [strings[h] for h in new])
            out[missed] = [pending[h] for h in values]
            if len(pending) >= _PENDING:
                self._merge()
        return out

    def _test(self, new: list[int], texts: list[str]) -> None:
        """Test the strings ``texts`` (of ids ``new``, none met before) with every test in use; keep the answers."""
        masks = [0] * len(texts)
        for bit, test in self.tests.items():
            flag = 1 << bit
            for j in [j for j, text in enumerate(texts) if test(text)]:
                masks[j] |= flag
        self.pending.update(zip(new, masks, strict=True))
        self.texts.update(zip(new, texts, strict=True))

    def _merge(self) -> None:
        """Move the pending strings into the sorted arrays."""
        new = np.array(sorted(self.pending), dtype=np.uint64)
        answers = np.array([self.pending[h] for h in new.tolist()], dtype=np.uint64)
        at = self.ids.searchsorted(new)
        self.ids, self.bits = np.insert(self.ids, at, new), np.insert(self.bits, at, answers)
        self.pending.clear()

    def start(self, test: Callable[[str], bool]) -> int:
        """Put ``test`` in use: test every string met so far; returns its bit."""
        self._clear_stopped()
        if not self.free:
            raise RuntimeError(f"more than {_BITS} string tests of one attribute in use")
        bit = self.free.pop()
        self.tests[bit] = test
        flag = 1 << bit
        passed = [h for h, text in self.texts.items() if test(text)]
        pending = self.pending
        for h in passed:
            if h in pending:
                pending[h] |= flag
        merged = np.array([h for h in passed if h not in pending], dtype=np.uint64)
        if len(merged):
            self.bits[self.ids.searchsorted(merged)] |= np.uint64(flag)
        return bit

    def stop(self, bit: int) -> None:
        """The test of ``bit`` is gone (called by a finalizer, at any moment): noted, cleared later."""
        self.stopped.append(bit)

    def _clear_stopped(self) -> None:
        """Clear the answers of the tests that are gone and free their bits."""
        while self.stopped:
            bit = self.stopped.pop()
            del self.tests[bit]
            keep = ~(1 << bit) & (2**_BITS - 1)
            self.bits &= np.uint64(keep)
            for h, answers in self.pending.items():
                self.pending[h] = answers & keep
            self.free.append(bit)


_KNOWN: dict[int, _Known] = {}
# Bumped when a test comes into use: a doc's answers taken before lack its bit.
_VERSION = [0]
_PENDING = 4096  # strings met since the last merge into the sorted arrays


def _start_using(tests: StringTests) -> None:
    """Give each test a bit of its attribute (each string met so far tested once); the bits are freed when
    ``tests`` is."""
    given: list[tuple[_Known, int]] = []
    for attr, test in tests.tests:
        known = _KNOWN.setdefault(attr, _Known())
        bit = known.start(test)
        given.append((known, bit))
        tests.masks[attr] = np.uint64(int(tests.masks.get(attr, 0)) | 1 << bit)
    weakref.finalize(tests, _stop_using, given)
    _VERSION[0] += 1
    tests.ready = True


def _stop_using(given: list[tuple[_Known, int]]) -> None:
    for known, bit in given:
        known.stop(bit)


def _token_bits(p: Parse, attr: int) -> np.ndarray:
    """The answers of the tests in use for each token's string of ``attr`` (kept per doc)."""
    kept = p.bits.get(attr)
    if kept is not None and kept[0] == _VERSION[0]:
        return kept[1]
    known = _KNOWN.setdefault(attr, _Known())
    bits = known.answers(p.column(attr), p.doc.vocab.strings)
    p.bits[attr] = (_VERSION[0], bits)
    return bits


def tokens_where(doc: Doc, tests: StringTests) -> list[int]:
    """Indices of the tokens for which any of ``tests`` holds, in order (kept per doc).

    A scan for rare tokens need not build a ``Token`` for every word, nor test a word it has seen.
    """
    p = parse_of(doc)
    found = p.found.get(tests)
    if found is None:
        if not tests.ready:
            _start_using(tests)
        hit: np.ndarray | None = None
        for attr, mask in tests.masks.items():
            passes = _token_bits(p, attr) & mask  # a token's bits of these tests: nonzero when one passes
            hit = passes if hit is None else hit | passes
        found = p.found[tests] = [] if hit is None else np.flatnonzero(hit).tolist()
    return found


def tokens_in(found: list[int], start: int, end: int) -> list[int]:
    """The indices of ``found`` (sorted) in ``[start, end)``."""
    return found[bisect_left(found, start) : bisect_left(found, end)]


def has_digit(text: str) -> bool:
    """Whether spaCy's word shape of ``text`` has a digit ("d" in ``token.shape_``), from the text alone: a
    digit is written "d", a text of 100 characters or more is "LONG" (no array of shapes per doc)."""
    return len(text) < 100 and any(c.isdigit() for c in text)


# tokens_with's tests by (id of its words, digits), with the words object they were built from.
_WORD_TESTS: dict[tuple[int, bool], tuple[Collection[str], StringTests]] = {}


def tokens_with(doc: Doc, words: Collection[str] = (), *, digits: bool = False, like_num: bool = False) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``words``, that hold a digit (``digits``) or that
    look like a number (``like_num``), in order.

    Over spaCy's token arrays, each distinct word tested once (:func:`tokens_where`): a scan for rare tokens
    need not build a ``Token`` for every word. Pass the same ``words`` object for every doc.
    """
    key = (id(words), digits)
    known = _WORD_TESTS.get(key)
    if known is None or known[0] is not words:
        chosen = frozenset(words)
        tests: list[tuple[int, Callable[[str], bool]]] = [(LOWER, chosen.__contains__)]
        if digits:
            tests.append((ORTH, has_digit))
        known = _WORD_TESTS[key] = (words, StringTests(tests))
        while len(_WORD_TESTS) > 8:
            del _WORD_TESTS[next(iter(_WORD_TESTS))]
    found = tokens_where(doc, known[1])
    if not like_num:
        return found
    mask = np.asarray(parse_of(doc).array(LIKE_NUM)) == 1  # the column shared with the date fallback's scan
    mask[found] = True
    return mask.nonzero()[0].tolist()  # type: ignore[no-any-return]
