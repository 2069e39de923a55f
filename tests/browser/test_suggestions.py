"""An editor in Chromium accepts and dismisses extraction suggestions on the article change page."""

import datetime

import pytest

from articles.models import Appearance, Article, ExtractionDismissal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_accepts_and_dismisses_suggestions_under_the_csp(live_server, django_user_model, page):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    article = Article.objects.create(
        headline="Generals talk",
        body=(
            "NATO Military Committee Chairman Petr Pavel spoke with Russia's military chief of staff, "
            "Valery Gerasimov, by telephone on March 3.\n\nGerasimov spoke to Russian reporters."
        ),
        published_at=datetime.datetime(2017, 3, 3, 12, tzinfo=datetime.UTC),
    )
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-passphrase")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    panel = page.locator("#suggestions")
    row = panel.locator("tr", has_text="Petr Pavel, NATO Military Committee Chairman")
    row.get_by_role("button", name="Accept").click()
    page.wait_for_url("**#suggestions")
    assert "Linked: Petr Pavel" in page.content()
    assert Appearance.objects.get(article=article).title == "NATO Military Committee Chairman"
    panel.locator("tr", has_text="Russia").first.get_by_role("button", name="Dismiss").click()
    page.wait_for_url("**#suggestions")
    assert ExtractionDismissal.objects.filter(article=article).count() == 1
    assert page.csp_violations == []
