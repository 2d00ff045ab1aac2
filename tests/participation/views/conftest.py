"""Fixtures of the resident pages' tests. Pages are asked for in English (the language cookie wins over the
account's preferred language), so that assertions do not depend on the French catalogue."""

import pytest
from django.conf import settings

from tests.factories import ProcessFactory, UserFactory


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def resident(db):
    return UserFactory(display_name="Camille Resident")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def debate_process(db):
    """A published process whose debate phase is open now (submission is over)."""
    return ProcessFactory(with_phase="debate", title="Budget participatif des Condruses")


@pytest.fixture
def submission_process(db):
    """A published process whose submission phase is open now."""
    return ProcessFactory(with_phase="submission", title="Appel à idées de Havelange")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
