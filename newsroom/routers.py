"""Primary + read replicas: anonymous reader pages read from a replica, everything else uses the primary.

Reads go to a replica only inside a request that `ReplicaReadsMiddleware` marks as a public read (a GET
or HEAD outside /admin/ without a session cookie). Editors (any session), the admin, form posts,
management commands, migrations and the shell all read from the primary, so an editor sees a save at
once whatever the replication lag (read-your-writes), and an import never decides an upsert from a
stale copy. Writes always go to the primary; migrations run on the primary only (replicas copy its
schema through replication).

A replica that cannot be reached is skipped: the request's first read checks the chosen replica's
connection (the same health check Django makes before a connection's first query of a request), and
when it fails that replica is left out for REPLICA_RETRY_SECONDS and the request reads another one, or
the primary. Pages served from the cache never touch a database, so they pay nothing for this. A
replica that fails later, in the middle of a page, makes that page a 503 (DatabaseOutageMiddleware);
the request is then answered once more, from another replica or the primary, and the broken replica
is left out in the same way.
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger("newsroom.replicas")

# The replica this request reads from, or None (the primary). One per request, so that all of a
# page's queries see the same snapshot even when replicas lag by different amounts.
_replica = contextvars.ContextVar("replica", default=None)

# Replicas found unreachable, with the time (time.monotonic()) until which this process skips them.
_down_until: dict[str, float] = {}

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
        replica = _RequestReplica()
        token = _replica.set(replica)
        try:
            # Template responses are rendered before get_response returns; a streamed export is
            # iterated later, outside this block, and so reads from the primary.
            response = self.get_response(request)
            if response.status_code == 503 and replica.broke():
                # The replica went away after its check, mid-page (DatabaseOutageMiddleware made the
                # 503). A public read changes nothing, so it is answered again, once, elsewhere. (The
                # 503 is dropped unclosed: closing a response ends the request for Django's signals.)
                _replica.set(_RequestReplica(last_try=True))
                response = self.get_response(request)
            return response
        finally:
            _replica.reset(token)


class _RequestReplica:
    """The replica of one request, chosen at its first read among those that answer."""

    def __init__(self, last_try: bool = False):
        self._alias = None
        self._broke = None
        self.last_try = last_try  # the page's second build: its 503, if any, is the answer

    def alias(self) -> str:
        if self._alias is None:
            self._alias = healthy_replica() or DEFAULT_DB_ALIAS
        return self._alias

    def broke(self) -> bool:
        """Whether this request's replica failed while the page read it; if so, it is left out."""
        if self._broke is None:
            self._broke = self._alias not in (None, DEFAULT_DB_ALIAS) and _unusable(connections[self._alias])
            if self._broke:
                _leave_out(self._alias, "it failed during a page")
        return self._broke


def current_replica_broke() -> bool:
    """Whether the replica of the request being served failed during it and the page will be built
    again elsewhere. A failed replica is left out either way; on the page's second build it is not
    built again, so its 503 is the answer (and the outage middleware logs it)."""
    replica = _replica.get()
    return replica is not None and replica.broke() and not replica.last_try


def _unusable(connection) -> bool:
    # Django flags a connection whose query raised anything but a data or integrity error; a replica
    # that still answers had a different problem, which another try would not cure.
    return connection.errors_occurred and (connection.connection is None or not connection.is_usable())


def open_connection(alias: str) -> None:
    """Check the alias's connection once per request, as Django would before the first query anyway,
    then connect if need be (ensure_connection's own steps); a refusal raises OperationalError."""
    connection = connections[alias]
    connection.close_if_health_check_failed()
    if connection.connection is None:
        with connection.wrap_database_errors:
            connection.connect()


def healthy_replica() -> str | None:
    """A replica that answers, at random; None when none does (the caller reads the primary)."""
    now = time.monotonic()
    candidates = [alias for alias in settings.DATABASE_REPLICAS if _down_until.get(alias, 0) <= now]
    random.shuffle(candidates)
    for alias in candidates:
        try:
            open_connection(alias)
        except (OperationalError, InterfaceError) as error:
            _leave_out(alias, (str(error).strip().splitlines() or [type(error).__name__])[0])
            continue
        _down_until.pop(alias, None)
        return alias
    return None


def _leave_out(alias: str, reason: str) -> None:
    # From the failure, not from the attempt: a slow refusal must not expire on arrival.
    _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    logger.warning(
        "Replica %s unreachable, reading elsewhere for %s s: %s",
        alias,
        settings.REPLICA_RETRY_SECONDS,
        reason,
    )


class PrimaryReplicaRouter:
    """Reads from the request's replica (one of settings.DATABASE_REPLICAS) when allowed; writes to
    the primary."""

    def db_for_read(self, model, **hints):
        replica = _replica.get()
        if replica is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return replica.alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: objects from any of them may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
