"""The HTML report: an index of events and one page per event, findings side by side.

Plain static files: no JavaScript, no external resources (styles are inline),
so they open offline from disk. Every piece of article text, metadata and
event name is escaped; a link is only made from an ``http``, ``https`` or
``file`` address.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote, urlsplit

from .reconcile import FactRow
from .reconcile.facts import DISAGREEING
from .report import QUALIFIER_WORDS, atomic_write_text
from .summary import finding_groups, sides_of

PAGE_NAME = "report.html"
INDEX_NAME = "index.html"
_LINK_SCHEMES = frozenset({"http", "https", "file"})

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em auto;max-width:78em;
padding:0 1em;color:#1d1d1f;background:#fff}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.1em;margin:0 0 .4em}
.counts{color:#555;margin:.2em 0 1.2em}
section.finding{border:1px solid #d0d0d5;border-radius:6px;margin:0 0 1em;padding:.7em .9em}
section.conflict{border-left:6px solid #c62828}section.unique{border-left:6px solid #1565c0}
.status{font-size:.8em;font-weight:600;text-transform:uppercase;letter-spacing:.04em;padding:.1em .45em;
border-radius:4px;color:#fff;margin-right:.4em}
.conflict .status{background:#c62828}.spelling .status{background:#ad1457}.wording .status{background:#6d4c41}
.unique .status{background:#1565c0}
.meta{color:#666;font-size:.85em}
table.sides{width:100%;border-collapse:collapse;table-layout:fixed}
table.sides th{text-align:left;background:#f3f3f6;padding:.35em .5em;font-weight:600;vertical-align:top}
table.sides td{vertical-align:top;padding:.35em .5em;border-top:1px solid #e5e5ea}
blockquote{margin:.2em 0 .5em;padding:0 0 0 .6em;border-left:3px solid #ddd}
mark{background:#ffe066;padding:0 .1em}
.who{font-size:.85em;color:#444}
table.events{border-collapse:collapse}table.events td,table.events th{padding:.3em .8em;border-bottom:1px solid #e5e5ea;
text-align:left}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def safe_href(url: str) -> str:
    """``url`` escaped for an ``href``, or ``""`` when it is no http(s) or file address (``javascript:`` etc.)."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    if scheme not in _LINK_SCHEMES or any(c in url for c in "\x00\r\n\t"):
        return ""
    return escape(url, quote=True)


def highlight(sentence: str, text: str) -> str:
    """``sentence`` escaped, with the first occurrence of ``text`` (whitespace folded) in ``<mark>``."""
    needle = " ".join(text.split())
    at = sentence.find(needle) if needle else -1
    if at < 0:
        return (
            f"<mark>{escape(needle)}</mark> — {escape(sentence)}"
            if sentence != needle
            else f"<mark>{escape(needle)}</mark>"
        )
    end = at + len(needle)
    return f"{escape(sentence[:at])}<mark>{escape(sentence[at:end])}</mark>{escape(sentence[end:])}"


def _value(rows: Sequence[FactRow]) -> str:
    """How a side reads in its heading: "about 300 troop (270 to 330)", a person's spelling, a role."""
    row = max(rows, key=lambda r: (len(r.text), -r.start))
    qualifier = QUALIFIER_WORDS.get(row.qualifier, row.qualifier)
    shown = row.text if row.kind == "person" else row.value or row.text
    if row.kind == "number":
        words = [] if qualifier in ("", "exact") else [qualifier]
        words += [shown, row.unit] if row.unit else [shown]
        shown = " ".join(words)
    elif row.kind == "date" and qualifier:
        shown = f"{qualifier} {shown}"
    if row.value_low and row.value_high and row.value_low != row.value_high:
        shown += f" ({row.value_low} to {row.value_high})"
    return shown


def _mention(row: FactRow) -> str:
    href = safe_href(row.url)
    name = escape(row.outlet or row.source)
    where = f"{escape(row.source)}, characters {row.start}–{row.end}"
    link = f'<a href="{href}">{where}</a>' if href else where
    date = f", published {escape(row.published)}" if row.published else ""
    return (
        f"<blockquote>{highlight(row.sentence, row.text)}</blockquote>\n"
        f'<div class="who"><b>{name}</b>{date} · {link}</div>\n'
    )


def _side_quotes(rows: Sequence[FactRow]) -> str:
    """One quote per source; the source's other mentions folded away (``<details>``, no script needed)."""
    shown: dict[str, FactRow] = {}
    for r in rows:
        shown.setdefault(r.source, r)
    rest = [r for r in rows if shown[r.source] is not r]
    html = "".join(_mention(r) for r in shown.values())
    if rest:
        more = "".join(_mention(r) for r in rest)
        html += f"<details><summary>{len(rest)} more mention{'s' if len(rest) != 1 else ''}</summary>{more}</details>"
    return html


def _finding(rows: Sequence[FactRow]) -> str:
    first = rows[0]
    sides = sides_of(rows)
    head = "".join(
        f"<th>{escape(_value(s))}<br><span class=meta>{len({r.source for r in s})} source"
        f"{'s' if len({r.source for r in s}) != 1 else ''}: "
        f"{escape('; '.join(dict.fromkeys(r.outlet or r.source for r in s)))}</span></th>"
        for s in sides
    )
    cells = "".join(f"<td>{_side_quotes(s)}</td>" for s in sides)
    return (
        f'<section class="finding {escape(first.status)}" id="{escape(first.finding_id)}">\n'
        f'<h2><span class="status">{escape(first.status)}</span>{escape(first.fact)}</h2>\n'
        f'<div class="meta">{escape(first.kind)} · confidence {first.confidence:.3f} · {escape(first.finding_id)}</div>\n'
        f'<table class="sides"><tr>{head}</tr>\n<tr>{cells}</tr></table>\n</section>\n'
    )


def event_page(event: str, rows: Iterable[FactRow]) -> str:
    """The HTML page of one event's findings (conflicts and unique facts), most important first."""
    groups = [g for g in finding_groups(r for r in rows if r.status != "agree")]
    conflicts = sum(1 for g in groups if g[0].status in DISAGREEING)
    unique = len(groups) - conflicts
    body = (
        f'<p><a href="../{INDEX_NAME}">All events</a></p>\n<h1>{escape(event)}</h1>\n'
        f'<p class="counts">{conflicts} conflict{"s" if conflicts != 1 else ""}, '
        f"{unique} unique fact{'s' if unique != 1 else ''} · "
        f'<a href="findings.csv">findings.csv</a> · <a href="summary.csv">summary.csv</a> · '
        f'<a href="report.xlsx">report.xlsx</a></p>\n'
    )
    body += "".join(_finding(g) for g in groups) or "<p>No conflicting or unique facts.</p>\n"
    return _page(f"{event}: findings", body)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One event on the index page: its name, its folder in the report, and its counts."""

    event: str
    folder: str
    conflicts: int
    unique: int


def index_page(entries: Iterable[IndexEntry]) -> str:
    """The index of events with their counts of conflicts and unique facts."""
    rows = "".join(
        f'<tr><td><a href="{quote(e.folder)}/{PAGE_NAME}">{escape(e.event)}</a></td>'
        f"<td>{e.conflicts}</td><td>{e.unique}</td></tr>\n"
        for e in entries
    )
    body = (
        "<h1>Findings by event</h1>\n"
        '<p class="counts"><a href="summary.csv">summary.csv</a> · <a href="findings.csv">findings.csv</a> · '
        '<a href="report.xlsx">report.xlsx</a></p>\n'
        '<table class="events"><tr><th>event</th><th>conflicts</th><th>unique facts</th></tr>\n'
        f"{rows}</table>\n"
    )
    return _page("Findings by event", body)


def write_page(path: Path, page: str) -> None:
    """Write an HTML page atomically (UTF-8)."""
    atomic_write_text(path, page)
