"""Django's Redis cache, for which a Redis that cannot be reached is a cache miss, not a 500.

Every page reads the cache (the content version, whole pages, fragments), so with Django's own
RedisCache a Redis outage answers every reader with a 500. Here an operation that fails with a
Redis error behaves as a miss (reads give the default, writes store nothing), Redis is left alone
for `retry_seconds` so that a Redis that does not answer costs each process one timeout per window
rather than one per call, and one line is logged when it goes and when it comes back.

Writes made meanwhile are lost, the content version's bump among them: an edit saved during the
outage would not invalidate the pages cached before it. So when Redis answers again, `recovered`
is sent (articles.caching bumps the content version on it) by every process that saw it fail.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger("newsroom.cache")

# Sent with `location` when a Redis this process saw fail answers again.
recovered = Signal()

# Per process and Redis location: until when it is left alone (time.monotonic()), or absent when
# it is up. Django makes a cache object per thread, so this is not kept on the object.
_down_until: dict[str, float] = {}


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


class ResilientRedisCache(RedisCache):
    """RedisCache whose outage is a miss. OPTIONS may set `retry_seconds` (default 10) and any
    option of redis-py's connection pool (settings.py sets its connect and socket timeouts)."""

    # /healthz reports such a cache as degraded, not down: pages are served without it.
    tolerates_outage = True

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("retry_seconds", 10))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = ",".join(self._servers)
        # What the log says: no password from the URL.
        self._name = ",".join(_without_password(server) for server in self._servers)

    def _call(self, default, operation, *args, **kwargs):
        down_until = _down_until.get(self._location)
        if down_until is not None:
            if time.monotonic() < down_until:
                return default
            # Ask whether it is back before the operation, so that what a process missed meanwhile
            # (the receivers of `recovered`) is made good before it reads or writes anything.
            try:
                self._cache.get_client(write=True).ping()
            except RedisError:
                _down_until[self._location] = time.monotonic() + self.retry_seconds
                return default
            if _down_until.pop(self._location, None) is not None:  # once, if two threads get here
                logger.warning("cache %s reachable again", self._name)
                recovered.send(sender=type(self), location=self._location)
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            if self._location not in _down_until:
                logger.warning(
                    "cache %s unreachable (%s); pages are served without it, retried every %g s",
                    self._name,
                    type(error).__name__,
                    self.retry_seconds,
                )
            _down_until[self._location] = time.monotonic() + self.retry_seconds
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as Django's caches do; an outage returns 0.
        return self._call(0, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)
