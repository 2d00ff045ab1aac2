"""Who hears about the budgets' events, and how their notifications read, registered with participation's
notification registry from `BudgetsConfig.ready()` (participation never imports budgets).

- Vote reminders (`vote.closing_soon`, topic "vote_reminder", opt-in): people who may vote and have not.
- Funded projects (`funded_project.transition`, `funded_project.update_posted`, topic "followed"): the
  followers of the project (`FundedProjectFollow`), then the followers of its process
  (`participation.Follow`).
  The wording reads only the event's payload (`funded_project_id`, `title`, `to`), never the database."""

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from participation.models import (
    DomainEvent,
    EventKind,
    Follow,
    NotificationFrequency,
    NotificationPreference,
    NotificationTopic,
    User,
)
from participation.notifications.audiences import Audience, Description, register_audience

from .models import Census, FundedProjectFollow, FundedProjectState, Voter


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


def funded_project_audiences(event: DomainEvent) -> list[Audience]:
    project_id = event.payload.get("funded_project_id")
    if not project_id:
        return []
    audiences = [
        Audience(
            NotificationTopic.FOLLOWED,
            FundedProjectFollow.objects.filter(project_id=project_id).values("user_id"),
        )
    ]
    if event.process_id is not None:
        audiences.append(
            Audience(
                NotificationTopic.FOLLOWED,
                Follow.objects.filter(process_id=event.process_id).values("user_id"),
            )
        )
    return audiences


def _url(event: DomainEvent) -> str:
    return reverse("funded_project_detail", kwargs={"pk": event.payload["funded_project_id"]})


def describe_transition(event: DomainEvent) -> Description:
    to_state = event.payload.get("to", "")
    state = FundedProjectState(to_state).label if to_state in FundedProjectState.values else to_state
    return Description(
        text=_("Funded project “%(title)s” is now: %(state)s")
        % {"title": event.payload.get("title", ""), "state": state},
        url=_url(event),
    )


def describe_update_posted(event: DomainEvent) -> Description:
    update_id = event.payload.get("update_id")
    return Description(
        text=_("News of the funded project “%(title)s”") % {"title": event.payload.get("title", "")},
        url=f"{_url(event)}#update-{update_id}" if update_id else _url(event),
    )


def register() -> None:
    register_audience(EventKind.VOTE_CLOSING_SOON, vote_reminder_audiences, describe=describe_vote_reminder)
    register_audience(
        EventKind.FUNDED_PROJECT_TRANSITION, funded_project_audiences, describe=describe_transition
    )
    register_audience(
        EventKind.FUNDED_PROJECT_UPDATE_POSTED, funded_project_audiences, describe=describe_update_posted
    )
