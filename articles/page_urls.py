"""The URL of a page named by a slug alone (a person's, a place's, ...), without a reverse() per link.

An article page links to its people, organisations, places, sources and topics, some of them twice
(the facts sidebar and the JSON-LD): about 70 reverse() calls, each 30-100 microseconds, a sixth of
the page's render with nothing cached. The URL of such a page is a fixed prefix and suffix around the
slug, so the pattern is reversed once per process (per URL name, URLconf and script prefix) and each
URL is the slug put between the two. A slug the URL's converter would refuse goes to reverse(), which
raises NoReverseMatch exactly as before.
"""

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


@lru_cache(maxsize=64)
def _around_slug(name: str, urlconf: str, prefix: str) -> tuple[str, str] | None:
    # The prefix is part of the key because reverse() prepends the current one.
    url = reverse(name, kwargs={"slug": MARKER}, urlconf=urlconf)
    if url.count(MARKER) != 1:
        return None
    before, _, after = url.partition(MARKER)
    return before, after


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug}) for a URL whose only argument is a <slug:slug>."""
    if SLUG.match(slug):
        # get_urlconf() is None outside a request that set one: the settings' URLconf then applies.
        around = _around_slug(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        if around is not None:
            return around[0] + slug + around[1]
    return reverse(name, kwargs={"slug": slug})


@receiver(setting_changed)
def _forget_patterns(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _around_slug.cache_clear()
