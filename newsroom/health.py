"""/healthz for load balancers: 200 when this host reaches its databases and its cache, else 503.

A host that cannot reach PostgreSQL or Redis should be taken out of rotation rather than answer
every reader with the 503 page. The answer names what fails, never how (no error text).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

HEALTH_KEY = "newsroom:health"


def _database_reachable(alias: str) -> bool:
    try:
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
    failing = [
        f"database {alias}"
        for alias in [DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS]
        if not _database_reachable(alias)
    ]
    if not _cache_reachable():
        failing.append("cache")
    response = JsonResponse(
        {"status": "unavailable" if failing else "ok", "failing": failing}, status=503 if failing else 200
    )
    add_never_cache_headers(response)
    return response
