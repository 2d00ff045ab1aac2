"""process_advance applies phase openings and closings once; phase_close_early closes an open phase."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participation.exceptions import PhaseClosedError
from participation.models import DomainEvent, EventKind, Phase, Proposal, ProposalTransition
from participation.services import phases
from tests.factories import ProcessFactory, ProposalFactory, UserFactory
from tests.participation.services.matrix import db_snapshot

pytestmark = pytest.mark.django_db


def test_opening_the_debate_moves_submitted_proposals_and_records_the_phase_events():
    process = ProcessFactory(with_phase="debate")
    submitted = ProposalFactory.create_batch(2, process=process, state="submitted")
    ProposalFactory(process=process, state="draft")

    result = phases.process_advance(process=process)

    by_kind = {phase.kind: phase for phase in Phase.objects.filter(process=process)}
    opened = ("information", "submission", "debate")
    assert sorted(result["opened"]) == sorted([by_kind[kind].pk for kind in opened])
    assert sorted(result["closed"]) == sorted([by_kind[k].pk for k in ("information", "submission")])
    assert result["proposals_in_debate"] == 2
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in submitted]).values_list("state", flat=True)) == {
        "in_debate"
    }
    assert DomainEvent.objects.filter(kind=EventKind.PHASE_OPENED).count() == 3
    assert DomainEvent.objects.filter(kind=EventKind.PHASE_CLOSED).count() == 2
    assert ProposalTransition.objects.filter(name="open_debate", actor=None).count() == 2
    assert by_kind["evaluation"].opening_applied_at is None


def test_process_advance_twice_changes_nothing_the_second_time():
    process = ProcessFactory(with_phase="debate")
    ProposalFactory.create_batch(2, process=process, state="submitted")
    phases.process_advance(process=process)
    before = db_snapshot()

    result = phases.process_advance(process=process)

    assert result == {"opened": [], "closed": [], "proposals_in_debate": 0}
    assert db_snapshot() == before


def test_a_future_phase_is_opened_when_its_time_comes():
    process = ProcessFactory(with_phase="submission")
    proposal = ProposalFactory(process=process, state="submitted")
    phases.process_advance(process=process)
    assert Proposal.objects.get(pk=proposal.pk).state == "submitted"
    debate = Phase.objects.get(process=process, kind="debate")

    result = phases.process_advance(process=process, now=debate.start_at + timedelta(seconds=1))

    assert debate.pk in result["opened"]
    assert Proposal.objects.get(pk=proposal.pk).state == "in_debate"


def test_advance_all_processes_advances_every_pending_process_once():
    first = ProcessFactory(with_phase="debate")
    second = ProcessFactory(with_phase="past")
    ProcessFactory(with_phase="future")
    ProposalFactory(process=first, state="submitted")

    totals = phases.advance_all_processes()

    assert totals == {"processes": 2, "opened": 3 + 7, "closed": 2 + 7, "proposals_in_debate": 1, "failed": 0}
    assert phases.advance_all_processes() == {
        "processes": 0,
        "opened": 0,
        "closed": 0,
        "proposals_in_debate": 0,
        "failed": 0,
    }
    assert DomainEvent.objects.filter(kind=EventKind.PHASE_CLOSED, process=second).count() == 7


def test_closing_a_phase_early_ends_it_now_and_records_the_closing():
    process = ProcessFactory(with_phase="debate")
    debate = Phase.objects.get(process=process, kind="debate")
    admin = UserFactory(process_admin=True)

    closed = phases.phase_close_early(actor=admin, phase=debate)

    assert closed.closed_at is not None and closed.closed_at <= timezone.now()
    assert closed.is_open() is False
    assert closed.closing_applied_at is not None
    assert DomainEvent.objects.filter(kind=EventKind.PHASE_CLOSED, phase=debate).get().payload == {
        "kind": "debate",
        "closed_early": True,
    }
    process.refresh_from_db()
    assert process.current_phase() is None


def test_a_phase_that_is_not_open_cannot_be_closed():
    process = ProcessFactory(with_phase="debate")
    evaluation = Phase.objects.get(process=process, kind="evaluation")
    before = db_snapshot()
    with pytest.raises(PhaseClosedError):
        phases.phase_close_early(actor=UserFactory(process_admin=True), phase=evaluation)
    assert db_snapshot() == before
