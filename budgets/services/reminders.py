"""The reminder before a vote closes: one `vote.closing_soon` event per vote phase, which the notification
pipeline turns into notifications for the people who asked for reminders (topic `vote_reminder`, off by
default), may vote in the process and have not cast a ballot yet (see `budgets.notifications`)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participation.models import DomainEvent, EventKind, Phase, PhaseKind
from participation.services.events import event_record

# The reminder goes out when the vote has less than this left.
REMIND_BEFORE = timedelta(hours=24)


def vote_reminders_record(*, now=None) -> int:
    """Records the `vote.closing_soon` event of every open vote phase that closes within `REMIND_BEFORE` and
    has none yet. Idempotent: each phase is locked while it is checked, so two runs record one event (beat
    runs it every quarter of an hour). A phase closed early is not reminded. Returns how many events were
    written; each publishes its fan-out after its commit."""
    now = now or timezone.now()
    due = Phase.objects.filter(
        kind=PhaseKind.VOTE, start_at__lte=now, end_at__gt=now, end_at__lte=now + REMIND_BEFORE
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gt=now + REMIND_BEFORE))
    recorded = 0
    for phase_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            phase = Phase.objects.select_for_update().select_related("process").get(pk=phase_id)
            if DomainEvent.objects.filter(kind=EventKind.VOTE_CLOSING_SOON, phase=phase).exists():
                continue
            event_record(
                kind=EventKind.VOTE_CLOSING_SOON,
                phase=phase,
                payload={"closes_at": phase.effective_end_at.isoformat()},
            )
            recorded += 1
    return recorded
