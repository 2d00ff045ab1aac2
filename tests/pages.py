"""What the page tests of both apps share; their conftests take the fixtures in by name. Pages are asked for
in English (the language cookie wins over the account's preferred language), so that assertions do not depend
on the French catalogue."""

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def login(client, people):
    """`login("moderator")` logs the client in as that person of the folder's `people` (None: anonymous) and
    returns the client."""

    def log_in(role):
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if role is not None:
            client.force_login(people[role])
        return client

    return log_in


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
