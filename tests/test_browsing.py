"""Ways into the archive beyond lists: timelines, quotes, corrections, related stories, citations."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Correction, DatePrecision, Event, Person, Place, Topic

from .factories import (
    AppearanceFactory,
    ArticleFactory,
    DraftFactory,
    EventFactory,
    PersonFactory,
    PlaceFactory,
    PlaceMentionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


def test_timeline_keeps_when_it_happened_apart_from_when_it_was_published(client, seed_article):
    page = client.get("/timeline/").content.decode()
    assert (
        page.index('datetime="2014-03"')
        < page.index('datetime="2017-02-16"')
        < page.index('datetime="2017-03-03"')
    )
    assert "Reported in" in page and "published" in page and "about March 3, 2017" in page
    assert "(year inferred)" in page


def test_timeline_by_person_and_place(client, seed_article):
    gerasimov = client.get("/timeline/?person=valery-gerasimov").content.decode()
    assert "Meeting between Valery Gerasimov" in gerasimov
    assert "Telephone call" in gerasimov
    assert "annexes the Crimean" not in gerasimov
    azerbaijan = client.get("/timeline/?place=azerbaijan").content.decode()
    assert "Meeting between Valery Gerasimov" in azerbaijan  # in Baku, which is in Azerbaijan
    assert "Telephone call" not in azerbaijan
    assert client.get("/timeline/?person=nobody").status_code == 404


def test_person_page_shows_their_timeline_and_who_they_appear_with(client, seed_article):
    page = client.get("/people/valery-gerasimov/").content.decode()
    assert "Meeting between Valery Gerasimov" in page
    assert "Often in the same stories" in page
    assert '<a href="/people/petr-pavel/">Petr Pavel</a> (1)' in page
    assert '<a href="/people/valery-gerasimov/">' not in page.split("Often in the same stories")[1]


def test_events_of_drafts_are_not_shown(client):
    EventFactory(article=DraftFactory(), description="Secret event")
    assert "Secret event" not in client.get("/timeline/").content.decode()


def test_on_this_day_lists_events_of_todays_date_in_other_years(client):
    today = timezone.localdate()
    EventFactory(
        date=today.replace(year=2001), precision=DatePrecision.DAY, description="Happened today in 2001"
    )
    EventFactory(
        date=today.replace(year=2001), precision=DatePrecision.MONTH, description="Only the month known"
    )
    page = client.get("/").content.decode()
    assert "2001: Happened today in 2001" in page
    assert "Only the month known" not in page


def test_quote_index_by_speaker_and_words(client, seed_article):
    page = client.get("/quotes/").content.decode()
    assert "the two generals agreed that they would remain in contact." in page
    assert "a NATO spokesman" in page
    by_speaker = client.get("/quotes/?speaker=jens-stoltenberg").content.decode()
    assert "develop lines of communications" in by_speaker
    assert "the two generals agreed" not in by_speaker
    assert "the two generals" in client.get("/quotes/", {"q": "spokesman"}).content.decode()
    assert "No quotes found" in client.get("/quotes/", {"q": "<script>"}).content.decode()
    assert client.get("/quotes/?speaker=nobody").status_code == 404


def test_corrections_are_shown_on_the_article_and_site_wide(client, seed_article):
    Correction.objects.create(
        article=seed_article,
        text="An earlier version misspelled Gerasimov.",
        corrected_at=datetime.datetime(2017, 3, 4, tzinfo=datetime.UTC),
    )
    Correction.objects.create(article=DraftFactory(), text="Draft fix")
    article_page = client.get(seed_article.get_absolute_url()).content.decode()
    assert "March 4, 2017" in article_page and "misspelled Gerasimov" in article_page
    site = client.get("/corrections/").content.decode()
    assert "misspelled Gerasimov" in site and seed_article.headline in site
    assert "Draft fix" not in site


def test_related_stories_are_ordered_by_what_they_share(client):
    person, place = Person.objects.create(name="Valery Gerasimov"), Place.objects.create(name="Baku")
    topic = Topic.objects.create(name="Talks")
    article = ArticleFactory(headline="The main story")
    AppearanceFactory(article=article, person=person)
    PlaceMentionFactory(article=article, place=place)
    article.topics.add(topic)
    shares_person = AppearanceFactory(person=person, article__headline="Shares the person").article
    shares_place = PlaceMentionFactory(place=place, article__headline="Shares the place").article
    shares_all = AppearanceFactory(person=person, article__headline="Shares everything").article
    PlaceMentionFactory(article=shares_all, place=place)
    shares_all.topics.add(topic)
    AppearanceFactory(person=person, article=DraftFactory(headline="Draft sharing the person"))
    ArticleFactory(headline="Shares nothing")
    page = client.get(article.get_absolute_url()).content.decode()
    related = page.split("Related stories")[1]
    assert related.index(shares_all.headline) < related.index(shares_person.headline)
    assert related.index(shares_person.headline) < related.index(shares_place.headline)
    assert "Shares nothing" not in related and "Draft sharing" not in related


def test_cite_this_article_gives_a_permalink_text_and_bibtex(client, seed_article):
    page = client.get(seed_article.get_absolute_url()).content.decode()
    permalink = f"http://testserver/articles/{seed_article.slug}/"
    assert f'<a href="{permalink}">' in page
    assert (
        "AP, Reuters, dpa, TASS. “NATO, Russia Hold First Top-Level Military Talks In Three Years.” "
        "Newsroom archive, March 3, 2017 (date estimated)."
    ) in page
    assert "@online{nato-russia-hold-first-top-level-militar-2017," in page
    assert "  date = {2017-03-03}," in page
    assert client.get(permalink.removeprefix("http://testserver")).status_code == 302


def test_bibtex_escapes_special_characters(client):
    article = ArticleFactory(headline="Profits up 10% & {more}", byline="A_B")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "title = {Profits up 10\\% \\&amp; \\{more\\}}" in page
    assert "author = {A\\_B}" in page


@pytest.mark.parametrize(
    "url", ["/timeline/", "/quotes/", "/corrections/", "/feed/", "/sitemap-articles.xml"]
)
def test_new_list_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, url):
    def add(n):
        for _ in range(n):
            article = ArticleFactory()
            EventFactory(article=article)
            QuoteFactory(article=article)
            Correction.objects.create(article=article, text="Fixed.")
            article.topics.add(Topic.objects.get_or_create(name="Talks", slug="talks")[0])

    add(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_article_page_query_count_does_not_grow_with_related_stories(client, django_assert_max_num_queries):
    person = Person.objects.create(name="Often named")
    article = AppearanceFactory(person=person).article
    for _ in range(3):
        AppearanceFactory(person=person)
    with django_assert_max_num_queries(25) as few:
        client.get(article.get_absolute_url())
    for _ in range(20):
        AppearanceFactory(person=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(article.get_absolute_url())


def test_search_results_export_every_match_as_csv_and_json(client, seed_article, reindex):
    import csv
    import io
    import json

    for n in range(30):  # more than one page of results
        ArticleFactory(headline=f"Pipeline story {n}", body="Gas pipeline news.", dek="Gas.")
    reindex()
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get("/search/export.csv", {"q": "pipeline"}).streaming_content).decode()
            )
        )
    )
    assert len(rows) == 30
    assert rows[0]["headline"].startswith("Pipeline story")
    data = json.loads(b"".join(client.get("/search/export.json", {"q": "Gerasimov"}).streaming_content))
    assert [row["headline"] for row in data] == [seed_article.headline]
    assert "Valery Gerasimov" in data[0]["people"]
    assert data[0]["credits"] == ["AP", "Reuters", "dpa", "TASS"]
    assert client.get("/search/export.csv").status_code == 400
    assert client.get("/search/export.xml", {"q": "x"}).status_code == 404


def test_search_export_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, reindex):
    def add(n):
        for _ in range(n):
            AppearanceFactory(article__headline="Pipeline", article__body="pipeline")
        reindex()

    add(2)
    with django_assert_max_num_queries(20) as few:
        b"".join(client.get("/search/export.json", {"q": "pipeline"}).streaming_content)
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        b"".join(client.get("/search/export.json", {"q": "pipeline"}).streaming_content)


def test_a_place_lists_the_events_at_it_and_directly_inside_it_once(client, django_assert_max_num_queries):
    """Event.objects.in_place(): a union of the place's and its children's events, as the OR it
    replaces; grandchildren, other places and unpublished stories' events stay out."""
    country = PlaceFactory(name="Ruritania", kind=Place.Kind.COUNTRY)
    capital = PlaceFactory(name="Strelsau", parent=country)
    district = PlaceFactory(name="Old Town", parent=capital)
    PlaceMentionFactory(place=country)
    for place, description in [
        (country, "National holiday"),
        (capital, "Coronation in the capital"),
        (district, "Market day in the old town"),
        (PlaceFactory(name="Elsewhere"), "Somewhere else"),
    ]:
        EventFactory(place=place, description=description)
    EventFactory(place=capital, description="Secret summit", article=DraftFactory())
    expected = ["Coronation in the capital", "National holiday"]
    listed = Event.objects.published().in_place(country)
    assert sorted(listed.values_list("description", flat=True)) == expected
    with django_assert_max_num_queries(12):
        timeline = client.get(f"/timeline/?place={country.slug}")
    page = client.get(country.get_absolute_url())
    for response in (timeline, page):
        html = response.content.decode()
        assert [description for description in expected if description in html] == expected
        assert "Market day" not in html and "Somewhere else" not in html and "Secret summit" not in html
    assert timeline.context["paginator"].count == 2


def test_an_entity_page_shows_the_first_events_by_date_of_its_published_stories(client):
    """EventQuerySet.first_by_date(): the page's 20 events chosen by id first, then read."""
    person = PersonFactory(name="Busy Minister")
    day = datetime.date(2001, 1, 1)
    for n in range(32):  # dates out of order, eight in drafts
        article = DraftFactory() if n % 4 == 0 else ArticleFactory()
        EventFactory(
            article=article, date=day + datetime.timedelta(days=(n * 7) % 32), description=f"Visit {n}"
        )
    for event in Event.objects.all():
        event.participants.add(person)
    expected = list(
        Event.objects.published()
        .filter(participants=person)
        .order_by("date", "pk")
        .values_list("description", flat=True)[:20]
    )
    assert len(expected) == 20 and Event.objects.published().count() == 24
    assert [
        event.description for event in client.get(person.get_absolute_url()).context["events"]
    ] == expected
