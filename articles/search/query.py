"""The reader's query language, parsed once for both backends: words, "exact phrase", OR, -exclude.

Parsing never fails: quotes may be unbalanced, operators misplaced, any character present. What
comes out is plain data (terms made of word characters), which each backend renders in its own
syntax with every term quoted, so no input reaches the engine as syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Bounds that keep a pasted page of text from becoming a thousand-term query.
MAX_TERMS = 32
MAX_TERM_LENGTH = 200

# PostgreSQL's English dictionary ignores these words; dropping them here too keeps a plain word
# such as "the" or "or" from meaning something different on SQLite, where FTS5 would require it.
_STOP_WORDS = """a about above after again against all am an and any are as at be because been before being
    below between both but by can did do does doing don down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own s same
    she should so some such t than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom why will
    with you your yours yourself yourselves"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w", re.UNICODE)
# What PostgreSQL's parser splits a term's words at: spaces, apostrophes, and punctuation or symbols
# outside ASCII (typographic quotes, dashes, guillemets), but not hyphens or dots, which it keeps in
# compounds such as "to-be" and "a.i" (other ASCII punctuation is stripped from a piece's edges).
APOSTROPHES = "'\u2019"
PUNCTUATION = "".join(chr(n) for n in range(128) if not chr(n).isalnum())


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase, as the reader typed it (never containing a double quote)."""

    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    """All `groups` must match (each group is alternatives joined by OR); no `excluded` term may."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    @property
    def matches_nothing(self) -> bool:
        """Whether some required group is excluded whole (`central -central`): no article can match.

        Decided here, once for both backends: PostgreSQL would otherwise test every vector to find
        no match (0.2-0.5 s at 100,000 articles, bench/README.md). Terms are the same when their
        texts are equal, ignoring ASCII case only, which both engines fold alike; anything subtler
        (accents, stems) is left to the engines.
        """
        excluded = {_same(term) for term in self.excluded}
        return any(all(_same(term) in excluded for term in group) for group in self.groups)


def _same(term: Term) -> tuple[str, bool]:
    text = "".join(char.lower() if char.isascii() else char for char in term.text)
    return text, term.phrase


def _clean(text: str) -> str:
    # Control characters (NUL included) are never part of a word; neither engine should see them.
    text = "".join(" " if ord(char) < 32 or char == "\x7f" else char for char in text)
    return " ".join(text.split())[:MAX_TERM_LENGTH]


def _without_edge_stop_words(text: str) -> str:
    """`text` less the stop words it starts or ends with ("don't" is all stop words: "").

    PostgreSQL's parser splits words at apostrophes as at spaces and its dictionary drops stop
    words, so `the united states` is its `united states` and `don't` asks for nothing; FTS5 keeps
    every word. Cutting them here makes both engines search the same words (stop words inside a
    phrase stay: PostgreSQL keeps their places, FTS5 the words).
    """
    pieces = _pieces(text)
    while pieces and _is_stop_word(text[slice(*pieces[0])]):
        pieces.pop(0)
    while pieces and _is_stop_word(text[slice(*pieces[-1])]):
        pieces.pop()
    return text[pieces[0][0] : pieces[-1][1]] if pieces else ""


def _pieces(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each run of `text` between separators (_separates)."""
    spans, start = [], None
    for position, character in enumerate(text):
        if _separates(character):
            if start is not None:
                spans.append((start, position))
                start = None
        elif start is None:
            start = position
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _separates(character: str) -> bool:
    if character.isascii():
        return character.isspace() or character in APOSTROPHES
    return character in APOSTROPHES or unicodedata.category(character)[0] in "PSZ"


def _is_stop_word(piece: str) -> bool:
    return piece.strip(PUNCTUATION).casefold() in STOP_WORDS


def _term(text: str, *, phrase: bool) -> Term | None:
    text = _without_edge_stop_words(_clean(text))
    if not WORD.search(text):
        return None
    return Term(text, phrase=phrase and len(text.split()) > 1)


def parse(query: str) -> ParsedQuery:
    """Read a web-style query: `nato "military talks" Kyiv OR Kiev -crimea`."""
    parsed = ParsedQuery()
    pending_or = False
    count = 0
    for match in TOKEN.finditer(query or ""):
        minus, phrase_text, word = match.groups()
        negated = bool(minus)
        if word is not None:
            if word == "OR":
                pending_or = bool(parsed.groups)
                continue
            if word.startswith("-"):
                negated, word = True, word[1:]
            # A quote inside a word (don"t) is not a phrase: treat it as a separator.
            word = word.replace('"', " ")
        term = _term(phrase_text if phrase_text is not None else word, phrase=phrase_text is not None)
        if term is None or count >= MAX_TERMS:
            pending_or = False
            continue
        count += 1
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    return parsed
