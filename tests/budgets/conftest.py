"""Shared fixtures of the budgets tests: a clean cache (the wrong-guess counters live there) and English
messages (assertions name the English msgids, whatever the catalogues say)."""

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
