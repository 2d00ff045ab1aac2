"""Fixtures of the API tests: a clean cache (throttle counters and the first-seen dates of ETags live there),
generous throttle rates (the throttling tests set their own), English answers unless a test asks otherwise,
and `world` (see world.py)."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.participation.api.world import make_world


@pytest.fixture(autouse=True)
def _api_defaults(settings):
    cache.clear()
    settings.PLACETTE_API_RATE_USER = "100000/minute"
    settings.PLACETTE_API_RATE_IP = "100000/minute"
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def api(client):
    """Django's test client asking for English JSON."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
