"""Invariants under real concurrency: many threads, each with its own PostgreSQL connection, released at the
same instant by a barrier. SQLite serialises writers, so these only mean something on PostgreSQL."""

from collections import Counter

import pytest

from participation.exceptions import AlreadyDoneError, SupportLimitReachedError
from participation.models import DomainEvent, EventKind, Proposal, ProposalTransition, Support
from participation.services import phases, supports
from tests.concurrency import run_at_once
from tests.factories import ProcessFactory, ProposalFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_twenty_concurrent_supports_by_one_user_give_exactly_one():
    proposal = ProposalFactory(state="in_debate", process=ProcessFactory(with_phase="debate"))
    user = UserFactory()

    outcomes = run_at_once([lambda: supports.support_add(actor=user, proposal=proposal)] * 20)

    assert outcomes == Counter({"ok": 1, AlreadyDoneError.__name__: 19})
    assert Support.objects.filter(proposal=proposal, user=user).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).supports_count == 1


def test_a_hundred_users_supporting_at_once_give_a_hundred():
    proposal = ProposalFactory(
        state="in_debate", process=ProcessFactory(with_phase="debate", support_threshold=50)
    )
    users = UserFactory.create_batch(100)

    outcomes = run_at_once(
        [(lambda user=user: supports.support_add(actor=user, proposal=proposal)) for user in users]
    )

    assert outcomes == Counter({"ok": 100})
    assert Support.objects.filter(proposal=proposal).count() == 100
    refreshed = Proposal.objects.get(pk=proposal.pk)
    assert refreshed.supports_count == 100
    assert refreshed.threshold_reached_at is not None
    assert DomainEvent.objects.filter(kind=EventKind.SUPPORT_THRESHOLD_REACHED).count() == 1


def test_the_per_user_limit_is_never_exceeded_under_concurrency():
    process = ProcessFactory(with_phase="debate", support_limit_per_user=3)
    proposals = ProposalFactory.create_batch(12, process=process, state="in_debate")
    user = UserFactory()

    outcomes = run_at_once(
        [
            (lambda proposal=proposal: supports.support_add(actor=user, proposal=proposal))
            for proposal in proposals
        ]
    )

    assert outcomes == Counter({"ok": 3, SupportLimitReachedError.__name__: 9})
    assert Support.objects.filter(user=user, process=process).count() == 3
    assert sum(Proposal.objects.filter(process=process).values_list("supports_count", flat=True)) == 3


def test_concurrent_process_advance_applies_the_debate_opening_once():
    process = ProcessFactory(with_phase="debate")
    ProposalFactory.create_batch(5, process=process, state="submitted")

    outcomes = run_at_once([lambda: phases.process_advance(process=process)] * 8)

    assert outcomes == Counter({"ok": 8})
    assert ProposalTransition.objects.filter(name="open_debate").count() == 5
    assert DomainEvent.objects.filter(kind=EventKind.PHASE_OPENED).count() == 3
    assert DomainEvent.objects.filter(kind=EventKind.PHASE_CLOSED).count() == 2
    assert set(Proposal.objects.values_list("state", flat=True)) == {"in_debate"}
