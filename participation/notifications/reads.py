"""Marking notifications as read, keeping `User.unread_notifications` equal to the number of unread rows.

Both services are one conditional UPDATE of the notifications (only unread rows of the actor) and one F()
UPDATE of the counter by the number of rows that really changed, in one transaction: a notification marked
twice, or concurrently with a fan-out, is counted once. The counter never goes below zero (a CheckConstraint;
`Greatest` keeps a drifted counter from breaking the page)."""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from ..models import Notification, User


def _decrement(user, count: int) -> None:
    if count:
        User.objects.filter(pk=user.pk).update(
            unread_notifications=Greatest(F("unread_notifications") - count, 0)
        )
        user.unread_notifications = max(user.unread_notifications - count, 0)


def notification_mark_read(*, actor, notification_id: int) -> bool:
    """Marks one of the actor's notifications as read. Returns False if it is not theirs or already read
    (nothing changes)."""
    with transaction.atomic():
        changed = Notification.objects.filter(
            pk=notification_id, recipient=actor, read_at__isnull=True
        ).update(read_at=timezone.now())
        _decrement(actor, changed)
    return bool(changed)


def notification_mark_all_read(*, actor) -> int:
    """Marks every unread notification of the actor as read; returns how many."""
    with transaction.atomic():
        changed = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        _decrement(actor, changed)
    return changed
