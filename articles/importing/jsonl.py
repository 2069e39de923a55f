"""JSON Lines: one article object per line, as the Reuters corpus and `export_articles` write them."""

from __future__ import annotations

import json
from collections.abc import Iterator

from .decoding import Decoded
from .record import RawRecord


def read(decoded: Decoded) -> Iterator[RawRecord]:
    number = 0
    for line_number, line in enumerate(decoded.text.split("\n"), start=1):
        if not line.strip():
            continue
        number += 1
        record = RawRecord(decoded.name, number, line_number)
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as error:
            record.problems.append((None, f"not valid JSON ({error.msg} at column {error.colno})"))
        else:
            if isinstance(fields, dict):
                record.fields = fields
            else:
                record.problems.append((None, "each line must be a JSON object with article fields"))
        yield record
