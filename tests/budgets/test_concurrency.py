"""One ballot per person and budget, and the ballot rule, under real concurrency: many threads, each with its
own PostgreSQL connection, released at the same instant by a barrier. SQLite serialises writers, so these only
mean something on PostgreSQL. `serialized_rollback` restores the role groups of the data migrations after
the flush of each transactional test."""

import random
from collections import Counter

import pytest

from budgets.exceptions import AlreadyDoneError, AlreadyVotedError, BallotRuleError
from budgets.models import Ballot, BallotRule, BallotSelection, Basket
from budgets.services.ballots import ballot_cast, ballot_cast_at_desk
from budgets.services.baskets import basket_add
from budgets.services.lifecycle import budgets_advance
from budgets.services.voters import voter_for_user
from tests.budgets.factories import (
    BudgetFactory,
    BudgetProjectFactory,
    CensusFactory,
    desk_agent,
    verified_voter,
)
from tests.concurrency import run_at_once
from tests.factories import ProcessFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def vote():
    process = ProcessFactory(with_phase="vote")
    budget = BudgetFactory(process=process, amount_cents=100_000_00)
    projects = [
        BudgetProjectFactory(budget=budget, cost_cents=cost)
        for cost in (30_000_00, 30_000_00, 30_000_00, 20_000_00, 20_000_00, 10_000_00, 45_000_00)
    ]
    return {"process": process, "budget": budget, "projects": projects}


def test_one_voter_casting_from_twenty_threads_gets_exactly_one_ballot(vote):
    user = UserFactory()
    voter = voter_for_user(user=user, process=vote["process"])
    choices = [[project.pk] for project in vote["projects"]] * 3

    outcomes = run_at_once(
        [
            (
                lambda chosen=chosen: ballot_cast(
                    actor=user, voter=voter, budget=vote["budget"], project_ids=chosen
                )
            )
            for chosen in choices[:20]
        ]
    )

    assert outcomes == Counter({"ok": 1, AlreadyVotedError.__name__: 19})
    assert Ballot.objects.filter(voter=voter).count() == 1
    assert BallotSelection.objects.count() == 1


def test_two_hundred_voters_at_once_are_all_counted(vote):
    users = UserFactory.create_batch(200)
    voters = [voter_for_user(user=user, process=vote["process"]) for user in users]
    bike = vote["projects"][0]

    outcomes = run_at_once(
        [
            (
                lambda user=user, voter=voter: ballot_cast(
                    actor=user, voter=voter, budget=vote["budget"], project_ids=[bike.pk]
                )
            )
            for user, voter in zip(users, voters, strict=True)
        ]
    )

    assert outcomes == Counter({"ok": 200})
    assert Ballot.objects.filter(budget=vote["budget"]).count() == 200
    assert BallotSelection.objects.filter(project=bike).count() == 200
    assert len(set(Ballot.objects.values_list("receipt_digest", flat=True))) == 200

    # ... and counted: the closed vote gives the project its 200 votes.
    from participation.models import Phase

    Phase.objects.filter(process=vote["process"], kind="vote").update(closed_at=vote["budget"].created_at)
    budgets_advance(process=vote["process"])
    bike.refresh_from_db()
    assert (bike.result.votes_online, bike.result.votes_total) == (200, 200)


def test_no_basket_exceeds_the_envelope_under_any_interleaving_of_additions(vote):
    user = UserFactory()
    voter = voter_for_user(user=user, process=vote["process"])
    projects = vote["projects"] * 3
    random.Random(7).shuffle(projects)

    outcomes = run_at_once(
        [
            (lambda project=project: basket_add(actor=user, voter=voter, project=project))
            for project in projects
        ]
    )

    basket = Basket.objects.get(voter=voter)
    total = sum(basket.projects.values_list("cost_cents", flat=True))
    assert total <= vote["budget"].amount_cents
    assert outcomes["ok"] == basket.projects.count()
    assert set(outcomes) <= {"ok", BallotRuleError.__name__, AlreadyDoneError.__name__}
    # Whatever the order, the basket is full: no project that is left would still fit.
    left = vote["budget"].amount_cents - total
    assert all(
        project.cost_cents > left for project in vote["projects"] if project not in basket.projects.all()
    )


def test_no_basket_exceeds_the_approval_maximum_under_concurrency(vote):
    approval = BudgetFactory(process=vote["process"], ballot_rule=BallotRule.APPROVAL, max_projects=3)
    projects = BudgetProjectFactory.create_batch(10, budget=approval)
    user = UserFactory()
    voter = voter_for_user(user=user, process=vote["process"])

    outcomes = run_at_once(
        [
            (lambda project=project: basket_add(actor=user, voter=voter, project=project))
            for project in projects
        ]
    )

    assert outcomes == Counter({"ok": 3, BallotRuleError.__name__: 7})
    assert Basket.objects.get(voter=voter, budget=approval).projects.count() == 3


def test_the_same_person_cannot_vote_at_a_desk_and_online_at_once(vote):
    census = CensusFactory(process=vote["process"])
    user = UserFactory()
    voter = verified_voter(user, census)
    agents = [desk_agent() for _ in range(3)]
    project_ids = [vote["projects"][0].pk]
    online = [
        lambda: ballot_cast(actor=user, voter=voter, budget=vote["budget"], project_ids=project_ids)
    ] * 10
    desk = [
        (
            lambda agent=agent: ballot_cast_at_desk(
                actor=agent,
                process=vote["process"],
                budget=vote["budget"],
                census_values=voter.census_values,
                project_ids=project_ids,
            )
        )
        for agent in agents * 4
    ][:10]

    outcomes = run_at_once(online + desk)

    assert outcomes == Counter({"ok": 1, AlreadyVotedError.__name__: 19})
    assert Ballot.objects.filter(budget=vote["budget"]).count() == 1
    assert Ballot.objects.get().voter_id == voter.pk
