"""Throttling of the API: per account (`PLACETTE_API_RATE_USER`, every authenticated request) and per IP
address (`PLACETTE_API_RATE_IP`, every request, anonymous or not). Rates are read from the settings at each
request (not at import time), as "<number>/<second|minute|hour|day>". The counters live in Django's cache:
configure a shared cache when several processes serve the API, or each process counts on its own."""

from django.conf import settings
from rest_framework import throttling


class _SettingsRateMixin:
    setting_name = ""

    def get_rate(self):
        return getattr(settings, self.setting_name) or None


class PerUserThrottle(_SettingsRateMixin, throttling.SimpleRateThrottle):
    scope = "user"
    setting_name = "PLACETTE_API_RATE_USER"

    def __init__(self):
        # SimpleRateThrottle reads its rate in __init__: one instance per request, so settings apply live.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class PerIPThrottle(_SettingsRateMixin, throttling.SimpleRateThrottle):
    scope = "ip"
    setting_name = "PLACETTE_API_RATE_IP"

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
