"""CSV with a header row: the JSON Lines fields as columns, name lists joined with ";".

Structured columns (credits, appearances, events, quotes, corrections) hold JSON. Common column names
of other archives are understood: title → headline, text → body, date → published, link → url.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from .decoding import Decoded
from .record import FIELDS, NAME_LISTS, STRUCTURED, ImportFileError, RawRecord

COLUMN_ALIASES = {"title": "headline", "text": "body", "date": "published", "link": "url"}
LIST_SEPARATOR = ";"


def read(decoded: Decoded) -> Iterator[RawRecord]:
    rows = csv.reader(io.StringIO(decoded.text, newline=""))
    header = next(rows, None)
    columns = [COLUMN_ALIASES.get(name.strip().lower(), name.strip().lower()) for name in header or []]
    if "headline" not in columns:
        raise ImportFileError(
            f"{decoded.name}: the first row must be a header naming the columns "
            f"(at least headline and body; known columns: {', '.join(FIELDS)})"
        )
    start, number = rows.line_num + 1, 0
    for row in rows:
        line, start = start, rows.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        record = RawRecord(decoded.name, number, line)
        if len(row) > len(columns):
            record.problems.append((None, f"{len(row)} cells but the header names {len(columns)} columns"))
        record.fields = {column: cell for column, cell in zip(columns, row, strict=False) if cell.strip()}
        for column in NAME_LISTS:
            if column in record.fields:
                record.fields[column] = [n.strip() for n in record.fields[column].split(LIST_SEPARATOR)]
        for column in STRUCTURED:
            if column in record.fields:
                try:
                    record.fields[column] = json.loads(record.fields[column])
                except json.JSONDecodeError as error:
                    record.problems.append((column, f"not valid JSON ({error.msg})"))
        yield record
