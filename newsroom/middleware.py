"""A database outage answers 503 Service Unavailable with Retry-After, not a 500 error page.

While PostgreSQL restarts (or a replica is down), every request that needs it fails with
OperationalError or InterfaceError. Those are not bugs in the page: clients, crawlers and load
balancers should retry, so the answer is a short 503 page that is never cached and leaks no detail.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from .routers import current_replica_broke

logger = logging.getLogger("newsroom.outage")


class DatabaseOutageMiddleware:
    """Turn a database connection failure anywhere in a view or its template into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # One line per failed request, without the traceback: an outage would flood the log. A page
        # whose read replica broke is built again elsewhere (routers.py), and that replica is logged.
        if not current_replica_broke():
            reason = (str(exception).strip().splitlines() or [type(exception).__name__])[0]
            logger.error(
                "Database unavailable, answered 503 for %s %s: %s", request.method, request.path, reason
            )
        retry_after = settings.OUTAGE_RETRY_AFTER_SECONDS
        if request.path.startswith("/api/"):  # API clients get JSON, as from every other API error
            detail = f"The archive is briefly unavailable; retry in {retry_after} seconds."
            response = JsonResponse({"detail": detail}, status=503)
        else:
            # Rendered without the request: the context processors could touch the database again.
            response = HttpResponse(render_to_string("503.html", {"retry_after": retry_after}), status=503)
        response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        return response
