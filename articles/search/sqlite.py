"""SQLite full-text search: FTS5 tables (porter stemming, accents folded) ranked by bm25().

The main table (migration 0002_search_index) holds its own copy of each article's headline,
standfirst, entity names and body, keyed by the article id as rowid. Its `rank` is bm25 with the
column weights 10, 4, 4, 1, so `ORDER BY rank` lets FTS5 sort inside the index. Beside it, NAMES
(0008) repeats the headline, standfirst and names for the first two relevance tiers, and FACTS
(0007) holds what a search checks per match; index() writes all three together. Both FTS5
tables also hold the month of publication as words (0013), so a date filter narrows the match in
the index before any date is checked.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from ..models import Article
from .query import ParsedQuery, Term
from .scope import Scope

TABLE = "article_search"
# Its column weights in bm25(), as its `rank` holds them: headline, standfirst, names, body, period.
TABLE_WEIGHTS = "10.0, 4.0, 4.0, 1.0, 0.0"
# Per indexed article: its publication time when its status is published (else NULL), publisher and
# dateline, in rows small enough to read per match (migration 0007_sqlite_search_facts).
FACTS = "article_search_facts"
# A second FTS5 table of the headline, standfirst and names alone (migration 0008): relevance tiers
# 1 and 2 are ranked there, where a common word's doclists and bm25 cost half of the main table's,
# and a phrase that only the bodies hold costs next to nothing.
NAMES = "article_search_names"
# Both FTS5 tables also hold a `period` column (migration 0013): "y1987 m198701" for an article
# published in January 1987 (UTC), empty unless published; it weighs 0 in bm25. A date filter adds
# the months it spans (whole years as years) to the match, so FTS5 intersects them with the reader's
# terms in its doclists; being a superset of the window, the exact dates are still checked per match.
PERIOD = (
    "'y' || substr(f.published_at, 1, 4)"
    " || ' m' || substr(f.published_at, 1, 4) || substr(f.published_at, 6, 2)"
)
# A window needing more period words than this narrows too little to be worth them: matched without.
PERIOD_TERMS = 24
# The facets read an article's publisher and dateline here (see search.facet_counts).
FACET_ARTICLES = (FACTS, "article_id")
MATCH_SQL = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608 (a constant)
# How alike a name must be to what the reader typed to be suggested: pg_trgm's similarity (0-1),
# with postgres.py's threshold.
SUGGESTION_SIMILARITY = 0.4
TRIGRAM_WORD = re.compile(r"[^\W_]+")
NAMES_SQL = """
SELECT name FROM articles_person UNION SELECT name FROM articles_personalias
UNION SELECT name FROM articles_organization UNION SELECT name FROM articles_organizationalias
UNION SELECT name FROM articles_place UNION SELECT name FROM articles_placealias
"""


def index(documents: Sequence[tuple[int, str, str, str, str]]) -> None:
    """Replace the rows of articles given as (id, headline, dek, entity names, body).

    Their publication dates, publishers and datelines are copied to FACTS in the same call, so a
    status change, which saves the article and so re-indexes it, reaches the search at once; the
    period column of both FTS5 tables is written from FACTS.
    """
    if documents:
        ids = [(doc[0],) for doc in documents]
        placeholders = ", ".join(["%s"] * len(ids))
        period = f"(SELECT {PERIOD} FROM {FACTS} f WHERE f.article_id = %s)"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT OR REPLACE INTO {FACTS} (article_id, published_at, publisher_id, dateline_id) "  # noqa: S608
                "SELECT id, CASE WHEN status = %s THEN published_at END, publisher_id, dateline_id "
                "FROM articles_article "
                f"WHERE id IN ({placeholders})",
                [Article.Status.PUBLISHED, *(pk for (pk,) in ids)],
            )
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", ids)  # noqa: S608
            cursor.executemany(f"DELETE FROM {NAMES} WHERE rowid = %s", ids)  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, headline, dek, names, body, period) "  # noqa: S608
                f"VALUES (%s, %s, %s, %s, %s, {period})",
                [(*doc, doc[0]) for doc in documents],
            )
            cursor.executemany(
                f"INSERT INTO {NAMES} (rowid, headline, dek, names, period) "  # noqa: S608
                f"VALUES (%s, %s, %s, %s, {period})",
                [(*doc[:4], doc[0]) for doc in documents],
            )


def remove(article_ids: Iterable[int]) -> None:
    ids = [(pk,) for pk in article_ids]
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", ids)  # noqa: S608
        cursor.executemany(f"DELETE FROM {NAMES} WHERE rowid = %s", ids)  # noqa: S608
        cursor.executemany(f"DELETE FROM {FACTS} WHERE article_id = %s", ids)  # noqa: S608


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        cursor.execute(f"DELETE FROM {NAMES}")  # noqa: S608
        cursor.execute(f"DELETE FROM {FACTS}")  # noqa: S608


def _quoted(term: Term) -> str:
    # An FTS5 string: everything inside is text to tokenise, never syntax (NEAR, *, ^, column:).
    quoted = '"' + term.text.replace('"', '""') + '"'
    # Only a term with a digit can be a period word ("y1987"): it is searched in the other columns.
    return f"-{{period}} : {quoted}" if any(char.isdigit() for char in term.text) else quoted


def _any_of(terms: list[Term]) -> str:
    return "(" + " OR ".join(_quoted(term) for term in terms) + ")"


def fts_query(parsed: ParsedQuery) -> str:
    """The FTS5 expression for the reader's required and excluded terms (required ones needed)."""
    expression = " AND ".join(_any_of(group) for group in parsed.groups)
    if parsed.excluded:
        expression += " NOT " + _any_of(parsed.excluded)
    return expression


def tier_queries(parsed: ParsedQuery) -> list[tuple[str, str]]:
    """(table, FTS5 expression) of the three relevance tiers, which between them match fts_query's.

    1: every required term is in the headline; 2: every one is in the headline, standfirst or names,
    but not all in the headline; 3: the rest. The first two are asked of NAMES, where a column
    filter also limits bm25 to the headline; excluded terms are left out of them by ranked_in().
    """
    required = " AND ".join(_any_of(group) for group in parsed.groups)
    excluded = f" NOT {_any_of(parsed.excluded)}" if parsed.excluded else ""
    headline = f"{{headline}} : ({required})"
    return [
        (NAMES, headline),
        (NAMES, f"({required}) NOT {headline}"),
        (TABLE, f"({required}){excluded}"),
    ]


def _periods(scope: Scope) -> str | None:
    """The FTS5 alternatives of the period words the scope's dates span, or None (Scope.periods)."""
    words = scope.periods(PERIOD_TERMS)
    return " OR ".join(f'"{word}"' for word in words) if words else None


def _narrowed(expression: str, scope: Scope) -> str:
    """`expression`, also required to fall in the periods of the scope's dates when they narrow it."""
    periods = _periods(scope)
    return f"({expression}) AND {{period}} : ({periods})" if periods else expression


def _whole_months(scope: Scope) -> bool:
    """Whether the period words hold the scope exactly, leaving nothing to check per match.

    So it is for dates alone, from the first moment of a month (UTC) to the first moment of a later
    one that has passed: period words are written for published articles only, and none of them can
    be in the future. The year facet's links ask for such windows (with TIME_ZONE = UTC).
    """
    if not (scope.dates_only and scope.since and scope.before and scope.before <= scope.now):
        return False
    starts = [moment.astimezone(datetime.UTC) for moment in (scope.since, scope.before)]
    if any(moment.day != 1 or moment.time() != datetime.time.min for moment in starts):
        return False
    return _periods(scope) is not None


def matching(articles: QuerySet, parsed: ParsedQuery) -> QuerySet:
    if not parsed.groups:
        # FTS5's NOT needs something on its left: "-crimea" alone is every article but those.
        return articles.exclude(pk__in=RawSQL(MATCH_SQL, [_any_of(parsed.excluded)]))  # noqa: S611 (a parameter)
    return articles.filter(pk__in=RawSQL(MATCH_SQL, [fts_query(parsed)]))  # noqa: S611 (a parameter)


def count(matched: QuerySet, limit: int) -> int:
    """How many articles match, counting no further than `limit` (FTS5 streams matches cheaply)."""
    return matched.order_by()[:limit].count()


def _window(scope: Scope) -> tuple[str, list]:
    """Conditions on `p`, a row of the publication dates table, for the scope's dates."""
    conditions, params = ["p.published_at <= %s"], [_db_time(scope.now)]
    if scope.since:
        conditions.append("p.published_at >= %s")
        params.append(_db_time(scope.since))
    if scope.before:
        conditions.append("p.published_at < %s")
        params.append(_db_time(scope.before))
    return " AND ".join(conditions), params


def _published_check(scope: Scope, table: str = TABLE) -> tuple[str, list]:
    """SQL true for a row of `table` the scope allows, correlated on its rowid, and its params.

    Within dates only, the check is one lookup in the narrow table of publication dates, or none
    when the match's period words are the window (_whole_months); other filters go through the
    scope's QuerySet, one primary-key lookup per match.
    """
    if _whole_months(scope):
        return "1", []
    if scope.dates_only:
        window, params = _window(scope)
        return f"EXISTS (SELECT 1 FROM {FACTS} p WHERE p.article_id = {table}.rowid AND {window})", params  # noqa: S608
    allowed = scope.articles.order_by().filter(pk=RawSQL(f"{table}.rowid", ())).values("pk")  # noqa: S611 (a constant)
    allowed_sql, allowed_params = allowed.query.sql_with_params()
    return f"EXISTS ({allowed_sql})", list(allowed_params)


def _db_time(moment: datetime.datetime) -> str:
    return connection.ops.adapt_datetimefield_value(moment)


def count_in(scope: Scope, parsed: ParsedQuery, limit: int) -> int:
    """How many articles in `scope` match (a query with required terms), no further than `limit`.

    Without filters, a first count reads the index alone: if at least `limit` matches plus every
    article that is not public match, at least `limit` public ones do, and no match is checked
    (10,001 matches: about 1 ms instead of 5). Otherwise each match is checked, up to `limit`.
    """
    check, params = _published_check(scope)
    expression = _narrowed(fts_query(parsed), scope)
    checked = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s AND {check} LIMIT %s)"  # noqa: S608
    checked_params = [expression, *params, limit]
    if scope.dates_only and not (scope.since or scope.before):
        hidden = f"(SELECT count(*) FROM {FACTS} WHERE published_at IS NULL OR published_at > %s)"  # noqa: S608
        now = _db_time(scope.now)
        sql = (
            f"SELECT CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s "  # noqa: S608
            f"LIMIT %s + {hidden})) >= %s + {hidden} THEN %s ELSE ({checked}) END"
        )
        params = [expression, limit, now, limit, now, limit, *checked_params]
    else:
        sql, params = checked, checked_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def sample_in(scope: Scope, parsed: ParsedQuery, limit: int) -> list[tuple[int, datetime.datetime]]:
    """(id, publication time) of up to `limit` matches in `scope`, the first the index yields."""
    expression = _narrowed(fts_query(parsed), scope)
    if not scope.dates_only:
        matched = scope.articles.filter(pk__in=RawSQL(MATCH_SQL, [expression]))  # noqa: S611 (a parameter)
        return list(matched.order_by().values_list("pk", "published_at")[:limit])
    window, params = _window(scope)
    # As text: Django's "datetime" converter parses it in Python, per row, 1,000 rows a search.
    sql = (
        f"SELECT {TABLE}.rowid, CAST(p.published_at AS TEXT) FROM {TABLE} "  # noqa: S608
        f"JOIN {FACTS} p ON p.article_id = {TABLE}.rowid WHERE {TABLE} MATCH %s AND {window} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, limit])
        rows = cursor.fetchall()
    # Stored in UTC with USE_TZ, in local time without.
    zone = datetime.UTC if settings.USE_TZ else None
    parsed_time = datetime.datetime.fromisoformat
    return [(pk, parsed_time(published).replace(tzinfo=zone)) for pk, published in rows]


def ranked_in(scope: Scope, parsed: ParsedQuery, offset: int, limit: int) -> list[tuple[int, float]]:
    """One page of matches in `scope`, tier by tier (tier_queries), each tier by bm25 (best first).

    One statement: a UNION ALL of the tiers, each sorted by bm25. SQLite runs the arms in turn and
    stops at the LIMIT, so page 1 of a common word ranks only its headline matches (5,000 of 62,000
    for "bank" in 100,000 articles), not every match. Tier 3 leaves out what NAMES matches (tiers 1
    and 2); tiers 1 and 2 leave out articles with an excluded term anywhere.

    Tiers 1 and 2 sort by FTS5's own `rank`, which checks the scope only on the rows the page
    reaches. Tier 3, within dates only, sorts by `bm25()` itself: FTS5's rank sorter runs the match
    a second time, which for a phrase of common words is the costliest part of a search ("which it
    is": 25 ms against 17 ms at 100,000 articles; "would": 80 against 69), and checking the dates
    of every match first is cheaper than that. The order is the same: `rank` is that bm25.
    """
    (names, headline), (_, named), (table, rest) = tier_queries(parsed)
    everything_named = f"SELECT rowid FROM {NAMES} WHERE {NAMES} MATCH %s"  # noqa: S608
    excluded, excluded_params = "", []
    if parsed.excluded:
        # Correlated, so FTS5 seeks the excluded terms at the rowid of each row the page reaches
        # instead of listing every article a common excluded word is in.
        excluded = (
            f" AND NOT EXISTS (SELECT 1 FROM {TABLE} x WHERE x.{TABLE} MATCH %s AND x.rowid = {NAMES}.rowid)"  # noqa: S608
        )
        excluded_params = [_any_of(parsed.excluded)]
    arms, params = [], []
    for tier, (arm_table, expression, extra, extra_params) in enumerate(
        [
            (names, headline, excluded, excluded_params),
            (names, named, excluded, excluded_params),
            (
                table,
                rest,
                f" AND {TABLE}.rowid NOT IN ({everything_named})",
                [_narrowed(fts_query(ParsedQuery(parsed.groups)), scope)],
            ),
        ],
        1,
    ):
        check, check_params = _published_check(scope, arm_table)
        score = f"bm25({TABLE}, {TABLE_WEIGHTS})" if arm_table == TABLE and scope.dates_only else "rank"
        arms.append(
            f"SELECT * FROM (SELECT {tier} AS tier, rowid, {score} AS score FROM {arm_table} "  # noqa: S608
            f"WHERE {arm_table} MATCH %s AND {check}{extra} ORDER BY score)"
        )
        params += [_narrowed(expression, scope), *check_params, *extra_params]
    sql = " UNION ALL ".join(arms) + " LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [(pk, -rank) for _, pk, rank in cursor.fetchall()]


def ranked_ids(articles: QuerySet, parsed: ParsedQuery, offset: int, limit: int) -> list[tuple[int, float]]:
    """The ids and ranks of one page of matches among `articles`, best first (bm25 is negative).

    The backend-neutral form of ranked_in(), for callers with a QuerySet of articles.
    """
    return ranked_in(Scope(articles, dates_only=False), parsed, offset, limit)


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
    if text.isascii():  # most names: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams of `text`: each word (letters and digits) padded with two spaces before and
    one after, cut into every run of three characters."""
    grams = set()
    for word in TRIGRAM_WORD.findall(text):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def suggest(text: str) -> str | None:
    """The person, organisation or place name (or alias) closest to `text`, by trigram similarity.

    The same measure, threshold and tie-break as PostgreSQL's `similarity()` in postgres.py (shared
    trigrams over all trigrams of both, accents and case folded), so both backends suggest alike.
    The names are read whole, which suits archives with up to some tens of thousands of them.
    """
    with connection.cursor() as cursor:
        cursor.execute(NAMES_SQL)
        names = [name for (name,) in cursor.fetchall()]
    wanted = trigrams(_folded(text))
    best, best_score = None, 0.0
    for name in names:
        grams = trigrams(_folded(name))
        shared = len(wanted & grams)
        score = shared / (len(wanted) + len(grams) - shared) if shared else 0.0
        if score >= SUGGESTION_SIMILARITY and (score > best_score or (score == best_score and name < best)):
            best, best_score = name, score
    return best
