"""Page furniture and outlet names: what a scraped article holds that is not its text, and who published it.

:func:`blank_furniture` replaces related-stories lists, bylines, tweet embeds,
"Follow us" and "Leave a Reply" lines with spaces of the same length, so every
offset into the article stays valid (a mention's text is still the file's
``[start:end]``). :func:`find_outlet` and :func:`site_name` name the outlet when
no metadata does: a site named in the header, an agency in the dateline, the
host of the article's URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_MAX_FURNITURE_LINE = 200
_MAX_BYLINE = 100
_AGENCY_LINES = 3
_HEADER_CHARS = 600
_FOLLOWING_HEADLINES = 12

_RELATED = re.compile(
    r"^\s*(?:read more|read also|also read|see also|more on this story|you may also like|you might also like|"
    r"most read|recommended(?: stories| articles| for you)?|"
    r"related(?: stories| posts| articles| news| content| coverage| links| topics)?)\s*(?:[:|>»]\s*|$)",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")
_FOLLOW = re.compile(
    r"^\s*(?:follow us\b|follow (?:@\w+|\w+(?: \w+){0,3}) on (?:twitter|facebook|instagram|x|telegram|linkedin|youtube)\b|"
    r"like us on facebook\b|subscribe (?:to|for)\b|sign up (?:to|for)\b|download (?:our|the) app\b|"
    r"click here to\b)",
    re.I,
)
_LONE = re.compile(
    r"^\s*(?:leave a (?:reply|comment)|comments?|share(?: this)?(?: article| story| post)?:?|advertisement|"
    r"print|email|whatsapp|facebook|twitter|share on (?:facebook|twitter|whatsapp|x))\s*$",
    re.I,
)
_TWEET_LINK = re.compile(r"pic\.twitter\.com/|https?://(?:t\.co|(?:mobile\.)?twitter\.com|x\.com)/", re.I)
_TWEET_SIGNATURE = re.compile(r"^\s*[—–-]{1,2}\s*[^()\n]{1,80}\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$")
_BYLINE = re.compile(
    r"^\s*(?:(?:by|written by|reported by|reporting by|words by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*(?:[|,]|$)|"
    r"(?:published|updated|posted|last updated)\b.{0,60}\b(?:19|20)\d\d\b)",
    re.I,
)
_HANDLE_BYLINE = re.compile(r"\(@\w{1,30}\).{0,80}\b(?:published|updated|posted)\b", re.I)
_HEADER = re.compile(
    r"^\s*(?:date\s+)?\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s+[\w.-]+\.[a-z]{2,}\s*$", re.I
)
# "LONDON, November 14 (DPA/EP) –", "ANKARA": a dateline alone on its line (the publication date is read first).
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z'-]{2,20}|[A-Z][A-Z .'-]{2,40},\s*[A-Z][a-z]+\.? \d{1,2}(?:,? \d{4})?\s*(?:\([^()\n]{1,40}\))?\s*[–—-]?)\s*$"
)
# "London, (UrduPoint / Pakistan Point News - 14th Nov, 2022 ) :Britain announced ...": the prefix only.
_INLINE_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .'-]{1,40},\s*\((?=[^)\n]*\b(?:19|20)\d\d\b)[^()\n]{1,80}\)\s*[:–—-]\s*"
)

_TLDS = r"(?:com|org|net|news|info|tv|int|co\.uk|org\.uk|co\.za|com\.pk|com\.au|co\.in|co\.nz|ie|uk|de|fr|es|it|ru|pk|in|ng|za|au|ca|nz|tr)"
_DOMAIN = re.compile(r"(?<![@\w.])(?:https?://)?(?:www\.)?((?:[A-Za-z0-9][A-Za-z0-9-]*\.)+" + _TLDS + r")\b(?!\.\w)")
_SOCIAL = frozenset({"twitter.com", "pic.twitter.com", "t.co", "x.com", "facebook.com", "instagram.com", "youtube.com"})
_AGENCY = re.compile(r"\s*[A-Z][A-Za-z .'-]{1,40},[^(\n]{0,40}\(([A-Z][A-Za-z/&.' -]{0,60}?)\s*(?:-[^)\n]*)?\)")


def _blank(text: str) -> str:
    return " " * len(text)


def blank_furniture(text: str) -> str:
    """``text`` with page furniture replaced by spaces (same length, newlines kept): offsets stay valid."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    headlines = 0  # lines left of a related-stories list
    for line in lines:
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        short = len(body) <= _MAX_FURNITURE_LINE
        stripped = body.strip()
        if not stripped:
            out.append(line)
            continue
        if headlines and short and not _SENTENCE_END.search(body):
            headlines -= 1
            out.append(_blank(body) + ending)
            continue
        headlines = 0
        related = _RELATED.match(body)
        if related and short:
            if related.end() >= len(body.rstrip()):  # a heading alone: the headlines follow
                headlines = _FOLLOWING_HEADLINES
            out.append(_blank(body) + ending)
            continue
        if (
            _TWEET_LINK.search(body)
            or _TWEET_SIGNATURE.match(body)
            or (short and (_FOLLOW.match(body) or _LONE.match(body) or _HEADER.match(body) or _DATELINE.match(body)))
            or (len(body) <= _MAX_BYLINE and _BYLINE.match(body) and not _SENTENCE_END.search(body))
            or (short and _HANDLE_BYLINE.search(body))
        ):
            out.append(_blank(body) + ending)
            continue
        if m := _INLINE_DATELINE.match(body):
            out.append(_blank(m.group(0)) + body[m.end() :] + ending)
            continue
        out.append(line)
    return "".join(out)


def site_name(url: str) -> str:
    """The host of ``url`` without ``www.`` ("https://www.bbc.co.uk/news/x" → "bbc.co.uk"), or ``""``."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def find_outlet(text: str) -> str:
    """The outlet an article's header names: a site ("date 2022-11-15 UrduPoint.com") or a dateline's agency
    ("LONDON, November 14 (DPA/EP)"), or ``""``."""
    head = text[:_HEADER_CHARS]
    for m in _DOMAIN.finditer(head):
        if m.group(1).lower() not in _SOCIAL:
            return m.group(1)
    for line in [ln for ln in head.splitlines() if ln.strip()][:_AGENCY_LINES]:
        if (m := _AGENCY.match(line)) and any(c.isalpha() for c in m.group(1)):
            return m.group(1).strip()
    return ""


def outlet_name(outlet: str, url: str, text: str, source: str) -> str:
    """The outlet to show: the metadata's, else the site of the URL, else one the header names, else the file name."""
    return outlet.strip() or site_name(url) or find_outlet(text) or source
