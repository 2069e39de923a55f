"""Prepared queries (articles/prepared.py) and the article page's (articles/page_queries.py): the same
rows and instances as the QuerySets they stand for, with their SQL compiled once."""

import datetime

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from articles import page_queries
from articles.models import Appearance, Article, Credit, article_page_relations
from articles.prepared import ID, IDS, MOMENT, PreparedQuery, store_prefetched

from .factories import AppearanceFactory, ArticleFactory, CreditFactory, ScheduledFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def compilations(monkeypatch):
    """How many times Django compiles a SELECT from here on."""
    calls = []
    as_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        calls.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return calls


def test_a_prepared_query_gives_what_its_queryset_gives_compiled_once(
    compilations, django_assert_num_queries
):
    appearances = PreparedQuery(
        lambda pk: Appearance.objects.select_related("person", "organization").filter(article=pk), pk=ID
    )
    first, second = ArticleFactory(), ArticleFactory()
    for article in (first, second, second):
        AppearanceFactory(article=article)
    for article in (first, second):
        expected = list(Appearance.objects.select_related("person", "organization").filter(article=article))
        compilations.clear()
        with django_assert_num_queries(1):
            found = appearances(pk=article.pk)
        assert compilations == ([Appearance] if article is first else [])  # compiled on the first run only
        assert [a.pk for a in found] == [a.pk for a in expected]
        with django_assert_num_queries(0):  # the joined rows came with them
            names = [(a.person.name, a.organization) for a in found]
        assert names == [(a.person.name, a.organization) for a in expected]
        assert all(a._state.db == "default" and not a._state.adding for a in found)


def test_a_time_and_a_list_of_ids_are_parameters(compilations):
    now = timezone.now()
    public, later = ArticleFactory(published_at=now - datetime.timedelta(hours=1)), ScheduledFactory()
    other = ArticleFactory(published_at=now - datetime.timedelta(hours=2))
    ids = PreparedQuery(
        lambda pks, now: Article.objects.published(now).filter(pk__in=pks).values_list("pk", flat=True),
        pks=IDS,
        now=MOMENT,
    )
    compilations.clear()
    assert ids(pks=[public.pk, later.pk], now=now) == [public.pk]
    assert ids(pks=[public.pk, later.pk], now=later.published_at) == [later.pk, public.pk]
    assert ids(pks=[other.pk, later.pk], now=now) == [other.pk]
    assert ids(pks=[other.pk, public.pk, later.pk], now=now) == [public.pk, other.pk]
    assert compilations.count(Article) == 2  # once per length of the list


def test_long_lists_of_ids_keep_to_their_own_parameter():
    kept, dropped = ArticleFactory(), ArticleFactory()
    query = PreparedQuery(
        lambda pks, excluded: (
            Article.objects.filter(pk__in=pks).exclude(pk__in=excluded).values_list("pk", flat=True)
        ),
        pks=IDS,
        excluded=IDS,
    )
    absent = list(range(10**9, 10**9 + 1000))  # ids no row has, so that the 1,001st is `kept`
    assert query(pks=[*absent, kept.pk], excluded=[dropped.pk]) == [kept.pk]


def test_a_parameter_the_sql_does_not_use_is_refused():
    ignored = PreparedQuery(lambda pk: Article.objects.all(), pk=ID)
    with pytest.raises(ValueError, match="not in the compiled SQL"):
        ignored(pk=1)


def test_an_id_compared_with_a_small_integer_column_is_refused_by_name():
    """An ID marker is out of a PositiveSmallIntegerField's range, so Django compiled the filter
    away and raised EmptyResultSet (a 500 on the first request) instead of saying why."""
    by_order = PreparedQuery(lambda n: Credit.objects.filter(order=n), n=ID)
    with pytest.raises(TypeError, match="big-integer ids"):
        by_order(n=1)


def test_prefetched_rows_are_the_relation_without_a_query(django_assert_num_queries):
    article, elsewhere = ArticleFactory(), ArticleFactory()
    mine = [CreditFactory(article=article), CreditFactory(article=article)]
    CreditFactory(article=elsewhere)
    store_prefetched(article, "credits", list(Credit.objects.filter(article=article)))
    with django_assert_num_queries(0):
        assert [c.pk for c in article.credits.all()] == [c.pk for c in mine]
        assert all(c.article is article for c in article.credits.all())
    # Chaining still asks the database, about this article's credits only.
    assert list(article.credits.filter(pk__gt=0)) == list(article.credits.all())


def _relations(article) -> dict:
    """Every relation the article page prefetches, and its children's, as lists of ids."""
    found = {}
    for lookup in article_page_relations():
        name = getattr(lookup, "prefetch_to", lookup)
        rows = list(getattr(article, name).all())
        found[name] = [row.pk for row in rows]
        for nested in ("participants", "organizations") if name == "events" else ():
            found[f"{name}.{nested}"] = [[child.pk for child in getattr(row, nested).all()] for row in rows]
    return found


def test_the_article_page_loads_what_with_relations_loads(seed_article, django_assert_num_queries):
    expected = Article.objects.with_relations().get(pk=seed_article.pk)
    with django_assert_num_queries(1):
        article = page_queries.article_by_slug(seed_article.slug)
    with django_assert_num_queries(0):
        assert (article.publisher, article.dateline) == (expected.publisher, expected.dateline)
    with django_assert_num_queries(len(article_page_relations()) + 2):  # events' people and organisations
        page_queries.prefetch_page_relations(article)
    with django_assert_num_queries(0):
        assert _relations(article) == _relations(expected)
    assert any(_relations(article)["events.participants"])
    assert page_queries.article_by_slug("no-such-story") is None


def test_an_article_with_no_events_does_not_ask_for_their_participants(django_assert_num_queries):
    article = ArticleFactory()
    with django_assert_num_queries(len(article_page_relations())):
        page_queries.prefetch_page_relations(article)
    assert list(article.events.all()) == []
