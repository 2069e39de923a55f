"""SQLite full-text search: an FTS5 table (porter stemming, accents folded) ranked by bm25().

The table (migration 0002_search_index) holds its own copy of each article's headline, standfirst,
entity names and body, keyed by the article id as rowid. Its `rank` is bm25 with the column weights
10, 4, 4, 1, so `ORDER BY rank` lets FTS5 sort inside the index.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .query import ParsedQuery, Term

TABLE = "article_search"
MATCH_SQL = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608 (a constant)
# How alike a name must be to what the reader typed to be suggested (difflib ratio, 0-1).
SUGGESTION_RATIO = 0.75
NAMES_SQL = """
SELECT name FROM articles_person UNION SELECT name FROM articles_personalias
UNION SELECT name FROM articles_organization UNION SELECT name FROM articles_organizationalias
UNION SELECT name FROM articles_place UNION SELECT name FROM articles_placealias
"""


def index(documents: Sequence[tuple[int, str, str, str, str]]) -> None:
    """Replace the rows of articles given as (id, headline, dek, entity names, body)."""
    if documents:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(doc[0],) for doc in documents])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, headline, dek, names, body) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                documents,
            )


def remove(article_ids: Iterable[int]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in article_ids])  # noqa: S608


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608


def _quoted(term: Term) -> str:
    # An FTS5 string: everything inside is text to tokenise, never syntax (NEAR, *, ^, column:).
    return '"' + term.text.replace('"', '""') + '"'


def _any_of(terms: list[Term]) -> str:
    return "(" + " OR ".join(_quoted(term) for term in terms) + ")"


def fts_query(parsed: ParsedQuery) -> str:
    """The FTS5 expression for the reader's required and excluded terms (required ones needed)."""
    expression = " AND ".join(_any_of(group) for group in parsed.groups)
    if parsed.excluded:
        expression += " NOT " + _any_of(parsed.excluded)
    return expression


def matching(articles: QuerySet, parsed: ParsedQuery) -> QuerySet:
    if not parsed.groups:
        # FTS5's NOT needs something on its left: "-crimea" alone is every article but those.
        return articles.exclude(pk__in=RawSQL(MATCH_SQL, [_any_of(parsed.excluded)]))  # noqa: S611 (a parameter)
    return articles.filter(pk__in=RawSQL(MATCH_SQL, [fts_query(parsed)]))  # noqa: S611 (a parameter)


def count(matched: QuerySet, limit: int) -> int:
    """How many articles match, counting no further than `limit` (FTS5 streams matches cheaply)."""
    return matched.order_by()[:limit].count()


def ranked_ids(articles: QuerySet, parsed: ParsedQuery, offset: int, limit: int) -> list[tuple[int, float]]:
    """The ids and ranks of one page of matches among `articles`, best first (bm25 is negative).

    Needs at least one required term (search() sorts exclusions-only queries by date).
    """
    # Each match, best first, is checked against the reader's filters by primary key until the page is
    # full: FTS5 sorts by its own `rank` only when nothing else is in the ORDER BY.
    allowed = articles.order_by().filter(pk=RawSQL(f"{TABLE}.rowid", ())).values("pk")  # noqa: S611 (a constant)
    allowed_sql, allowed_params = allowed.query.sql_with_params()
    sql = (
        f"SELECT rowid, rank FROM {TABLE} WHERE {TABLE} MATCH %s AND EXISTS ({allowed_sql}) "  # noqa: S608
        "ORDER BY rank LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_query(parsed), *allowed_params, limit, offset])
        return [(pk, -rank) for pk, rank in cursor.fetchall()]


def snippets(article_ids: Sequence[int], parsed: ParsedQuery, start: str, stop: str) -> dict[int, str]:
    """Passages of the body around the matches, for the visible page only."""
    if not article_ids or not parsed.groups:
        return {}
    placeholders = ", ".join(["%s"] * len(article_ids))
    sql = (
        f"SELECT rowid, snippet({TABLE}, 3, %s, %s, ' … ', 40) FROM {TABLE} "  # noqa: S608
        f"WHERE {TABLE} MATCH %s AND rowid IN ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, stop, fts_query(parsed), *article_ids])
        return dict(cursor.fetchall())


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def suggest(text: str) -> str | None:
    """The person, organisation or place name (or alias) closest to `text`, by difflib's ratio.

    The names are read whole, which suits archives with up to some tens of thousands of them.
    """
    with connection.cursor() as cursor:
        cursor.execute(NAMES_SQL)
        names = sorted(name for (name,) in cursor.fetchall())
    wanted = _folded(text)
    best, best_score = None, SUGGESTION_RATIO
    matcher = difflib.SequenceMatcher(b=wanted, autojunk=False)
    for name in names:
        matcher.set_seq1(_folded(name))
        if matcher.real_quick_ratio() >= best_score and matcher.quick_ratio() >= best_score:
            score = matcher.ratio()
            if score > best_score:
                best, best_score = name, score
    return best
