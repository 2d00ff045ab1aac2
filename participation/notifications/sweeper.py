"""The sweeper (every minute, on beat): delivers what a broker outage or a dead worker left behind.

- Events still undispatched a minute after they were written (their fan-out was never published, or its
  chain died): their fan-out is published again (it resumes from the event's cursor; a run that finds the
  event locked by a live run stops).
- Immediate e-mails still "queued" after `SWEEP_QUEUED_AFTER` and not waiting for a back-off: published
  again (the claim makes a duplicate publication harmless).
- E-mails "sending" for longer than the task time limit: "failed", "interrupted while sending" (see
  `emails` for why they are not re-sent automatically).
At most `SWEEP_LIMIT` events and e-mails per run; the next minute takes the rest."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_noop

from ..models import DomainEvent, EmailState, Notification
from .emails import RETRY_MAX_SECONDS, stale_sending_after
from .fanout import EMAIL_TASK_SIZE
from .queue import publish

SWEEP_EVENTS_AFTER = timedelta(minutes=1)
SWEEP_QUEUED_AFTER = timedelta(minutes=5)
SWEEP_LIMIT = 5000
INTERRUPTED = gettext_noop("Interrupted while sending: it may or may not have been delivered.")


def notifications_sweep(*, now=None) -> dict:
    """Publishes stranded fan-outs and e-mails again, fails stale claims (see the module). Returns counts."""
    from .. import tasks

    now = now or timezone.now()
    events = list(
        DomainEvent.objects.filter(dispatched_at__isnull=True, created_at__lt=now - SWEEP_EVENTS_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    for event_id in events:
        publish(tasks.fan_out_event, event_id)
    queued = list(
        Notification.objects.filter(email_state=EmailState.QUEUED, created_at__lt=now - SWEEP_QUEUED_AFTER)
        .exclude(email_claimed_at__gte=now - timedelta(seconds=RETRY_MAX_SECONDS))
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    for start in range(0, len(queued), EMAIL_TASK_SIZE):
        publish(tasks.send_notification_emails, queued[start : start + EMAIL_TASK_SIZE])
    stale = Notification.objects.filter(
        email_state=EmailState.SENDING, email_claimed_at__lt=now - stale_sending_after()
    ).update(email_state=EmailState.FAILED, email_error=INTERRUPTED)
    return {"events": len(events), "emails": len(queued), "interrupted": stale}
