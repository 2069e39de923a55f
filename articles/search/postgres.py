"""PostgreSQL full-text search: a weighted tsvector per article, a GIN index, websearch_to_tsquery.

The vector lives in SearchDocument (one row per article) because entity names come from other
tables and cannot go into a generated column; index() writes it in one statement per batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet

from ..models import Article, SearchDocument
from .query import ParsedQuery, Term

# english_stem after unaccent (migration 0002_search_index); INDEX_SQL names it too.
CONFIG = "newsroom_english"

INDEX_SQL = """
INSERT INTO articles_searchdocument (article_id, vector)
SELECT a.id,
       setweight(to_tsvector('newsroom_english', a.headline), 'A')
       || setweight(to_tsvector('newsroom_english', a.dek || ' ' || v.names), 'B')
       || setweight(to_tsvector('newsroom_english', a.body), 'C')
FROM unnest(%s::bigint[], %s::text[]) AS v(id, names)
JOIN articles_article a ON a.id = v.id
ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector
"""

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
            cursor.execute(INDEX_SQL, [list(ids), list(names)])


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


def count(matched: QuerySet, limit: int) -> int:
    """How many articles match, at most `limit`.

    Counted whole: with a LIMIT the planner walks both primary keys and tests every vector, which
    took 1 s instead of 0.3 s for a common word in 100,000 articles (bench/README.md).
    """
    return min(matched.count(), limit)


def ranked_ids(articles: QuerySet, parsed: ParsedQuery, offset: int, limit: int) -> list[tuple[int, float]]:
    """The ids and ranks of one page of matches, best first."""
    query = tsquery(parsed)
    return list(
        articles.filter(search_document__vector=query)
        .annotate(rank=SearchRank(F("search_document__vector"), query))
        .order_by("-rank", "-published_at", "-pk")
        .values_list("pk", "rank")[offset : offset + limit]
    )


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
    with connection.cursor() as cursor:
        cursor.execute(SUGGEST_SQL, [text, SUGGESTION_SIMILARITY, text])
        row = cursor.fetchone()
    return row[0] if row else None
