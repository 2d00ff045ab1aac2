"""The life of a vote: accepted proposals go on the ballot when the vote opens, each budget is counted once
when it closes (results per channel, proposals selected or not, events), idempotently; the beat task; staff
projects."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from budgets.exceptions import InvalidInputError, PhaseClosedError
from budgets.models import BallotChannel, Budget, BudgetOutcome, BudgetProject, ProjectResult
from budgets.services.ballots import ballot_cast, ballot_cast_at_desk, paper_entry_record
from budgets.services.lifecycle import (
    advance_all_budgets,
    budget_add_project,
    budget_allocate,
    budgets_advance,
)
from budgets.tasks import advance_all_budgets as advance_task
from config.celery import app
from participation.models import DomainEvent, EventKind, Phase, Proposal, ProposalTransition
from participation.services.phases import phase_close_early
from tests.budgets.factories import (
    BudgetFactory,
    BudgetProjectFactory,
    CensusFactory,
    census_person,
    desk_agent,
    verified_voter,
)
from tests.factories import AreaFactory, ProcessFactory, ProposalFactory, UserFactory, make_phases

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(db):
    return AreaFactory(name="Nord", slug="nord")


@pytest.fixture
def south(db):
    return AreaFactory(name="Sud", slug="sud")


# --- The vote opens -----------------------------------------------------------------------------------------


def test_accepted_proposals_go_on_the_ballot_of_their_area_or_the_territory(north, south):
    process = ProcessFactory(with_phase="vote")
    town = BudgetFactory(process=process, area=None)
    north_budget = BudgetFactory(process=process, area=north)
    in_north = ProposalFactory(
        process=process,
        area=north,
        state="accepted",
        cost_estimate_cents=12_000_00,
        latitude="50.1",
        longitude="5.2",
    )
    in_south = ProposalFactory(process=process, area=south, state="accepted", cost_estimate_cents=8_000_00)
    rejected = ProposalFactory(process=process, area=north, state="rejected")

    report = budgets_advance(process=process)

    assert sorted(report["on_ballot"]) == sorted([in_north.pk, in_south.pk])
    north_project = BudgetProject.objects.get(proposal=in_north)
    assert (north_project.budget, north_project.cost_cents, north_project.area, north_project.title) == (
        north_budget,
        12_000_00,
        north,
        in_north.title,
    )
    assert str(north_project.latitude) == "50.100000"
    assert BudgetProject.objects.get(proposal=in_south).budget == town
    assert Proposal.objects.get(pk=in_north.pk).state == "on_ballot"
    assert Proposal.objects.get(pk=rejected.pk).state == "rejected"
    transitions = ProposalTransition.objects.filter(name="put_on_ballot")
    assert sorted(transitions.values_list("proposal_id", flat=True)) == sorted([in_north.pk, in_south.pk])
    assert {(t.from_state, t.to_state, t.actor) for t in transitions} == {("accepted", "on_ballot", None)}
    assert DomainEvent.objects.filter(kind=EventKind.BUDGET_PROJECT_ADDED).count() == 2


def test_putting_on_the_ballot_is_idempotent(north):
    process = ProcessFactory(with_phase="vote")
    BudgetFactory(process=process)
    ProposalFactory.create_batch(3, process=process, area=north, state="accepted")

    first = budgets_advance(process=process)
    second = budgets_advance(process=process)

    assert (len(first["on_ballot"]), second["on_ballot"]) == (3, [])
    assert BudgetProject.objects.count() == 3
    assert ProposalTransition.objects.filter(name="put_on_ballot").count() == 3


def test_a_proposal_without_a_budget_or_a_cost_stays_accepted(north, south):
    process = ProcessFactory(with_phase="vote")
    BudgetFactory(process=process, area=north)
    homeless = ProposalFactory(process=process, area=south, state="accepted")
    free = ProposalFactory(process=process, area=north, state="accepted", cost_estimate_cents=0)

    report = budgets_advance(process=process)

    assert sorted(report["unplaced"]) == sorted([homeless.pk, free.pk])
    assert set(Proposal.objects.values_list("state", flat=True)) == {"accepted"}
    assert BudgetProject.objects.count() == 0


def test_nothing_happens_before_the_vote(north):
    process = ProcessFactory(with_phase="evaluation")
    BudgetFactory(process=process)
    proposal = ProposalFactory(process=process, area=north, state="accepted")

    assert budgets_advance(process=process) == {"on_ballot": [], "unplaced": [], "allocated": []}
    assert Proposal.objects.get(pk=proposal.pk).state == "accepted"
    assert Budget.objects.get().allocated_at is None


# --- The vote closes ----------------------------------------------------------------------------------------


@pytest.fixture
def counted_scene(north):
    """A vote with ballots through every channel, then its vote phase closed early."""
    process = ProcessFactory(with_phase="vote")
    census = CensusFactory(process=process)
    budget = BudgetFactory(process=process, amount_cents=100_000_00, allocation_rule="greedy")
    proposals = [
        ProposalFactory(process=process, area=north, state="accepted", cost_estimate_cents=cost)
        for cost in (60_000_00, 50_000_00, 30_000_00)
    ]
    budgets_advance(process=process)
    big, medium, small = (BudgetProject.objects.get(proposal=proposal) for proposal in proposals)
    for chosen in ([big], [big, small], [medium, small]):
        voter = verified_voter(UserFactory(), census)
        ballot_cast(actor=voter.user, voter=voter, budget=budget, project_ids=[p.pk for p in chosen])
    ballot_cast_at_desk(
        actor=desk_agent(),
        process=process,
        budget=budget,
        census_values=census_person(census),
        project_ids=[big.pk],
    )
    values = census_person(census)
    paper_entry_record(
        actor=desk_agent(), budget=budget, paper_number="1", census_values=values, project_ids=[medium.pk]
    )
    paper_entry_record(
        actor=desk_agent(), budget=budget, paper_number="1", census_values=values, project_ids=[medium.pk]
    )
    # A paper ballot typed once only: not counted.
    paper_entry_record(
        actor=desk_agent(),
        budget=budget,
        paper_number="2",
        census_values=census_person(census),
        project_ids=[small.pk],
    )
    phase_close_early(
        actor=UserFactory(process_admin=True), phase=Phase.objects.get(process=process, kind="vote")
    )
    return {
        "process": process,
        "budget": budget,
        "big": big,
        "medium": medium,
        "small": small,
        "proposals": proposals,
    }


def test_closing_counts_each_budget_with_votes_per_channel(counted_scene):
    process, budget = counted_scene["process"], counted_scene["budget"]
    big, medium, small = counted_scene["big"], counted_scene["medium"], counted_scene["small"]

    report = budgets_advance(process=process)

    assert report["allocated"] == [budget.pk]
    outcome = BudgetOutcome.objects.get(budget=budget)
    assert (outcome.rule, outcome.ballots_count) == ("greedy", 5)
    results = {result.project_id: result for result in ProjectResult.objects.all()}
    assert [
        (results[p.pk].votes_online, results[p.pk].votes_desk, results[p.pk].votes_paper)
        for p in (big, medium, small)
    ] == [(2, 1, 0), (1, 0, 1), (2, 0, 0)]
    # Ties by id: medium (2 votes) was created before small (2 votes).
    assert [results[p.pk].rank for p in (big, medium, small)] == [1, 2, 3]
    # Greedy by votes: big (3 votes, 60 000) then small (2, 30 000); medium (2, 50 000) no longer fits.
    assert [results[p.pk].selected for p in (big, medium, small)] == [True, False, True]
    assert [results[p.pk].allocated_cents for p in (big, medium, small)] == [60_000_00, 0, 30_000_00]
    assert outcome.total_cost_cents == 90_000_00
    assert outcome.comparison["greedy"] == {"selected": [big.pk, small.pk], "total_cost_cents": 90_000_00}
    assert set(outcome.comparison) == {"greedy", "equal-shares", "equal-shares-plain"}
    assert sum(result.votes_total for result in results.values()) == sum(
        ballot.selections.count() for ballot in budget.ballots.all()
    )


def test_closing_moves_the_proposals_to_selected_or_not_selected(counted_scene):
    budgets_advance(process=counted_scene["process"])

    big, medium, small = (Proposal.objects.get(pk=p.pk) for p in counted_scene["proposals"])
    assert (big.state, medium.state, small.state) == ("selected", "not_selected", "selected")
    transitions = ProposalTransition.objects.filter(name__in=["select", "mark_not_selected"])
    assert sorted((t.proposal_id, t.from_state, t.to_state) for t in transitions) == sorted(
        [
            (big.pk, "on_ballot", "selected"),
            (medium.pk, "on_ballot", "not_selected"),
            (small.pk, "on_ballot", "selected"),
        ]
    )
    event = DomainEvent.objects.get(kind=EventKind.BUDGET_ALLOCATED)
    assert event.payload["ballots"] == 5


def test_counting_is_idempotent(counted_scene):
    first = budgets_advance(process=counted_scene["process"])
    allocated_at = Budget.objects.get().allocated_at

    second = budgets_advance(process=counted_scene["process"])

    assert (len(first["allocated"]), second["allocated"]) == (1, [])
    assert budget_allocate(budget=counted_scene["budget"]) is None
    assert BudgetOutcome.objects.count() == 1
    assert ProjectResult.objects.count() == 3
    assert Budget.objects.get().allocated_at == allocated_at
    assert DomainEvent.objects.filter(kind=EventKind.BUDGET_ALLOCATED).count() == 1
    assert ProposalTransition.objects.filter(name__in=["select", "mark_not_selected"]).count() == 3


def test_a_budget_without_ballots_is_counted_with_nothing_selected_by_votes(north):
    process = ProcessFactory(with_phase="results")
    budget = BudgetFactory(process=process, allocation_rule="equal-shares")
    project = BudgetProjectFactory(budget=budget)

    budgets_advance(process=process)

    outcome = BudgetOutcome.objects.get(budget=budget)
    assert outcome.ballots_count == 0
    result = ProjectResult.objects.get(project=project)
    assert (result.votes_total, result.rank) == (0, 1)


def test_the_beat_task_advances_every_process_with_work(north):
    open_vote = ProcessFactory(with_phase="vote")
    BudgetFactory(process=open_vote)
    ProposalFactory(process=open_vote, area=north, state="accepted")
    closed = ProcessFactory(with_phase="results")
    BudgetFactory(process=closed)
    idle = ProcessFactory(with_phase="debate")
    BudgetFactory(process=idle)

    totals = advance_task()

    assert totals == {"processes": 2, "on_ballot": 1, "allocated": 1, "failed": 0}
    assert advance_all_budgets() == {"processes": 1, "on_ballot": 0, "allocated": 0, "failed": 0}
    entry = app.conf.beat_schedule["advance-budgets"]
    assert entry["task"] == advance_task.name == "budgets.tasks.advance_all_budgets"


def test_a_vote_that_ends_later_is_counted_only_then(north):
    process = ProcessFactory()
    make_phases(process, open_kind="vote")
    BudgetFactory(process=process)
    later = timezone.now() + timedelta(days=6)

    assert budgets_advance(process=process)["allocated"] == []
    assert len(budgets_advance(process=process, now=later)["allocated"]) == 1


# --- Staff projects -----------------------------------------------------------------------------------------


def test_an_administrator_adds_a_project_before_the_vote(north):
    process = ProcessFactory(with_phase="evaluation")
    process.areas.set([north])
    budget = BudgetFactory(process=process)
    admin = UserFactory(process_admin=True)

    project = budget_add_project(
        actor=admin,
        budget=budget,
        title=" Un kiosque ",
        cost_cents=5_000_00,
        area=north,
        latitude="50.5",
        longitude="5.1",
    )

    assert (project.title, project.cost_cents, project.area, project.proposal) == (
        "Un kiosque",
        5_000_00,
        north,
        None,
    )
    assert DomainEvent.objects.filter(kind=EventKind.BUDGET_PROJECT_ADDED, actor=admin).count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "", "cost_cents": 1}, "title"),
        ({"title": "x", "cost_cents": 0}, "cost_cents"),
        ({"title": "x", "cost_cents": "12"}, "cost_cents"),
        ({"title": "x", "cost_cents": 1, "latitude": "50"}, "longitude"),
        ({"title": "x", "cost_cents": 1, "latitude": "91", "longitude": "0"}, "latitude"),
        ({"title": "x", "cost_cents": 1, "image": "budgets/projects/a.png"}, "image_alt"),
    ],
)
def test_a_bad_project_is_refused_with_the_field_named(fields, field):
    budget = BudgetFactory(process=ProcessFactory(with_phase="evaluation"))

    with pytest.raises(InvalidInputError) as error:
        budget_add_project(actor=UserFactory(process_admin=True), budget=budget, **fields)

    assert list(error.value.field_errors) == [field]
    assert BudgetProject.objects.count() == 0


def test_projects_cannot_be_added_once_the_vote_has_started_or_by_a_resident():
    budget = BudgetFactory(process=ProcessFactory(with_phase="vote"))
    with pytest.raises(PhaseClosedError):
        budget_add_project(actor=UserFactory(process_admin=True), budget=budget, title="x", cost_cents=1)
    before = BudgetFactory(process=ProcessFactory(with_phase="evaluation"))
    with pytest.raises(PermissionDenied):
        budget_add_project(actor=UserFactory(), budget=before, title="x", cost_cents=1)
    assert BudgetProject.objects.count() == 0


def test_ballots_of_each_channel_count_alike(counted_scene):
    budgets_advance(process=counted_scene["process"])

    channels = sorted(counted_scene["budget"].ballots.values_list("channel", flat=True))
    assert channels == sorted([BallotChannel.ONLINE] * 3 + [BallotChannel.DESK, BallotChannel.PAPER])
    total = ProjectResult.objects.filter(project__budget=counted_scene["budget"])
    assert sum(r.votes_online + r.votes_desk + r.votes_paper for r in total) == 7
