"""Fan-out: who is notified of an event, once, in batches of constant cost; the unread counters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import (
    DomainEvent,
    EmailState,
    EventKind,
    Notification,
    NotificationPreference,
    User,
)
from participation.notifications import fanout
from participation.services import proposals
from participation.services.events import event_record
from tests.factories import CommentFactory, UserFactory

from .conftest import add_followers

pytestmark = pytest.mark.django_db


def notified(event) -> dict[int, str]:
    return dict(Notification.objects.filter(event=event).values_list("recipient_id", "topic"))


def test_a_transition_notifies_the_author_and_the_followers_of_the_proposal_and_of_the_process(
    proposal, moderator, django_capture_on_commit_callbacks
):
    followers = add_followers(proposal, 2)
    process_follower = UserFactory()
    process_follower.follows.create(process=proposal.process)
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_admit(actor=moderator, proposal=proposal)

    event = DomainEvent.objects.get(kind=EventKind.PROPOSAL_TRANSITION)
    assert notified(event) == {
        proposal.author.pk: "my_proposal",
        followers[0].pk: "followed",
        followers[1].pk: "followed",
        process_follower.pk: "followed",
    }
    assert event.dispatched_at is not None
    assert User.objects.get(pk=followers[0].pk).unread_notifications == 1


def test_the_actor_is_never_notified_of_their_own_action(proposal, django_capture_on_commit_callbacks):
    follower = add_followers(proposal, 1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        event = event_record(
            kind=EventKind.PROPOSAL_TRANSITION,
            actor=proposal.author,
            proposal=proposal,
            payload={"to": "withdrawn"},
        )
    assert notified(event) == {follower.pk: "followed"}


def test_a_reply_notifies_the_parent_author_the_proposal_author_and_followers(
    proposal, django_capture_on_commit_callbacks
):
    from participation.services import comments

    proposal.process.phases.all().delete()
    from tests.factories import make_phases

    make_phases(proposal.process, open_kind="debate")
    type(proposal).objects.filter(pk=proposal.pk).update(state="in_debate")
    proposal.refresh_from_db()
    parent = CommentFactory(proposal=proposal)
    follower = add_followers(proposal, 1)[0]
    replier = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_create(
            actor=replier, proposal=proposal, body="Bien vu.", alignment="for", parent=parent
        )
    event = DomainEvent.objects.get(kind=EventKind.COMMENT_CREATED)
    assert notified(event) == {
        parent.author.pk: "replies_to_me",
        proposal.author.pk: "comments_on_my_proposal",
        follower.pk: "followed",
    }


def test_a_report_notifies_the_moderators_only(proposal, moderator, django_capture_on_commit_callbacks):
    from participation.services import reports

    type(proposal).objects.filter(pk=proposal.pk).update(state="in_debate")
    proposal.refresh_from_db()
    add_followers(proposal, 1)
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_create(actor=UserFactory(), reason="spam", proposal=proposal)
    event = DomainEvent.objects.get(kind=EventKind.REPORT_CREATED)
    assert notified(event) == {moderator.pk: "moderation"}


def test_email_state_follows_each_recipients_preference(
    proposal, moderator, django_capture_on_commit_callbacks
):
    daily, off, immediate = add_followers(proposal, 3)
    NotificationPreference.objects.create(user=off, topic="followed", frequency="off")
    NotificationPreference.objects.create(user=immediate, topic="followed", frequency="immediate")
    NotificationPreference.objects.create(user=proposal.author, topic="my_proposal", frequency="weekly")
    with django_capture_on_commit_callbacks(execute=False):
        proposals.proposal_admit(actor=moderator, proposal=proposal)
    event = DomainEvent.objects.get(kind=EventKind.PROPOSAL_TRANSITION)
    fanout.fan_out_event_batch(event_id=event.pk)
    states = dict(Notification.objects.values_list("recipient_id", "email_state"))
    assert states == {
        daily.pk: EmailState.PENDING,
        off.pk: EmailState.SKIPPED,
        immediate.pk: EmailState.QUEUED,
        proposal.author.pk: EmailState.PENDING,
    }
    frequencies = dict(Notification.objects.values_list("recipient_id", "email_frequency"))
    assert (frequencies[daily.pk], frequencies[proposal.author.pk]) == ("daily", "weekly")


def _event_with_followers(proposal, count):
    add_followers(proposal, count)
    return DomainEvent.objects.create(
        kind=EventKind.PROPOSAL_TRANSITION,
        proposal=proposal,
        process=proposal.process,
        payload={"to": "in_debate"},
    )


def test_fan_out_walks_the_audience_in_batches_and_resumes_from_its_cursor(
    proposal, django_capture_on_commit_callbacks
):
    event = _event_with_followers(proposal, 7)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = fanout.fan_out_event_batch(event_id=event.pk, batch_size=3)
    # The author (first id, immediate e-mail) is in this batch: its e-mail task, then the next batch.
    assert (first.done, first.created, len(callbacks)) == (False, 3, 2)
    second = fanout.fan_out_event_batch(event_id=event.pk, batch_size=3)
    third = fanout.fan_out_event_batch(event_id=event.pk, batch_size=3)
    assert (second.created, third.created, third.done) == (3, 2, True)  # 7 followers + the author
    assert Notification.objects.filter(event=event).count() == 8
    assert fanout.fan_out_event_batch(event_id=event.pk, batch_size=3).created == 0


def test_a_batch_run_twice_after_a_crash_creates_nothing_twice_and_counts_once(proposal):
    """A worker killed after inserting but before moving the cursor: the transaction rolls back. Here the
    worse case — rows committed but the cursor reset (a duplicate delivery racing): still one row each."""
    event = _event_with_followers(proposal, 5)
    fanout.fan_out_event_batch(event_id=event.pk, batch_size=4)
    DomainEvent.objects.filter(pk=event.pk).update(fanout_cursor=0)
    fanout.fan_out_event_batch(event_id=event.pk, batch_size=4)
    fanout.fan_out_event_batch(event_id=event.pk, batch_size=4)
    assert Notification.objects.filter(event=event).count() == 6
    assert User.objects.get(pk=proposal.author.pk).unread_notifications == 1
    assert (
        sorted(User.objects.filter(notifications__event=event).values_list("unread_notifications", flat=True))
        == [1] * 6
    )


def test_a_crash_in_the_middle_of_a_batch_rolls_the_whole_batch_back(proposal, monkeypatch):
    event = _event_with_followers(proposal, 5)

    real_bulk_create = Notification.objects.bulk_create

    def insert_then_die(*args, **kwargs):
        real_bulk_create(*args, **kwargs)
        raise RuntimeError("worker killed after the insert, before the counters and the cursor")

    monkeypatch.setattr(Notification.objects, "bulk_create", insert_then_die)
    with pytest.raises(RuntimeError):
        fanout.fan_out_event_batch(event_id=event.pk)
    monkeypatch.undo()
    assert Notification.objects.filter(event=event).count() == 0
    assert DomainEvent.objects.get(pk=event.pk).fanout_cursor == 0
    fanout.fan_out_event_batch(event_id=event.pk)
    assert Notification.objects.filter(event=event).count() == 6
    assert User.objects.get(pk=proposal.author.pk).unread_notifications == 1


@pytest.mark.postgres
def test_a_batch_costs_the_same_queries_for_10_and_300_recipients(proposal):
    # savepoint (the test's transaction), 1 lock of the event, 2 recipients (keyset, topics and preferences
    # joined), 3 existing rows, 4 insert, 5 unread counters, 6 cursor and dispatched_at, release savepoint.
    counts = []
    for size in (10, 300):
        event = _event_with_followers(proposal, size)
        with CaptureQueriesContext(connection) as queries:
            fanout.fan_out_event_batch(event_id=event.pk, batch_size=1000)
        counts.append(len(queries))
        assert Notification.objects.filter(event=event).count() >= size
    assert counts[0] == counts[1] == 8
