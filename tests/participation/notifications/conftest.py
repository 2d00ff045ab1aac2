"""Arrangements shared by the notification tests: a proposal in debate with its author following it (as
`proposal_create` does), followers, and a moderator to act on it."""

import pytest
from django.core import mail

from participation.models import Follow
from tests.factories import ProcessFactory, ProposalFactory, UserFactory


@pytest.fixture
def proposal(db):
    proposal = ProposalFactory(state="submitted", process=ProcessFactory(with_phase="submission"))
    Follow.objects.create(user=proposal.author, proposal=proposal)
    return proposal


@pytest.fixture
def moderator(db):
    return UserFactory(moderator=True)


def add_followers(proposal, count: int, **user_fields) -> list:
    users = UserFactory.create_batch(count, **user_fields)
    Follow.objects.bulk_create([Follow(user=user, proposal=proposal) for user in users])
    return users


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
