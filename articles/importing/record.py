"""What every reader yields: one raw record with where it came from, and the errors it can raise."""

from __future__ import annotations

from dataclasses import dataclass, field

# The fields of an article record, in the order export writes them. JSON Lines uses them as keys,
# CSV as columns (lists joined with ";", structured fields as JSON), the other readers map to them.
FIELDS = (
    "headline", "slug", "dek", "body", "body_format", "published", "published_precision", "date_note",
    "status", "language", "url", "guid", "rights", "source", "byline", "dateline",
    "places", "people", "appearances", "orgs", "topics", "credits", "events", "quotes", "corrections",
)  # fmt: skip
NAME_LISTS = ("places", "people", "orgs", "topics")
STRUCTURED = ("appearances", "credits", "events", "quotes", "corrections")
BODY_FORMATS = ("text", "markdown", "html")


@dataclass
class RawRecord:
    """One article as a reader found it: field values keyed as in FIELDS, and its location."""

    file: str
    number: int
    line: int | None
    fields: dict = field(default_factory=dict)
    problems: list[tuple[str | None, str]] = field(default_factory=list)  # (field, message) from the reader

    @property
    def location(self) -> str:
        where = f"line {self.line}" if self.line is not None else f"record {self.number}"
        return f"{self.file}, {where}"


def build_record(values: dict) -> dict:
    """A record in FIELDS order without empty values, as export writes and `--update` compares."""
    return {name: values[name] for name in FIELDS if values.get(name) not in (None, "", [], {})}


class ImportFileError(Exception):
    """The file as a whole cannot be read (not found, no header, not a feed)."""


class RecordError(Exception):
    """A record that cannot be imported, with the file, line and field to look at."""

    def __init__(self, record: RawRecord, field_name: str | None, message: str):
        self.record, self.field, self.message = record, field_name, message
        where = record.location + (f", field “{field_name}”" if field_name else "")
        super().__init__(f"{where}: {message}")


class SkipRecord(Exception):
    """A record a profile leaves out on purpose (a test page, an unreviewed draft), with the reason."""
