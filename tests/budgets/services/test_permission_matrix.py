"""The services enforce the budgets permission matrix: an allowed role succeeds, any other role is refused
with PermissionDenied or a DomainError, and a refusal leaves the database exactly as it was."""

import pytest
from django.core.exceptions import PermissionDenied

from participation.exceptions import DomainError
from tests.budgets.services.matrix import arrange, db_snapshot, matrix_cases, perform

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("action", "timing", "role", "allowed"), list(matrix_cases(services_only=True)))
def test_service_permission_matrix(action, timing, role, allowed):
    arranged = arrange(action, timing, role)
    before = db_snapshot()
    if allowed:
        perform(action, arranged)
        assert db_snapshot() != before
    else:
        with pytest.raises((PermissionDenied, DomainError)):
            perform(action, arranged)
        assert db_snapshot() == before
