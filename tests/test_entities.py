"""Entity pages, indexes, feeds, sitemap and API show only names that published stories use, with
the same article counts on the index as on the entity's own page."""

import datetime
import re

import pytest

from articles.models import Article, Credit, Organization, Person, Place, Source

from .factories import (
    AppearanceFactory,
    ArticleFactory,
    CreditFactory,
    DraftFactory,
    EventFactory,
    OrganizationFactory,
    OrganizationMentionFactory,
    PersonFactory,
    PlaceFactory,
    PlaceMentionFactory,
    QuoteFactory,
    ScheduledFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_only_person():
    """Someone a reporter named in a story that is not out yet."""
    return AppearanceFactory(article=DraftFactory(), person=PersonFactory(name="Secret Source")).person


def reader_urls(person):
    return [
        person.get_absolute_url(),
        f"{person.get_absolute_url()}feed/",
        f"/timeline/?person={person.slug}",
        f"/quotes/?speaker={person.slug}",
        f"/api/people/{person.slug}/",
    ]


def test_a_person_named_only_in_a_draft_has_no_page_feed_or_api_record(client, draft_only_person):
    for url in reader_urls(draft_only_person):
        assert client.get(url).status_code == 404, url
    assert "Secret Source" not in client.get("/people/").content.decode()
    assert "Secret Source" not in client.get("/api/people/").content.decode()
    assert draft_only_person.slug not in client.get("/sitemap-people.xml").content.decode()


def test_filtering_by_a_draft_only_person_is_refused_like_an_unknown_one(client, draft_only_person):
    assert client.get(f"/search/?person={draft_only_person.slug}").status_code == 400
    assert client.get(f"/api/articles/?person={draft_only_person.slug}").status_code == 400


def test_a_scheduled_story_keeps_its_people_unseen_until_it_goes_live(client):
    person = AppearanceFactory(article=ScheduledFactory(), person=PersonFactory(name="Embargoed Name")).person
    assert client.get(person.get_absolute_url()).status_code == 404
    assert "Embargoed Name" not in client.get("/people/").content.decode()


def test_publishing_the_story_brings_its_people_out(client, draft_only_person):
    article = draft_only_person.appearances.get().article
    article.status = article.Status.PUBLISHED
    article.save()
    for url in reader_urls(draft_only_person):
        assert client.get(url).status_code == 200, url
    assert "Secret Source" in client.get("/people/").content.decode()
    assert draft_only_person.slug in client.get("/sitemap-people.xml").content.decode()


def test_a_quoted_speaker_has_a_page_even_without_an_appearance(client):
    speaker = QuoteFactory(article=ArticleFactory()).speaker_person
    assert client.get(speaker.get_absolute_url()).status_code == 200


def test_an_organisation_page_lists_only_public_parts(client):
    alliance = OrganizationFactory(name="Alliance")
    OrganizationMentionFactory(organization=alliance)
    OrganizationMentionFactory(organization=OrganizationFactory(name="Public Committee", parent=alliance))
    OrganizationMentionFactory(
        article=DraftFactory(), organization=OrganizationFactory(name="Unannounced Cell", parent=alliance)
    )
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Public Committee" in page
    assert "Unannounced Cell" not in page


def test_a_country_has_a_page_when_a_city_in_it_is_named(client):
    country = PlaceFactory(name="Azerbaijan", kind=Place.Kind.COUNTRY)
    PlaceMentionFactory(place=PlaceFactory(name="Baku", parent=country))
    assert client.get(country.get_absolute_url()).status_code == 200


def count_on_index(client, url, name):
    """The count the index page shows beside `name`."""
    page = client.get(url).content.decode()
    line = next(line for line in page.splitlines() if f">{name}</a>" in line)
    return int(line.split('class="count">')[1].split(" ")[0])


def count_on_page(client, entity):
    return client.get(entity.get_absolute_url()).context["paginator"].count


def test_the_sources_index_counts_what_the_source_published_and_is_credited_on(client):
    wire = SourceFactory(name="Wire")
    ArticleFactory(publisher=wire)
    CreditFactory(source=wire)
    CreditFactory(source=wire, article=ArticleFactory(publisher=wire))  # published and credited: once
    CreditFactory(source=wire, article=DraftFactory())
    assert count_on_index(client, "/sources/", "Wire") == 3 == count_on_page(client, wire)


def test_the_places_index_counts_datelines_and_places_inside_as_the_place_page_does(client):
    country = PlaceFactory(name="Ruritania", kind=Place.Kind.COUNTRY)
    capital = PlaceFactory(name="Strelsau", parent=country)
    PlaceMentionFactory(place=country)
    PlaceMentionFactory(place=capital)
    ArticleFactory(dateline=capital)
    ArticleFactory(dateline=country)
    both = PlaceMentionFactory(place=country).article
    PlaceMentionFactory(place=capital, article=both)  # names both: counted once
    PlaceMentionFactory(place=country, article=DraftFactory())
    assert count_on_index(client, "/places/", "Ruritania") == 4 == count_on_page(client, country)
    assert count_on_index(client, "/places/", "Strelsau") == 3 == count_on_page(client, capital)


@pytest.mark.parametrize("url", ["/people/", "/organisations/", "/places/", "/sources/", "/topics/"])
def test_entity_indexes_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, url):
    for _ in range(3):
        article = ArticleFactory()
        AppearanceFactory(article=article)
        OrganizationMentionFactory(article=article)
        PlaceMentionFactory(article=article, place=PlaceFactory(parent=PlaceFactory()))
        CreditFactory(article=article)
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_indexes_are_alphabetical_whatever_the_case(client):
    for name in ("dpa", "AP", "Reuters"):
        CreditFactory(source=SourceFactory(name=name))
    page = client.get("/sources/").content.decode()
    assert page.index(">AP<") < page.index(">dpa<") < page.index(">Reuters<")


ENTITY_PREFIXES = ("/people/", "/organisations/", "/places/", "/sources/", "/topics/")


def linked_entity_pages(page: str) -> set[str]:
    return {
        href
        for href in re.findall(r'href="(/[^"?#]*)"', page)
        if href.startswith(ENTITY_PREFIXES) and href not in ENTITY_PREFIXES and not href.endswith("/feed/")
    }


def test_every_entity_page_a_public_page_links_to_is_there(client):
    """Chains of parents and countries: each page linked from an article or an entity page answers."""
    continent = PlaceFactory(name="Caucasus", kind=Place.Kind.REGION)
    country = PlaceFactory(name="Azerbaijan", kind=Place.Kind.COUNTRY, parent=continent)
    europe = PlaceFactory(name="Europe", kind=Place.Kind.REGION)
    ruritania = PlaceFactory(name="Ruritania", kind=Place.Kind.COUNTRY, parent=europe)
    alliance = OrganizationFactory(name="Alliance", country=ruritania)
    staff = OrganizationFactory(name="Alliance Staff", parent=alliance, country=country)
    article = ArticleFactory(dateline=PlaceFactory(name="Ganja", parent=country))
    PlaceMentionFactory(article=article, place=PlaceFactory(name="Baku", parent=country))
    AppearanceFactory(article=article, organization=staff)  # named only as someone's organisation
    EventFactory(article=article, place=PlaceFactory(name="Strelsau", parent=ruritania))
    OrganizationMentionFactory(article=DraftFactory(), organization=alliance)

    seen, todo = set(), {article.get_absolute_url()}
    while todo:
        url = todo.pop()
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url} answers {response.status_code}"
        todo |= linked_entity_pages(response.content.decode()) - seen
    for name in ("Caucasus", "Azerbaijan", "Europe", "Ruritania", "Alliance", "Alliance Staff", "Strelsau"):
        assert any(name.lower().replace(" ", "-") in url for url in seen), name
    for slug in ("alliance-staff", "alliance"):
        record = client.get(f"/api/organisations/{slug}/").json()
        for linked in ("parent", "country"):
            if record.get(linked):
                kind = "organisations" if linked == "parent" else "places"
                assert client.get(f"/api/{kind}/{record[linked]['slug']}/").status_code == 200


def test_article_counts_work_inside_another_query(client):
    """The count refers to its own row's id, whatever alias the table has in the query around it."""
    country = PlaceFactory(name="Ruritania", kind=Place.Kind.COUNTRY)
    PlaceMentionFactory(place=country)
    based = OrganizationFactory(country=country)
    OrganizationFactory(country=PlaceFactory(name="Unnamed Land"))
    counted = Place.objects.with_article_counts().filter(article_count__gt=0).values("pk")
    assert list(Organization.objects.filter(country__in=counted)) == [based]


def test_a_scheduled_storys_people_come_out_when_its_time_comes(client):
    import datetime

    import time_machine
    from django.utils import timezone

    goes_live = timezone.now() + datetime.timedelta(hours=1)
    person = AppearanceFactory(article=ArticleFactory(published_at=goes_live)).person
    assert not Person.objects.public().filter(pk=person.pk).exists()
    with time_machine.travel(goes_live + datetime.timedelta(minutes=1)):
        assert Person.objects.public().filter(pk=person.pk).exists()  # the same SQL, a new "now"
        assert client.get(person.get_absolute_url()).status_code == 200


def test_public_entities_work_inside_another_query():
    country = PlaceFactory(name="Ruritania", kind=Place.Kind.COUNTRY)
    PlaceMentionFactory(place=country)
    based = OrganizationFactory(country=country)
    OrganizationFactory(country=PlaceFactory(name="Unnamed Land"))
    assert list(Organization.objects.filter(country__in=Place.objects.public())) == [based]


@pytest.mark.parametrize(
    "url, link",
    [
        ("/people/", lambda article, entity: AppearanceFactory(article=article, person=entity)),
        (
            "/organisations/",
            lambda article, entity: OrganizationMentionFactory(article=article, organization=entity),
        ),
        ("/topics/", lambda article, entity: article.topics.add(entity)),
    ],
)
def test_people_organisations_and_topics_indexes_count_what_their_pages_list(client, url, link):
    entity = {"/people/": PersonFactory, "/organisations/": OrganizationFactory, "/topics/": TopicFactory}[
        url
    ](name="Counted")
    for article in [ArticleFactory(), ArticleFactory(), DraftFactory(), ScheduledFactory()]:
        link(article, entity)
    assert count_on_index(client, url, "Counted") == 2 == count_on_page(client, entity)


def test_a_place_page_lists_a_story_naming_it_and_a_place_inside_it_once(client):
    country = PlaceFactory(name="Ruritania", kind=Place.Kind.COUNTRY)
    story = ArticleFactory(dateline=country, headline="Coronation in Strelsau")
    PlaceMentionFactory(article=story, place=country)
    PlaceMentionFactory(article=story, place=PlaceFactory(name="Strelsau", parent=country))
    PlaceMentionFactory(place=PlaceFactory(name="Elsewhere"))  # not in Ruritania
    page = client.get(country.get_absolute_url())
    assert [article.pk for article in page.context["object_list"]] == [story.pk]


def test_an_entity_page_lists_its_stories_newest_first(client):
    person = PersonFactory(name="Petr Pavel")
    day = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    stories = [
        AppearanceFactory(
            person=person, article=ArticleFactory(published_at=day + datetime.timedelta(n))
        ).article
        for n in (2, 0, 1)
    ]
    page = client.get(person.get_absolute_url())
    assert [a.pk for a in page.context["object_list"]] == [stories[0].pk, stories[2].pk, stories[1].pk]
    feed = client.get(f"{person.get_absolute_url()}feed/").content.decode()
    assert feed.index(stories[0].headline) < feed.index(stories[2].headline) < feed.index(stories[1].headline)


def test_often_together_counts_the_latest_stories_and_says_so_past_the_sample(client, monkeypatch):
    monkeypatch.setattr("articles.related.CO_OCCURRENCE_SAMPLE", 2)
    person, partner = PersonFactory(name="Petr Pavel"), PersonFactory(name="Jens Stoltenberg")
    day = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    for n in range(3):
        article = ArticleFactory(published_at=day + datetime.timedelta(n))
        AppearanceFactory(article=article, person=person)
        AppearanceFactory(article=article, person=partner)
    page = client.get(person.get_absolute_url()).content.decode()
    assert '<a href="/people/jens-stoltenberg/">Jens Stoltenberg</a> (2)' in page
    assert "Counted in the latest 2 of these stories." in page
    monkeypatch.setattr("articles.related.CO_OCCURRENCE_SAMPLE", 3)
    page = client.get(partner.get_absolute_url()).content.decode()
    assert '<a href="/people/petr-pavel/">Petr Pavel</a> (3)' in page
    assert "Counted in the latest" not in page


def test_a_source_is_public_once_a_published_story_it_published_or_is_credited_on_is_out(client):
    """Source.objects.public() probes each source's first entries in the publisher and credit
    indexes (SourceQuerySet.named_in_condition): the same sources as the pages, drafts and
    scheduled stories never counted, whatever order their credits come in."""
    import time_machine
    from django.utils import timezone

    publisher = SourceFactory(name="Publisher")
    ArticleFactory(publisher=publisher)
    DraftFactory(publisher=publisher)
    credited_late = SourceFactory(name="Credited late")
    for article in [DraftFactory(), ScheduledFactory(), ArticleFactory(status="withdrawn"), ArticleFactory()]:
        CreditFactory(source=credited_late, article=article)  # the published story is the last credit
    unpublished = SourceFactory(name="Unpublished")
    DraftFactory(publisher=unpublished)
    ArticleFactory(publisher=unpublished, status="review")
    CreditFactory(source=unpublished, article=DraftFactory())
    goes_live = timezone.now() + datetime.timedelta(hours=1)
    scheduled = SourceFactory(name="Scheduled")
    ArticleFactory(publisher=scheduled, published_at=goes_live)
    CreditFactory(source=scheduled, article=ScheduledFactory(published_at=goes_live))
    SourceFactory(name="Never named")

    def public():
        return sorted(Source.objects.public().values_list("name", flat=True))

    assert public() == ["Credited late", "Publisher"]
    index = client.get("/sources/").content.decode()
    assert ">Publisher</a>" in index and ">Credited late</a>" in index and ">Unpublished</a>" not in index
    assert count_on_index(client, "/sources/", "Credited late") == 1 == count_on_page(client, credited_late)
    assert count_on_index(client, "/sources/", "Publisher") == 1 == count_on_page(client, publisher)
    for hidden in (unpublished, scheduled):
        assert client.get(hidden.get_absolute_url()).status_code == 404
    # Inside another query, and with another set of articles (the importer's named_in()).
    assert sorted(
        Credit.objects.filter(source__in=Source.objects.public()).values_list("source__name", flat=True)
    ) == (["Credited late"] * 4)
    drafts = Article.objects.filter(status=Article.Status.DRAFT)
    assert sorted(Source.objects.named_in(drafts).values_list("name", flat=True)) == [
        "Credited late",
        "Publisher",
        "Unpublished",
    ]
    with time_machine.travel(goes_live + datetime.timedelta(minutes=1)):
        assert public() == ["Credited late", "Publisher", "Scheduled"]  # the same SQL, a new "now"
