"""Who hears about funded projects, and how their notifications read (registered by `BudgetsConfig.ready`
through `participation.notifications.audiences.register_audience`).

Audiences of `funded_project.transition` and `funded_project.update_posted`, topic "followed": the followers
of the project (`FundedProjectFollow`), then the followers of its process (`participation.Follow`). The
wording reads only the event's payload (`funded_project_id`, `title`, `to`), never the database."""

from django.urls import reverse
from django.utils.translation import gettext as _

from participation.models import DomainEvent, EventKind, Follow, NotificationTopic
from participation.notifications.audiences import Audience, Description, register_audience

from .models import FundedProjectFollow, FundedProjectState


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
    register_audience(
        EventKind.FUNDED_PROJECT_TRANSITION, funded_project_audiences, describe=describe_transition
    )
    register_audience(
        EventKind.FUNDED_PROJECT_UPDATE_POSTED, funded_project_audiences, describe=describe_update_posted
    )
