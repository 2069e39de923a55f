"""Editors in the admin: every page loads, and an article is saved with all its inlines."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from articles.models import Article, Organization, Person, Place, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    client.force_login(user)
    return client


def test_every_model_is_registered():
    from django.apps import apps

    registered = set(site._registry)
    for model in apps.get_app_config("articles").get_models():
        if model.__name__.endswith("Alias"):
            continue  # edited inline on their entity
        if model.__name__ == "SearchDocument":
            continue  # derived from the articles by the search index, never edited
        assert model in registered, model


def test_admin_login_page_loads(client):
    assert client.get("/admin/login/").status_code == 200


def test_admin_requires_login(client):
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", [m for m in site._registry if m._meta.app_label == "articles"])
def test_changelist_and_add_pages_load(editor_client, seed_article, model):
    opts = model._meta
    assert (
        editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    )
    assert editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_article_change_page_shows_the_seed_with_its_inlines(editor_client, seed_article):
    response = editor_client.get(reverse("admin:articles_article_change", args=[seed_article.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "NATO Military Committee Chairman" in page
    assert "the two generals agreed" in page
    assert seed_article.get_absolute_url().strip("/").split("/")[-1] in page


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_editor_adds_an_article_with_credits_people_events_and_quotes(editor_client):
    ap = Source.objects.create(name="AP")
    pavel = Person.objects.create(name="Petr Pavel")
    nato = Organization.objects.create(name="NATO")
    baku = Place.objects.create(name="Baku")
    data = {
        "headline": "Generals talk by telephone",
        "slug": "generals-talk-by-telephone",
        "dek": "A first call in three years.",
        "body": "The **call** took place.",
        "status": "published",
        "published_at_0": "2017-03-03",
        "published_at_1": "12:00:00",
        "published_precision": "day",
        "language": "en",
        **inline_management("credits", 1),
        "credits-0-source": ap.pk,
        "credits-0-role": "reporting",
        "credits-0-order": "0",
        **inline_management("appearances", 1),
        "appearances-0-person": pavel.pk,
        "appearances-0-title": "NATO Military Committee Chairman",
        "appearances-0-organization": nato.pk,
        "appearances-0-order": "0",
        **inline_management("organization_mentions"),
        **inline_management("place_mentions", 1),
        "place_mentions-0-place": baku.pk,
        "place_mentions-0-order": "0",
        **inline_management("events", 1),
        "events-0-date": "2017-03-03",
        "events-0-precision": "day",
        "events-0-year_inferred": "on",
        "events-0-description": "Telephone call",
        "events-0-participants": [pavel.pk],
        **inline_management("quotes", 1),
        "quotes-0-text": "the two generals agreed that they would remain in contact.",
        "quotes-0-speaker_description": "a NATO spokesman",
        "quotes-0-speaker_organization": nato.pk,
        "quotes-0-order": "0",
        **inline_management("corrections"),
    }
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    article = Article.objects.get(slug="generals-talk-by-telephone")
    assert "<strong>call</strong>" in article.body_html
    assert article.credits.get().source == ap
    assert article.appearances.get().title == "NATO Military Committee Chairman"
    event = article.events.get()
    assert event.year_inferred and list(event.participants.all()) == [pavel]
    assert article.quotes.get().speaker_description == "a NATO spokesman"
    assert article.places.get() == baku


def test_autocomplete_finds_people_by_alias(editor_client, seed_article):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "Gen. Gerasimov",
            "app_label": "articles",
            "model_name": "appearance",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Valery Gerasimov"]
