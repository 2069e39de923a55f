"""While the database cannot be reached, pages answer a short 503 with Retry-After, never a 500."""

import contextlib
import copy
import logging
import socket

import pytest
from django.db import connections

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def database_down(tmp_path):
    """Swap the default connection for one to a database that refuses connections, then swap back.

    PostgreSQL: a local port nothing listens on. SQLite: a file in a directory that does not exist.
    """
    working = connections["default"]
    broken_settings = copy.deepcopy(working.settings_dict)
    if working.vendor == "postgresql":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            free_port = probe.getsockname()[1]
        broken_settings.update(HOST="127.0.0.1", PORT=str(free_port))
    else:
        broken_settings["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    broken = working.__class__(broken_settings, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = working


@pytest.mark.parametrize("url", ["/", "seed", "/people/", "/search/?q=military+talks", "/api/articles/"])
def test_pages_answer_503_with_retry_after_while_the_database_is_down(client, seed_article, url, tmp_path):
    url = seed_article.get_absolute_url() if url == "seed" else url
    with database_down(tmp_path):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "briefly unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body and "5432" not in body


def test_the_api_answers_its_503_in_json(client, seed_article, tmp_path):
    with database_down(tmp_path):
        response = client.get("/api/articles/")
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert "briefly unavailable" in response.json()["detail"]


def test_the_outage_is_logged_and_the_503_is_not_cached(client, seed_article, caplog, tmp_path):
    url = seed_article.get_absolute_url()
    with caplog.at_level(logging.ERROR, logger="newsroom.outage"), database_down(tmp_path):
        assert client.get(url).status_code == 503
    logged = [record.getMessage() for record in caplog.records if "answered 503" in record.getMessage()]
    assert len(logged) == 1 and f"for GET {url}: " in logged[0]
    assert "\n" not in logged[0]  # one line per failed request, even for psycopg2's multi-line errors
    back = client.get(url)
    assert back.status_code == 200
    assert "Top-Level Military Talks" in back.content.decode()


def test_healthz_answers_200_while_the_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failing": []}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_naming_the_database_while_it_is_down(client, tmp_path):
    with database_down(tmp_path):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["database default"]}
    assert client.get("/healthz").status_code == 200  # back at once, nothing cached


def test_healthz_is_not_redirected_to_https_for_load_balancers(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/people/").status_code == 301


def free_local_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def resilient_redis(location: str, retry_seconds: float = 30) -> dict:
    """CACHES as settings.py writes them for REDIS_URL (newsroom.cache.ResilientRedisCache)."""
    options = {"retry_seconds": retry_seconds, "socket_connect_timeout": 1, "socket_timeout": 1}
    return {
        "default": {"BACKEND": "newsroom.cache.ResilientRedisCache", "LOCATION": location, "OPTIONS": options}
    }


@pytest.fixture
def cache_state():
    """Each test starts with no Redis left out by an earlier one (the state is per process)."""
    from newsroom import cache

    cache._down_until.clear()
    yield cache._down_until
    cache._down_until.clear()


def test_pages_are_served_without_redis_while_it_is_down(client, settings, seed_article, cache_state, caplog):
    """Every page reads the cache: with Django's own RedisCache, a Redis outage was a 500 on every
    reader page. Now it is a miss, the page is rendered, and the outage is logged once, not per call
    (without the URL's password)."""
    settings.CACHES = resilient_redis(f"redis://:s3cret@127.0.0.1:{free_local_port()}/0")
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for url in [
            "/",
            seed_article.get_absolute_url(),
            "/people/",
            "/search/?q=military+talks",
            "/api/articles/",
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
        assert seed_article.headline in client.get(seed_article.get_absolute_url()).content.decode()
    outages = [record.getMessage() for record in caplog.records if "unreachable" in record.getMessage()]
    assert len(outages) == 1, outages
    assert "pages are served without it" in outages[0]
    assert "s3cret" not in outages[0]


def test_healthz_stays_200_naming_the_cache_while_redis_is_down(client, settings, cache_state):
    """Pages are served without Redis meanwhile, and every host shares it: a 503 would have the
    balancer take out every host at once, as for a shared replica."""
    settings.CACHES = resilient_redis(f"redis://127.0.0.1:{free_local_port()}/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "failing": ["cache"]}


def test_healthz_answers_503_naming_a_cache_that_breaks_pages(client, settings, tmp_path):
    """A cache that is not built to be missed (the file cache, Django's own RedisCache) is a failure."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_local_port()}/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["cache"]}


REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def redis_through_proxy(settings, cache_state):
    """The page cache on a real Redis (database 15, flushed) reached through a proxy that can go down."""
    from bench.load import DatabaseProxy

    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        pytest.skip(f"no Redis on {REDIS[0]}:{REDIS[1]} to take down and bring back")
    port = free_local_port()
    proxy = DatabaseProxy(port, *REDIS)
    settings.CACHES = resilient_redis(f"redis://127.0.0.1:{port}/15", retry_seconds=0.2)
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    from django.core.cache import cache

    cache.clear()
    try:
        yield proxy
    finally:
        proxy.up()
        cache.clear()
        proxy.close()


def test_an_edit_saved_while_redis_was_down_shows_when_it_is_back(client, seed_article, redis_through_proxy):
    """The edit's version bump was lost with Redis: without a bump on its return, the page cached
    before the outage would be served, without the edit, until it expired (10 minutes)."""
    import time

    url = seed_article.get_absolute_url()
    assert client.get(url).status_code == 200  # cached under the current content version
    redis_through_proxy.down()
    seed_article.headline = "Edited while the cache was down"
    seed_article.save()  # the bump fails with Redis
    assert "Edited while the cache was down" in client.get(url).content.decode()  # rendered, not cached
    redis_through_proxy.up()
    time.sleep(0.3)  # past retry_seconds
    assert "Edited while the cache was down" in client.get(url).content.decode()


@pytest.fixture
def replica_down(settings, tmp_path):
    """A read replica that refuses connections (as `database_down` makes the primary)."""
    broken = copy.deepcopy(connections["default"].settings_dict)
    if connections["default"].vendor == "postgresql":
        broken.update(HOST="127.0.0.1", PORT=str(free_local_port()))
    else:
        broken["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    connections.settings["replica_down"] = broken
    settings.DATABASE_REPLICAS = ["replica_down"]
    try:
        yield
    finally:
        connections["replica_down"].close()
        del connections["replica_down"]
        del connections.settings["replica_down"]


def test_healthz_stays_200_naming_a_replica_that_is_down(client, seed_article, replica_down):
    """Readers are served from the primary meanwhile (newsroom/routers.py): a balancer that took every
    host out because their shared replica failed would turn a replica outage into a site outage."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "failing": ["database replica_down"]}
    assert client.get(seed_article.get_absolute_url()).status_code == 200
