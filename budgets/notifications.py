"""Who hears about the budgets' events, registered with participation's notification registry from
`BudgetsConfig.ready()` (participation never imports budgets). Funded projects plug in the same way:
`register_audience("funded_project.transition", resolver, describe=...)` with the project's followers."""

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from participation.models import (
    DomainEvent,
    EventKind,
    NotificationFrequency,
    NotificationPreference,
    NotificationTopic,
    User,
)
from participation.notifications.audiences import Audience, Description, register_audience

from .models import Census, Voter


def vote_reminder_audiences(event: DomainEvent) -> list[Audience]:
    """People who asked for vote reminders, may vote in the process (its verified voters when it has a
    census, every verified resident otherwise) and have not cast a ballot in it."""
    if event.process_id is None:
        return []
    opted_in = (
        NotificationPreference.objects.filter(topic=NotificationTopic.VOTE_REMINDER)
        .exclude(frequency=NotificationFrequency.OFF)
        .values("user_id")
    )
    voted = Voter.objects.filter(
        process_id=event.process_id, user__isnull=False, ballots__isnull=False
    ).values("user_id")
    if Census.objects.filter(process_id=event.process_id).exists():
        eligible = Q(voters__process_id=event.process_id)
    else:
        eligible = Q(email_verified=True)
    users = User.objects.filter(eligible, pk__in=opted_in).exclude(pk__in=voted).values("pk")
    return [Audience(NotificationTopic.VOTE_REMINDER, users)]


def describe_vote_reminder(event: DomainEvent) -> Description:
    closes_at = parse_datetime(event.payload.get("closes_at", "") or "")
    when = formats.date_format(timezone.localtime(closes_at), "DATETIME_FORMAT") if closes_at else ""
    return Description(
        text=_("The vote in “%(process)s” closes on %(when)s and you have not voted yet")
        % {"process": event.process.title, "when": when},
        url=event.process.get_absolute_url(),
    )


def register() -> None:
    register_audience(EventKind.VOTE_CLOSING_SOON, vote_reminder_audiences, describe=describe_vote_reminder)
