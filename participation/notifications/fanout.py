"""Fan-out: one domain event → one notification per recipient, one batch per task run.

`fan_out_event_batch` locks the event row (skipping it if another run holds it), reads the next batch of
recipients after `DomainEvent.fanout_cursor` (keyset, one query whatever the audience size), inserts the
notifications that do not exist yet, adds them to each recipient's unread counter (one UPDATE per batch),
moves the cursor and — when the audience is exhausted — sets `dispatched_at`, all in one transaction. After
the commit it publishes the immediate e-mails of the batch and the next batch.

Idempotent: a run delivered twice, retried or killed mid-batch either committed its batch (the cursor moved:
the next run starts after it) or rolled it back entirely (nothing happened); the unique constraint
(recipient, event) backs this up. The number of queries of a batch does not depend on its size (tested).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import DomainEvent, EmailState, Notification, NotificationFrequency, User
from .audiences import recipients_after
from .queue import publish_on_commit

# Immediate e-mails are sent by tasks of this many notifications (each well inside the task time limit).
EMAIL_TASK_SIZE = 50

_EMAIL_STATE = {
    NotificationFrequency.OFF: EmailState.SKIPPED,
    NotificationFrequency.IMMEDIATE: EmailState.QUEUED,
    NotificationFrequency.DAILY: EmailState.PENDING,
    NotificationFrequency.WEEKLY: EmailState.PENDING,
}


@dataclass
class FanOutBatch:
    done: bool
    created: int = 0
    immediate: list[int] = field(default_factory=list)


def fan_out_event_batch(*, event_id: int, batch_size: int | None = None) -> FanOutBatch:
    """Creates the notifications of the next batch of recipients of event `event_id` (see the module).
    `batch_size` defaults to `settings.PLACETTE_NOTIFICATION_BATCH_SIZE`. Returns whether the event is fully
    dispatched (or gone, or being fanned out by another run), how many notifications were created and the ids
    of those to e-mail now. Side effects after commit: publishes
    `send_notification_emails` for the immediate ones and, unless done, `fan_out_event` for the next batch.
    Queries: 6 per batch (lock, recipients, existing, insert, counters, cursor) + savepoints."""
    from .. import tasks

    batch_size = batch_size or settings.PLACETTE_NOTIFICATION_BATCH_SIZE
    with transaction.atomic():
        event = (
            DomainEvent.objects.select_for_update(skip_locked=True)
            .filter(pk=event_id, dispatched_at__isnull=True)
            .first()
        )
        if event is None:
            return FanOutBatch(done=True)
        batch = recipients_after(event, after=event.fanout_cursor, limit=batch_size)
        recipient_ids = [recipient_id for recipient_id, _topic, _frequency in batch]
        existing = set()
        if recipient_ids:
            existing = set(
                Notification.objects.filter(event=event, recipient_id__in=recipient_ids).values_list(
                    "recipient_id", flat=True
                )
            )
        rows = [
            Notification(
                recipient_id=recipient_id,
                event=event,
                topic=topic,
                email_frequency=frequency,
                email_state=_EMAIL_STATE[NotificationFrequency(frequency)],
            )
            for recipient_id, topic, frequency in batch
            if recipient_id not in existing
        ]
        # The event row is locked: no other run inserts for this event meanwhile, so every row is new.
        created = Notification.objects.bulk_create(rows, batch_size=batch_size)
        if created:
            User.objects.filter(pk__in=[row.recipient_id for row in created]).update(
                unread_notifications=F("unread_notifications") + 1
            )
        done = len(batch) < batch_size
        update_fields = []
        if recipient_ids:
            event.fanout_cursor = recipient_ids[-1]
            update_fields.append("fanout_cursor")
        if done:
            event.dispatched_at = timezone.now()
            update_fields.append("dispatched_at")
        event.save(update_fields=update_fields)
        immediate = [row.pk for row in created if row.email_state == EmailState.QUEUED]
        for start in range(0, len(immediate), EMAIL_TASK_SIZE):
            publish_on_commit(tasks.send_notification_emails, immediate[start : start + EMAIL_TASK_SIZE])
        if not done:
            publish_on_commit(tasks.fan_out_event, event.pk)
    return FanOutBatch(done=done, created=len(created), immediate=immediate)
