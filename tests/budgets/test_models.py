"""Invariants the database itself keeps, whatever the code above it does."""

import pytest
from django.db import IntegrityError, transaction

from budgets.models import Ballot, BallotChannel, CensusEntry, PaperBallotEntry, PaperEntryStatus, Voter
from tests.budgets.factories import BudgetFactory, CensusFactory, census_person, desk_agent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_census_entry_per_account_and_census():
    census = CensusFactory()
    user = UserFactory()
    census_person(census)
    census_person(census)
    first, second = CensusEntry.objects.order_by("pk")
    CensusEntry.objects.filter(pk=first.pk).update(user=user)

    _refused(lambda: CensusEntry.objects.filter(pk=second.pk).update(user=user))
    assert CensusEntry.objects.filter(user=user).count() == 1


def test_one_census_entry_per_digest():
    census = CensusFactory()
    census_person(census, register_number="1")

    _refused(lambda: census_person(census, register_number="1"))


def test_one_voter_per_census_entry_and_per_account():
    census = CensusFactory()
    census_person(census)
    entry = CensusEntry.objects.get()
    user = UserFactory()
    Voter.objects.create(process=census.process, census_entry=entry, user=user)

    _refused(lambda: Voter.objects.create(process=census.process, census_entry=entry))
    _refused(lambda: Voter.objects.create(process=census.process, user=user))
    _refused(lambda: Voter.objects.create(process=census.process))


def test_one_ballot_per_budget_and_voter_whatever_the_channel():
    budget = BudgetFactory()
    voter = Voter.objects.create(process=budget.process, user=UserFactory())
    Ballot.objects.create(budget=budget, voter=voter, channel=BallotChannel.ONLINE, receipt_digest="a" * 64)

    _refused(
        lambda: Ballot.objects.create(
            budget=budget,
            voter=voter,
            channel=BallotChannel.DESK,
            recorded_by=desk_agent(),
            receipt_digest="b" * 64,
        )
    )
    assert Ballot.objects.count() == 1


def test_desk_and_paper_ballots_name_the_staff_member():
    budget = BudgetFactory()
    voter = Voter.objects.create(process=budget.process, user=UserFactory())

    _refused(
        lambda: Ballot.objects.create(
            budget=budget, voter=voter, channel=BallotChannel.PAPER, receipt_digest="c" * 64
        )
    )


def test_one_paper_ballot_per_person_and_budget_unless_void():
    budget = BudgetFactory()
    voter = Voter.objects.create(process=budget.process, user=UserFactory())
    agent = desk_agent()
    PaperBallotEntry.objects.create(
        budget=budget, paper_number="1", voter=voter, first_entered_by=agent, status=PaperEntryStatus.VOID
    )
    PaperBallotEntry.objects.create(budget=budget, paper_number="2", voter=voter, first_entered_by=agent)

    _refused(
        lambda: PaperBallotEntry.objects.create(
            budget=budget, paper_number="3", voter=voter, first_entered_by=agent
        )
    )
    _refused(
        lambda: PaperBallotEntry.objects.create(
            budget=budget,
            paper_number="2",
            voter=Voter.objects.create(process=budget.process, user=UserFactory()),
            first_entered_by=agent,
        )
    )
