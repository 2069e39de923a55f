"""An XSS corpus in every field a reader sees: nothing executes and no payload becomes markup.

The Content Security Policy would stop inline scripts even if escaping failed, so the test also
asserts that no payload turned into an element (an <img>, <svg>, <script> or javascript: link).
"""

import datetime

import pytest

from articles.models import (
    Appearance,
    Article,
    Correction,
    Event,
    Organization,
    OrganizationMention,
    Person,
    Place,
    PlaceMention,
    Quote,
    Source,
    Topic,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__xss='script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "<svg onload=\"window.__xss='svg'\"><circle r=1></circle></svg>",
    '"><a id=xss-link href="javascript:window.__xss=\'href\'">click</a>',
    "';window.__xss='quote';//",
    "<iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
]
EVIL = " ".join(PAYLOADS)  # for text fields
EVIL_SHORT = " ".join(PAYLOADS[:3])  # fits a 300-character field


@pytest.fixture
def poisoned_article():
    source = Source.objects.create(name=f"Source {PAYLOADS[3]}", slug="evil-source")
    place = Place.objects.create(name=f"Place {PAYLOADS[1]}", slug="evil-place")
    person = Person.objects.create(name=f"Person {PAYLOADS[2]}", slug="evil-person")
    organization = Organization.objects.create(name=f"Org {PAYLOADS[0]}", slug="evil-org")
    article = Article.objects.create(
        headline=f"Headline {PAYLOADS[0]}",
        slug="poisoned",
        dek=f"Dek {EVIL}",
        body=f"Body {EVIL}\n\n[link](javascript:window.__xss='md')",
        byline=f"Byline {PAYLOADS[1]}",
        status=Article.Status.PUBLISHED,
        published_at=datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC),
        publisher=source,
        dateline=place,
        date_note=f"Note {PAYLOADS[3]}",
    )
    article.topics.add(Topic.objects.create(name=f"Topic {PAYLOADS[4]}", slug="evil-topic"))
    Appearance.objects.create(
        article=article, person=person, title=f"Title {EVIL_SHORT}", organization=organization
    )
    OrganizationMention.objects.create(article=article, organization=organization)
    PlaceMention.objects.create(article=article, place=place)
    event = Event.objects.create(
        article=article, description=f"Event {EVIL_SHORT}", date=datetime.date(2020, 1, 1), place=place
    )
    event.participants.add(person)
    Quote.objects.create(article=article, text=f"Quote {EVIL}", speaker_person=person, context=PAYLOADS[5])
    Correction.objects.create(article=article, text=f"Correction {EVIL}")
    return article


def assert_inert(page):
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x], svg circle, iframe, #xss-link, a[href^='javascript']").count() == 0
    assert page.locator("script:not([type='application/ld+json'])").count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/2020/01/02/poisoned/",
        "/people/evil-person/",
        "/places/evil-place/",
        "/organisations/evil-org/",
        "/sources/evil-source/",
        "/topics/evil-topic/",
        "/timeline/",
        "/quotes/",
        "/corrections/",
        "/people/",
    ],
)
def test_payloads_stay_text(live_server, poisoned_article, page, path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + path)
    assert_inert(page)
    assert not dialogs
    if path == "/quotes/":
        page.fill("#quote-words", PAYLOADS[1])
        page.press("#quote-words", "Enter")
        page.wait_for_load_state()
        assert_inert(page)


@pytest.mark.parametrize(
    "query",
    [
        "Headline",  # finds the poisoned article: its highlighted passage carries the payloads
        "Quote",
        *PAYLOADS,  # echoed in the search box, the heading and "did you mean"
    ],
)
def test_search_queries_and_their_results_stay_text(live_server, poisoned_article, page, query):
    page.goto(live_server.url + "/search/")
    page.get_by_label("Search for").fill(query)
    page.get_by_label("Search for").press("Enter")
    page.wait_for_load_state()
    assert "/search/?q=" in page.url
    if query == "Headline":
        assert page.get_by_role("heading", name="1 result").is_visible()
    assert "__xss" in page.content()  # the payloads are on the page, as text
    assert_inert(page)
    assert page.csp_violations == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/articles/article/",
        "/admin/articles/article/{article}/change/",
        "/admin/articles/article/{article}/history/",
        "/admin/articles/person/",
        "/admin/articles/person/{person}/change/",
        "/admin/articles/place/",
        "/admin/articles/source/",
        "/admin/articles/quote/",
        "/admin/articles/event/",
    ],
)
def test_payloads_stay_text_in_the_admin(live_server, poisoned_article, make_staff, page, path):
    """Editors read the same names and texts in the admin: its own scripts run (under the CSP), the
    payloads do not."""
    from tests.conftest import PASSWORD

    make_staff("superuser", "admin")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    person = Person.objects.get(slug="evil-person")
    page.goto(live_server.url + path.format(article=poisoned_article.pk, person=person.pk))
    assert "__xss" in page.content()  # the payloads are on the page, as text
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x], svg circle, iframe, #xss-link, a[href^='javascript']").count() == 0
    assert page.csp_violations == []


def test_payloads_in_import_files_stay_text(live_server, page, tmp_path):
    """Records in an import file, in each body format, with the payloads in names and texts."""
    import io
    import json

    from django.core.management import call_command

    records = [
        {
            "headline": f"Imported {body_format} {PAYLOADS[0]}",
            "body": f"Body {EVIL}\n\n[link](javascript:window.__xss='md')",
            "body_format": body_format,
            "published": "2020-01-03",
            "slug": f"imported-{body_format}",
            "dek": f"Dek {PAYLOADS[1]}",
            "source": f"Wire {PAYLOADS[3]}",
            "people": [f"Person {PAYLOADS[2]}"],
            "places": [f"Place {PAYLOADS[1]}"],
            "topics": [f"Topic {PAYLOADS[4]}"],
            "quotes": [{"text": f"Quote {EVIL}", "speaker_description": PAYLOADS[5][:200]}],
        }
        for body_format in ("text", "markdown", "html")
    ]
    path = tmp_path / "evil.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    call_command("import_articles", path, stdout=io.StringIO())
    for body_format in ("text", "markdown", "html"):
        article = Article.objects.get(slug=f"imported-{body_format}")
        for url in (article.get_absolute_url(), "/search/?q=Imported", "/quotes/"):
            page.goto(live_server.url + url)
            assert_inert(page)
            assert page.csp_violations == []
