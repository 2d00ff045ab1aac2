"""Fixtures of the staff pages' tests: one person per role, a client logged in as any of them, and the
processes in the phases the staff actions need. Pages are asked for in English."""

import pytest
from django.conf import settings

from tests.factories import ProcessFactory, UserFactory


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def people(db):
    return {
        "resident": UserFactory(display_name="Camille Resident"),
        "moderator": UserFactory(display_name="Maxime Moderator", moderator=True),
        "evaluator": UserFactory(display_name="Eva Evaluator", evaluator=True),
        "admin": UserFactory(display_name="Ada Administrator", process_admin=True),
    }


@pytest.fixture
def login(client, people):
    """`login("moderator")` logs the client in as that person (None: anonymous) and returns the client."""

    def log_in(role):
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if role is not None:
            client.force_login(people[role])
        return client

    return log_in


@pytest.fixture
def submission_process(db):
    return ProcessFactory(with_phase="submission", title="Appel à idées de Havelange")


@pytest.fixture
def debate_process(db):
    return ProcessFactory(with_phase="debate", title="Budget participatif des Condruses")


@pytest.fixture
def evaluation_process(db):
    return ProcessFactory(with_phase="evaluation", title="Budget participatif de Ciney")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
