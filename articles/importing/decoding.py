"""Turn a file or URL into text: gzip, UTF-8 with or without BOM, Latin-1 fallback, any line ending."""

from __future__ import annotations

import gzip
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .record import ImportFileError

URL_TIMEOUT = 30


@dataclass
class Decoded:
    name: str
    text: str
    warnings: list[str] = field(default_factory=list)


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def read_bytes(location: str) -> bytes:
    try:
        if is_url(location):
            with urllib.request.urlopen(location, timeout=URL_TIMEOUT) as response:  # noqa: S310 (http(s) only)
                return response.read()
        return Path(location).read_bytes()
    except OSError as error:
        raise ImportFileError(f"{location}: cannot read it ({error})") from error


def decode(location: str, data: bytes | None = None) -> Decoded:
    """The text of `location`, decompressed when it is gzip and with line endings made "\\n"."""
    data = read_bytes(location) if data is None else data
    warnings = []
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise ImportFileError(f"{location}: not a readable gzip file ({error})") from error
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("latin-1")
        warnings.append(
            f"{location}: not UTF-8 (byte {error.start + 1} of the file), read as Latin-1; check accents"
        )
    return Decoded(location, text.replace("\r\n", "\n").replace("\r", "\n"), warnings)
