"""Importing articles from files and feeds: one reader per format yields records; `loader` writes them.

`read(location, format)` returns the decoded file's records; `load_records()` (in loader.py)
validates all of them and writes them in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from . import csv, feed, jsonl, text
from .decoding import Decoded, decode, is_url
from .record import ImportFileError, RawRecord

READERS = {"text": text.read, "jsonl": jsonl.read, "csv": csv.read, "feed": feed.read}
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
}  # fmt: skip


def detect_format(decoded: Decoded) -> str:
    """The format from the file name (".gz" ignored), else from the first characters of the text."""
    name = decoded.name.split("?")[0].lower().removesuffix(".gz")
    if fmt := EXTENSIONS.get(Path(name).suffix):
        return fmt
    start = decoded.text.lstrip()[:200]
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("<"):
        return "feed"
    first_line = start.split("\n", 1)[0].lower()
    if "," in first_line and ("headline" in first_line or "title" in first_line):
        return "csv"
    return "text"


def expand(location: str) -> list[str]:
    """A directory stands for the importable files in it, in name order."""
    if is_url(location) or not Path(location).is_dir():
        return [location]
    return [
        str(path)
        for path in sorted(Path(location).iterdir())
        if path.is_file() and Path(path.name.lower().removesuffix(".gz")).suffix in EXTENSIONS
    ]


def read(decoded: Decoded, fmt: str = "auto") -> Iterator[RawRecord]:
    if fmt == "auto":
        fmt = detect_format(decoded)
    if fmt not in READERS:
        raise ImportFileError(f"unknown format {fmt!r}; choose from {', '.join(READERS)}")
    return READERS[fmt](decoded)


__all__ = ["READERS", "Decoded", "ImportFileError", "RawRecord", "decode", "detect_format", "expand", "read"]
