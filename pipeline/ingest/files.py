"""Event folders: every ``.txt``, ``.md`` or ``.html`` file in one is a source article. An optional ``sources.csv`` gives
``file, outlet, published, url`` per file. Bad files are skipped with a
one-line reason (:class:`Skipped`), never an exception.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from ..config import IngestConfig
from ..records import Article, Skipped
from .furniture import blank_furniture, outlet_name

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
# Header/dateline patterns, tried in order on the first lines of an article.
_DATELINE_PATTERNS = [
    re.compile(r"\b" + _YEAR_RE + r"-(?P<mnum>[01]\d)-" + r"(?P<day>[0-3]\d)\b"),
    re.compile(r"\b" + _MONTH_RE + r"\s+" + _DAY_RE + r",?\s+" + _YEAR_RE + r"\b", re.I),
    re.compile(r"\b" + _DAY_RE + r"\s+(?:of\s+)?" + _MONTH_RE + r",?\s+" + _YEAR_RE + r"\b", re.I),
]
# "LONDON, November 14 (DPA/EP)": a dateline with no year.
_PARTIAL_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40},\s+(?i:" + _MONTH_RE + r")\s+" + _DAY_RE + r"\b", re.M)
_HEADER_CHARS = 600

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "title",
    "dd",
    "dt",
    "figcaption",
    "main",
}
_DROP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}


class _TextExtractor(HTMLParser):
    """Reduce HTML to text with the standard-library parser (it never fetches anything)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._drop_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._drop_depth = max(0, self._drop_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._drop_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, one line per block element."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n\n", text)
    return text.strip() + "\n"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns ``(text, note)`` where note names a fallback encoding.

    Raises ValueError when the bytes are not text.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                text = ""
            # Plain ASCII after a UTF-16 mark decodes without error into CJK-looking pairs: not UTF-16 text.
            ascii_body = enc == "utf-16" and len(body) >= 8 and b"\x00" not in body and body.isascii()
            if (not text.strip() and body.strip()) or ascii_body:
                raise ValueError(f"starts like {enc.upper()} text but is not; save it as UTF-8 text")
            return text, "" if enc == "utf-8-sig" else "decoded as UTF-16"
    if b"\x00" in data:
        raise ValueError("binary content (NUL bytes); not a text article")
    try:
        text, note = data.decode("utf-8"), ""
    except UnicodeDecodeError:
        text, note = data.decode("cp1252", errors="replace"), "not UTF-8; decoded as Windows-1252"
    if len(_CONTROL.findall(text[:10000])) > 0.05 * min(len(text), 10000):
        raise ValueError("binary content (control characters); not a text article")
    return text, note


def parse_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def find_dateline(text: str) -> tuple[date | None, tuple[int, int] | None]:
    """Publication date from a header or dateline in the first lines of ``text``.

    Returns ``(full_date, None)``, or ``(None, (month, day))`` for a dateline with
    no year ("LONDON, November 14 (DPA/EP)"), or ``(None, None)``.
    """
    head = text[:_HEADER_CHARS]
    for pattern in _DATELINE_PATTERNS:
        m = pattern.search(head)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower().rstrip(".")]
        try:
            return date(int(groups["year"]), month, int(groups["day"])), None
        except ValueError:
            continue
    m = _PARTIAL_DATELINE.search(head)
    if m:
        month, day = _MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day"))
        if 1 <= day <= 31:
            return None, (month, day)
    return None, None


@dataclass(frozen=True, slots=True)
class SourceMeta:
    outlet: str = ""
    published: date | None = None
    url: str = ""


def read_sources_csv(path: Path, warn: list[Skipped]) -> dict[str, SourceMeta]:
    """Read ``sources.csv`` (``file, outlet, published, url``); problems become warnings."""
    try:
        raw = path.read_bytes()
        text, _ = decode(raw)
    except (OSError, ValueError) as exc:
        warn.append(Skipped(str(path), f"metadata ignored: {exc}"))
        return {}
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return {}
    header = [h.strip().lower() for h in rows[0]]
    if "file" not in header:
        warn.append(
            Skipped(str(path), "metadata ignored: no 'file' column in the header (expected file,outlet,published,url)")
        )
        return {}
    out: dict[str, SourceMeta] = {}
    lines: dict[str, int] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            warn.append(
                Skipped(f"{path}:{lineno}", f"metadata row ignored: {len(row)} fields, header has {len(header)}")
            )
            continue
        rec = {k: v.strip() for k, v in zip(header, row, strict=True)}
        name = rec.get("file", "")
        if not name or Path(name).name != name or name in {".", ".."}:
            warn.append(
                Skipped(
                    f"{path}:{lineno}",
                    f"metadata row ignored: file {name!r} must be a plain file name in the event folder",
                )
            )
            continue
        published = None
        if rec.get("published"):
            published = parse_iso(rec["published"])
            if published is None:
                warn.append(
                    Skipped(
                        f"{path}:{lineno}",
                        f"published {rec['published']!r} is not a YYYY-MM-DD date; using the dateline instead",
                    )
                )
        if name in lines:
            warn.append(
                Skipped(f"{path}:{lineno}", f"warning: {name!r} is listed again (line {lines[name]}); this row is used")
            )
        lines[name] = lineno
        out[name] = SourceMeta(outlet=rec.get("outlet", ""), published=published, url=rec.get("url", ""))
    return out


def resolve_event_dates(articles: list[Article], partial: dict[str, tuple[int, int]]) -> list[Article]:
    """Fill missing publication dates from the other sources of the same event."""
    known = [a.published for a in articles if a.published is not None]
    if not known:
        return articles
    counts = Counter(known)
    # Most frequent date; ties go to the latest, the day by which every source had appeared.
    consensus = max(counts, key=lambda d: (counts[d], d))
    out = []
    for art in articles:
        if art.published is not None:
            out.append(art)
            continue
        if art.source in partial:
            month, day = partial[art.source]
            years = sorted({d.year for d in known}, key=lambda y: abs(y - consensus.year))
            try:
                out.append(replace(art, published=date(years[0], month, day), published_from="dateline"))
                continue
            except ValueError:
                pass
        out.append(replace(art, published=consensus, published_from="event"))
    return out


def read_event(event_dir: Path, config: IngestConfig) -> tuple[list[Article], list[Skipped]]:
    """Read every article of one event folder; bad files are returned as :class:`Skipped`."""
    event = event_dir.name
    skipped: list[Skipped] = []
    meta_path = event_dir / config.metadata_file
    meta = read_sources_csv(meta_path, skipped) if meta_path.is_file() else {}
    extensions = {e.lower() for e in config.extensions}
    articles: list[Article] = []
    partial: dict[str, tuple[int, int]] = {}
    for path in sorted(event_dir.iterdir()):
        if path.is_dir() and not path.name.startswith("."):
            skipped.append(
                Skipped(str(path), "warning: sub-folder not read (articles must sit directly in the event folder)")
            )
            continue
        if path.name.startswith(".") or path.name == config.metadata_file or path.is_dir():
            continue
        if path.suffix.lower() not in extensions:
            continue
        result = read_article(path, event, config, meta.get(path.name, SourceMeta()))
        if isinstance(result, Skipped):
            skipped.append(result)
            continue
        article, note, part = result
        if note:
            skipped.append(Skipped(str(path), f"warning: {note}"))
        if part is not None:
            partial[article.source] = part
        articles.append(article)
    for name in sorted(set(meta) - {a.source for a in articles} - {Path(s.path).name for s in skipped}):
        skipped.append(Skipped(str(meta_path), f"lists {name!r}, which is not an article in the folder"))
    if not articles and not skipped:
        skipped.append(
            Skipped(
                str(event_dir), f"warning: event folder holds no articles ({', '.join(config.extensions)}); skipped"
            )
        )
    return resolve_event_dates(articles, partial), skipped


def read_article(
    path: Path, event: str, config: IngestConfig, meta: SourceMeta = SourceMeta()
) -> Skipped | tuple[Article, str, tuple[int, int] | None]:
    """Read one article file; a :class:`Skipped` says why it could not be used."""
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
            return Skipped(str(path), "symlink leads outside the event folder; not read")
        size = path.stat().st_size
        if size > config.max_file_bytes:
            return Skipped(
                str(path), f"{size} bytes is over the limit of {config.max_file_bytes} (ingest.max_file_bytes); skipped"
            )
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(str(path), f"cannot read file ({exc.strerror or exc}); check it exists and is readable")
    try:
        text, note = decode(data)
    except ValueError as exc:
        return Skipped(str(path), str(exc))
    if path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    if not text.strip():
        return Skipped(str(path), "empty article; nothing to extract")
    if len(text) > config.max_chars:
        return Skipped(str(path), f"{len(text)} characters is over the limit of {config.max_chars} (ingest.max_chars)")
    published, published_from, part = meta.published, "metadata" if meta.published else "", None
    if published is None:
        published, part = find_dateline(text)
        published_from = "dateline" if published else ""
    article = Article(
        event=event,
        source=path.name,
        text=blank_furniture(text) if config.drop_furniture else text,
        path=path,
        outlet=outlet_name(meta.outlet, meta.url, text, path.name),
        url=meta.url,
        published=published,
        published_from=published_from,
    )
    return article, note, part
