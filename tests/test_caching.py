"""Whole-page caching and conditional GET: fast repeats, yet an edit shows at once."""

import datetime
import time

import pytest
from django.utils import timezone

from articles.models import Person

from .factories import AppearanceFactory, ArticleFactory, PersonFactory, ScheduledFactory

pytestmark = pytest.mark.django_db


def test_a_repeated_anonymous_request_is_served_from_the_cache(
    client, seed_article, django_assert_num_queries
):
    url = seed_article.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "max-age=0" in second["Cache-Control"]
    assert "Content-Security-Policy" in second


def test_an_edit_shows_at_once(client, seed_article):
    url = seed_article.get_absolute_url()
    assert "Top-Level Military Talks" in client.get(url).content.decode()
    seed_article.headline = "NATO and Russia resume military talks"
    seed_article.save()
    assert "NATO and Russia resume military talks" in client.get(url).content.decode()
    assert "NATO and Russia resume military talks" in client.get("/").content.decode()


def test_renaming_an_entity_shows_at_once_on_cached_article_pages(client, seed_article):
    url = seed_article.get_absolute_url()
    client.get(url)
    Person.objects.filter(name="Petr Pavel").get().aliases.create(name="P. Pavel")
    person = Person.objects.get(name="Petr Pavel")
    person.name = "Petr Pavel (general)"
    person.save()
    assert "Petr Pavel (general)" in client.get(url).content.decode()


def test_linking_a_topic_shows_at_once(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    article.topics.create(name="Freshly linked topic")
    assert "Freshly linked topic" in client.get(article.get_absolute_url()).content.decode()


def test_a_scheduled_article_appears_on_time_despite_the_cache(client):
    ArticleFactory(headline="Already out")
    ScheduledFactory(headline="Coming soon", published_at=timezone.now() + datetime.timedelta(seconds=2))
    assert "Coming soon" not in client.get("/").content.decode()
    time.sleep(2.5)
    assert "Coming soon" in client.get("/").content.decode()


def test_logged_in_editors_never_get_or_fill_the_shared_cache(client, django_user_model, seed_article):
    url = seed_article.get_absolute_url()
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "a-long-passphrase")
    client.force_login(user)
    client.get(url)
    seed_article.__class__.objects.filter(pk=seed_article.pk).update(headline="Changed without signals")
    assert "Changed without signals" in client.get(url).content.decode()


def test_conditional_get_answers_304(client, seed_article):
    url = seed_article.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_admin_and_session_requests_are_never_cached(rf):
    from django.conf import settings

    from articles.caching import _cacheable

    assert _cacheable(rf.get("/people/"))
    assert not _cacheable(rf.get("/admin/articles/article/"))  # even anonymous: never shared
    assert not _cacheable(rf.post("/people/"))
    with_session = rf.get("/people/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert not _cacheable(with_session)


def test_article_fragments_are_cached_for_logged_in_editors_too(client, editor, seed_article):
    """The page cache skips sessions; the fragment cache serves editors the expensive blocks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    url = seed_article.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        page = client.get(url).content.decode()
    assert "Valery Gerasimov" in page and "Cite this article" in page
    assert len(second.captured_queries) <= len(first.captured_queries) - 10


def test_a_related_story_renamed_shows_at_once_in_the_cached_fragment(client, editor):
    shared = PersonFactory()
    article = AppearanceFactory(person=shared).article
    related = AppearanceFactory(person=shared).article
    client.force_login(editor)
    assert related.headline in client.get(article.get_absolute_url()).content.decode()
    related.headline = "A renamed related story"
    related.save()
    assert "A renamed related story" in client.get(article.get_absolute_url()).content.decode()


def test_a_scheduled_related_story_appears_on_time_despite_the_fragment_cache(client, editor):
    shared = PersonFactory()
    article = AppearanceFactory(person=shared).article
    AppearanceFactory(
        person=shared,
        article=ScheduledFactory(
            headline="Related, coming soon", published_at=timezone.now() + datetime.timedelta(seconds=2)
        ),
    )
    client.force_login(editor)
    assert "Related, coming soon" not in client.get(article.get_absolute_url()).content.decode()
    time.sleep(2.5)
    assert "Related, coming soon" in client.get(article.get_absolute_url()).content.decode()


def test_a_preview_never_shows_a_cached_fragment(client, editor, seed_article):
    client.force_login(editor)
    client.get(seed_article.get_absolute_url())
    type(seed_article).objects.filter(pk=seed_article.pk).update(body_html="<p>Changed without signals.</p>")
    preview = client.get(seed_article.get_preview_url()).content.decode()
    assert "Changed without signals." in preview


def test_renaming_a_co_occurring_person_shows_at_once_on_an_entity_page(client, editor):
    person, other = PersonFactory(), PersonFactory(name="Ada Colleague")
    for _ in range(2):
        article = AppearanceFactory(person=person).article
        AppearanceFactory(article=article, person=other)
    client.force_login(editor)
    assert "Ada Colleague" in client.get(person.get_absolute_url()).content.decode()
    other.name = "Ada Renamed"
    other.save()
    assert "Ada Renamed" in client.get(person.get_absolute_url()).content.decode()


def test_fragment_cache_seconds_zero_renders_every_block_afresh(client, editor, seed_article, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.force_login(editor)
    url = seed_article.get_absolute_url()
    client.get(url)
    type(seed_article).objects.filter(pk=seed_article.pk).update(body_html="<p>Changed without signals.</p>")
    assert "Changed without signals." in client.get(url).content.decode()
