"""The permission matrix of reporting on a funded project: who (roles) × the project's state, for updates,
milestones and expenses. Only members of a carrying association (manager or member) and staff may report; a
member of another association, a resident and an anonymous visitor may not. A cancelled project takes no
news or milestone; a cancelled or completed project takes no expense."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from budgets.models import (
    AssociationRole,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectState,
    FundedProjectUpdate,
)
from budgets.services.funded_projects import (
    ProjectClosedError,
    expense_declare,
    funded_project_post_update,
    milestone_add,
)
from tests.factories import UserFactory

from .factories import make_association, make_funded_project, member_of, staff_user

pytestmark = pytest.mark.django_db

ROLES = ["manager", "member", "other_association", "staff", "resident", "anonymous"]
STATES = list(FundedProjectState.values)
REPORTERS = {"manager", "member", "staff"}


@pytest.fixture
def arrange():
    def build(role, state):
        carrier = make_association("Les Amis du Lavoir")
        other = make_association("Le Club de Foot")
        project = make_funded_project(state=state, associations=[carrier])
        actor = {
            "manager": lambda: member_of(carrier, role=AssociationRole.MANAGER),
            "member": lambda: member_of(carrier),
            "other_association": lambda: member_of(other, role=AssociationRole.MANAGER),
            "staff": staff_user,
            "resident": UserFactory,
            "anonymous": AnonymousUser,
        }[role]()
        return actor, project

    return build


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_post_an_update(arrange, role, state):
    actor, project = arrange(role, state)
    allowed = role in REPORTERS and state != FundedProjectState.CANCELLED
    assert actor.has_perm("budgets.post_funded_project_update", project) is allowed
    if allowed:
        funded_project_post_update(
            actor=actor, project=project, body="Les travaux avancent.", happened_on=datetime.date(2026, 5, 1)
        )
        assert FundedProjectUpdate.objects.filter(project=project).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            funded_project_post_update(
                actor=actor,
                project=project,
                body="Les travaux avancent.",
                happened_on=datetime.date(2026, 5, 1),
            )
        assert FundedProjectUpdate.objects.count() == 0


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_milestone(arrange, role, state):
    actor, project = arrange(role, state)
    allowed = role in REPORTERS and state != FundedProjectState.CANCELLED
    assert actor.has_perm("budgets.manage_milestones", project) is allowed
    if allowed:
        milestone_add(actor=actor, project=project, title="Devis signé")
        assert list(FundedProjectMilestone.objects.values_list("title", flat=True)) == ["Devis signé"]
    else:
        with pytest.raises(PermissionDenied):
            milestone_add(actor=actor, project=project, title="Devis signé")
        assert FundedProjectMilestone.objects.count() == 0


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_declare_an_expense(arrange, role, state):
    actor, project = arrange(role, state)
    spending = state in (
        FundedProjectState.PLANNED,
        FundedProjectState.IN_PROGRESS,
        FundedProjectState.PAUSED,
    )
    allowed = role in REPORTERS and spending
    assert actor.has_perm("budgets.declare_expense", project) is allowed

    def declare():
        return expense_declare(
            actor=actor,
            project=project,
            amount_cents=1_250_00,
            spent_on=datetime.date(2026, 5, 2),
            description="Pierres de taille",
        )

    if allowed:
        declare()
        assert list(FundedProjectExpense.objects.values_list("amount_cents", flat=True)) == [1_250_00]
    elif role in REPORTERS:
        with pytest.raises(ProjectClosedError) as error:
            declare()
        assert (
            str(error.value.message) == "This project is cancelled or completed: it accepts no new expense."
        )
        assert FundedProjectExpense.objects.count() == 0
    else:
        with pytest.raises(PermissionDenied):
            declare()
        assert FundedProjectExpense.objects.count() == 0
