"""Whole-page caching of public reader pages, invalidated at once when any content changes.

Every response for an anonymous GET is cached under a key that includes a content version; saving
or deleting an article or an entity bumps the version, so the next request renders afresh. A page
never outlives the next scheduled publication, so a scheduled story appears on time.
"""

import datetime

from django.conf import settings
from django.core.cache import caches
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import timezone
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control

VERSION_KEY = "newsroom:content-version"
NEXT_PUBLICATION_KEY = "newsroom:next-publication:{version}"


def _cache():
    return caches[settings.CACHE_MIDDLEWARE_ALIAS]


def content_version() -> int:
    version = _cache().get(VERSION_KEY)
    if version is None:
        # A fresh cache starts at the current time, so versions never repeat across cache flushes.
        version = int(timezone.now().timestamp() * 1000)
        _cache().add(VERSION_KEY, version, timeout=None)
        version = _cache().get(VERSION_KEY, version)
    return version


def bump_content_version(**_signal_kwargs) -> None:
    """Invalidate every cached page (connected to save/delete signals of the content models)."""
    try:
        _cache().incr(VERSION_KEY)
    except ValueError:
        content_version()
        _cache().incr(VERSION_KEY)


def seconds_until_next_publication(version: int) -> int | None:
    """Seconds until the next scheduled article goes public, or None when none is scheduled."""
    from articles.models import Article  # the models import this module's signal handler

    key = NEXT_PUBLICATION_KEY.format(version=version)
    upcoming = _cache().get(key, "unknown")
    if upcoming == "unknown" or (upcoming is not None and upcoming <= timezone.now()):
        # Unknown, or that story has gone public since: look for the one after it.
        upcoming = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        # Right until content changes (a new version, a new key) or that time passes (checked above),
        # so kept for an hour whatever the page cache's own lifetime (0 when it is off).
        _cache().set(key, upcoming, timeout=3600)
    if upcoming is None:
        return None
    return max(0, int((upcoming - timezone.now()) / datetime.timedelta(seconds=1)))


def fragment_cache_context(*, enabled: bool = True) -> dict:
    """What a template's `{% fragment_cache fragment_seconds name ... fragment_version %}` blocks need.

    Fragments (an article's body, facts and related stories, an entity's co-occurring names, JSON-LD)
    are shared by every visitor, logged-in editors included, and keyed by the content version, so
    an edit shows at once; like whole pages, they never outlive the next scheduled publication.
    """
    version = content_version()
    seconds = settings.FRAGMENT_CACHE_SECONDS if enabled else 0
    if seconds > 0:
        upcoming = seconds_until_next_publication(version)
        if upcoming is not None:
            seconds = min(seconds, upcoming)
    return {"fragment_version": version, "fragment_seconds": seconds}


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    )


class PublicPageFetchMiddleware(FetchFromCacheMiddleware):
    """Serve a cached copy of a public page for the current content version."""

    def process_request(self, request):
        if not _cacheable(request):
            request._cache_update_cache = False
            return None
        request._page_cache_prefix = f"v{content_version()}"
        if settings.CACHE_MIDDLEWARE_SECONDS <= 0:
            # Page cache off: nothing was stored, so nothing to look up (the headers still apply).
            request._cache_update_cache = True
            return None
        cache_key = get_cache_key(request, request._page_cache_prefix, "GET", cache=self.cache)
        response = self.cache.get(cache_key) if cache_key else None
        if response is None and cache_key and request.method == "HEAD":
            response = self.cache.get(
                get_cache_key(request, request._page_cache_prefix, "HEAD", cache=self.cache)
            )
        if response is None:
            request._cache_update_cache = True
            return None
        request._cache_update_cache = False
        return response


class PublicPageUpdateMiddleware(UpdateCacheMiddleware):
    """Store successful anonymous responses under the content version they were rendered for."""

    def process_response(self, request, response):
        if not self._should_update_cache(request, response):
            return response
        if response.streaming or response.status_code not in (200, 301, 404):
            return response
        if (
            response.cookies
            or "Cookie" in response.get("Vary", "")
            or "private" in response.get("Cache-Control", "")
        ):
            return response  # personalised (a session, a CSRF token): never shared
        prefix = getattr(request, "_page_cache_prefix", None)
        if prefix is None:
            return response
        timeout = self.cache_timeout
        if timeout > 0:
            upcoming = seconds_until_next_publication(int(prefix[1:]))
            if upcoming is not None:
                timeout = min(timeout, upcoming)
        # Browsers revalidate (a cheap 304 thanks to the ETag) so an edit shows at once by default.
        patch_cache_control(
            response, public=True, max_age=settings.PAGE_BROWSER_MAX_AGE, must_revalidate=True
        )
        if timeout <= 0:
            return response
        cache_key = learn_cache_key(request, response, timeout, prefix, cache=self.cache)
        if hasattr(response, "render") and callable(response.render):
            response.add_post_render_callback(lambda r: self.cache.set(cache_key, r, timeout))
        else:
            self.cache.set(cache_key, response, timeout)
        return response
