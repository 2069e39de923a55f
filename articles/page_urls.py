"""URLs reversed once per process: pages without arguments, pages named by a slug alone, and
articles' dated pages (a date and a slug).

Every page's header and footer name the same fourteen argument-free URLs, and an article page links
to its people, organisations, places, sources and topics, some of them twice (the facts sidebar and
the JSON-LD): about 70 reverse() calls, each 30-100 microseconds, a sixth of the page's render with
nothing cached. A reversed URL depends only on the URL name, the URLconf and the script prefix, so
it is kept per (name, URLconf, prefix) and stays right under any of them. A slug page's URL is a
fixed prefix and suffix around the slug: the pattern is reversed once and each URL is the slug put
between the two; an article's is the same around its date and slug. A slug the URL's converter
would refuse goes to reverse(), which raises NoReverseMatch exactly as before.
"""

import datetime
import re
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Django's <slug:...> converter: anything else is left to reverse() to refuse.
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
# A valid slug that no URL pattern or script prefix of this project contains.
MARKER = "slug-0b5e2f7a"


def _current() -> tuple[str, str]:
    """The URLconf and the script prefix a reverse() now would use (the prefix: reverse() prepends it).

    get_urlconf() is None outside a request that set one: the settings' URLconf then applies."""
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


@lru_cache(maxsize=256)
def _fixed(name: str, urlconf: str, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@lru_cache(maxsize=64)
def _around_slug(name: str, urlconf: str, prefix: str) -> tuple[str, str] | None:
    url = reverse(name, kwargs={"slug": MARKER}, urlconf=urlconf)
    if url.count(MARKER) != 1:
        return None
    before, _, after = url.partition(MARKER)
    return before, after


def fixed_url(name: str) -> str:
    """reverse(name) for a URL that takes no arguments."""
    return _fixed(name, *_current())


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug}) for a URL whose only argument is a <slug:slug>."""
    if SLUG.match(slug):
        around = _around_slug(name, *_current())
        if around is not None:
            return around[0] + slug + around[1]
    return reverse(name, kwargs={"slug": slug})


# A date no article has, whose year is a digit string no URL pattern or prefix contains, to find
# where a dated URL's year, month, day and slug go.
MARKER_DAY = datetime.date(9173, 11, 29)


@lru_cache(maxsize=64)
def _around_date_and_slug(name: str, urlconf: str, prefix: str) -> tuple[str, str] | None:
    url = reverse(name, kwargs=_dated_kwargs(MARKER_DAY, MARKER), urlconf=urlconf)
    middle = _date_and_slug(MARKER_DAY, MARKER)
    if url.count(middle) != 1:
        return None
    before, _, after = url.partition(middle)
    return before, after


def _dated_kwargs(day: datetime.date, slug: str) -> dict:
    return {"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": slug}


def _date_and_slug(day: datetime.date, slug: str) -> str:
    return f"{day.year}/{day.month:02d}/{day.day:02d}/{slug}"


def dated_slug_url(name: str, day: datetime.date, slug: str) -> str:
    """reverse(name, kwargs={"year": …, "month": "03", "day": "03", "slug": slug}) for an article's
    dated URL (<int:year>/<dd:month>/<dd:day>/<slug:slug>): an article card, the related stories and
    the page's own canonical URL and JSON-LD each reversed it, 30-100 microseconds a time."""
    if SLUG.match(slug):
        around = _around_date_and_slug(name, *_current())
        if around is not None:
            return around[0] + _date_and_slug(day, slug) + around[1]
    return reverse(name, kwargs=_dated_kwargs(day, slug))


@receiver(setting_changed)
def _forget_patterns(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _fixed.cache_clear()
        _around_slug.cache_clear()
        _around_date_and_slug.cache_clear()
