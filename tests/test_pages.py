"""Reader pages through real HTTP: what a reader sees, and 404s for bad input."""

import datetime
import re

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import timezone

from articles.models import Article, Organization, Person, Place, Source, Topic
from articles.page_urls import MARKER_DAY, dated_slug_url, slug_url

from .factories import (
    AppearanceFactory,
    ArticleFactory,
    CreditFactory,
    DraftFactory,
    OrganizationMentionFactory,
    PlaceMentionFactory,
    ScheduledFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_the_seed_article(client, seed_article):
    response = client.get("/")
    assert response.status_code == 200
    assert seed_article.headline in response.content.decode()
    assert seed_article.get_absolute_url() in response.content.decode()


def test_article_page_shows_everything_the_seed_knows(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "NATO, Russia Hold First Top-Level Military Talks In Three Years",
        "NATO Military Committee Chairman",
        "Russia&#x27;s military chief of staff",
        "U.S. General, chairman of the U.S. Joint Chiefs of Staff",
        "NATO Secretary-General",
        "March 3, 2017",
        "February 16, 2017",
        "March 2014",
        "year inferred",
        "about March 3, 2017",
        "Publication date estimated",
        "a NATO spokesman",
        "the two generals agreed that they would remain in contact.",
    ]:
        assert text in page, text
    for url in ["/people/petr-pavel/", "/people/valery-gerasimov/", "/people/joseph-dunford/",
                "/people/jens-stoltenberg/", "/sources/ap/", "/sources/reuters/", "/sources/dpa/",
                "/sources/tass/", "/places/baku/", "/places/azerbaijan/", "/places/brussels/",
                "/places/crimea/", "/organisations/nato/", "/organisations/pentagon/",
                "/organisations/russian-defense-ministry/", "/topics/natorussia-relations/"]:  # fmt: skip
        assert f'href="{url}"' in page, url
    assert 'datetime="2017-02-16"' in page
    assert f'<link rel="canonical" href="http://testserver{seed_article.get_absolute_url()}">' in page


def test_credits_read_as_a_sentence_with_links(client, seed_article):
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert (
        'With reporting by\n    <a href="/sources/ap/">AP</a>, <a href="/sources/reuters/">Reuters</a>, '
        '<a href="/sources/dpa/">dpa</a> and <a href="/sources/tass/">TASS</a>'
    ) in page


@pytest.mark.parametrize(
    "url",
    [
        "/people/valery-gerasimov/",
        "/organisations/nato/",
        "/places/baku/",
        "/places/azerbaijan/",
        "/sources/tass/",
        "/topics/natorussia-relations/",
        "/2017/",
        "/2017/03/",
        "/2017/03/03/",
    ],
)
def test_entity_and_archive_pages_list_the_seed_article(client, seed_article, url):
    response = client.get(url)
    assert response.status_code == 200
    assert seed_article.headline in response.content.decode()


def test_person_page_lists_the_titles_articles_gave(client, seed_article):
    page = client.get("/people/petr-pavel/").content.decode()
    assert "NATO Military Committee Chairman" in page
    assert "March 2017" in page


def test_place_page_shows_where_it_is(client, seed_article):
    page = client.get("/places/baku/").content.decode()
    assert 'In <a href="/places/azerbaijan/">Azerbaijan</a>' in page


@pytest.mark.parametrize("url", ["/people/", "/organisations/", "/places/", "/sources/", "/topics/"])
def test_entity_indexes_list_names_with_counts(client, seed_article, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "1 article" in response.content.decode()


def test_permalink_redirects_to_the_dated_url(client, seed_article):
    response = client.get(f"/articles/{seed_article.slug}/")
    assert response.status_code == 302
    assert response["Location"] == seed_article.get_absolute_url()


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page-xyz/",
        "/2017/13/45/nope/",
        "/2017/02/30/nope/",
        "/2147483648/01/01/nope/",
        "/99999999999999999999/01/01/nope/",
        "/0/01/01/nope/",
        "/2017/00/01/",
        "/9999/",
        "/0/",
        "/2017/03/03/no-such-story/",
        "/people/no-such-person/",
        "/organisations/nope/",
        "/places/nope/",
        "/sources/nope/",
        "/topics/nope/",
        "/articles/nope/",
        "/?page=999999",
        "/?page=-1",
        "/?page=abc",
        "/people/?page=0",
        "/2017/03/?page=2",
    ],
)
def test_bad_addresses_answer_404_not_500(client, seed_article, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_wrong_date_for_a_slug_is_404(client, seed_article):
    assert client.get(f"/2017/03/04/{seed_article.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("zone", "right", "wrong"),
    [("UTC", "2017/03/03", "2017/03/04"), ("Europe/Berlin", "2017/03/04", "2017/03/03")],
)
def test_the_dated_url_uses_the_local_publication_date(client, settings, zone, right, wrong):
    settings.TIME_ZONE = zone
    article = ArticleFactory(published_at=datetime.datetime(2017, 3, 3, 23, 30, tzinfo=datetime.UTC))
    assert article.get_absolute_url() == f"/{right}/{article.slug}/"
    assert client.get(f"/{right}/{article.slug}/").status_code == 200
    assert client.get(f"/{wrong}/{article.slug}/").status_code == 404


def test_site_links_follow_the_script_prefix():
    # {% link %} keeps reversed URLs per process; a deployment under a path prefix still gets its own.
    link = Template("{% load links %}{% link 'articles:person_list' %}")
    assert link.render(Context()) == "/people/"
    previous = get_script_prefix()
    set_script_prefix("/archive/")
    try:
        assert link.render(Context()) == "/archive/people/"
    finally:
        set_script_prefix(previous)
    assert link.render(Context()) == "/people/"


def test_site_links_follow_the_urlconf(settings):
    link = Template("{% load links %}{% link 'articles:person_list' %}")
    assert link.render(Context()) == "/people/"
    settings.ROOT_URLCONF = "tests.urls_elsewhere"
    assert link.render(Context()) == "/elsewhere/people/"


ENTITY_PAGES = ["person_detail", "organization_detail", "place_detail", "source_detail", "topic_detail"]


@pytest.mark.parametrize("name", ENTITY_PAGES)
def test_entity_urls_are_what_reverse_gives(name):
    for slug in ["baku", "valery-gerasimov", "a_b-2", "x", "slug-0b5e2f7a"]:
        assert slug_url(f"articles:{name}", slug) == reverse(f"articles:{name}", kwargs={"slug": slug})
    for refused in ["", "two words", "a/b", "münchen", "a?b"]:
        with pytest.raises(NoReverseMatch):
            slug_url(f"articles:{name}", refused)


def urls_three_ways(settings, obj) -> list[str]:
    """obj.get_absolute_url() as served, under the script prefix /archive/, and under another URLconf."""
    urls = [obj.get_absolute_url()]
    previous = get_script_prefix()
    set_script_prefix("/archive/")
    try:
        urls.append(obj.get_absolute_url())
    finally:
        set_script_prefix(previous)
    settings.ROOT_URLCONF = "tests.urls_elsewhere"
    return [*urls, obj.get_absolute_url()]


def test_entity_urls_follow_the_script_prefix_and_the_urlconf(settings):
    person = Person(name="Valery Gerasimov", slug="valery-gerasimov")
    assert urls_three_ways(settings, person) == [
        "/people/valery-gerasimov/",
        "/archive/people/valery-gerasimov/",
        "/elsewhere/people/valery-gerasimov/",
    ]


def test_article_urls_are_what_reverse_gives(settings):
    """Article.get_absolute_url() puts the date and slug into a pattern reversed once (page_urls)."""
    for day, slug in [
        (datetime.date(2017, 3, 3), "nato-talks"),
        (datetime.date(987, 1, 9), "x"),
        (MARKER_DAY, "y"),
    ]:
        kwargs = {"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": slug}
        assert dated_slug_url("articles:article_detail", day, slug) == reverse(
            "articles:article_detail", kwargs=kwargs
        )
    with pytest.raises(NoReverseMatch):
        dated_slug_url("articles:article_detail", datetime.date(2017, 3, 3), "two words")
    article = ArticleFactory(
        slug="nato-talks", published_at=datetime.datetime(2017, 3, 3, 12, tzinfo=datetime.UTC)
    )
    assert urls_three_ways(settings, article) == [
        "/2017/03/03/nato-talks/",
        "/archive/2017/03/03/nato-talks/",
        "/elsewhere/2017/03/03/nato-talks/",
    ]


def test_link_takes_one_quoted_url_name():
    for bad in ["{% link %}", "{% link articles:home %}", "{% link 'articles:home' 'x' %}"]:
        with pytest.raises(TemplateSyntaxError):
            Template("{% load links %}" + bad)


@pytest.mark.parametrize("factory", [DraftFactory, ScheduledFactory])
def test_unpublished_articles_are_nowhere_on_public_pages(client, factory):
    article = factory(headline="Secret unpublished story")
    person = AppearanceFactory(article=article).person
    assert "Secret unpublished story" not in client.get("/").content.decode()
    assert "Secret unpublished story" not in client.get(person.get_absolute_url()).content.decode()
    day = article.local_date
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    assert client.get(f"/{day.year}/").status_code == 404


@pytest.mark.parametrize("fragment_seconds", [0, 600])
@pytest.mark.parametrize("factory", [DraftFactory, ScheduledFactory])
def test_an_unpublished_article_is_a_404_at_its_dated_url(client, settings, factory, fragment_seconds):
    """Whichever way the page loads the article (prepared queries with every cache off)."""
    settings.CACHE_MIDDLEWARE_SECONDS, settings.FRAGMENT_CACHE_SECONDS = 0, fragment_seconds
    article = factory(
        headline="Secret unpublished story", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    AppearanceFactory(article=article)
    day = article.local_date
    response = client.get(f"/{day.year}/{day.month:02d}/{day.day:02d}/{article.slug}/")
    assert response.status_code == 404
    assert "Secret unpublished story" not in response.content.decode()


def test_html_in_names_and_headlines_is_escaped(client):
    article = ArticleFactory(headline='<script>alert("x")</script> USX <X> DEBT')
    AppearanceFactory(article=article, person=Person.objects.create(name="<b>Bold</b>"), title="<i>t</i>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; USX &lt;X&gt; DEBT" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def make_articles(n):
    place, _ = Place.objects.get_or_create(name="Baku", slug="baku")
    org, _ = Organization.objects.get_or_create(name="NATO", slug="nato")
    source, _ = Source.objects.get_or_create(name="TASS", slug="tass")
    person, _ = Person.objects.get_or_create(name="Valery Gerasimov", slug="valery-gerasimov")
    topic, _ = Topic.objects.get_or_create(name="Talks", slug="talks")
    day = datetime.datetime(2017, 3, 3, 12, tzinfo=datetime.UTC)
    start = Article.objects.count()
    for i in range(start, start + n):
        article = ArticleFactory(published_at=day - datetime.timedelta(minutes=i))
        CreditFactory(article=article, source=source)
        CreditFactory(article=article, source__name=f"Agency {i}")
        AppearanceFactory(article=article, person=person)
        OrganizationMentionFactory(article=article, organization=org)
        PlaceMentionFactory(article=article, place=place)
        article.topics.add(topic)


LIST_PAGES = [
    "/",
    "/2017/",
    "/2017/03/",
    "/2017/03/03/",
    "/people/valery-gerasimov/",
    "/organisations/nato/",
    "/places/baku/",
    "/sources/tass/",
    "/topics/talks/",
    "/people/",
    "/organisations/",
    "/places/",
    "/sources/",
    "/topics/",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, url):
    make_articles(3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    make_articles(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_article_page_runs_a_fixed_number_of_queries(client, seed_article, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        assert client.get(seed_article.get_absolute_url()).status_code == 200


def test_article_page_with_every_cache_off_is_the_same_page_in_fewer_queries(
    client, seed_article, settings, django_assert_max_num_queries
):
    url = seed_article.get_absolute_url()
    with_fragments = client.get(url).content  # rendered once, fragments stored
    settings.CACHE_MIDDLEWARE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 0
    # The article with its joined rows, its ten relations, the related stories (3 here, 4 at most).
    with django_assert_max_num_queries(14) as uncached:
        assert client.get(url).content == with_fragments
    assert sum('"articles_article"."slug" =' in q["sql"] for q in uncached.captured_queries) == 1


@pytest.mark.parametrize("fragment_seconds", [0, 600])
def test_an_article_on_the_wrong_date_is_a_404_without_loading_its_relations(
    client, seed_article, settings, django_assert_max_num_queries, fragment_seconds
):
    settings.FRAGMENT_CACHE_SECONDS = fragment_seconds
    # The article, whether it is a withdrawn one, and the page cache's next scheduled publication.
    with django_assert_max_num_queries(3):
        assert client.get(f"/2017/03/04/{seed_article.slug}/").status_code == 404


def test_home_features_what_editors_feature_on_its_first_page(client, seed_article):
    for _ in range(25):  # newer stories push the seed off the first page of the latest list
        ArticleFactory()
    page = client.get("/").content.decode()
    featured = page.split('id="featured-heading"')[1].split('id="latest-heading"')[0]
    assert seed_article.headline in featured
    seed_article.featured = False
    seed_article.save()
    assert 'id="featured-heading"' not in client.get("/").content.decode()


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Santiago"])
def test_year_archive_lists_the_months_django_truncation_gives(client, settings, zone):
    """The year page's months come from one probe per month (views.ArticleYearArchiveView): the
    same months, in the reader's time zone, as truncating every article's date; drafts and
    scheduled stories open none."""
    settings.TIME_ZONE = zone
    utc = datetime.UTC
    for when in [
        datetime.datetime(2016, 12, 31, 23, 30, tzinfo=utc),  # January 2017 in Berlin
        datetime.datetime(2017, 3, 3, 12, 0, tzinfo=utc),
        datetime.datetime(2017, 3, 20, 12, 0, tzinfo=utc),
        datetime.datetime(2017, 5, 31, 23, 30, tzinfo=utc),  # June in Berlin
        datetime.datetime(2017, 12, 31, 23, 30, tzinfo=utc),  # 2018 in Berlin
    ]:
        ArticleFactory(published_at=when)
    DraftFactory(published_at=datetime.datetime(2017, 8, 10, tzinfo=utc))
    ArticleFactory(status=Article.Status.REVIEW, published_at=datetime.datetime(2017, 9, 10, tzinfo=utc))
    ArticleFactory(status=Article.Status.WITHDRAWN, published_at=datetime.datetime(2017, 10, 10, tzinfo=utc))
    ScheduledFactory()
    ScheduledFactory(published_at=timezone.now().replace(month=11, day=15) + datetime.timedelta(days=366))
    for year in (2016, 2017, 2018, timezone.now().year, timezone.now().year + 1):
        truncated = list(
            Article.objects.published().filter(published_at__year=year).datetimes("published_at", "month")
        )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/{year}/")
        # No per-row truncation (SQLite's is a Python function per article of the year).
        assert not [query for query in captured.captured_queries if "trunc" in query["sql"].lower()]
        if not truncated:
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        assert list(response.context["date_list"]) == truncated
        months = re.findall(rf'href="/{year}/(\d\d)/"', response.content.decode())
        assert months == [f"{month:%m}" for month in truncated]
