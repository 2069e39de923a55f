"""The desk in Chromium: a reporter files the seed story, an editor publishes it, a reader finds it."""

from pathlib import Path

import pytest

from articles.models import Article, Person
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_TEXT = Path(__file__).resolve().parents[2] / "articles" / "sample" / "nato-russia-talks.txt"


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def choose(page, select_id, search):
    """Pick a row in one of the admin's autocomplete (select2) boxes, as an editor would."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(search)
    page.locator(".select2-results__option", has_text=search).first.click()


def test_reporter_files_editor_publishes_reader_reads(live_server, make_staff, page):
    make_staff("reporter", "rita")
    make_staff("editor", "ed")
    Person.objects.create(name="Petr Pavel")
    Person.objects.create(name="Valery Gerasimov")
    headline, _, body = SEED_TEXT.read_text(encoding="utf-8").partition("\n\n")
    base = live_server.url

    # The reporter types the story in, with two people and one event, and submits it.
    log_in(page, base, "rita")
    page.goto(base + "/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially(headline)
    assert page.input_value("#id_slug") == "nato-russia-hold-first-top-level-military-talks-in-three-years"
    page.fill("#id_body", body)
    for row, (name, title) in enumerate(
        [("Petr Pavel", "NATO Military Committee Chairman"), ("Valery Gerasimov", "chief of staff")]
    ):
        page.locator("#appearances-group .add-row a").click()
        choose(page, f"id_appearances-{row}-person", name)
        page.fill(f"#id_appearances-{row}-title", title)
    page.locator("#events-group .add-row a").click()
    page.fill("#id_events-0-date", "2017-03-03")
    page.fill("#id_events-0-description", "Pavel and Gerasimov speak by telephone")
    choose(page, "id_events-0-participants", "Petr Pavel")
    choose(page, "id_events-0-participants", "Valery Gerasimov")
    page.get_by_role("button", name="Save and submit for review").click()
    page.wait_for_url("**/admin/articles/article/")
    assert "is in review" in page.locator(".messagelist").inner_text()
    assert page.get_by_role("button", name="Save and publish").count() == 0
    article = Article.objects.get(headline=headline)
    assert article.status == "review" and article.created_by.username == "rita"
    assert [a.person.name for a in article.appearances.all()] == ["Petr Pavel", "Valery Gerasimov"]
    assert sorted(p.name for p in article.events.get().participants.all()) == [
        "Petr Pavel",
        "Valery Gerasimov",
    ]
    rita_violations = list(page.csp_violations)
    page.context.clear_cookies()

    # Not public yet.
    page.goto(base + "/")
    assert page.get_by_role("link", name=headline).count() == 0

    # The editor opens it from the list, filtered to stories in review, and publishes it.
    log_in(page, base, "ed")
    page.goto(base + "/admin/articles/article/?state=review")
    page.get_by_role("link", name=headline).click()
    page.get_by_role("button", name="Save and publish").click()
    page.wait_for_url("**/admin/articles/article/?state=review")  # back to the list, filter kept
    assert "is published" in page.locator(".messagelist").inner_text()
    page.goto(base + f"/admin/articles/article/{article.pk}/history/")
    history = page.locator("#change-history").inner_text()
    assert "rita" in history and "Submitted for review" in history and "Published" in history
    page.context.clear_cookies()

    # A reader finds it on the home page and reads it, with its people.
    page.goto(base + "/")
    page.get_by_role("link", name=headline).click()
    assert page.get_by_role("heading", level=1).inner_text() == headline
    people = page.get_by_role("complementary", name="In this article")
    assert people.get_by_role("link", name="Valery Gerasimov").first.is_visible()
    assert rita_violations == [] and page.csp_violations == []
