"""Readers for the development benchmarks: NewsQuant (JSON) and MEANTIME (NAF-like XML).

Both return frozen records with character offsets into the exact text the
pipeline is given, so scorers compare spans without re-tokenising.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

# ---------------------------------------------------------------- NewsQuant


class DataError(Exception):
    """A benchmark file exists but cannot be read; the message names the file."""


@dataclass(frozen=True, slots=True)
class GoldQuantity:
    """One annotated quantity of a NewsQuant sentence."""

    value: str  # as annotated: "300", "1.99E-29", "252.0-287.0" (a range)
    low: float
    high: float | None  # upper bound of a range, else None
    unit: str
    normalized_unit: str
    change: str  # "=", "~", ">", "<", "up", "down"
    concepts: str


@dataclass(frozen=True, slots=True)
class QuantSentence:
    """One NewsQuant sentence and its gold quantities."""

    index: int
    text: str
    quantities: tuple[GoldQuantity, ...]


_NUMBER = r"[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?"
_RANGE = re.compile(rf"^\s*({_NUMBER})\s*-\s*({_NUMBER})\s*$")


def parse_value(raw: str) -> tuple[float, float | None]:
    """``"300"`` → (300.0, None); ``"252.0-287.0"`` or ``"3.0 - 4.0"`` → (low, high). Raises ``ValueError``."""
    text = raw.strip().replace(",", "")
    try:
        return float(text), None
    except ValueError:
        pass
    match = _RANGE.match(text)
    if match is None:
        raise ValueError(f"not a number or range: {raw!r}")
    return float(match.group(1)), float(match.group(2))


def read_newsquant(path: Path) -> list[QuantSentence]:
    """Read ``dev.json``: a list of ``{text, quantities: [{value, unit, normalized_unit, change, ...}]}``."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: cannot read NewsQuant JSON ({exc})") from None
    sentences: list[QuantSentence] = []
    for i, item in enumerate(items):
        quantities = []
        for q in item.get("quantities", []):
            try:
                low, high = parse_value(str(q["value"]))
            except (KeyError, ValueError) as exc:
                raise DataError(f"{path}: sentence {i}: bad quantity {q!r} ({exc})") from None
            quantities.append(
                GoldQuantity(
                    value=str(q["value"]),
                    low=low,
                    high=high,
                    unit=str(q.get("unit", "")),
                    normalized_unit=str(q.get("normalized_unit", "")),
                    change=str(q.get("change", "=")),
                    concepts=str(q.get("referred_concepts", "")),
                )
            )
        sentences.append(QuantSentence(index=i, text=str(item["text"]), quantities=tuple(quantities)))
    return sentences


# ---------------------------------------------------------------- MEANTIME

# MEANTIME entity types; the pipeline extracts only PER, LOC and ORG (FIN, PRO, MIX are ignored).
GOLD_ENTITY_TYPES = ("PER", "LOC", "ORG", "FIN", "PRO", "MIX")
# Syntactic types of a name; second-layer mentions have none and are kept when their text looks like a name.
_NAME_SYNTAX = {"NAM", "PRE.NAM"}
_LEADING = {"the", "a", "an"}
_PRONOUNS = {"i", "i'", "he", "she", "it", "we", "they", "you", "his", "her", "its", "our", "their", "my", "us"}


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 with its character span in :attr:`MeantimeDoc.text`."""

    mid: str
    start: int
    end: int
    text: str
    type: str  # DATE, DURATION, TIME, SET
    value: str
    creation_time: bool


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """An entity mention, typed by the entity instance it refers to."""

    mid: str
    start: int
    end: int
    text: str
    type: str  # PER, LOC, ORG, FIN, PRO, MIX, or "" when the mention refers to no typed entity
    syntactic_type: str  # NAM, NOM, PRO, APP, ... or "" (second annotation layer has none)
    named: bool  # a proper-name mention (what an NER system is expected to find)
    chain: str  # cross-document instance id ("ORG371547..."), "" when the entity is document-local


@dataclass(frozen=True, slots=True)
class MeantimeDoc:
    """One MEANTIME article with its gold annotations."""

    topic: str  # "airbus", "apple", "gm", "stock"
    name: str  # file stem
    text: str
    published: date | None  # document creation time
    annotated_end: int  # character offset: the first sentences up to here are fully annotated
    timexes: tuple[GoldTimex, ...]
    entities: tuple[GoldEntity, ...]


# Tokens glued to the previous token / the next token when rebuilding running text.
_NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "]", "}", "!", "?", "%", "''", "”", "’", "...", "n't"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#", "``", "“", "‘", "US$", "CA$", "AU$", "£", "€"}
_QUOTES = {"``": '"', "''": '"'}


def detokenize(tokens: Sequence[str], sentences: Sequence[int]) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild running text from tokens; return it and each token's (start, end).

    Sentence 0 (title) and 1 (dateline) end with a line break, as in the
    published article; later sentences are separated by a space.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    open_quote = False
    glue_next = True
    for i, (raw, sent) in enumerate(zip(tokens, sentences, strict=True)):
        tok = _QUOTES.get(raw, raw)
        is_quote = raw == '"'
        closing_quote = is_quote and open_quote
        if i > 0:
            if sent != sentences[i - 1]:
                sep = "\n" if sentences[i - 1] <= 1 else " "
            elif glue_next or raw in _NO_SPACE_BEFORE or closing_quote or raw.startswith("'"):
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            pos += len(sep)
        offsets.append((pos, pos + len(tok)))
        parts.append(tok)
        pos += len(tok)
        if is_quote:
            open_quote = not open_quote
        glue_next = raw in _NO_SPACE_AFTER or (is_quote and open_quote)
    return "".join(parts), offsets


def _looks_named(words: Sequence[str]) -> bool:
    """A name has a capitalised word that is neither a leading article nor a pronoun."""
    for i, word in enumerate(words):
        low = word.lower()
        if (i == 0 and low in _LEADING) or low in _PRONOUNS:
            continue
        if word[:1].isupper():
            return True
    return False


def _is_named(syntactic_type: str, words: Sequence[str], first_layer: bool) -> bool:
    """Annotators mark names NAM / PRE.NAM; the second (cross-document) layer has no syntactic type."""
    if first_layer:
        return syntactic_type in _NAME_SYNTAX
    return _looks_named(words)


def _creation_date(value: str) -> date | None:
    """ISO ``2008-03-01``; one MEANTIME file writes ``03-02-2009`` (day first)."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    return None


def _anchors(element: ET.Element) -> list[str]:
    return [a.get("t_id", "") for a in element.findall("token_anchor")]


def read_meantime_doc(path: Path, topic: str) -> MeantimeDoc:
    """Read one MEANTIME XML file (tokens, Markables, Relations)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise DataError(f"{path}: cannot read MEANTIME XML ({exc})") from None
    token_elems = root.findall("token")
    tids = [t.get("t_id", "") for t in token_elems]
    sents = [int(t.get("sentence", "0")) for t in token_elems]
    text, offsets = detokenize([t.text or "" for t in token_elems], sents)
    where = {tid: i for i, tid in enumerate(tids)}
    markables = root.find("Markables")
    relations = root.find("Relations")
    markables = markables if markables is not None else ET.Element("Markables")
    relations = relations if relations is not None else ET.Element("Relations")

    def span(element: ET.Element) -> tuple[int, int] | None:
        idx = sorted(where[t] for t in _anchors(element) if t in where)
        return (offsets[idx[0]][0], offsets[idx[-1]][1]) if idx else None

    # Fully annotated region: up to the last sentence holding a first-layer markable (those carry a comment).
    last_sentence = max(
        (sents[where[t]] for m in markables if m.get("comment") is not None for t in _anchors(m) if t in where),
        default=-1,
    )
    annotated_end = max((offsets[i][1] for i, s in enumerate(sents) if s <= last_sentence), default=0)

    timexes: list[GoldTimex] = []
    published: date | None = None
    for m in markables.findall("TIMEX3"):
        creation = m.get("functionInDocument") == "CREATION_TIME"
        value = m.get("value", "")
        if creation and published is None:
            published = _creation_date(value)
        s = span(m)
        if s is None:  # an empty TIMEX3 (implicit time, e.g. an endpoint) covers no text
            continue
        timexes.append(GoldTimex(m.get("m_id", ""), s[0], s[1], text[s[0] : s[1]], m.get("type", ""), value, creation))

    instances = {e.get("m_id", ""): e for e in markables.findall("ENTITY")}
    refers: dict[str, str] = {}
    for link in relations.findall("REFERS_TO"):
        target = link.find("target")
        if target is None:
            continue
        for source in link.findall("source"):
            refers[source.get("m_id", "")] = target.get("m_id", "")
    entities: list[GoldEntity] = []
    for m in markables.findall("ENTITY_MENTION"):
        s = span(m)
        if s is None:
            continue
        instance = instances.get(refers.get(m.get("m_id", ""), ""))
        etype = instance.get("ent_type", "") if instance is not None else ""
        chain = instance.get("instance_id", "") if instance is not None else ""
        syntax = m.get("syntactic_type", "")
        words = [token_elems[where[t]].text or "" for t in _anchors(m) if t in where]
        entities.append(
            GoldEntity(
                m.get("m_id", ""),
                s[0],
                s[1],
                text[s[0] : s[1]],
                etype,
                syntax,
                _is_named(syntax, words, m.get("comment") is not None),
                chain,
            )
        )
    timexes.sort(key=lambda t: (t.start, t.end))
    entities.sort(key=lambda e: (e.start, e.end))
    return MeantimeDoc(topic, path.stem, text, published, annotated_end, tuple(timexes), tuple(entities))


def meantime_files(root: Path) -> Iterator[tuple[str, Path]]:
    """``(topic, path)`` for every ``corpus_<topic>/*.xml`` under ``root``, sorted."""
    for folder in sorted(root.glob("corpus_*")):
        if folder.is_dir():
            topic = folder.name.removeprefix("corpus_")
            for path in sorted(folder.glob("*.xml")):
                yield topic, path


def read_meantime(root: Path, *, limit: int | None = None) -> list[MeantimeDoc]:
    """Read the first ``limit`` (default all) MEANTIME documents under ``root``."""
    files = list(meantime_files(root))[:limit]
    return [read_meantime_doc(path, topic) for topic, path in files]
