"""The content model and its QuerySets."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Organization, Person, Place

from .factories import (
    AppearanceFactory,
    ArticleFactory,
    CreditFactory,
    DraftFactory,
    OrganizationMentionFactory,
    PersonFactory,
    PlaceFactory,
    PlaceMentionFactory,
    ScheduledFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_review_and_scheduled_articles():
    visible = ArticleFactory()
    DraftFactory()
    ArticleFactory(status=Article.Status.REVIEW)
    ScheduledFactory()
    ArticleFactory(published_at=None)
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_once_its_time_has_come():
    article = ScheduledFactory()
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_body_is_rendered_and_sanitised_once_on_save():
    article = ArticleFactory(
        body="Hello **world**.\n\n<script>alert(1)</script>\n\n"
        "[x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    )
    html = Article.objects.get(pk=article.pk).body_html
    assert "<strong>world</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_body_html_follows_body_when_saved_with_update_fields():
    article = ArticleFactory(body="old")
    article.body = "*new*"
    article.save(update_fields=["body"])
    assert "<em>new</em>" in Article.objects.get(pk=article.pk).body_html


def test_slugs_are_made_from_names_and_kept_unique():
    first = PersonFactory(name="Valery Gerasimov")
    second = PersonFactory(name="Valery Gerasimov")
    assert first.slug == "valery-gerasimov"
    assert second.slug == "valery-gerasimov-2"
    with pytest.raises(IntegrityError):
        Person.objects.create(name="Other", slug="valery-gerasimov")


def test_article_url_carries_its_publication_date_and_slug():
    article = ArticleFactory(
        headline="NATO and Russia talk", published_at=datetime.datetime(2017, 3, 3, 12, tzinfo=datetime.UTC)
    )
    assert article.get_absolute_url() == "/2017/03/03/nato-and-russia-talk/"


def test_entities_are_found_by_name_slug_or_alias_ignoring_case():
    person = PersonFactory(name="Valery Gerasimov")
    person.aliases.create(name="Gen. Gerasimov")
    assert list(Person.objects.named("valery gerasimov")) == [person]
    assert list(Person.objects.named("GEN. GERASIMOV")) == [person]
    assert list(Person.objects.named("valery-gerasimov")) == [person]
    assert not Person.objects.named("Gerasimova").exists()


def test_entity_filters_select_the_articles_that_name_them():
    person, org, topic = PersonFactory(), Organization.objects.create(name="NATO"), TopicFactory()
    country = Place.objects.create(name="Azerbaijan", kind=Place.Kind.COUNTRY)
    city = PlaceFactory(name="Baku", parent=country)
    source = SourceFactory(name="TASS")
    about = AppearanceFactory(person=person).article
    mentioning = OrganizationMentionFactory(organization=org).article
    in_city = PlaceMentionFactory(place=city).article
    credited = CreditFactory(source=source).article
    published_by = ArticleFactory(publisher=source)
    tagged = ArticleFactory()
    tagged.topics.add(topic)
    ArticleFactory()  # names nothing

    published = Article.objects.published()
    assert list(published.about(person)) == [about]
    assert list(published.mentioning(org)) == [mentioning]
    assert list(published.in_place(city)) == [in_city]
    assert list(published.in_place(country)) == [in_city]  # Baku is in Azerbaijan
    assert set(published.from_source(source)) == {credited, published_by}
    assert list(published.tagged(topic)) == [tagged]


def test_every_model_has_a_readable_str_and_url(seed_article):
    assert str(seed_article) == "NATO, Russia Hold First Top-Level Military Talks In Three Years"
    for related in (
        seed_article.credits.all(),
        seed_article.appearances.all(),
        seed_article.organization_mentions.all(),
        seed_article.place_mentions.all(),
        seed_article.events.all(),
        seed_article.quotes.all(),
    ):
        for row in related:
            assert str(row)
            assert row.get_absolute_url().startswith("/")
    gerasimov = Person.objects.get(name="Valery Gerasimov")
    assert gerasimov.get_absolute_url() == "/people/valery-gerasimov/"
