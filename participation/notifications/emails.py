"""Immediate e-mails of notifications: at most once, never silently lost.

A notification to e-mail now is "queued". `notification_email_send` claims it with a conditional update
(queued → sending, only if still queued: a task delivered twice, or a sweeper re-publication, finds nothing to
claim), sends it, then marks it "sent". The crash windows, and what each one causes:

1. Before the claim (the task is lost with its worker, the broker is down when publishing): the row stays
   "queued"; the sweeper publishes it again (rows queued for more than `SWEEP_QUEUED_AFTER`). Sent once, late.
2. After the claim, before or during the SMTP conversation, the process dies: the row stays "sending". We
   cannot know whether the SMTP server accepted the message.
3. After the SMTP server accepted it, before "sent" is written (a crash, the database gone): same as 2.

For 2 and 3 we choose "never twice": the sweeper turns a row "sending" for longer than the task time limit
(`stale_sending_after`, a live task cannot still hold it) into "failed" with the reason "interrupted while
sending: it may or may not have been delivered". It is then visible on the staff page of failed e-mails
(/staff/notifications/failed/) and in the admin, where staff may send it again after checking: a lost
e-mail is never silent, and an e-mail is never sent twice without a person deciding it. (Re-sending
automatically would risk duplicates in window 3, the common one; the notification itself is always in the
recipient's list in the app.)

SMTP errors: transient ones (connection lost or refused, time-outs, 4xx replies) put the row back to
"queued" and the task publishes it again with exponential back-off (`retry_delay`), up to `MAX_ATTEMPTS`;
permanent ones (5xx replies, every recipient refused) and exhausted retries → "failed" with the error.
"""

import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from ..models import EmailState, Notification
from .messages import EVENT_RELATED, notification_message

MAX_ATTEMPTS = 8
# Back-off: 30 s, 1 min, 2 min... capped (under Redis's visibility timeout of one hour for delayed tasks).
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 30 * 60


@dataclass(frozen=True)
class SendOutcome:
    status: str  # "sent" | "not_claimed" | "retry" | "failed"
    retry_in: int | None = None
    error: str = ""


def retry_delay(attempts: int) -> int:
    return min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)


def stale_sending_after() -> timedelta:
    """A claim older than this cannot belong to a live task (the hard time limit killed it)."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def is_transient(error: Exception) -> bool:
    """Worth retrying later: the connection failed, or the server answered 4xx."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


def notification_email_send(*, notification_id: int) -> SendOutcome:
    """Sends the e-mail of a queued notification once (see the module for the states and crash windows).
    Side effects: the claim (one UPDATE), one e-mail, the final state (one UPDATE)."""
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, email_state=EmailState.QUEUED).update(
        email_state=EmailState.SENDING, email_claimed_at=now, email_attempts=F("email_attempts") + 1
    )
    if not claimed:
        return SendOutcome("not_claimed")
    notification = Notification.objects.select_related("recipient", *EVENT_RELATED).get(pk=notification_id)
    try:
        notification_message(notification).send()
    except Exception as error:  # noqa: BLE001 - classified below; a bug also ends in "failed", visibly
        return _record_failure(notification, error)
    Notification.objects.filter(pk=notification_id, email_state=EmailState.SENDING).update(
        email_state=EmailState.SENT, emailed_at=timezone.now(), email_error=""
    )
    return SendOutcome("sent")


def _record_failure(notification: Notification, error: Exception) -> SendOutcome:
    message = f"{type(error).__name__}: {error}"[:2000]
    claimed = Notification.objects.filter(pk=notification.pk, email_state=EmailState.SENDING)
    if is_transient(error) and notification.email_attempts < MAX_ATTEMPTS:
        claimed.update(email_state=EmailState.QUEUED, email_error=message)
        return SendOutcome("retry", retry_in=retry_delay(notification.email_attempts), error=message)
    claimed.update(email_state=EmailState.FAILED, email_error=message)
    return SendOutcome("failed", error=message)


def notification_email_retry(*, actor, notification: Notification) -> bool:
    """Staff put a failed e-mail back in the queue (after checking it was not delivered). Rule
    `participation.retry_notification_email`. Conditional update: only a failed row moves. Publishes the
    send after commit. Returns whether it moved."""
    from django.db import transaction

    from .. import tasks
    from ..permissions import require_perm
    from .queue import publish_on_commit

    require_perm(actor, "participation.retry_notification_email", notification)
    with transaction.atomic():
        moved = Notification.objects.filter(pk=notification.pk, email_state=EmailState.FAILED).update(
            email_state=EmailState.QUEUED, email_attempts=0, email_claimed_at=None
        )
        if moved:
            publish_on_commit(tasks.send_notification_emails, [notification.pk])
    return bool(moved)
