"""Primary + read replicas: anonymous reader pages read from a replica, everything else uses the primary.

Reads go to a replica only inside a request that `ReplicaReadsMiddleware` marks as a public read (a GET
or HEAD outside /admin/ without a session cookie). Editors (any session), the admin, form posts,
management commands, migrations and the shell all read from the primary, so an editor sees a save at
once whatever the replication lag (read-your-writes), and an import never decides an upsert from a
stale copy. Writes always go to the primary; migrations run on the primary only (replicas copy its
schema through replication).
"""

import contextvars
import random

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

# The replica this request reads from, or None (the primary). One per request, so that all of a
# page's queries see the same snapshot even when replicas lag by different amounts.
_replica = contextvars.ContextVar("replica", default=None)

# The apps whose rows a request needs fresh even for anonymous visitors: logins, sessions, lockouts.
PRIMARY_ONLY_APPS = {"admin", "auth", "contenttypes", "sessions", "axes", "reversion"}


def replica_reads_allowed(request) -> bool:
    """Whether this request is a public read that may be answered from a slightly stale copy."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    )


class ReplicaReadsMiddleware:
    """Let the router send this request's reads to a replica when it is a public read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS or not replica_reads_allowed(request):
            return self.get_response(request)
        token = _replica.set(random.choice(settings.DATABASE_REPLICAS))
        try:
            # Template responses are rendered before get_response returns; a streamed export is
            # iterated later, outside this block, and so reads from the primary.
            return self.get_response(request)
        finally:
            _replica.reset(token)


class PrimaryReplicaRouter:
    """Reads from the request's replica (one of settings.DATABASE_REPLICAS) when allowed; writes to
    the primary."""

    def db_for_read(self, model, **hints):
        replica = _replica.get()
        if replica is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return replica

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: objects from any of them may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
