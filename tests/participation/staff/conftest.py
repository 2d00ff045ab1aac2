"""Fixtures of the staff pages' tests: one person per role, a client logged in as any of them, and the
processes in the phases the staff actions need. Pages are asked for in English."""

import pytest

from tests.factories import ProcessFactory, UserFactory
from tests.pages import english as english
from tests.pages import login as login
from tests.pages import messages_of as messages_of


@pytest.fixture
def people(db):
    return {
        "resident": UserFactory(display_name="Camille Resident"),
        "moderator": UserFactory(display_name="Maxime Moderator", moderator=True),
        "evaluator": UserFactory(display_name="Eva Evaluator", evaluator=True),
        "admin": UserFactory(display_name="Ada Administrator", process_admin=True),
    }


@pytest.fixture
def evaluation_process(db):
    return ProcessFactory(with_phase="evaluation", title="Budget participatif de Ciney")
