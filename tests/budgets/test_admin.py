"""The Django admin of budgets: budgets and projects editable until the vote starts, everything about voters
and ballots read-only, the lifecycle action."""

import pytest
from django.urls import reverse

from budgets.models import (
    Ballot,
    BallotChannel,
    Budget,
    BudgetOutcome,
    Census,
    PaperBallotEntry,
    Voter,
    VotingCodeBatch,
)
from tests.budgets.factories import (
    BudgetFactory,
    BudgetProjectFactory,
    CensusFactory,
    census_person,
    desk_agent,
)
from tests.factories import AreaFactory, ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _objects():
    budget = BudgetFactory()
    BudgetProjectFactory(budget=budget)
    census = CensusFactory(process=budget.process)
    census_person(census)
    voter = Voter.objects.create(process=budget.process, user=UserFactory())
    ballot = Ballot.objects.create(
        budget=budget, voter=voter, channel=BallotChannel.ONLINE, receipt_digest="d" * 64
    )
    return {
        "budget": budget,
        "census": census,
        "ballot": ballot,
        "votingcodebatch": VotingCodeBatch.objects.create(process=budget.process, size=1),
        "paperballotentry": PaperBallotEntry.objects.create(
            budget=budget, paper_number="1", voter=voter, first_entered_by=desk_agent()
        ),
        "budgetoutcome": BudgetOutcome.objects.create(budget=budget, rule="greedy"),
    }


@pytest.mark.parametrize(
    "model", ["budget", "census", "ballot", "votingcodebatch", "paperballotentry", "budgetoutcome"]
)
def test_every_changelist_and_change_page_answers(superuser_client, model):
    obj = _objects()[model]

    assert superuser_client.get(reverse(f"admin:budgets_{model}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:budgets_{model}_change", args=[obj.pk])).status_code == 200


def test_a_process_administrator_sees_the_budgets_admin(client):
    client.force_login(UserFactory(process_admin=True, is_staff=True))

    assert client.get(reverse("admin:budgets_budget_changelist")).status_code == 200
    assert client.get(reverse("admin:budgets_ballot_changelist")).status_code == 200


def test_ballots_are_read_only(superuser_client):
    ballot = _objects()["ballot"]

    response = superuser_client.post(
        reverse("admin:budgets_ballot_change", args=[ballot.pk]), {"channel": "desk"}
    )

    assert response.status_code == 403
    assert Ballot.objects.get(pk=ballot.pk).channel == "online"


def test_the_ballot_of_a_budget_is_frozen_once_the_vote_started(superuser_client):
    budget = BudgetFactory(process=ProcessFactory(with_phase="vote"))

    response = superuser_client.get(reverse("admin:budgets_budget_change", args=[budget.pk]))

    assert response.status_code == 200
    assert 'name="amount_cents"' not in response.content.decode()
    before = BudgetFactory(process=ProcessFactory(with_phase="evaluation"))
    response = superuser_client.get(reverse("admin:budgets_budget_change", args=[before.pk]))
    assert 'name="amount_cents"' in response.content.decode()


def test_the_lifecycle_action_puts_accepted_proposals_on_the_ballot(superuser_client):
    process = ProcessFactory(with_phase="vote")
    budget = BudgetFactory(process=process)
    proposal = ProposalFactory(process=process, area=AreaFactory(), state="accepted")

    response = superuser_client.post(
        reverse("admin:budgets_budget_changelist"),
        {
            "action": "run_vote_lifecycle",
            "_selected_action": [budget.pk],
        },
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "on_ballot"
    assert Census.objects.count() == 0 and Budget.objects.count() == 1
