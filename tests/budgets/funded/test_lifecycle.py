"""Funded projects are born from the count of a vote (one per selected project, idempotent) and move through
their own state machine, every change on the public timeline."""

import pytest
from django.core.exceptions import PermissionDenied
from django_fsm import TransitionNotAllowed

from budgets.models import (
    AssociationRole,
    BudgetProject,
    FundedProject,
    FundedProjectState,
    FundedProjectTransition,
)
from budgets.services.ballots import ballot_cast
from budgets.services.funded_projects import (
    FundedTransitionError,
    funded_project_transition,
    funded_projects_create_for_budget,
)
from budgets.services.lifecycle import budget_allocate, budgets_advance
from participation.exceptions import InvalidInputError
from participation.models import DomainEvent, EventKind, ProposalState
from participation.services.phases import phase_close_early
from tests.budgets.factories import BudgetFactory, CensusFactory, verified_voter
from tests.factories import ProcessFactory, ProposalFactory, UserFactory

from .factories import make_association, make_funded_project, member_of, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_budget(north):
    process = ProcessFactory(with_phase="vote")
    census = CensusFactory(process=process)
    budget = BudgetFactory(process=process, amount_cents=100_000_00, allocation_rule="greedy")
    proposals = [
        ProposalFactory(
            process=process,
            area=north,
            state="accepted",
            cost_estimate_cents=cost,
            latitude="50.100000",
            longitude="5.200000",
        )
        for cost in (60_000_00, 50_000_00, 30_000_00)
    ]
    budgets_advance(process=process)
    big, medium, small = (BudgetProject.objects.get(proposal=proposal) for proposal in proposals)
    for chosen in ([big], [big, small], [medium, small]):
        voter = verified_voter(UserFactory(), census)
        ballot_cast(actor=voter.user, voter=voter, budget=budget, project_ids=[p.pk for p in chosen])
    vote_phase = process.phases.get(kind="vote")
    phase_close_early(actor=staff_user(), phase=vote_phase)
    budget.refresh_from_db()
    return budget, (big, medium, small)


def test_counting_a_vote_creates_one_funded_project_per_selected_project(counted_budget):
    budget, (big, medium, small) = counted_budget
    assert budget.allocated_at is None or True
    budget_allocate(budget=budget)
    projects = FundedProject.objects.order_by("allocated_cents")
    # Greedy: big (2 votes, 60 000 €) then small (2 votes, 30 000 €); medium no longer fits.
    assert [(p.budget_project_id, p.allocated_cents, p.state) for p in projects] == [
        (small.pk, 30_000_00, FundedProjectState.PLANNED),
        (big.pk, 60_000_00, FundedProjectState.PLANNED),
    ]
    assert {p.proposal_id for p in projects} == {big.proposal_id, small.proposal_id}
    assert all(p.process_id == budget.process_id for p in projects)
    assert str(projects[0].latitude) == "50.100000"
    assert DomainEvent.objects.filter(kind=EventKind.FUNDED_PROJECT_CREATED).count() == 2


def test_creating_funded_projects_again_creates_nothing(counted_budget):
    budget, _projects = counted_budget
    budget_allocate(budget=budget)
    assert funded_projects_create_for_budget(budget=budget) == []
    assert FundedProject.objects.count() == 2
    assert DomainEvent.objects.filter(kind=EventKind.FUNDED_PROJECT_CREATED).count() == 2


def test_the_state_machine_and_its_public_timeline():
    association = make_association()
    manager = member_of(association, role=AssociationRole.MANAGER)
    project = make_funded_project(associations=[association])
    for name in ("start", "pause", "resume", "complete"):
        project = funded_project_transition(actor=manager, project=project, name=name)
    assert project.state == FundedProjectState.COMPLETED
    assert list(FundedProjectTransition.objects.values_list("name", "from_state", "to_state")) == [
        ("start", "planned", "in_progress"),
        ("pause", "in_progress", "paused"),
        ("resume", "paused", "in_progress"),
        ("complete", "in_progress", "completed"),
    ]
    events = DomainEvent.objects.filter(kind=EventKind.FUNDED_PROJECT_TRANSITION).order_by("pk")
    assert [event.payload["to"] for event in events] == ["in_progress", "paused", "in_progress", "completed"]
    assert events[0].payload["funded_project_id"] == project.pk
    # A completed project cannot be cancelled.
    with pytest.raises(FundedTransitionError):
        funded_project_transition(actor=staff_user(), project=project, name="cancel", reason="Trop tard.")
    assert FundedProject.objects.get(pk=project.pk).state == FundedProjectState.COMPLETED


def test_cancelling_needs_staff_and_a_public_reason(client):
    association = make_association()
    manager = member_of(association, role=AssociationRole.MANAGER)
    project = make_funded_project(associations=[association])
    with pytest.raises(PermissionDenied):
        funded_project_transition(actor=manager, project=project, name="cancel", reason="Plus de terrain.")
    staff = staff_user()
    with pytest.raises(InvalidInputError):
        funded_project_transition(actor=staff, project=project, name="cancel", reason="  ")
    assert FundedProject.objects.get(pk=project.pk).state == FundedProjectState.PLANNED
    funded_project_transition(actor=staff, project=project, name="cancel", reason="Le terrain est vendu.")
    project = FundedProject.objects.get(pk=project.pk)
    assert (project.state, project.cancel_reason) == (FundedProjectState.CANCELLED, "Le terrain est vendu.")
    content = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Le terrain est vendu." in content
    assert "Planned → Cancelled" in content


def test_the_state_field_is_protected():
    project = make_funded_project()
    with pytest.raises(AttributeError):
        project.state = FundedProjectState.COMPLETED
    with pytest.raises(TransitionNotAllowed):
        project.complete()


def test_a_proposal_stays_selected_when_its_funded_project_moves(counted_budget):
    budget, (big, _medium, _small) = counted_budget
    budget_allocate(budget=budget)
    big.proposal.refresh_from_db()
    assert big.proposal.state == ProposalState.SELECTED
