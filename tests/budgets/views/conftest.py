"""Fixtures of the budgets resident pages' tests. Pages are asked for in English (the language cookie), so
that assertions do not depend on the French catalogue. Rows are arranged directly (budgets, projects, ballots,
outcomes) or through the services where the page depends on what they store (census, voting codes)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from budgets.models import (
    Ballot,
    BallotChannel,
    BallotSelection,
    Basket,
    Budget,
    BudgetOutcome,
    PaperBallotEntry,
    PaperEntryStatus,
    ProjectResult,
    Voter,
)
from budgets.services import digests
from tests.budgets.factories import make_budget as make_budget
from tests.budgets.factories import make_project as make_project
from tests.factories import ProcessFactory, UserFactory
from tests.pages import english as english
from tests.pages import messages_of as messages_of
from tests.pages import resident_client as resident_client


@pytest.fixture
def vote_process(db, north, south):
    """A published process without census whose vote phase is open now."""
    process = ProcessFactory(with_phase="vote", title="Budget participatif de Havelange", slug="havelange")
    process.areas.set([north, south])
    return process


@pytest.fixture
def resident(db, north):
    return UserFactory(display_name="Camille Resident", area=north)


def voter_of(user, process) -> Voter:
    return Voter.objects.get_or_create(process=process, user=user, defaults={"area": user.area})[0]


def put_in_basket(voter, *projects) -> Basket:
    basket, _created = Basket.objects.get_or_create(budget=projects[0].budget, voter=voter)
    basket.projects.add(*projects)
    return basket


def make_ballot(
    budget, voter, projects, *, channel=BallotChannel.ONLINE, code=None, recorded_by=None
) -> Ballot:
    """A cast ballot; `code` (a receipt code in clear) defaults to a fresh one. Returns the ballot with
    `receipt_code` set."""
    code = code or digests.random_code(16)
    if channel != BallotChannel.ONLINE and recorded_by is None:
        recorded_by = UserFactory(process_admin=True)
    ballot = Ballot.objects.create(
        budget=budget,
        voter=voter,
        channel=channel,
        recorded_by=recorded_by,
        receipt_digest=digests.receipt_digest(digests.normalise_code(code)),
        total_cost_cents=sum(project.cost_cents for project in projects),
    )
    BallotSelection.objects.bulk_create(
        BallotSelection(ballot=ballot, project=project) for project in projects
    )
    if channel == BallotChannel.PAPER:
        # A paper ballot counts once its two entries matched (`paper_entry_record`).
        selection = sorted(project.pk for project in projects)
        PaperBallotEntry.objects.create(
            budget=budget,
            paper_number=ballot.pk,
            voter=voter,
            first_selection=selection,
            first_entered_by=recorded_by,
            second_selection=selection,
            second_entered_by=recorded_by,
            status=PaperEntryStatus.MATCHED,
            ballot=ballot,
        )
    ballot.receipt_code = code
    return ballot


def count_budget(budget, *, rule="greedy", comparison=None) -> BudgetOutcome:
    """Stores results from the budget's ballots as the allocation would: votes per channel, ranks by votes,
    funded greedily by votes. For page tests only (the allocation has its own tests)."""
    projects = list(budget.projects.order_by("id"))
    votes = {project.pk: {"online": 0, "desk": 0, "paper": 0} for project in projects}
    for selection in BallotSelection.objects.filter(ballot__budget=budget).select_related("ballot"):
        votes[selection.project_id][selection.ballot.channel] += 1
    ranked = sorted(projects, key=lambda project: (-sum(votes[project.pk].values()), project.pk))
    left, selected = budget.amount_cents, []
    for project in ranked:
        if project.cost_cents <= left:
            selected.append(project.pk)
            left -= project.cost_cents
    for rank, project in enumerate(ranked, start=1):
        counts = votes[project.pk]
        ProjectResult.objects.create(
            project=project,
            votes_online=counts["online"],
            votes_desk=counts["desk"],
            votes_paper=counts["paper"],
            votes_total=sum(counts.values()),
            selected=project.pk in selected,
            allocated_cents=project.cost_cents if project.pk in selected else 0,
            rank=rank,
        )
    total = sum(project.cost_cents for project in projects if project.pk in selected)
    comparison = comparison or {rule: {"selected": [str(pk) for pk in selected], "total_cost_cents": total}}
    outcome = BudgetOutcome.objects.create(
        budget=budget,
        rule=rule,
        ballots_count=budget.ballots.count(),
        total_cost_cents=total,
        comparison=comparison,
    )
    Budget.objects.filter(pk=budget.pk).update(allocated_at=timezone.now() - timedelta(minutes=1))
    budget.refresh_from_db()
    return outcome
