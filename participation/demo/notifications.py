"""The demo's notifications. The demo's events are history: nobody is notified of them (no e-mail leaves when
the demo loads); the resident account gets a few notifications about its own proposals instead, some read,
so that its list and the header count show something."""

from datetime import timedelta

from django.db.models import F

from participation.models import DomainEvent, EmailState, EventKind, Notification, NotificationTopic, User

RESIDENT_NOTIFICATIONS = 8
RESIDENT_READ = 3


def settle_demo_notifications(*, first_event_id: int, resident: User) -> int:
    """Marks the events written since `first_event_id` as dispatched (their fan-out, published after the
    commit, then finds nothing to do) and gives `resident` notifications of the latest transitions of and
    comments on their proposals. Returns how many."""
    events = DomainEvent.objects.filter(pk__gt=first_event_id)
    events.filter(dispatched_at__isnull=True).update(dispatched_at=F("created_at"))
    chosen = list(
        events.filter(
            kind__in=[EventKind.PROPOSAL_TRANSITION, EventKind.COMMENT_CREATED], proposal__author=resident
        )
        .exclude(actor=resident)
        .order_by("-created_at", "-id")[:RESIDENT_NOTIFICATIONS]
    )
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=resident,
            event=event,
            topic=NotificationTopic.MY_PROPOSAL
            if event.kind == EventKind.PROPOSAL_TRANSITION
            else NotificationTopic.COMMENTS_ON_MY_PROPOSAL,
            email_frequency="off",
            email_state=EmailState.SKIPPED,
        )
        for event in chosen
    )
    for index, (row, event) in enumerate(zip(rows, chosen, strict=True)):
        read_at = event.created_at + timedelta(hours=2) if index >= len(rows) - RESIDENT_READ else None
        Notification.objects.filter(pk=row.pk).update(created_at=event.created_at, read_at=read_at)
    unread = max(len(rows) - RESIDENT_READ, 0)
    User.objects.filter(pk=resident.pk).update(unread_notifications=unread)
    return len(rows)
