"""Primary + read replica: anonymous reader pages read from the replica; editors, the admin and writes
use the primary. The replica here is a second, real PostgreSQL database with its own rows, so a page
can only show a replica-only story if its reads really went there."""

import copy
import datetime
import socket
import time

import pytest
from django.core.management import call_command
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.search import postgres
from newsroom import routers

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

ALIAS = "replica_under_test"  # not "replica", which DATABASE_REPLICA_URL may already define
_created: set[str] = set()


@pytest.fixture
def replica(settings):
    """A second PostgreSQL database migrated like the primary but holding different rows."""
    primary = connections["default"]
    if primary.vendor != "postgresql":
        pytest.skip("the replica tests need PostgreSQL (run the suite with DATABASE_URL=postgres://…)")
    # Inside the test runner's own "test_" names: without that prefix a run against the README's
    # default database (`newsroom`) would drop a real database called `newsroom_replica`.
    name = primary.settings_dict["NAME"] + "_replica"
    assert name.startswith("test_"), name
    if name not in _created:
        # Afresh once per run, so a replica left by an older schema (renumbered migrations) never lingers.
        with primary._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        _created.add(name)
    replica_settings = copy.deepcopy(primary.settings_dict)
    replica_settings["NAME"] = name
    replica_settings["TEST"]["MIRROR"] = None
    connections.settings[ALIAS] = replica_settings
    # The test case refuses to open connections to aliases it was not told about when it started;
    # this one is opened here on purpose, and closed at the end.
    connections[ALIAS].connect()
    # Replication would copy the schema; here migrate builds it (the router only migrates the primary).
    settings.DATABASE_ROUTERS = []
    call_command("migrate", database=ALIAS, interactive=False, verbosity=0)
    settings.DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
    settings.DATABASE_REPLICAS = [ALIAS]
    try:
        yield connections[ALIAS]
    finally:
        Article.objects.using(ALIAS).filter(slug__startswith="replica-only-").delete()
        connections[ALIAS].close()
        del connections[ALIAS]
        del connections.settings[ALIAS]


def replica_only_article(headline: str) -> Article:
    """A story that only the replica holds: the primary has never seen it."""
    published_at = timezone.now() - datetime.timedelta(hours=1)
    slug = "replica-only-" + headline.lower().replace(" ", "-")
    return Article.objects.using(ALIAS).create(
        headline=headline,
        slug=slug,
        body="Read from the replica.",
        status="published",
        published_at=published_at,
    )


@pytest.mark.parametrize("fragment_seconds", [600, 0])
def test_an_anonymous_article_page_is_read_from_the_replica(client, replica, settings, fragment_seconds):
    """With every cache off too: the page's prepared queries (articles/page_queries.py) go where the
    router sends reads, as a QuerySet's would, compiled for that connection."""
    settings.FRAGMENT_CACHE_SECONDS = fragment_seconds
    article = replica_only_article(f"Only on the replica {fragment_seconds}")
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f"Only on the replica {fragment_seconds}" in response.content.decode()
    assert any('"articles_article"' in query["sql"] for query in on_replica.captured_queries)
    assert on_primary.captured_queries == []


def test_the_home_page_lists_what_the_replica_holds(client, replica):
    ArticleFactory(headline="Saved on the primary a moment ago")
    replica_only_article("Already replicated story")
    page = client.get("/").content.decode()
    assert "Already replicated story" in page
    assert "Saved on the primary a moment ago" not in page  # not replicated yet: readers wait


def test_an_editor_sees_a_save_at_once_however_far_the_replica_lags(client, replica, editor):
    saved = ArticleFactory(headline="Just saved by the editor")
    client.force_login(editor)
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(saved.get_absolute_url())
        admin = client.get(f"/admin/articles/article/{saved.pk}/change/")
    assert response.status_code == 200
    assert "Just saved by the editor" in response.content.decode()
    assert admin.status_code == 200
    assert on_replica.captured_queries == []


def test_migrations_run_on_the_primary_only(replica):
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate(ALIAS, "articles")


@pytest.fixture
def down_replica(settings):
    """A replica alias whose server refuses connections (nothing listens on port 9 of 127.0.0.1)."""
    alias = "replica_down_under_test"
    connections.settings[alias] = {
        **copy.deepcopy(connections["default"].settings_dict),
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "newsroom_down",
        "HOST": "127.0.0.1",
        "PORT": "9",
        "USER": "postgres",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2},
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": None},
    }
    settings.DATABASE_REPLICAS = [alias]
    routers._down_until.clear()
    try:
        yield alias
    finally:
        routers._down_until.clear()
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def test_a_replica_that_is_down_is_skipped_and_readers_get_the_primary(client, down_replica, caplog):
    # Runs on SQLite too: the primary is whatever the suite runs on; only the replica is PostgreSQL.
    article = ArticleFactory(headline="Served although the replica is down")
    with caplog.at_level("WARNING", logger="newsroom.replicas"):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Served although the replica is down" in response.content.decode()
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        f"Replica {down_replica} unreachable, reading elsewhere for 30 s"
    ]
    # Left out from then on: the next request does not try it again (no second warning).
    caplog.clear()
    with caplog.at_level("WARNING", logger="newsroom.replicas"):
        assert client.get("/").status_code == 200
    assert caplog.records == []
    assert routers._down_until[down_replica] > 0


def test_a_replica_that_is_down_is_tried_again_after_the_retry_time(client, down_replica, settings, caplog):
    settings.REPLICA_RETRY_SECONDS = 0
    article = ArticleFactory()
    with caplog.at_level("WARNING", logger="newsroom.replicas"):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get("/").status_code == 200
    assert len(caplog.records) == 2


def test_readers_go_to_the_replica_that_answers_when_another_is_down(
    client, replica, down_replica, settings, monkeypatch, caplog
):
    settings.DATABASE_REPLICAS = [down_replica, ALIAS]
    monkeypatch.setattr(routers.random, "shuffle", lambda aliases: None)  # the down one is tried first
    article = replica_only_article("Only on the working replica")
    with caplog.at_level("WARNING", logger="newsroom.replicas"):
        for _ in range(3):
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200
            assert "Only on the working replica" in response.content.decode()
    assert len(caplog.records) == 1  # tried once, then left out
    assert down_replica in caplog.records[0].getMessage()


def test_a_replica_that_fails_slowly_is_still_left_out(client, down_replica, settings):
    # A host that takes the connection but never answers: libpq gives up after connect_timeout (2 s),
    # longer than the retry time (1 s). It is left out from the failure, not from the attempt.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        connections[down_replica].settings_dict["PORT"] = str(silent.getsockname()[1])
        settings.REPLICA_RETRY_SECONDS = 1
        assert client.get(ArticleFactory().get_absolute_url()).status_code == 200
        assert routers._down_until[down_replica] > time.monotonic()  # still out right after
    finally:
        silent.close()


def test_a_replica_that_fails_in_the_middle_of_a_page_is_left_out_and_the_page_served(
    client, replica, monkeypatch, caplog
):
    # The replica answers its check and the page's first query, then its server drops the connection
    # (pg_terminate_backend): the reader gets the page from the primary instead of a 503.
    monkeypatch.setattr(routers, "_down_until", {})
    on_primary = ArticleFactory(headline="Copy on the primary")
    Article.objects.using(ALIAS).create(
        headline="Copy on the replica",
        slug=on_primary.slug,
        body="Read from the replica.",
        status="published",
        published_at=on_primary.published_at,
    )
    replica.ensure_connection()
    backend = replica.connection.get_backend_pid()
    seen = []

    def drop_after_first_query(execute, sql, params, many, context):
        seen.append(sql)
        if len(seen) == 2:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [backend])
        return execute(sql, params, many, context)

    with (
        replica.execute_wrapper(drop_after_first_query),
        caplog.at_level("WARNING", logger="newsroom"),
    ):
        response = client.get(on_primary.get_absolute_url())
    assert len(seen) == 2  # it did fail mid-page, on the replica
    assert response.status_code == 200
    page = response.content.decode()
    assert "Copy on the primary" in page
    assert "Copy on the replica" not in page
    # One line, from the router; no "answered 503" from the outage middleware, since none was sent.
    assert [record.getMessage() for record in caplog.records if record.name.startswith("newsroom.")] == [
        f"Replica {ALIAS} unreachable, reading elsewhere for 30 s: it failed during a page"
    ]
    assert routers._down_until[ALIAS] > time.monotonic()
    replica.close()  # what the end of the request does with a broken connection
    replica.connect()


def test_a_page_that_fails_on_a_working_replica_is_not_answered_twice(client, replica, monkeypatch):
    # A 503 whose cause is not the replica (here the error is raised, the connection stays usable)
    # is the answer: the view is not run again.
    monkeypatch.setattr(routers, "_down_until", {})
    from django.db import OperationalError

    article = replica_only_article("Fails on the replica")
    calls = []

    def fail(execute, sql, params, many, context):
        calls.append(sql)
        raise OperationalError("could not serialize access")

    with replica.execute_wrapper(fail):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503
    assert len(calls) == 1
    assert ALIAS not in routers._down_until


def test_a_page_whose_second_replica_also_fails_mid_page_is_logged_as_answered_503(
    client, replica, settings, monkeypatch, caplog
):
    # Two replicas (two aliases of the same database here), each dropped after the page's first
    # query: the page is built again once, from the other, and that second failure is the answer.
    # It is a 503 like any other, so it gets the outage middleware's line (nothing retries it).
    monkeypatch.setattr(routers, "_down_until", {})
    other = ALIAS + "_2"
    connections.settings[other] = copy.deepcopy(connections.settings[ALIAS])
    connections[other].connect()
    settings.DATABASE_REPLICAS = [ALIAS, other]
    article = ArticleFactory(headline="On the primary only")
    seen = {ALIAS: [], other: []}

    def drop_after_first_query(alias):
        backend = connections[alias].connection.info.backend_pid

        def wrapper(execute, sql, params, many, context):
            seen[alias].append(sql)
            if len(seen[alias]) == 2:
                with connections["default"].cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [backend])
            return execute(sql, params, many, context)

        return wrapper

    try:
        with (
            replica.execute_wrapper(drop_after_first_query(ALIAS)),
            connections[other].execute_wrapper(drop_after_first_query(other)),
            caplog.at_level("WARNING", logger="newsroom"),
        ):
            response = client.get(article.get_absolute_url())
        assert len(seen[ALIAS]) == len(seen[other]) == 2  # both failed mid-page
        assert response.status_code == 503
        messages = [record.getMessage() for record in caplog.records if record.name.startswith("newsroom.")]
        assert sorted(message.split(" for ")[0] for message in messages) == [
            "Database unavailable, answered 503",
            f"Replica {ALIAS} unreachable, reading elsewhere",
            f"Replica {other} unreachable, reading elsewhere",
        ]
        assert routers._down_until[ALIAS] > time.monotonic()
        assert routers._down_until[other] > time.monotonic()
    finally:
        connections[other].close()
        del connections[other]
        del connections.settings[other]
        replica.close()
        replica.connect()


def test_the_search_facet_sample_is_read_from_the_replica(client, replica):
    # postgres.sample_in() runs its own statement (a materialized CTE): on the reader's replica, as
    # the ORM query it replaced did, not on the primary through django.db.connection.
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        response = client.get("/search/", {"q": "tariffs"})
    assert response.status_code == 200
    assert any("WITH matched AS MATERIALIZED" in query["sql"] for query in on_replica.captured_queries)
    assert not any("WITH matched AS MATERIALIZED" in query["sql"] for query in on_primary.captured_queries)


def test_every_statement_of_a_search_page_reads_the_replica(client, replica):
    # The search's own statements (count, ranked tiers, facets, "did you mean") as well as the ORM's:
    # a reader's search puts no load on the primary.
    article = replica_only_article("Tariffs talks on the replica")
    with replica.cursor() as cursor:  # replication would copy its search document; here it is written
        cursor.execute(postgres.INDEX_SQL, [Article.Status.PUBLISHED, [article.pk], [""]])
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        found = client.get("/search/", {"q": "tariffs"})
        nothing = client.get("/search/", {"q": "Gerasimow"})  # no match: asks for a suggestion
    assert found.status_code == nothing.status_code == 200
    assert "Tariffs talks on the replica" in found.content.decode()
    statements = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert "ORDER BY tier" in statements  # the ranked page
    assert "similarity(" in statements  # the suggestion
    assert on_primary.captured_queries == []
