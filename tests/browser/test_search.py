"""A reader searching in Chromium: the box in the header, highlighted results, a facet, no JavaScript."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_searches_from_the_header_and_narrows_by_a_facet(live_server, seed_article, page):
    page.goto(live_server.url + "/people/")
    page.get_by_label("Search the archive").fill("generals talks")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url("**/search/?q=generals+talks")
    assert page.get_by_role("heading", name="1 result").is_visible()
    results = page.get_by_role("region", name="1 result")
    assert results.get_by_role("link", name=seed_article.headline).is_visible()
    assert results.locator("mark").count() >= 2
    assert page.get_by_label("Search for").input_value() == "generals talks"
    page.get_by_role("complementary", name="Narrow the results").get_by_role(
        "link", name="Valery Gerasimov"
    ).click()
    page.wait_for_url("**person=valery-gerasimov**")
    assert page.get_by_role("list", name="Filters in use").inner_text().startswith("Person: Valery Gerasimov")
    assert page.get_by_role("heading", name="1 result").is_visible()
    assert page.csp_violations == []


def test_search_works_without_javascript(live_server, seed_article, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=Gerasimow")
    assert "Did you mean" in page.content()
    page.get_by_role("link", name="Gerasimov").click()
    page.wait_for_url("**/search/?q=Gerasimov")
    assert page.get_by_role("heading", name="1 result").is_visible()
    context.close()
