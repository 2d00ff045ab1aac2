"""Fixtures of the resident pages' tests. Pages are asked for in English (the language cookie wins over the
account's preferred language), so that assertions do not depend on the French catalogue."""

import pytest

from tests.factories import UserFactory
from tests.pages import english as english
from tests.pages import messages_of as messages_of
from tests.pages import resident_client as resident_client


@pytest.fixture
def resident(db):
    return UserFactory(display_name="Camille Resident")
