"""Plain-text articles like the seed: headline line, optional standfirst, body, "With reporting by …".

The second paragraph is taken as the standfirst when it is one short line and a body follows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from articles.markup import plain_paragraphs

from .decoding import Decoded
from .record import RawRecord

CREDIT_LINE = re.compile(r"^with (additional )?reporting (?:by|from) (.+?)\.?$", re.IGNORECASE)
STANDFIRST_MAX = 300


def split_credit_names(names: str) -> list[str]:
    """ "AP, Reuters, dpa, and TASS" → ["AP", "Reuters", "dpa", "TASS"]."""
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", names) if n.strip()]


def read(decoded: Decoded) -> Iterator[RawRecord]:
    record = RawRecord(decoded.name, 1, 1)
    paragraphs = [" ".join(lines) for lines in plain_paragraphs(decoded.text)]
    if len(paragraphs) < 2:
        record.problems.append(("body", "a text article needs a headline line, a blank line and a body"))
        yield record
        return
    headline, rest = paragraphs[0], paragraphs[1:]
    credits = []
    if rest and (match := CREDIT_LINE.match(rest[-1])):
        role = "additional" if match.group(1) else "reporting"
        credits = [{"source": name, "role": role} for name in split_credit_names(match.group(2))]
        rest = rest[:-1]
    fields = {"headline": headline}
    if len(rest) >= 2 and len(rest[0]) <= STANDFIRST_MAX:
        fields["dek"], rest = rest[0], rest[1:]
    fields["body"] = "\n\n".join(rest)
    if credits:
        fields["credits"] = credits
    record.fields = fields
    yield record
