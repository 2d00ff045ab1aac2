"""Daily and weekly digests: one e-mail per person for all their pending notifications, claimed once, walked
in batches so memory does not grow with the number of subscribers."""

import gc
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation import tasks
from participation.models import DomainEvent, EmailState, EventKind, Notification, User
from participation.notifications import digests
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def pending(users, events, frequency="daily"):
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            event=event,
            topic="followed",
            email_frequency=frequency,
            email_state=EmailState.PENDING,
        )
        for user in users
        for event in events
    )


@pytest.fixture
def events(proposal):
    return [
        DomainEvent.objects.create(
            kind=EventKind.PROPOSAL_TRANSITION,
            proposal=proposal,
            process=proposal.process,
            payload={"to": state},
            dispatched_at=proposal.created_at,
        )
        for state in ("in_debate", "accepted")
    ]


def test_each_person_gets_one_digest_listing_their_notifications_of_that_frequency(events, outbox, proposal):
    daily, weekly = UserFactory(), UserFactory(preferred_language="en")
    pending([daily], events, "daily")
    pending([weekly], events, "weekly")

    assert tasks.send_digests.apply(args=["daily"]).get() is None
    assert [message.to for message in outbox] == [[daily.email]]
    assert proposal.title in outbox[0].body
    assert outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.filter(recipient=daily).values_list("email_state", flat=True)) == {"sent"}
    assert set(Notification.objects.filter(recipient=weekly).values_list("email_state", flat=True)) == {
        "pending"
    }

    tasks.send_digests.apply(args=["daily"])
    tasks.send_digests.apply(args=["weekly"])
    assert [message.to for message in outbox] == [[daily.email], [weekly.email]]
    assert "Your week: 2 notifications" in outbox[1].subject


def test_a_digest_claimed_by_another_run_is_not_sent_again(events, outbox):
    user = UserFactory()
    pending([user], events)
    assert digests.digest_send_to(recipient_id=user.pk, frequency="daily") == "sent"
    assert digests.digest_send_to(recipient_id=user.pk, frequency="daily") == "nothing"
    assert len(outbox) == 1


def test_digests_walk_recipients_in_batches_and_publish_the_next_batch(events, outbox, monkeypatch):
    users = UserFactory.create_batch(5)
    pending(users, events[:1])
    published = []
    monkeypatch.setattr(tasks, "publish", lambda task, *args, **options: published.append(args))
    monkeypatch.setattr(digests, "DIGEST_BATCH_SIZE", 2)

    cursor = tasks.send_digests.apply(args=["daily"]).get()
    assert (cursor, published, len(outbox)) == (users[1].pk, [("daily", users[1].pk)], 2)
    tasks.send_digests.apply(args=["daily", cursor])
    tasks.send_digests.apply(args=["daily", users[3].pk])
    assert sorted(message.to[0] for message in outbox) == sorted(user.email for user in users)


def _subscribers(count: int, events, tag: str) -> None:
    users = User.objects.bulk_create(
        User(email=f"digest-{tag}-{index}@example.org", display_name=f"Abonné {index}")
        for index in range(count)
    )
    pending(users, events[:1])


def _run_daily_digests() -> None:
    cursor = 0
    while cursor is not None:
        cursor = digests.digest_send_batch(frequency="daily", after=cursor, batch_size=20)


def _digest_run_peak(count: int, events) -> int:
    """Peak traced memory of a whole daily digest run for `count` new subscribers."""
    _subscribers(count, events, str(count))
    gc.collect()
    tracemalloc.start()
    _run_daily_digests()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_digest_memory_does_not_grow_with_the_number_of_subscribers(events, settings, outbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"  # keeps no message in memory
    small_peak = _digest_run_peak(40, events)
    large_peak = _digest_run_peak(400, events)
    # Ten times the subscribers, the same peak (within the noise of caches warming up).
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
    assert Notification.objects.filter(email_state="sent").count() == 440


@pytest.mark.parametrize("count", [5, 45])
def test_digest_queries_are_three_per_subscriber_and_one_per_batch(events, outbox, count):
    _subscribers(count, events, "q")
    with CaptureQueriesContext(connection) as queries:
        _run_daily_digests()
    # per subscriber: claim, notifications with recipient and events, final update; per batch of 20: the
    # recipients' keyset.
    assert len(queries) == count * 3 + count // 20 + 1
    assert len(outbox) == count
