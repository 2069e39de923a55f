"""/healthz for load balancers: 200 when this host can serve readers, else 503.

A host that cannot reach PostgreSQL (or write its file cache) should be taken out of rotation
rather than answer every reader with the 503 page. A read replica or a Redis cache that fails is
named ("degraded") but the answer stays 200: readers are served from another replica or the
primary (newsroom/routers.py) and without the cache (newsroom/cache.py) meanwhile, and every host
shares them, so a 503 would have the balancer take out every host at once.
The answer names what fails, never how (no error text).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from newsroom.routers import open_connection

HEALTH_KEY = "newsroom:health"


def _database_reachable(alias: str) -> bool:
    try:
        open_connection(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_reachable() -> bool:
    try:
        cache.set(HEALTH_KEY, 1, timeout=10)
        return cache.get(HEALTH_KEY) == 1
    except Exception:  # any cache backend error means the same thing here
        return False


def healthz(request):
    failing = [] if _database_reachable(DEFAULT_DB_ALIAS) else [f"database {DEFAULT_DB_ALIAS}"]
    degraded = []
    if not _cache_reachable():
        # Redis (newsroom.cache) being down only slows pages; a file cache that fails breaks them.
        (degraded if getattr(cache, "tolerates_outage", False) else failing).append("cache")
    degraded += [
        f"database {alias}" for alias in settings.DATABASE_REPLICAS if not _database_reachable(alias)
    ]
    status = "unavailable" if failing else "degraded" if degraded else "ok"
    response = JsonResponse({"status": status, "failing": failing + degraded}, status=503 if failing else 200)
    add_never_cache_headers(response)
    return response
