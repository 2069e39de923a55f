"""Rate limit for anonymous API clients, read from settings at request time (API_THROTTLE_RATE)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATE
