"""RSS 0.9x/1.0/2.0 and Atom feeds through feedparser; entry HTML is sanitised with nh3."""

from __future__ import annotations

import calendar
import datetime
import html
import re
from collections.abc import Iterator

import feedparser
import nh3

from articles.markup import sanitise_html

from .decoding import Decoded
from .record import ImportFileError, RawRecord


def plain(text: str) -> str:
    """Text without any markup (titles, summaries): tags and script contents removed."""
    return html.unescape(nh3.clean(text or "", tags=set())).strip()


def byline(author: str) -> str:
    """RSS writes "desk@example.org (Ana Ruiz)": the name is what a reader wants."""
    match = re.fullmatch(r"\S+@\S+\s+\((.+)\)", author.strip())
    return (match.group(1) if match else author).strip()


def entry_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC).isoformat()


def read(decoded: Decoded) -> Iterator[RawRecord]:
    feed = feedparser.parse(decoded.text, sanitize_html=False, resolve_relative_uris=False)
    if not feed.version and not feed.entries:
        reason = feed.get("bozo_exception", "no RSS or Atom element")
        raise ImportFileError(f"{decoded.name}: not an RSS or Atom feed ({reason})")
    publisher = feed.feed.get("title", "").strip()
    for number, entry in enumerate(feed.entries, start=1):
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        fields = {
            "headline": plain(entry.get("title", "")),
            "body": sanitise_html(body).strip(),
            "body_format": "html",
            "published": entry_date(entry),
            "url": link
            if (link := entry.get("link", "").strip()).startswith(("http://", "https://"))
            else "",
            "guid": entry.get("id", "").strip(),
            "byline": byline(entry.get("author", "")),
            "source": publisher,
            "topics": [tag.get("term", "").strip() for tag in entry.get("tags", []) if tag.get("term")],
        }
        if content and entry.get("summary") and entry.get("summary") != body:
            fields["dek"] = plain(entry["summary"])
        yield RawRecord(decoded.name, number, None, {k: v for k, v in fields.items() if v})
