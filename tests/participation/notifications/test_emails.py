"""Immediate e-mails: claimed once, in the recipient's language, with one-click unsubscribe; transient SMTP
errors retried with back-off, permanent ones failed and shown to staff."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from participation import tasks
from participation.models import DomainEvent, EmailState, EventKind, Notification
from participation.notifications import emails, fanout, sweeper
from participation.services.events import event_record
from tests.factories import UserFactory

from .conftest import add_followers

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(proposal, django_capture_on_commit_callbacks):
    """An immediate notification of the proposal's author, not sent yet."""
    with django_capture_on_commit_callbacks(execute=False):
        event = event_record(
            kind=EventKind.PROPOSAL_TRANSITION,
            actor=UserFactory(moderator=True),
            proposal=proposal,
            payload={"to": "in_debate"},
        )
    with django_capture_on_commit_callbacks(execute=False):
        fanout.fan_out_event_batch(event_id=event.pk)
    return Notification.objects.get(recipient=proposal.author)


def test_an_immediate_notification_is_sent_once_with_text_html_and_unsubscribe_headers(queued, outbox):
    assert emails.notification_email_send(notification_id=queued.pk).status == "sent"
    assert emails.notification_email_send(notification_id=queued.pk).status == "not_claimed"

    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == [queued.recipient.email]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/notifications/unsubscribe/")
    assert unsubscribe[1:-1] in message.body
    assert message.alternatives[0][1] == "text/html"
    assert unsubscribe[1:-1] in message.alternatives[0][0]
    row = Notification.objects.get(pk=queued.pk)
    assert (row.email_state, row.email_attempts, row.emailed_at is not None) == (EmailState.SENT, 1, True)


@pytest.mark.parametrize(("language", "state_label"), [("fr", "En débat"), ("en", "In debate")])
def test_the_e_mail_is_written_in_the_recipients_language(queued, outbox, language, state_label):
    type(queued.recipient).objects.filter(pk=queued.recipient_id).update(preferred_language=language)
    emails.notification_email_send(notification_id=queued.pk)
    message = outbox[0]
    assert state_label in message.subject
    assert state_label in message.body
    assert state_label in message.alternatives[0][0]
    assert f'lang="{language}"' in message.alternatives[0][0]


def test_a_task_delivered_twice_sends_one_e_mail(queued, outbox):
    tasks.send_notification_emails.apply(args=[[queued.pk]])
    tasks.send_notification_emails.apply(args=[[queued.pk]])
    assert len(outbox) == 1


class FlakySMTP(EmailBackend):
    """Fails the first `failures` sends with `error`, then delivers to the locmem outbox."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def send_messages(self, messages):
        if FlakySMTP.failures > 0:
            FlakySMTP.failures -= 1
            raise FlakySMTP.error
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.participation.notifications.test_emails.FlakySMTP"
    return FlakySMTP


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPConnectError(421, b"Service not available"),
        smtplib.SMTPDataError(451, b"Temporary local problem"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=["disconnected", "connect-error", "4xx", "oserror"],
)
def test_a_transient_smtp_error_is_retried_with_back_off_then_sent_once(
    queued, outbox, flaky_smtp, error, django_capture_on_commit_callbacks, monkeypatch
):
    flaky_smtp.failures, flaky_smtp.error = 2, error
    published = []
    monkeypatch.setattr(tasks, "publish", lambda task, *args, **options: published.append((args, options)))

    tasks.send_notification_emails.apply(args=[[queued.pk]])
    assert Notification.objects.get(pk=queued.pk).email_state == EmailState.QUEUED
    tasks.send_notification_emails.apply(args=[[queued.pk]])
    tasks.send_notification_emails.apply(args=[[queued.pk]])

    assert published == [(([queued.pk],), {"countdown": 30}), (([queued.pk],), {"countdown": 60})]
    assert len(outbox) == 1
    row = Notification.objects.get(pk=queued.pk)
    assert (row.email_state, row.email_attempts) == (EmailState.SENT, 3)


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")}),
        smtplib.SMTPDataError(554, b"Message rejected"),
        smtplib.SMTPSenderRefused(553, b"Sender refused", "noreply@placette.localhost"),
    ],
    ids=["recipient-refused", "5xx", "sender-refused"],
)
def test_a_permanent_smtp_error_fails_at_once_with_its_message(queued, outbox, flaky_smtp, error):
    flaky_smtp.failures, flaky_smtp.error = 1, error
    outcome = emails.notification_email_send(notification_id=queued.pk)
    row = Notification.objects.get(pk=queued.pk)
    assert (outcome.status, row.email_state, row.email_attempts) == ("failed", EmailState.FAILED, 1)
    assert row.email_error.startswith(type(error).__name__)
    assert outbox == []


def test_retries_stop_after_the_last_attempt(queued, flaky_smtp):
    flaky_smtp.failures = 100
    Notification.objects.filter(pk=queued.pk).update(email_attempts=emails.MAX_ATTEMPTS - 1)
    assert emails.notification_email_send(notification_id=queued.pk).status == "failed"
    assert Notification.objects.get(pk=queued.pk).email_state == EmailState.FAILED


def test_back_off_doubles_and_is_capped():
    assert [emails.retry_delay(attempt) for attempt in (1, 2, 3, 8)] == [30, 60, 120, 1800]


def test_an_e_mail_stuck_in_sending_after_the_time_limit_becomes_a_visible_failure_not_a_second_e_mail(
    queued, outbox, settings
):
    """A worker killed after the SMTP server accepted the message, before "sent" was written."""
    claimed_at = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    Notification.objects.filter(pk=queued.pk).update(
        email_state=EmailState.SENDING, email_claimed_at=claimed_at
    )
    recent = add_followers(queued.event.proposal, 1)[0]
    fresh = Notification.objects.create(
        recipient=recent,
        event=queued.event,
        topic="followed",
        email_frequency="immediate",
        email_state=EmailState.SENDING,
        email_claimed_at=timezone.now(),
    )

    assert sweeper.notifications_sweep()["interrupted"] == 1
    tasks.send_notification_emails.apply(args=[[queued.pk]])

    row = Notification.objects.get(pk=queued.pk)
    assert (row.email_state, row.email_error) == (EmailState.FAILED, sweeper.INTERRUPTED)
    assert Notification.objects.get(pk=fresh.pk).email_state == EmailState.SENDING  # a live task holds it
    assert outbox == []


def test_the_sweeper_publishes_e_mails_left_queued_and_events_left_undispatched(queued, monkeypatch):
    published = []
    monkeypatch.setattr(
        sweeper, "publish", lambda task, *args, **options: published.append((task.name, args))
    )
    DomainEvent.objects.filter(pk=queued.event_id).update(dispatched_at=None)
    later = timezone.now() + timedelta(minutes=6)

    assert sweeper.notifications_sweep(now=timezone.now()) == {"events": 0, "emails": 0, "interrupted": 0}
    assert sweeper.notifications_sweep(now=later) == {"events": 1, "emails": 1, "interrupted": 0}
    assert published[-2:] == [
        ("participation.tasks.fan_out_event", (queued.event_id,)),
        ("participation.tasks.send_notification_emails", ([queued.pk],)),
    ]


def test_staff_send_a_failed_e_mail_again_once(queued, outbox, django_capture_on_commit_callbacks):
    Notification.objects.filter(pk=queued.pk).update(email_state=EmailState.FAILED, email_error="550")
    staff = UserFactory(moderator=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert emails.notification_email_retry(actor=staff, notification=queued) is True
    assert emails.notification_email_retry(actor=staff, notification=queued) is False
    assert len(outbox) == 1
    assert Notification.objects.get(pk=queued.pk).email_state == EmailState.SENT


def test_a_resident_may_not_send_a_failed_e_mail_again(queued):
    from django.core.exceptions import PermissionDenied

    Notification.objects.filter(pk=queued.pk).update(email_state=EmailState.FAILED)
    with pytest.raises(PermissionDenied):
        emails.notification_email_retry(actor=UserFactory(), notification=queued)
    assert Notification.objects.get(pk=queued.pk).email_state == EmailState.FAILED
