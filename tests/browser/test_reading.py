"""A reader in Chromium: from the home page to the seed article and on to a person."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_the_seed_article_from_home_and_sees_gerasimov(live_server, seed_article, page):
    page.goto(live_server.url + "/")
    page.get_by_role(
        "link", name="NATO, Russia Hold First Top-Level Military Talks In Three Years"
    ).first.click()
    page.wait_for_url(f"**{seed_article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == seed_article.headline
    people = page.get_by_role("complementary", name="In this article")
    assert people.get_by_role("link", name="Valery Gerasimov").first.is_visible()
    people.get_by_role("link", name="Valery Gerasimov").first.click()
    page.wait_for_url("**/people/valery-gerasimov/")
    assert "Russia's military chief of staff" in page.content()
    assert page.csp_violations == []


def test_article_page_fits_a_phone_screen(live_server, seed_article, browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + seed_article.get_absolute_url())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"page is {scroll_width}px wide on a 375px screen"
    context.close()


def test_admin_login_works_under_the_content_security_policy(live_server, django_user_model, page):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Generals talk")
    assert page.input_value("#id_slug") == "generals-talk"  # the admin's own JavaScript ran
    assert page.csp_violations == []
