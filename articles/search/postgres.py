"""PostgreSQL full-text search: a weighted tsvector per article, a RUM (or GIN) index, websearch_to_tsquery.

The vector lives in SearchDocument (one row per article) because entity names come from other
tables and cannot go into a generated column; index() writes it in one statement per batch, with
its headline, standfirst and names part alone (names_vector, migration 0012), which the first two
relevance tiers rank through an index of their own (ranked_in). A published article's vector also
holds its year and month of publication as two weight-D lexemes (migration 0016, PERIOD_SQL), so
a date window narrows the match inside the index, as SQLite's period words do.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import (
    CombinedSearchQuery,
    SearchHeadline,
    SearchQuery,
    SearchQueryCombinable,
    SearchQueryField,
)
from django.db import connection, connections
from django.db.models import Func, Q, QuerySet, Value

from ..models import Article, SearchDocument
from .query import ParsedQuery, Term
from .scope import Scope, reading

# english_stem after unaccent (migration 0002_search_index); INDEX_SQL names it too.
CONFIG = "newsroom_english"
# The reader's query as a tsquery, from one parameter (the text _websearch() writes).
TSQUERY_SQL = f"websearch_to_tsquery('{CONFIG}', %s)"

# The period lexemes of a publication time `t` (UTC), 'y 1987':1 'm 198701':1: with a space, which
# no word the parser reads can hold, so no reader's term matches them; with a position (weight D),
# because RUM rechecks each row's vector for a lexeme without one (bench/README.md). Weight D keeps
# them out of names_vector (ts_filter to A and B), and out of every rank: no reader's term is one.
PERIOD_SQL = (
    "('''y ' || to_char({t} AT TIME ZONE 'UTC', 'YYYY') || ''':1 ''m ' "
    "|| to_char({t} AT TIME ZONE 'UTC', 'YYYYMM') || ''':1')::tsvector"
)
# A window needing more period words than this narrows too little to be worth them (as SQLite's).
PERIOD_TERMS = 24

INDEX_SQL = f"""
INSERT INTO articles_searchdocument (article_id, vector, names_vector, published_at)
SELECT id, vector || coalesce({PERIOD_SQL.format(t="published_at")}, ''), ts_filter(vector, '{{a,b}}'),
       published_at
FROM (
    SELECT a.id,
           setweight(to_tsvector('newsroom_english', a.headline), 'A')
           || setweight(to_tsvector('newsroom_english', a.dek || ' ' || v.names), 'B')
           || setweight(to_tsvector('newsroom_english', a.body), 'C') AS vector,
           CASE WHEN a.status = %s THEN a.published_at END AS published_at
    FROM unnest(%s::bigint[], %s::text[]) AS v(id, names)
    JOIN articles_article a ON a.id = v.id
) AS documents
ON CONFLICT (article_id) DO UPDATE
SET vector = EXCLUDED.vector, names_vector = EXCLUDED.names_vector, published_at = EXCLUDED.published_at
"""  # noqa: S608 (constants)

# How alike a name must be to what the reader typed to be suggested (pg_trgm similarity, 0-1).
SUGGESTION_SIMILARITY = 0.4
SUGGEST_SQL = """
SELECT name FROM (
    SELECT name FROM articles_person UNION SELECT name FROM articles_personalias
    UNION SELECT name FROM articles_organization UNION SELECT name FROM articles_organizationalias
    UNION SELECT name FROM articles_place UNION SELECT name FROM articles_placealias
) AS names
WHERE similarity(lower(unaccent(name)), lower(unaccent(%s))) >= %s
ORDER BY similarity(lower(unaccent(name)), lower(unaccent(%s))) DESC, name
LIMIT 1
"""


def index(documents: Sequence[tuple[int, str]]) -> None:
    """Write the vectors of articles given as (id, entity names); text comes from the article row."""
    if documents:
        ids, names = zip(*documents, strict=True)
        with connection.cursor() as cursor:
            cursor.execute(INDEX_SQL, [Article.Status.PUBLISHED, list(ids), list(names)])


def remove(article_ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(article_id__in=list(article_ids)).delete()


def clear() -> None:
    SearchDocument.objects.all().delete()


def _websearch(groups: list[list[Term]], excluded: list[Term]) -> str:
    # Every term is quoted, so websearch_to_tsquery reads no operator the reader did not mean.
    def quoted(term: Term) -> str:
        return f'"{term.text}"'

    parts = [" or ".join(quoted(term) for term in group) for group in groups]
    parts += [f"-{quoted(term)}" for term in excluded]
    return " ".join(parts)


def tsquery(parsed: ParsedQuery) -> SearchQuery:
    return SearchQuery(_websearch(parsed.groups, parsed.excluded), config=CONFIG, search_type="websearch")


def matching(articles: QuerySet, parsed: ParsedQuery) -> QuerySet:
    return articles.filter(search_document__vector=tsquery(parsed))


class Periods(SearchQueryCombinable, Func):
    """Period lexemes as a tsquery (`'y 1987'`, `'y 1987' | 'm 198801'`), to AND with the reader's query."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()


class WithinPeriod(CombinedSearchQuery):
    """`query && period`, but nothing when the reader's query holds no lexeme ("_", "the_the" parse
    to an empty tsquery): PostgreSQL's && gives the other operand when one is empty, so the period
    alone would match every article of the window. A constant condition: the planner folds it."""

    def __init__(self, query: SearchQuery, period: str):
        super().__init__(query, self.BITAND, Periods(Value(period)), query.config)

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        query, query_params = compiler.compile(self.lhs)
        sql = f"(CASE WHEN numnode({query}) = 0 THEN {query} ELSE {sql} END)"
        return sql, [*query_params, *query_params, *params]


def _periods(scope: Scope) -> list[str]:
    """The period lexemes the scope's dates span as tsquery texts ("'m 198701'"), or none to add
    (Scope.periods)."""
    return [f"'{word[0]} {word[1:]}'" for word in scope.periods(PERIOD_TERMS) or []]


# A word (or words joined by OR), less any -excluded terms, that ANALYZE's statistics put at this
# many times the count limit or more is reported as past the limit without counting (count_in()).
ESTIMATE_MARGIN = 2
# One statement: the estimate from pg_stats, and the count only if the estimate does not settle it.
# `stats` are the most common lexemes ANALYZE keeps, with the share of documents holding each. An
# OR of words matches at least as many documents as its most frequent word; an excluded term takes
# away at most as many as its rarest lexeme is in, and a lexeme that is not among `stats` is in no
# more than the least common of them. So the estimate is the most frequent required word's share
# less the excluded terms' shares, times the rows: |A - B| >= |A| - |B|. It is made only when the
# required part has no & (AND) or <-> (phrase), which can match far fewer articles than their words.
# A scalar subquery in a CASE branch runs only if that branch is taken.
COUNT_SQL = """
WITH stats AS (
    SELECT f.lexeme, f.freq
    FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS f(lexeme, freq)
    WHERE s.schemaname = current_schema() AND s.tablename = 'articles_searchdocument'
      AND s.attname = 'vector' AND f.lexeme IS NOT NULL
),
required AS (SELECT {tsquery} AS q),
excluded AS (SELECT websearch_to_tsquery('{config}', t) AS q FROM unnest(%s::text[]) AS t),
estimate AS (
    SELECT ((SELECT max(stats.freq) FROM stats, required
             WHERE required.q::text !~ '[&!<]' AND stats.lexeme IN (
                 SELECT m[1] FROM regexp_matches(required.q::text, '''([^'']+)''', 'g') AS m))
            - (SELECT coalesce(sum(bound), 0) FROM (
                   SELECT (SELECT min(coalesce(stats.freq, (SELECT min(freq) FROM stats)))
                           FROM regexp_matches(excluded.q::text, '''([^'']+)''', 'g') AS m
                           LEFT JOIN stats ON stats.lexeme = m[1]) AS bound
                   FROM excluded) AS bounds))
           * (SELECT reltuples FROM pg_class WHERE oid = 'articles_searchdocument'::regclass) AS n
)
SELECT CASE WHEN coalesce((SELECT n FROM estimate), 0) >= %s THEN %s
            ELSE (SELECT count(*) FROM ({documents}) AS matched) END
"""


def count(matched: QuerySet, limit: int) -> int:
    """How many articles match, at most `limit` (a search with only -exclusions: no tsquery to rank)."""
    return matched.order_by()[:limit].count()


def count_in(scope: Scope, parsed: ParsedQuery, limit: int) -> int:
    """How many articles match, at most `limit`; past `limit` a search needs no exact figure.

    Counting reads every match in the index and each matching row up to the limit: 0.05-0.25 s
    for a common word less another in 100,000 articles (bench/README.md). When publication is the
    only filter, a word (or an OR of words), less any excluded terms, that ANALYZE's statistics put
    at ESTIMATE_MARGIN times the limit or more is past the limit without a count (PostgreSQL keeps
    the frequencies of the most common lexemes; here they are within a few percent of the truth);
    anything else is counted up to the limit, from the search documents alone when only dates
    narrow them. Reader filters are never estimated: the statistics cannot know how a filter
    correlates with the words ("covid" before 2019 matches nothing).
    """
    documents = _documents(scope, parsed)
    if documents is None:
        return count(matching(scope.articles, parsed), limit)
    if scope.since or scope.before:
        return documents[:limit].count()
    documents_sql, documents_params = documents.values("pk")[:limit].query.sql_with_params()
    sql = COUNT_SQL.format(tsquery=TSQUERY_SQL, config=CONFIG, documents=documents_sql)
    excluded = [_websearch([[term]], []) for term in parsed.excluded]
    params = [_websearch(parsed.groups, []), excluded, ESTIMATE_MARGIN * limit, limit, *documents_params]
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# The facet sample's statement: the matching documents as a CTE that PostgreSQL plans as if every
# match were wanted and evaluates only as far as the LIMIT reads (sample_in()).
SAMPLE_SQL = (
    "WITH matched AS MATERIALIZED ({documents}) SELECT article_id, published_at FROM matched LIMIT %s"
)


def sample_in(scope: Scope, parsed: ParsedQuery, limit: int) -> list[tuple[int, datetime.datetime]]:
    """(id, publication time) of the first `limit` matches, for the facets of a large result.

    From the search documents alone when publication and dates are the only filters: joined to
    the articles, the planner walked both primary keys testing each vector (about 100 ms for a word
    in 14% of 100,000 articles, against 20-60 ms for the index and the documents' rows alone).

    The documents are a materialized CTE under the LIMIT. Given `LIMIT 1000` directly, the planner
    costs a sequential scan as stopping after 1,000 matches and counts one operator per row tested,
    not the vector each row must fetch from TOAST: for a word in 14% of the articles it tested
    7,000 rows (45-110 ms) instead of taking the RUM index's bitmap (5-35 ms). A CTE is planned for
    all its rows, so the plan follows the cost of reading every match (the bitmap for that word, the
    sequential scan for a word in most articles, where 1,600 rows tested give the 1,000), and it is
    still evaluated only as far as the LIMIT reads.
    """
    documents = _documents(scope, parsed)
    if documents is None:
        return list(matching(scope.articles, parsed).order_by().values_list("pk", "published_at")[:limit])
    # On the database the router picks for the documents (a reader's replica), as the ORM would.
    db = connections[documents.db]
    rows = documents.values("article_id", "published_at")
    documents_sql, documents_params = rows.query.get_compiler(connection=db).as_sql()
    with db.cursor() as cursor:
        cursor.execute(SAMPLE_SQL.format(documents=documents_sql), [*documents_params, limit])
        return cursor.fetchall()


def _documents(scope: Scope, parsed: ParsedQuery) -> QuerySet | None:
    """The matching search documents when only publication and dates narrow the search, else None.

    The document holds the publication time of published articles (null otherwise), so publication
    and a date range need no join to the articles; entity and language filters do. Each of a
    window's period lexemes is ANDed to the query, so the index yields only the matches in the
    window's months (a common word within six months of five years: a tenth of its matches), and
    the exact bounds are checked on those alone: at 1,000,000 documents the count of "would" in
    six months took 33 ms instead of 121, its facet sample 21 instead of 84 (bench/README.md)."""
    if not scope.dates_only:
        return None
    query = tsquery(parsed)
    if periods := _periods(scope):
        # One condition per period, ORed: a BitmapOr of index scans, each of which skips through a
        # common word's entries to the rare period's (RUM does not for an OR inside one tsquery).
        within = Q()
        for period in periods:
            within |= Q(vector=WithinPeriod(query, period))
        documents = SearchDocument.objects.filter(within, published_at__lte=scope.now)
    else:
        documents = SearchDocument.objects.filter(vector=query, published_at__lte=scope.now)
    if scope.since:
        documents = documents.filter(published_at__gte=scope.since)
    if scope.before:
        documents = documents.filter(published_at__lt=scope.before)
    return documents


def has_rum_index() -> bool:
    """Whether migration 0011 created the RUM index on this database (the extension may be absent).

    Noted when a connection opens and after migrations (signals.py), so that searches ask nothing.
    """
    db = reading()
    name = db.settings_dict["NAME"]
    if name not in _rum_index:
        note_rum_index(db)
    return _rum_index[name]


def note_rum_index(db) -> None:
    with db.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
        _rum_index[db.settings_dict["NAME"]] = cursor.fetchone()[0]


RUM_INDEX = "search_document_rum"
_rum_index: dict[str, bool] = {}  # by database name: an index appears or goes only with a migration


# The same with every lexeme limited to weight A, the headline's: 'bank' becomes 'bank':A.
HEADLINE_TSQUERY_SQL = f"regexp_replace({TSQUERY_SQL}::text, $$'(?:[^']|'')*'$$, $$\\&:A$$, 'g')::tsquery"
# One arm per relevance tier: (vector it ranks, the tsquery it matches, the match it leaves to an
# earlier tier). Tier 1 has every required term in the headline, tier 2 every one in the headline,
# standfirst or names but not all in the headline, tier 3 the rest; as SQLite's tier_queries().
TIERS = [
    ("names_vector", HEADLINE_TSQUERY_SQL, None),
    ("names_vector", TSQUERY_SQL, ("names_vector", HEADLINE_TSQUERY_SQL)),
    ("vector", TSQUERY_SQL, ("names_vector", TSQUERY_SQL)),
]


def ranked_in(scope: Scope, parsed: ParsedQuery, offset: int, limit: int) -> list[tuple[int, float]]:
    """The ids and ranks of one page of matches in `scope`, tier by tier (TIERS), best first.

    One statement. Each tier is a materialized CTE of its best `offset + limit` matches, numbered
    in their order, and the page is the union ordered by tier and that number, so the order is the
    statement's, not the executor's. A tier after the first runs only if the tiers before it hold
    fewer rows than the page needs: its condition on their counts is a one-time filter, and the
    tier's index is never read otherwise (`never executed` in EXPLAIN ANALYZE), so page 1 of a
    common word ranks only its headline matches (the small vector's index), not every body match.
    With the RUM indexes each tier comes best first out of its index (`<=>`, 1 / ts_rank with the
    weights A 1.0, B 0.4, C 0.2) and equal ranks in the index's order, because a tie-break by date
    would make PostgreSQL fetch and sort every match of the tied rank. With GIN only, each tier
    ranks its matches by ts_rank, ties newest first. Tiers 1 and 2 leave out articles with an
    excluded term anywhere (tier 3 matches the whole query). Within dates only, tier 3 matches the
    query and the window's period lexemes (the index yields the window's months alone; "would" in
    six months of 1,000,000 documents: 105 ms instead of 996) and ranks by the query alone: no
    reader's term is a period lexeme, so the ranks do not change.
    """
    required = _websearch(parsed.groups, [])
    scoped, scope_params = _scope_sql(scope)
    periods = " | ".join(_periods(scope)) if scope.dates_only else ""
    rum = has_rum_index()
    wanted = offset + limit
    tiers, params = [], []
    for tier, (vector, matched, earlier) in enumerate(TIERS, 1):
        text = required if tier < 3 else _websearch(parsed.groups, parsed.excluded)
        conditions, where_params = [f"d.{vector} @@ {matched}", scoped], [text, *scope_params]
        if periods and vector == "vector":  # matched within the window's periods, ranked without them
            # An empty query (no lexeme) && the periods would be the periods alone: WithinPeriod.
            conditions[0] = f"d.vector @@ ({matched} && %s::tsquery) AND numnode({matched}) > 0"
            where_params[1:1] = [periods, text]
        if earlier:
            conditions.append(f"NOT d.{earlier[0]} @@ {earlier[1]}")
            where_params.append(required)
        if parsed.excluded and tier < 3:
            conditions.append(f"NOT d.vector @@ {TSQUERY_SQL}")
            where_params.append(_websearch([parsed.excluded], []))
        if tier > 1:  # run only if the tiers before hold fewer rows than the page needs
            before = " + ".join(f"(SELECT count(*) FROM tier{n})" for n in range(1, tier))  # noqa: S608
            conditions.append(f"{before} < %s")
            where_params.append(wanted)
        if rum:
            rank, order = f"d.{vector} <=> {matched}", "1"
        else:
            rank, order = f"ts_rank(d.{vector}, {matched})", "1 DESC, d.published_at DESC, d.article_id DESC"
        tiers.append(
            f"tier{tier} AS MATERIALIZED (SELECT {tier} AS tier, row_number() OVER () AS n, rank, article_id "  # noqa: S608 (constants)
            f"FROM (SELECT {rank} AS rank, d.article_id FROM articles_searchdocument d "
            f"WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT %s) AS ranked)"
        )
        params += [text, *where_params, wanted]
    union = " UNION ALL ".join(f"SELECT * FROM tier{tier}" for tier in range(1, len(TIERS) + 1))  # noqa: S608
    sql = (
        f"WITH {', '.join(tiers)} SELECT rank, article_id FROM ({union}) AS page "  # noqa: S608 (constants)
        "ORDER BY tier, n LIMIT %s OFFSET %s"
    )
    with reading().cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    if rum:
        return [(pk, 1 / distance if distance else 0.0) for distance, pk in rows]
    return [(pk, rank) for rank, pk in rows]


def _scope_sql(scope: Scope) -> tuple[str, list]:
    """SQL true for a search document `d` in the scope: publication and dates on the document itself,
    other filters through the scope's QuerySet."""
    if not scope.dates_only:
        allowed_sql, allowed_params = scope.articles.order_by().values("pk").query.sql_with_params()
        return f"d.article_id IN ({allowed_sql})", list(allowed_params)
    conditions, params = ["d.published_at <= %s"], [scope.now]
    if scope.since:
        conditions.append("d.published_at >= %s")
        params.append(scope.since)
    if scope.before:
        conditions.append("d.published_at < %s")
        params.append(scope.before)
    return " AND ".join(conditions), params


def ranked_ids(articles: QuerySet, parsed: ParsedQuery, offset: int, limit: int) -> list[tuple[int, float]]:
    """The backend-neutral form of ranked_in(), for callers with a QuerySet of articles."""
    return ranked_in(Scope(articles, dates_only=False), parsed, offset, limit)


def snippets(article_ids: Sequence[int], parsed: ParsedQuery, start: str, stop: str) -> dict[int, str]:
    """Passages of the body around the matches, for the visible page only."""
    headline = SearchHeadline(
        "body",
        tsquery(parsed),
        config=CONFIG,
        start_sel=start,
        stop_sel=stop,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    return dict(
        Article.objects.filter(pk__in=article_ids).annotate(snippet=headline).values_list("pk", "snippet")
    )


def suggest(text: str) -> str | None:
    """The person, organisation or place name (or alias) closest to `text` by trigram similarity."""
    with reading().cursor() as cursor:
        cursor.execute(SUGGEST_SQL, [text, SUGGESTION_SIMILARITY, text])
        row = cursor.fetchone()
    return row[0] if row else None
