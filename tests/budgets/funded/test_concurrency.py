"""Association invariants under real concurrency (PostgreSQL, one connection per thread): an invitation is
used once; two managers removing each other at once leave one manager; following from many threads leaves
one follow."""

import pytest

from budgets.models import AssociationMembership, AssociationRole, FundedProjectFollow
from budgets.services import associations as services
from budgets.services.funded_projects import funded_project_follow
from tests.concurrency import run_at_once
from tests.factories import UserFactory

from .factories import make_association, make_funded_project, member_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_invitation_accepted_from_ten_threads_makes_one_membership():
    association = make_association()
    manager = member_of(association, role=AssociationRole.MANAGER)
    invitation = services.association_invite(actor=manager, association=association, email="a@example.org")
    token = services.invitation_token(invitation)
    people = [UserFactory() for _ in range(10)]
    outcomes = run_at_once(
        [lambda person=person: services.invitation_accept(actor=person, token=token) for person in people]
    )
    assert outcomes == {"ok": 1, "InvitationUsedError": 9}
    assert AssociationMembership.objects.filter(association=association).count() == 2


def test_two_managers_removing_each_other_at_once_leave_one_manager():
    association = make_association()
    first = member_of(association, role=AssociationRole.MANAGER)
    second = member_of(association, role=AssociationRole.MANAGER)
    first_membership = AssociationMembership.objects.get(user=first)
    second_membership = AssociationMembership.objects.get(user=second)
    outcomes = run_at_once(
        [
            lambda: services.membership_remove(actor=first, membership=second_membership),
            lambda: services.membership_remove(actor=second, membership=first_membership),
        ]
    )
    # The second removal waits for the first one's lock, then sees a single manager left: refused — or, if
    # its actor was the one removed, it is no longer allowed.
    assert outcomes["ok"] == 1
    assert (
        AssociationMembership.objects.filter(association=association, role=AssociationRole.MANAGER).count()
        == 1
    )


def test_following_from_many_threads_leaves_one_follow():
    project = make_funded_project()
    user = UserFactory()
    outcomes = run_at_once([lambda: funded_project_follow(actor=user, project=project) for _ in range(8)])
    assert outcomes == {"ok": 1, "AlreadyDoneError": 7}
    assert FundedProjectFollow.objects.filter(user=user, project=project).count() == 1


def test_no_expense_lands_after_the_project_is_cancelled():
    import datetime

    from budgets.models import FundedProjectExpense, FundedProjectTransition
    from budgets.services.funded_projects import expense_declare, funded_project_transition

    from .factories import staff_user

    association = make_association()
    members = [member_of(association) for _ in range(6)]
    project = make_funded_project(associations=[association])
    staff = staff_user()
    calls = [
        lambda: funded_project_transition(
            actor=staff, project=project, name="cancel", reason="Terrain vendu."
        )
    ] + [
        lambda member=member: expense_declare(
            actor=member,
            project=project,
            amount_cents=100,
            spent_on=datetime.date(2026, 5, 1),
            description="Vis",
        )
        for member in members
    ]
    outcomes = run_at_once(calls)
    assert outcomes["ok"] + outcomes["ProjectClosedError"] == 7
    cancelled_at = FundedProjectTransition.objects.get(project=project, name="cancel").created_at
    # The project's row lock orders them: every expense accepted was written before the cancellation.
    assert not FundedProjectExpense.objects.filter(project=project, created_at__gt=cancelled_at).exists()
    assert FundedProjectExpense.objects.filter(project=project).count() == outcomes["ok"] - 1
