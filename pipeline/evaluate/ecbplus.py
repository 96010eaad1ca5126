"""ECB+ as the pipeline's own input: one event per topic and half (``ecb`` / ``ecbplus``), one article per file.

Each file's text is rebuilt from its tokens, sentence per line, with the Moses
detokenizer (sacremoses) deciding where spaces go, plus the English joins it
leaves open ("do n't" → "don't", "90 - day" → "90-day"). Every token keeps its
character offsets in that text, so gold spans can be found in the pipeline's
output. The URL an ``ecbplus`` file starts with is metadata (the article's
``url``, and its publication date when the URL holds one), not text.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..records import Article
from .readers import DataError

GOLD_FILE = "gold.json"
SENTENCES_FILE = "ECBplus_coreference_sentences.csv"
# Gold mention tags of the facts the benchmark scores, by the pipeline kind they correspond to.
TAG_KINDS = {"TIME": "date", "LOC": "place", "HUMAN": "person"}

_QUOTES = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")"}
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2]|[a-z]{3})[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


@dataclass(frozen=True, slots=True)
class GoldMention:
    """An annotated mention: its tag (``TIME_DATE``, ``LOC_GEO``, ``HUMAN_PART_PER`` …), tokens and cross-doc instance."""

    m_id: str
    tag: str
    t_ids: tuple[int, ...]
    instance: str  # corpus-wide instance id of its cross-document chain, "" when it has none
    start: int  # character span in the rebuilt text
    end: int
    sentence: int

    @property
    def kind(self) -> str:
        """The pipeline kind this tag corresponds to (``date``, ``place``, ``person``), or ""."""
        return TAG_KINDS.get(self.tag.split("_")[0], "")


@dataclass(frozen=True, slots=True)
class EcbDoc:
    """One ECB+ article, its rebuilt text and its gold mentions."""

    topic: str
    event: str  # "1_ecb", "1_ecbplus"
    name: str  # file name, "1_10ecbplus.xml"
    text: str
    url: str
    published: date | None
    offsets: dict[int, tuple[int, int, int]]  # t_id → (sentence, start, end); the URL's tokens have none
    mentions: tuple[GoldMention, ...]
    annotated: frozenset[int]  # sentences annotated for coreference (score only those)

    def span(self, first_t_id: int, last_t_id: int) -> tuple[int, int] | None:
        """Character span from the first to the last token, or None if either is not in the text."""
        a, b = self.offsets.get(first_t_id), self.offsets.get(last_t_id)
        if a is None or b is None:
            return None
        return a[1], b[2]

    def article(self) -> Article:
        return Article(
            event=self.event,
            source=self.name,
            text=self.text,
            url=self.url,
            published=self.published,
            published_from="metadata" if self.published else "",
        )


@lru_cache(maxsize=1)
def _moses():  # type: ignore[no-untyped-def]
    from sacremoses import MosesDetokenizer

    return MosesDetokenizer(lang="en")


def _surface(tokens: Sequence[str]) -> list[str]:
    return [_QUOTES.get(t, t) for t in tokens]


def detokenize_sentence(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """One sentence's text and each token's (start, end) in it.

    Moses decides the spaces; tokens it leaves apart that English writes together
    are then joined: clitics ("do n't", "it 's") and hyphens between two words.
    """
    surface = _surface(tokens)
    if not surface:
        return "", []
    joined = _moses().detokenize(surface)
    offsets = _align(joined, surface)
    if offsets is None:  # Moses rewrote a token: fall back to spaces between tokens
        joined = " ".join(surface)
        offsets = _align(joined, surface)
        assert offsets is not None
    # Glue that Moses leaves open: "n't", "'s"-style clitics after a word, hyphens between alphanumerics.
    pieces = [joined[s:e] for s, e in offsets]
    gaps = [joined[offsets[i - 1][1] : offsets[i][0]] for i in range(1, len(offsets))]
    for i in range(1, len(pieces)):
        low = pieces[i].lower()
        if low in ("n't", "'s", "'re", "'ve", "'ll", "'d", "'m") and pieces[i - 1][-1:].isalpha():
            gaps[i - 1] = ""
        elif i + 1 < len(pieces) and _glued(pieces[i - 1], pieces[i], pieces[i + 1]):
            gaps[i - 1] = gaps[i] = ""
    text, out, pos = [], [], 0
    for i, piece in enumerate(pieces):
        if i:
            text.append(gaps[i - 1])
            pos += len(gaps[i - 1])
        out.append((pos, pos + len(piece)))
        text.append(piece)
        pos += len(piece)
    return "".join(text), out


def _glued(before: str, mark: str, after: str) -> bool:
    """ "90 - day", "court - mandated": a hyphen between words; "05 / 03 / 2013", "11 : 00": marks between digits."""
    if mark == "-":
        return before[-1:].isalnum() and after[:1].isalnum()
    if mark == ",":
        # Most numbers are one token ("35,000"); a comma between digit tokens joins a thousands group ("170 , 000")
        # but ends a date ("May 2 , 2013") or a list item ("52-3 , 46 KOs") otherwise.
        # A unit glued to the group is still one: "2 , 000ft".
        return before[-1:].isdigit() and re.fullmatch(r"\d{3}[^\W\d_]*", after) is not None
    return mark in ("/", ".", ":") and before[-1:].isdigit() and after[:1].isdigit()


def _align(text: str, surface: Sequence[str]) -> list[tuple[int, int]] | None:
    out, pos = [], 0
    for tok in surface:
        i = text.find(tok, pos)
        if i < 0 or text[pos:i].strip():
            return None
        out.append((i, i + len(tok)))
        pos = i + len(tok)
    return out


def url_date(url: str) -> date | None:
    """The publication date a URL spells ("/2013/05/03/", "20130504", "/2013/may/03/"), else None."""
    for m in _URL_DATE.finditer(url.lower()):
        month = _MONTHS.get(m[2], 0) if m[2].isalpha() else int(m[2])
        try:
            return date(int(m[1]), month, int(m[3]))
        except ValueError:
            continue
    return None


def annotated_sentences(root: Path) -> dict[str, frozenset[int]]:
    """File name ("1_10ecbplus.xml") → the sentence numbers annotated for coreference."""
    path = root / SENTENCES_FILE
    out: dict[str, set[int]] = defaultdict(set)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out[f"{row['Topic']}_{row['File']}.xml"].add(int(row["Sentence Number"]))
    except FileNotFoundError:
        return {}
    except (OSError, KeyError, ValueError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read the annotated sentences ({exc})") from None
    return {k: frozenset(v) for k, v in out.items()}


def read_doc(path: Path, topic: str, annotated: frozenset[int] = frozenset()) -> EcbDoc:
    """One ECB+ XML file as an :class:`EcbDoc`."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise DataError(f"{path}: cannot read ECB+ XML ({exc})") from None
    plus = path.stem.endswith("ecbplus")
    by_sentence: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for tok in root.iter("token"):
        by_sentence[int(tok.get("sentence", "0"))].append((int(tok.get("t_id", "0")), tok.text or ""))
    url = ""
    lines: list[str] = []
    offsets: dict[int, tuple[int, int, int]] = {}
    pos = 0
    for sentence in sorted(by_sentence):
        tokens = by_sentence[sentence]
        if plus and sentence == 0:
            url = "".join(t for _, t in tokens)
            continue
        text, spans = detokenize_sentence([t for _, t in tokens])
        for (t_id, _), (s, e) in zip(tokens, spans, strict=True):
            offsets[t_id] = (sentence, pos + s, pos + e)
        lines.append(text)
        pos += len(text) + 1
    text = "\n".join(lines) + "\n"
    instances = {
        rel.find("source").get("m_id", ""): rel.get("note", "")  # type: ignore[union-attr]
        for rel in root.iter("CROSS_DOC_COREF")
        if rel.find("source") is not None
    }
    mentions: list[GoldMention] = []
    markables = root.find("Markables")
    for mark in [] if markables is None else list(markables):
        t_ids = tuple(sorted(int(a.get("t_id", "0")) for a in mark.iter("token_anchor")))
        placed = [offsets[t] for t in t_ids if t in offsets]
        if not placed:
            continue  # an instance descriptor, or a mention inside the URL
        m_id = mark.get("m_id", "")
        mentions.append(
            GoldMention(
                m_id=m_id,
                tag=mark.tag,
                t_ids=t_ids,
                instance=instances.get(m_id, ""),
                start=min(p[1] for p in placed),
                end=max(p[2] for p in placed),
                sentence=placed[0][0],
            )
        )
    name = path.name
    event = f"{topic}_{'ecbplus' if plus else 'ecb'}"
    return EcbDoc(topic, event, name, text, url, url_date(url), offsets, tuple(mentions), annotated)


def find_root(data: Path) -> Path | None:
    """The ECB+ folder under ``data`` (``data/ecbplus``, or ``data`` itself when laid out like it)."""
    for candidate in (data / "ecbplus", data):
        if any(candidate.glob("*/*ecb*.xml")):
            return candidate
    return None


def read_ecbplus(root: Path, *, limit: int | None = None) -> list[EcbDoc]:
    """Every article under ``root`` (topic folders of ``T_Necb.xml`` / ``T_Necbplus.xml``), by event then file.

    ``limit`` keeps the first N events (in topic order), for quick runs.
    """
    annotated = annotated_sentences(root)
    docs: list[EcbDoc] = []
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), key=_topic_order):
        for path in sorted(folder.glob("*.xml"), key=_file_order):
            docs.append(read_doc(path, folder.name, annotated.get(path.name, frozenset())))
    docs.sort(key=lambda d: (_topic_order(Path(d.topic)), d.event.endswith("plus"), _file_order(Path(d.name))))
    if limit is not None:
        keep = list(dict.fromkeys(d.event for d in docs))[:limit]
        docs = [d for d in docs if d.event in keep]
    return docs


def _topic_order(path: Path) -> tuple[int, str]:
    return (int(path.name), "") if path.name.isdigit() else (10**9, path.name)


def _file_order(path: Path) -> tuple[int, str]:
    m = re.match(r"^\d+_(\d+)", path.name)
    return (int(m[1]) if m else 10**9, path.name)


@dataclass(frozen=True, slots=True)
class GoldSide:
    """One outlet's statement in a gold case: the file and the character span of its quote."""

    file: str
    start: int
    end: int
    quote: str
    value: str


@dataclass(frozen=True, slots=True)
class GoldCase:
    """A real discrepancy (``kind`` number/date/place/person/role, or ``evolving``) or an agreement."""

    event: str
    kind: str
    what: str
    sides: tuple[GoldSide, ...]
    agreement: bool = False


def read_gold(root: Path, docs: Sequence[EcbDoc]) -> list[GoldCase]:
    """``gold.json``'s cases and agreements, their quotes located in the rebuilt texts."""
    path = root / GOLD_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: cannot read gold cases ({exc})") from None
    by_name = {d.name: d for d in docs}
    out: list[GoldCase] = []
    for agreement, items in ((False, data.get("cases", [])), (True, data.get("agreements", []))):
        for item in items:
            sides = []
            for s in item.get("sides", []):
                doc = by_name.get(s.get("file", ""))
                span = doc.span(int(s["first_t_id"]), int(s["last_t_id"])) if doc else None
                if span is None:
                    continue  # the file is not in this folder (a subset was read)
                sides.append(GoldSide(s["file"], span[0], span[1], str(s.get("quote", "")), str(s.get("value", ""))))
            if len(sides) >= 2:
                out.append(GoldCase(item["event"], item["kind"], item.get("what", ""), tuple(sides), agreement))
    return out
