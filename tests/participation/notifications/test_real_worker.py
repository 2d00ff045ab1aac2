"""The guarantees of the notification pipeline, end to end: a real Redis broker, a real Celery worker (a
subprocess), PostgreSQL, real commits. E-mails are files written by the worker into a folder read here."""

import json
import re
import time
from datetime import timedelta

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from participation import tasks
from participation.models import (
    DomainEvent,
    EmailState,
    EventKind,
    Follow,
    Notification,
    NotificationPreference,
    User,
)
from participation.notifications import sweeper
from participation.services import proposals
from participation.services.events import event_record
from tests.factories import ProcessFactory, ProposalFactory, UserFactory
from tests.infra.ports import free_port

from .worker import Worker, broker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def recipients(folder) -> list[str]:
    """The To: address of every e-mail written in `folder` (a file may hold several messages)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        found += re.findall(r"^To: (.+)$", path.read_text(errors="replace"), re.MULTILINE)
    return found


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def queue(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def start_worker(redis_url, mail_dir, tmp_path, queue):
    workers = []

    def start():
        worker = Worker(
            broker_url=redis_url, mail_dir=mail_dir, log_path=tmp_path / f"worker-{len(workers)}.log"
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()


def followed_proposal(followers: int, *, frequency="immediate"):
    """A submitted proposal (its author follows it) with `followers` followers e-mailed at `frequency`."""
    proposal = ProposalFactory(state="submitted", process=ProcessFactory(with_phase="submission"))
    Follow.objects.create(user=proposal.author, proposal=proposal)
    users = User.objects.bulk_create(
        User(email=f"suiveur-{index}@example.org", display_name=f"Suiveur {index}", email_verified=True)
        for index in range(followers)
    )
    Follow.objects.bulk_create(Follow(user=user, proposal=proposal) for user in users)
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, topic="followed", frequency=frequency) for user in users
    )
    return proposal, users


def test_the_fan_out_is_published_after_commit_once_and_never_for_a_rolled_back_transaction(redis_url, queue):
    proposal, _users = followed_proposal(1)
    with broker(redis_url):
        with pytest.raises(RuntimeError), transaction.atomic():
            event_record(kind=EventKind.PROPOSAL_TRANSITION, proposal=proposal, payload={"to": "in_debate"})
            raise RuntimeError("the change fails after the event was written")
        assert queue.llen("notifications") == 0
        assert DomainEvent.objects.count() == 0

        with transaction.atomic():
            event = event_record(
                kind=EventKind.PROPOSAL_TRANSITION, proposal=proposal, payload={"to": "in_debate"}
            )
            assert queue.llen("notifications") == 0  # not before the commit
    messages = [json.loads(raw) for raw in queue.lrange("notifications", 0, -1)]
    assert [(m["headers"]["task"], m["headers"]["argsrepr"]) for m in messages] == [
        ("participation.tasks.fan_out_event", f"({event.pk},)")
    ]


def test_a_transition_reaches_each_follower_by_e_mail_exactly_once_even_when_tasks_are_delivered_twice(
    redis_url, mail_dir, start_worker
):
    proposal, followers = followed_proposal(5)
    moderator = UserFactory(moderator=True)
    start_worker()
    expected = sorted([proposal.author.email, *[user.email for user in followers]])

    with broker(redis_url):
        proposals.proposal_admit(actor=moderator, proposal=proposal)
        wait_for(lambda: len(recipients(mail_dir)) >= len(expected), message="one e-mail per recipient")
        event = DomainEvent.objects.get(kind=EventKind.PROPOSAL_TRANSITION)
        # The same tasks delivered again (a redelivery after a lost acknowledgement, the sweeper...).
        ids = list(Notification.objects.filter(event=event).values_list("pk", flat=True))
        tasks.fan_out_event.delay(event.pk)
        tasks.send_notification_emails.delay(ids)
        tasks.send_notification_emails.delay(ids)
        marker = tasks.sweep_notifications.delay()  # runs after them on the same worker (solo pool)
        wait_for(lambda: marker.id in _worker_log(mail_dir), message="the duplicate tasks to be processed")

    assert sorted(recipients(mail_dir)) == expected
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    assert DomainEvent.objects.get(pk=event.pk).dispatched_at is not None


def _worker_log(mail_dir) -> str:
    return "".join(path.read_text(errors="replace") for path in mail_dir.parent.glob("worker-*.log"))


def test_with_redis_down_the_page_answers_at_once_and_the_sweeper_delivers_once_redis_is_back(
    client, redis_url, mail_dir, start_worker
):
    proposal, followers = followed_proposal(2)
    moderator = UserFactory(moderator=True)
    client.force_login(moderator)
    dead_broker = f"redis://127.0.0.1:{free_port()}/0"

    with broker(dead_broker):
        started = time.monotonic()
        response = client.post(f"/staff/proposals/{proposal.pk}/admit/")
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 1.5, f"the page took {elapsed:.2f} s with Redis down"
    assert proposal.__class__.objects.get(pk=proposal.pk).state == "in_debate"
    event = DomainEvent.objects.get(kind=EventKind.PROPOSAL_TRANSITION)
    assert (event.dispatched_at, Notification.objects.count()) == (None, 0)  # waits in the outbox

    start_worker()
    with broker(redis_url):
        assert sweeper.notifications_sweep(now=timezone.now() + timedelta(minutes=2))["events"] == 1
        wait_for(lambda: len(recipients(mail_dir)) >= 3, message="the e-mails after the sweep")
    assert sorted(recipients(mail_dir)) == sorted(
        [proposal.author.email, *[user.email for user in followers]]
    )
    assert DomainEvent.objects.get(pk=event.pk).dispatched_at is not None


def test_a_worker_killed_mid_fan_out_neither_duplicates_nor_silently_loses_an_e_mail(
    redis_url, mail_dir, start_worker, settings, monkeypatch
):
    monkeypatch.setenv("PLACETTE_NOTIFICATION_BATCH_SIZE", "25")
    proposal, followers = followed_proposal(200)
    moderator = UserFactory(moderator=True)
    worker = start_worker()

    with broker(redis_url):
        proposals.proposal_admit(actor=moderator, proposal=proposal)
        event = DomainEvent.objects.get(kind=EventKind.PROPOSAL_TRANSITION)
        wait_for(lambda: len(recipients(mail_dir)) >= 10, message="the first e-mails")
        worker.kill()
        killed_at = (Notification.objects.filter(event=event).count(), len(recipients(mail_dir)))
        assert killed_at[1] < 201, "the worker finished before it could be killed: nothing was tested"

        # The sweeper as beat would run it once the stranded work is old enough (before the new worker starts:
        # shifting the clock would otherwise make its live claims look stale): fan-out published again (it
        # resumes from the cursor), queued e-mails published again, the claim the killed worker left turned
        # into a visible failure.
        later = timezone.now() + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
        sweeper.notifications_sweep(now=later)
        start_worker()
        wait_for(
            lambda: DomainEvent.objects.get(pk=event.pk).dispatched_at is not None, message="the fan-out"
        )
        wait_for(
            lambda: not Notification.objects.filter(email_state__in=["queued", "sending"]).exists(),
            timeout=120,
            message="every e-mail to be sent or failed",
        )

    sent_to = recipients(mail_dir)
    assert len(sent_to) == len(set(sent_to)), "an e-mail was sent twice"
    everyone = {proposal.author.email, *[user.email for user in followers]}
    assert Notification.objects.filter(event=event).count() == len(everyone)
    assert set(User.objects.filter(email__in=everyone).values_list("unread_notifications", flat=True)) == {1}
    missing = everyone - set(sent_to)
    interrupted = set(
        Notification.objects.filter(
            email_state=EmailState.FAILED, email_error=sweeper.INTERRUPTED
        ).values_list("recipient__email", flat=True)
    )
    # Nothing is lost silently: an e-mail nobody received is one the kill interrupted, shown to staff. At most
    # the one e-mail claimed at the moment of the kill is interrupted; the kill may have landed before the
    # SMTP server took it (then it is missing) or after (then it arrived and is still marked interrupted,
    # because Placette cannot know: never twice, see `emails`).
    assert missing <= interrupted
    assert len(interrupted) <= 1
