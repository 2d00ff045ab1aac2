"""Processes in the phases that the page tests of participation (resident and staff pages) start from."""

import pytest

from tests.factories import ProcessFactory


@pytest.fixture
def debate_process(db):
    """A published process whose debate phase is open now (submission is over)."""
    return ProcessFactory(with_phase="debate", title="Budget participatif des Condruses")


@pytest.fixture
def submission_process(db):
    """A published process whose submission phase is open now."""
    return ProcessFactory(with_phase="submission", title="Appel à idées de Havelange")
