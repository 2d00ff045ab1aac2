"""The Celery task is a thin wrapper of the service, and the beat schedule names it."""

import pytest

from config.celery import app
from participation import tasks
from participation.models import Proposal
from tests.factories import ProcessFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_names_the_task():
    assert app.conf.beat_schedule["advance-processes"]["task"] == tasks.advance_all_processes.name
    assert tasks.advance_all_processes.name == "participation.tasks.advance_all_processes"


def test_the_task_applies_the_phase_changes_and_is_idempotent():
    process = ProcessFactory(with_phase="debate")
    proposal = ProposalFactory(process=process, state="submitted")

    first = tasks.advance_all_processes.apply().get()
    second = tasks.advance_all_processes.apply().get()

    assert (first["processes"], first["proposals_in_debate"]) == (1, 1)
    assert second["processes"] == 0
    assert Proposal.objects.get(pk=proposal.pk).state == "in_debate"
