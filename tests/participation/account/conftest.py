"""Fixtures of the account and "my pages" tests. Pages are asked for in English (the language cookie wins over
the account's preferred language), so that assertions do not depend on the French catalogue."""

import pytest
from django.conf import settings

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # allauth counts attempts in the cache, which outlives a test: the flows here would trip it.
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def resident(db):
    return UserFactory(display_name="Camille Resident", email="camille@example.org")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
