"""The read-only research API: content, filters, pagination, CORS, throttling and its schema."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from newsroom.wsgi import application

from .factories import AppearanceFactory, ArticleFactory, DraftFactory, EventFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def test_api_root_lists_the_collections(client):
    data = client.get("/api/").json()
    assert {"articles", "people", "organisations", "places", "sources", "topics", "events", "quotes"} <= set(
        data
    )


def test_article_detail_carries_everything_the_page_shows(client, seed_article):
    data = client.get(f"/api/articles/{seed_article.slug}/").json()
    assert data["headline"] == seed_article.headline
    assert data["url"] == f"http://testserver{seed_article.get_absolute_url()}"
    assert data["publisher"] is None
    assert data["published_precision"] == "estimated"
    assert [c["source"]["name"] for c in data["credits"]] == ["AP", "Reuters", "dpa", "TASS"]
    titles = {p["person"]["name"]: p["title"] for p in data["people"]}
    assert titles["Petr Pavel"] == "NATO Military Committee Chairman"
    assert "Pentagon" in [o["name"] for o in data["organizations"]]
    baku = next(p for p in data["places"] if p["name"] == "Baku")
    assert baku["parent"] == "Azerbaijan"
    meeting = next(e for e in data["events"] if e["date"] == "2017-02-16")
    assert meeting["year_inferred"] is True
    assert meeting["place"]["name"] == "Baku"
    assert {p["name"] for p in meeting["participants"]} == {"Valery Gerasimov", "Joseph Dunford"}
    assert any(q["speaker_description"] == "a NATO spokesman" for q in data["quotes"])


def test_article_list_filters_and_hides_drafts(client, seed_article):
    DraftFactory(headline="Draft")
    ArticleFactory(headline="Unrelated")
    everything = client.get("/api/articles/").json()
    assert everything["count"] == 2
    assert "Draft" not in [a["headline"] for a in everything["results"]]
    by_person = client.get("/api/articles/?person=valery-gerasimov").json()
    assert [a["headline"] for a in by_person["results"]] == [seed_article.headline]
    by_place = client.get("/api/articles/?place=azerbaijan&published_from=2017-03-01&published_to=2017-03-31")
    assert by_place.json()["count"] == 1
    unknown = client.get("/api/articles/?person=nobody")
    assert unknown.status_code == 400  # as on /search/: an unknown slug is an error, not an empty list
    assert "person" in unknown.json()
    assert client.get("/api/articles/?published_from=2017-13-45").status_code == 400
    assert client.get(f"/api/articles/{DraftFactory().slug}/").status_code == 404
    assert client.get("/api/articles/?page=999").status_code == 404


def test_entities_events_and_quotes(client, seed_article):
    person = client.get("/api/people/valery-gerasimov/").json()
    assert "Gen. Gerasimov" in person["aliases"]
    place = client.get("/api/places/baku/").json()
    assert place["parent"]["name"] == "Azerbaijan"
    events = client.get("/api/events/").json()["results"]
    assert [e["date"] for e in events][:2] == ["2014-03-01", "2017-02-16"]
    assert events[0]["article"]["slug"] == seed_article.slug
    quotes = client.get("/api/quotes/").json()
    assert quotes["count"] == 5
    EventFactory(article=DraftFactory(), description="hidden")
    assert "hidden" not in str(client.get("/api/events/").json())


def test_cors_is_open_for_reading(client, seed_article):
    response = client.get("/api/articles/", headers={"Origin": "https://research.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/articles/",
        headers={"Origin": "https://x.example", "Access-Control-Request-Method": "GET"},
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": "https://x.example"})


def test_the_api_is_read_only(client, seed_article):
    assert client.post("/api/articles/", {"headline": "x"}).status_code == 405
    assert client.delete(f"/api/articles/{seed_article.slug}/").status_code == 405


def test_anonymous_clients_are_throttled(client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    statuses = [client.get(f"/api/people/?page_size={n}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.parametrize("url", ["/api/articles/", "/api/events/", "/api/quotes/", "/api/people/"])
def test_list_endpoints_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, url):
    def add(n):
        for _ in range(n):
            article = AppearanceFactory().article
            EventFactory(article=article)
            QuoteFactory(article=article)

    add(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    add(20)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_openapi_schema_is_served(client):
    schema = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert schema.status_code == 200
    assert "/api/articles/{slug}/" in schema.json()["paths"]


@pytest.fixture
def wsgi_in_test_transaction():
    """Call the real WSGI app inside the test's transaction: like Django's test client, keep the
    request signals from closing the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_api_request_gets_a_server_error(seed_article, settings, wsgi_in_test_transaction):
    """schemathesis generates requests from the OpenAPI schema; none may answer 5xx."""
    settings.API_THROTTLE_RATE = "100000/minute"
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_in_test_transaction)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def no_server_error(case):
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"

        no_server_error()


def test_article_search_uses_the_query_language(client, seed_article, reindex):
    ArticleFactory(headline="Wheat harvest", body="Farmers harvest wheat in Kansas.", dek="Crops.")
    reindex()
    assert [a["headline"] for a in client.get("/api/articles/?q=gerasimov").json()["results"]] == [
        seed_article.headline
    ]
    assert client.get('/api/articles/?q="harvest wheat"').json()["count"] == 1
    assert client.get("/api/articles/?q=wheat -kansas").json()["count"] == 0
    assert client.get("/api/articles/?q=wheat OR gerasimov&place=baku").json()["count"] == 1
