"""axe-core (bundled by axe-playwright-python) finds no accessibility violation on reader pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/2017/03/03/nato-russia-hold-first-top-level-military-talks-in-three-years/",
    "/people/valery-gerasimov/",
    "/places/baku/",
    "/organisations/nato/",
    "/people/",
    "/timeline/",
    "/quotes/",
    "/search/?q=military+talks",
    "/search/?q=gerasimow",
    "/2017/03/",
]


@pytest.mark.parametrize("width", [375, 1280])
def test_reader_pages_have_no_axe_violations(live_server, seed_article, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    axe = Axe()
    problems = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        results = axe.run(page)
        if results.violations_count:
            problems[path] = results.generate_report()
    context.close()
    assert not problems, "\n\n".join(f"{path}\n{report}" for path, report in problems.items())


def test_keyboard_users_can_skip_to_content_and_see_focus(live_server, seed_article, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    assert skip.evaluate("el => el.getBoundingClientRect().left") >= 0  # visible when focused
    page.keyboard.press("Tab")
    outline = page.locator(":focus").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
