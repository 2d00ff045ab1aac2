"""Supports: one per person, the per-user limit, the counter, the threshold, withdrawal."""

import pytest

from participation.exceptions import AlreadyDoneError, PhaseClosedError, SupportLimitReachedError
from participation.models import DomainEvent, EventKind, Proposal, Support
from participation.services import supports
from tests.factories import ProcessFactory, ProposalFactory, UserFactory
from tests.participation.services.matrix import db_snapshot

pytestmark = pytest.mark.django_db


def _proposal(**process_fields):
    return ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="debate", **process_fields))


def test_supporting_counts_once():
    proposal = _proposal()
    user = UserFactory()
    support = supports.support_add(actor=user, proposal=proposal)
    assert (support.user, support.proposal, support.process) == (user, proposal, proposal.process)
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1
    before = db_snapshot()
    with pytest.raises(AlreadyDoneError):
        supports.support_add(actor=user, proposal=proposal)
    assert db_snapshot() == before


def test_the_per_user_limit_of_the_process_is_enforced():
    process = ProcessFactory(with_phase="debate", support_limit_per_user=2)
    first, second, third = ProposalFactory.create_batch(3, process=process, state="in_debate")
    other_process_proposal = _proposal(support_limit_per_user=1)
    user = UserFactory()
    supports.support_add(actor=user, proposal=first)
    supports.support_add(actor=user, proposal=second)
    before = db_snapshot()
    with pytest.raises(SupportLimitReachedError):
        supports.support_add(actor=user, proposal=third)
    assert db_snapshot() == before
    # The limit is per process.
    supports.support_add(actor=user, proposal=other_process_proposal)
    # Withdrawing frees a support.
    supports.support_remove(actor=user, proposal=first)
    supports.support_add(actor=user, proposal=third)
    assert Support.objects.filter(user=user, process=process).count() == 2


def test_crossing_the_threshold_marks_the_proposal_once_and_records_one_event():
    proposal = _proposal(support_threshold=2)
    users = UserFactory.create_batch(3)
    supports.support_add(actor=users[0], proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).threshold_reached_at is None
    supports.support_add(actor=users[1], proposal=proposal)
    reached_at = Proposal.objects.get(pk=proposal.pk).threshold_reached_at
    assert reached_at is not None
    supports.support_remove(actor=users[1], proposal=proposal)
    supports.support_add(actor=users[1], proposal=proposal)
    supports.support_add(actor=users[2], proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).threshold_reached_at == reached_at
    events = DomainEvent.objects.filter(kind=EventKind.SUPPORT_THRESHOLD_REACHED, proposal=proposal)
    assert events.count() == 1


def test_withdrawing_a_support_uncounts_it():
    proposal = _proposal()
    user = UserFactory()
    supports.support_add(actor=user, proposal=proposal)
    supports.support_remove(actor=user, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 0
    assert Support.objects.count() == 0
    with pytest.raises(AlreadyDoneError):
        supports.support_remove(actor=user, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 0


def test_a_support_cannot_be_withdrawn_after_the_support_phase():
    proposal = ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="evaluation"))
    user = UserFactory()
    Support.objects.create(proposal=proposal, user=user, process=proposal.process)
    with pytest.raises(PhaseClosedError):
        supports.support_remove(actor=user, proposal=proposal)
    assert Support.objects.count() == 1


@pytest.mark.parametrize("state", ["submitted", "withdrawn", "rejected", "accepted"])
def test_only_proposals_in_debate_can_be_supported(state):
    proposal = ProposalFactory(state=state, process=ProcessFactory(with_phase="debate"))
    with pytest.raises(PhaseClosedError):
        supports.support_add(actor=UserFactory(), proposal=proposal)
    assert Support.objects.count() == 0
