"""PostgreSQL's search paths: the RUM index where the server has it, GIN where it has not, estimates.

tests/test_search.py holds the expectations for both backends; this module runs the ranking ones
again on the path a server without the RUM extension takes (ts_rank over every match), and checks what
only PostgreSQL does (the index rows' publication time, counting by the planner's estimate).
"""

import datetime
import re
from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, SearchDocument
from articles.search import postgres, search
from articles.search.query import parse

from . import test_search as shared
from .factories import PlaceFactory, PlaceMentionFactory
from .test_search import StoryFactory, days_ago

# Fixtures, and the ranking tests to run again here on the GIN path (see gin_only below).
article, committed, corpus_articles = shared.article, shared.committed, shared.corpus_articles
RERUN_ON_GIN = [
    "test_headline_match_ranks_above_body_match",
    "test_entity_names_are_searchable_and_rank_above_body",
    "test_pages_split_the_results_and_past_the_end_is_empty_page",
    "test_corpus_articles_are_found_first_by_their_headline",
    "test_corpus_articles_are_found_first_by_a_phrase_from_their_body",
]
globals().update({name: getattr(shared, name) for name in RERUN_ON_GIN})

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own search paths"),
]


@pytest.fixture(autouse=True)
def gin_only(request, db):
    """The tests imported from test_search.py (and those with the parameter GIN) run as on a server
    without the RUM extension.

    Migration 0011 is reversed and the names vector's index made GIN (0012) inside the test's
    transaction, so the indexes are the ones such a server has; the rollback at the end of the
    test restores RUM.
    """
    if request.node.function.__module__ != "tests.test_search" and "[GIN]" not in request.node.name:
        yield
        return
    before = postgres.has_rum_index()
    rum_migration = import_module("articles.migrations.0011_searchdocument_rum_index")
    names_migration = import_module("articles.migrations.0012_searchdocument_names_vector")
    with connection.schema_editor() as editor:
        rum_migration.drop(None, editor)
        names_migration.use_gin(editor)
    postgres.note_rum_index(connection)
    assert not postgres.has_rum_index()
    yield
    postgres._rum_index[connection.settings_dict["NAME"]] = before


def rum_available():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


def test_rum_index_replaces_gin_wherever_the_extension_exists():
    postgres._rum_index.clear()
    assert postgres.has_rum_index() == rum_available()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_document_vector') IS NOT NULL")
        assert cursor.fetchone()[0] == (not rum_available())
        cursor.execute(
            "SELECT amname FROM pg_class JOIN pg_am ON pg_am.oid = relam WHERE relname = %s",
            ["search_document_names"],
        )
        assert cursor.fetchone()[0] == ("rum" if rum_available() else "gin")


def test_rum_index_ranks_inside_the_index(article):
    """The relevance page's own statement: each tier's index yields its matches best first (no Sort)."""
    if not rum_available():
        pytest.skip("the RUM extension is not installed on this server")
    article(headline="Tariffs raised", body="The decision came late.")
    with CaptureQueriesContext(connection) as captured:
        assert len(postgres.ranked_ids(Article.objects.published(), parse("tariffs"), 0, 20)) == 1
    with connection.cursor() as cursor:
        # A handful of rows: without these the planner would rather sort them than use any index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Index Scan using {postgres.RUM_INDEX}" in plan and "Order By: (vector <=> " in plan, plan
    assert "Index Scan using search_document_names" in plan and "Order By: (names_vector <=> " in plan, plan
    # The one Sort orders the tiers' rows (at most a page each) by tier and place, above their union.
    sorts = [line.split("(")[0].strip() for line in plan.splitlines() if "Sort" in line]
    assert sorts == ["->  Sort", "Sort Key: tier1.tier, tier1.n"], plan
    assert re.search(r"->  Sort .*\n\s+Sort Key: .*\n\s+->  Append", plan), plan


@pytest.mark.parametrize("indexes", ["as migrated", "GIN"])
def test_a_later_tier_is_read_only_when_the_tiers_before_it_do_not_fill_the_page(article, indexes):
    """The tiers come in order by the statement's ORDER BY, and the early stop is a one-time filter:
    a tier's index is never read when the tiers before it hold the page (on RUM and on GIN alike)."""
    for n in range(3):
        article(headline=f"Tariffs raised {n}", body="The decision came late.", published_at=days_ago(n + 1))
    article(headline="Budget debate", body="The senate argued about tariffs.", published_at=days_ago(9))
    for per_page, tiers_read in [(2, 1), (3, 1), (4, 3)]:
        with CaptureQueriesContext(connection) as captured:
            ranked = postgres.ranked_ids(Article.objects.published(), parse("tariffs"), 0, per_page)
        assert len(ranked) == min(per_page, 4)
        with connection.cursor() as cursor:
            # The plan of a large table, on four rows: the indexes, not a scan and a sort.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                + captured.captured_queries[-1]["sql"]
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
        tiers = re.split(r"CTE tier\d", plan)[1:]
        read = [
            any(
                " on articles_searchdocument " in line and "never executed" not in line
                for line in tier.splitlines()
            )
            for tier in tiers
        ]
        assert read == [True] * tiers_read + [False] * (3 - tiers_read), plan
    pages = [
        pk
        for page in range(4)
        for pk, _ in postgres.ranked_ids(Article.objects.published(), parse("tariffs"), page, 1)
    ]
    assert pages == [pk for pk, _ in postgres.ranked_ids(Article.objects.published(), parse("tariffs"), 0, 4)]
    assert Article.objects.get(pk=pages[-1]).headline == "Budget debate"


def test_index_rows_carry_the_publication_time_of_published_articles_only(article, committed):
    story = article(headline="Harbour reopens", published_at=days_ago(2))
    later = timezone.now() + datetime.timedelta(days=3)
    scheduled = article(headline="Harbour plan", published_at=later)
    draft = article(headline="Harbour draft", status=Article.Status.DRAFT)
    published = dict(SearchDocument.objects.values_list("article_id", "published_at"))
    assert published == {story.pk: story.published_at, scheduled.pk: later, draft.pk: None}
    with committed():
        story.status = Article.Status.DRAFT
        story.save()
    assert SearchDocument.objects.get(article=story).published_at is None
    assert [hit.article for hit in search("harbour", {}, "newest", 1).hits] == []


def test_names_vector_is_the_headline_standfirst_and_names_part_of_the_vector(article, committed):
    with committed():
        mention = PlaceMentionFactory(
            article=StoryFactory(headline="Ceasefire holds", dek="Talks went on", body="Quiet night."),
            place=PlaceFactory(name="Mariupol"),
        )
    document = SearchDocument.objects.get(article=mention.article)
    for word in ["'ceasefir':1A", "'talk':3B", "'mariupol'"]:
        assert word in document.names_vector
    assert "'quiet'" in document.vector and "'quiet'" not in document.names_vector


def test_past_the_limit_only_what_the_estimate_cannot_overstate_is_estimated(
    article, monkeypatch, django_capture_on_commit_callbacks
):
    """With ANALYZE's statistics a common word is reported past the limit without a count; an
    exclusion, a phrase or a filter, which the planner may overestimate, is counted even when it
    matches nothing."""
    import articles.search

    monkeypatch.setattr(articles.search, "COUNT_LIMIT", 4)
    monkeypatch.setattr(articles.search, "FACET_LIMIT", 3)  # a sample of fewer is the total: no count
    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory.create_batch(60, headline="Tin report", body="Prices of tin rose.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_searchdocument")
    results = search_counting("tin")
    assert (results.total, results.total_is_exact, results.counted) == (4, False, False)
    assert search("tin -tin", {}, "relevance", 1).total == 0
    assert search('"tin prices"', {}, "relevance", 1).total == 0
    assert search("tin", {"date_to": datetime.date(1999, 1, 1)}, "relevance", 1).total == 0


def test_a_word_less_a_rarer_one_is_estimated_from_what_the_exclusion_can_take_away(
    article, monkeypatch, django_capture_on_commit_callbacks
):
    """An excluded term can take away no more articles than it is in, so a common word less a rare
    one is past the limit without a count; less a word as common as itself it is counted."""
    import articles.search

    monkeypatch.setattr(articles.search, "COUNT_LIMIT", 4)
    monkeypatch.setattr(articles.search, "FACET_LIMIT", 3)  # a sample of fewer is the total: no count
    with django_capture_on_commit_callbacks(execute=True):
        StoryFactory.create_batch(40, headline="Tin report", body="Prices of tin rose.")
        StoryFactory.create_batch(20, headline="Tin note", body="Prices of tin and copper rose.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_searchdocument")
    # tin is in every article and copper in a third: at least 40 of 60 are past the limit.
    estimated = search_counting("tin -copper")
    assert (estimated.total, estimated.total_is_exact, estimated.counted) == (4, False, False)
    # report is in two thirds, more than copper's third: nothing can be said without counting.
    counted = search_counting("copper -report")
    assert (counted.total, counted.total_is_exact, counted.counted) == (4, False, True)
    assert search("tin -copper -report", {}, "relevance", 1).total == 0


def search_counting(query):
    """search(), and whether the count statement's count ran (EXPLAIN ANALYZE of it, run again)."""
    with CaptureQueriesContext(connection) as captured:
        results = search(query, {}, "relevance", 1)
    [statement] = [q["sql"] for q in captured.captured_queries if "pg_stats" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement)
        plan = [row[0] for row in cursor.fetchall()]
    # The estimate reads catalogues only; the count scans the search documents.
    scans = [line for line in plan if "on articles_searchdocument" in line]
    results.counted = any("never executed" not in line for line in scans)
    return results


def test_published_vectors_hold_their_year_and_month_as_weight_d_lexemes(article, committed):
    """index() writes what migration 0016 writes: the period lexemes of published articles only,
    in no tier's names_vector, and never matched by a reader's words."""
    january = datetime.datetime(2020, 1, 15, tzinfo=datetime.UTC)
    story = article(headline="Harbour reopens", published_at=january)
    draft = article(headline="Harbour draft", published_at=january, status=Article.Status.DRAFT)
    vectors = dict(SearchDocument.objects.values_list("article_id", "vector"))
    assert "'m 202001':" in vectors[story.pk] and "'y 2020':" in vectors[story.pk]
    assert "'m 202001'" not in vectors[draft.pk] and "'y 2020'" not in vectors[draft.pk]
    assert "2020" not in SearchDocument.objects.get(article=story).names_vector
    migration = import_module("articles.migrations.0016_searchdocument_period_lexemes")
    with connection.cursor() as cursor:
        cursor.execute(migration.FORWARD)
    assert dict(SearchDocument.objects.values_list("article_id", "vector")) == vectors
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector @@ %s::tsquery FROM articles_searchdocument WHERE article_id = %s",
            ["'y 2020':D & 'm 202001':D", story.pk],
        )
        assert cursor.fetchone()[0]
    assert headlines("y 2020") == headlines("2020 y") == []


@pytest.mark.parametrize("indexes", ["as migrated", "GIN"])
def test_a_date_window_narrows_the_match_in_the_index_and_leaves_the_ranks_alone(article, indexes):
    """The window's months are ANDed to the reader's query in the sample and the body tier (and the
    count), on RUM and on GIN alike, and each match ranks as it does without a window."""
    for month in (1, 2, 5):
        article(
            headline=f"Budget {month}",
            body="The harbour reopened; the harbour board met.",
            published_at=datetime.datetime(2020, month, 10, tzinfo=datetime.UTC),
        )
    window = {"date_from": datetime.date(2020, 1, 1), "date_to": datetime.date(2020, 2, 15)}
    with CaptureQueriesContext(connection) as captured:
        results = search("harbour", window, "relevance", 1)
    assert sorted(hit.article.headline for hit in results.hits) == ["Budget 1", "Budget 2"]
    everywhere = {hit.article.pk: hit.rank for hit in search("harbour", {}, "relevance", 1).hits}
    assert {hit.article.pk: hit.rank for hit in results.hits} == {
        hit.article.pk: everywhere[hit.article.pk] for hit in results.hits
    }
    statements = [q["sql"] for q in captured.captured_queries if "articles_searchdocument" in q["sql"]]
    assert len(statements) == 2 and all("m 202002" in sql for sql in statements), statements


def headlines(query, filters=None):
    return [hit.article.headline for hit in search(query, filters or {}, "relevance", 1).hits]
