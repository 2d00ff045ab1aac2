"""Shared fixtures of the budgets tests: a clean cache (the wrong-guess counters live there) and English
messages (assertions name the English msgids, whatever the catalogues say), and the areas Nord and Sud."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import AreaFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def north(db):
    return AreaFactory(name="Nord", slug="nord")


@pytest.fixture
def south(db):
    return AreaFactory(name="Sud", slug="sud")
