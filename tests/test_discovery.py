"""Machine-readable ways in: feeds, sitemap, robots.txt, JSON-LD and OpenGraph."""

import xml.etree.ElementTree as ET

import extruct
import feedparser
import pytest

from .factories import AppearanceFactory, ArticleFactory, DraftFactory

pytestmark = pytest.mark.django_db

FEED_URLS = [
    "/feed/",
    "/feed/atom/",
    "/people/valery-gerasimov/feed/",
    "/people/valery-gerasimov/feed/atom/",
    "/organisations/nato/feed/",
    "/places/baku/feed/",
    "/places/azerbaijan/feed/atom/",
    "/sources/tass/feed/",
    "/topics/natorussia-relations/feed/",
]


@pytest.mark.parametrize("url", FEED_URLS)
def test_feeds_parse_cleanly_and_list_the_seed_article(client, seed_article, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == [seed_article.headline]
    entry = feed.entries[0]
    assert entry.link.endswith(seed_article.get_absolute_url())
    assert {tag.term for tag in entry.tags} == {"NATO–Russia relations", "War in Ukraine"}
    assert entry.published_parsed[:3] == (2017, 3, 3)


def test_feeds_leave_out_drafts_and_unknown_entities_are_404(client, seed_article):
    DraftFactory(headline="Unpublished draft")
    assert "Unpublished draft" not in client.get("/feed/").content.decode()
    assert client.get("/people/nobody-at-all/feed/").status_code == 404


def test_pages_link_their_feeds(client, seed_article):
    assert 'type="application/rss+xml"' in client.get("/").content.decode()
    person_page = client.get("/people/valery-gerasimov/").content.decode()
    assert 'href="/people/valery-gerasimov/feed/"' in person_page
    assert 'href="/people/valery-gerasimov/feed/atom/"' in person_page


def test_sitemap_lists_published_articles_and_entities(client, seed_article):
    DraftFactory(headline="Hidden draft", slug="hidden-draft")
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sections = [loc.text for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", ns)]
    assert "http://testserver/sitemap-articles.xml" in sections
    articles = client.get("/sitemap-articles.xml")
    urls = [loc.text for loc in ET.fromstring(articles.content).findall("s:url/s:loc", ns)]
    assert urls == [f"http://testserver{seed_article.get_absolute_url()}"]
    people = ET.fromstring(client.get("/sitemap-people.xml").content)
    assert "http://testserver/people/valery-gerasimov/" in [
        loc.text for loc in people.findall("s:url/s:loc", ns)
    ]
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def structured(client, url):
    response = client.get(url)
    return extruct.extract(
        response.content.decode(), base_url=f"http://testserver{url}", syntaxes=["json-ld", "opengraph"]
    )


def test_article_json_ld_describes_the_seed_article(client, seed_article):
    data = structured(client, seed_article.get_absolute_url())
    (article,) = data["json-ld"]
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == seed_article.headline
    assert article["datePublished"].startswith("2017-03-03")
    assert "publisher" not in article  # the text names none
    assert [c["name"] for c in article["citation"]] == ["AP", "Reuters", "dpa", "TASS"]
    people = {m["name"]: m for m in article["mentions"] if m["@type"] == "Person"}
    assert people["Petr Pavel"]["jobTitle"] == "NATO Military Committee Chairman"
    assert people["Jens Stoltenberg"]["affiliation"]["name"] == "NATO"
    kinds = {m["name"]: m["@type"] for m in article["mentions"]}
    assert kinds["NATO"] == "Organization"
    assert kinds["Baku"] == "City"
    assert kinds["Azerbaijan"] == "Country"
    assert {p["name"] for p in article["contentLocation"]} >= {"Baku", "Brussels", "Crimea"}
    assert {t["name"] for t in article["about"]} == {"NATO–Russia relations", "War in Ukraine"}


def test_article_opengraph_tags(client, seed_article):
    data = structured(client, seed_article.get_absolute_url())
    properties = dict(data["opengraph"][0]["properties"])
    assert properties["og:title"] == seed_article.headline
    assert properties["og:type"] == "article"
    assert properties["article:published_time"].startswith("2017-03-03")
    page = client.get(seed_article.get_absolute_url()).content.decode()
    assert '<meta name="twitter:card" content="summary">' in page


@pytest.mark.parametrize(
    ("url", "kind", "extra"),
    [
        ("/people/valery-gerasimov/", "Person", {"alternateName"}),
        ("/places/baku/", "City", {"containedInPlace", "geo"}),
        ("/organisations/nato-military-committee/", "Organization", {"parentOrganization"}),
        ("/sources/ap/", "Organization", {"sameAs"}),
    ],
)
def test_entity_pages_carry_json_ld(client, seed_article, url, kind, extra):
    (entity,) = structured(client, url)["json-ld"]
    assert entity["@type"] == kind
    assert extra <= set(entity)


def test_json_ld_cannot_be_broken_out_of(client):
    article = ArticleFactory(headline="</script><script>alert(1)</script>")
    AppearanceFactory(article=article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in page
    (data,) = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_search_feed_lists_matching_stories(client, seed_article, reindex):
    ArticleFactory(headline="Wheat harvest", body="Farmers harvest wheat.", dek="Crops.")
    reindex()
    feed = feedparser.parse(client.get("/search/feed/", {"q": "Gerasimov"}).content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [seed_article.headline]
    assert client.get("/search/feed/").status_code == 404
    search_page = client.get("/search/", {"q": "Gerasimov"}).content.decode()
    assert 'href="/search/feed/?q=Gerasimov"' in search_page


def test_opensearch_description_points_at_search(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    assert 'template="http://testserver/search/?q={searchTerms}"' in response.content.decode()
    assert 'rel="search"' in client.get("/people/").content.decode()
