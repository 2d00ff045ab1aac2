"""The reminder before a vote closes: one event per vote phase, notifying only the people who opted in, may
vote and have not voted; registered by budgets in participation's notification registry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from budgets import tasks
from budgets.models import Ballot
from budgets.services import reminders
from config.celery import app
from participation.models import (
    DomainEvent,
    EmailState,
    EventKind,
    Notification,
    NotificationPreference,
    PhaseKind,
)
from tests.budgets.factories import CensusFactory, make_budget, verified_voter
from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def closing_vote(process, *, in_hours=10):
    phase = process.phases.get(kind=PhaseKind.VOTE)
    phase.end_at = timezone.now() + timedelta(hours=in_hours)
    phase.save(update_fields=["end_at"])
    return phase


def opt_in(user, frequency="immediate"):
    NotificationPreference.objects.create(user=user, topic="vote_reminder", frequency=frequency)
    return user


def test_the_beat_schedule_runs_the_reminder_task():
    entry = app.conf.beat_schedule["remind-closing-votes"]
    assert entry["task"] == tasks.remind_closing_votes.name == "budgets.tasks.remind_closing_votes"


def test_one_event_per_vote_phase_closing_within_a_day(django_capture_on_commit_callbacks):
    soon = closing_vote(ProcessFactory(with_phase="vote"))
    closing_vote(ProcessFactory(with_phase="vote"), in_hours=30)  # not yet
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.remind_closing_votes.apply().get() == 1
        assert tasks.remind_closing_votes.apply().get() == 0
    event = DomainEvent.objects.get(kind=EventKind.VOTE_CLOSING_SOON)
    assert (event.phase, event.process) == (soon, soon.process)


def test_only_residents_who_opted_in_and_have_not_voted_are_reminded(
    outbox_cleared, django_capture_on_commit_callbacks
):
    process = ProcessFactory(with_phase="vote")
    closing_vote(process)
    waiting = opt_in(UserFactory(preferred_language="en"))
    UserFactory()  # did not opt in (the default is off)
    opt_in(UserFactory(), frequency="off")
    voted = opt_in(UserFactory())
    budget = make_budget(process)
    from budgets.models import Voter

    voter = Voter.objects.create(process=process, user=voted)
    Ballot.objects.create(budget=budget, voter=voter, channel="online", receipt_digest="a" * 64)

    with django_capture_on_commit_callbacks(execute=True):
        reminders.vote_reminders_record()

    notification = Notification.objects.get()
    assert (notification.recipient, notification.topic, notification.email_state) == (
        waiting,
        "vote_reminder",
        EmailState.SENT,
    )
    assert [message.to for message in outbox_cleared] == [[waiting.email]]
    assert f"The vote in “{process.title}” closes on" in outbox_cleared[0].body


def test_with_a_census_only_its_verified_voters_are_reminded(django_capture_on_commit_callbacks):
    census = CensusFactory()
    closing_vote(census.process)
    voter = opt_in(UserFactory())
    verified_voter(voter, census)
    opt_in(UserFactory())  # a resident not on the census
    with django_capture_on_commit_callbacks(execute=True):
        reminders.vote_reminders_record()
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [voter.pk]


@pytest.fixture
def outbox_cleared():
    from django.core import mail

    mail.outbox.clear()
    return mail.outbox
