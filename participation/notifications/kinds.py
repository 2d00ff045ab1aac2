"""The audiences and wording of participation's own event kinds (registered by `ParticipationConfig.ready`).

Priority inside a kind: the first audience naming a person gives the topic (the author of a proposal hears
about its transitions as "my proposal", not as a follower, although authors follow their proposals)."""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import (
    Comment,
    DomainEvent,
    EventKind,
    Follow,
    NotificationTopic,
    PhaseKind,
    ProposalState,
    User,
)
from .audiences import Audience, Description, register_audience


def _proposal_followers(proposal_id):
    return Follow.objects.filter(proposal_id=proposal_id).values("user_id")


def _process_followers(process_id):
    return Follow.objects.filter(process_id=process_id).values("user_id")


def proposal_transition_audiences(event: DomainEvent) -> list[Audience]:
    if event.proposal_id is None:
        return []
    audiences = [
        Audience(
            NotificationTopic.MY_PROPOSAL, User.objects.filter(proposals__pk=event.proposal_id).values("pk")
        ),
        Audience(NotificationTopic.FOLLOWED, _proposal_followers(event.proposal_id)),
    ]
    if event.process_id is not None:
        audiences.append(Audience(NotificationTopic.FOLLOWED, _process_followers(event.process_id)))
    return audiences


def comment_created_audiences(event: DomainEvent) -> list[Audience]:
    if event.comment_id is None or event.proposal_id is None:
        return []
    return [
        Audience(
            NotificationTopic.REPLIES_TO_ME,
            Comment.objects.filter(replies__pk=event.comment_id).values("author_id"),
        ),
        Audience(
            NotificationTopic.COMMENTS_ON_MY_PROPOSAL,
            User.objects.filter(proposals__pk=event.proposal_id).values("pk"),
        ),
        Audience(NotificationTopic.FOLLOWED, _proposal_followers(event.proposal_id)),
    ]


def phase_opened_audiences(event: DomainEvent) -> list[Audience]:
    if event.process_id is None:
        return []
    return [Audience(NotificationTopic.PHASES, _process_followers(event.process_id))]


def moderators():
    """Holders of `participation.moderate` (through a group or directly) and superusers, as a user-id
    queryset."""
    permission = Permission.objects.filter(content_type__app_label="participation", codename="moderate")
    return User.objects.filter(
        Q(is_superuser=True) | Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)
    ).values("pk")


def report_created_audiences(event: DomainEvent) -> list[Audience]:
    return [Audience(NotificationTopic.MODERATION, moderators())]


# --- Wording (no query: the event is read with its proposal, process, phase and actor) ----------------------


def _actor_name(event: DomainEvent) -> str:
    return event.actor.public_name if event.actor_id else _("Someone")


def describe_proposal_transition(event: DomainEvent) -> Description:
    to_state = event.payload.get("to", "")
    state = ProposalState(to_state).label if to_state in ProposalState.values else to_state
    return Description(
        text=_("“%(title)s” is now: %(state)s") % {"title": event.proposal.title, "state": state},
        url=event.proposal.get_absolute_url(),
    )


def describe_comment_created(event: DomainEvent) -> Description:
    if event.payload.get("reply_to"):
        text = _("%(name)s replied in the debate on “%(title)s”")
    else:
        text = _("%(name)s commented on “%(title)s”")
    return Description(
        text=text % {"name": _actor_name(event), "title": event.proposal.title},
        url=f"{event.proposal.get_absolute_url()}#comment-{event.comment_id}",
    )


def describe_phase_opened(event: DomainEvent) -> Description:
    kind = event.payload.get("kind", "")
    label = PhaseKind(kind).label if kind in PhaseKind.values else kind
    return Description(
        text=_("A new phase opened in “%(process)s”: %(phase)s")
        % {"process": event.process.title, "phase": label},
        url=event.process.get_absolute_url(),
    )


def describe_report_created(event: DomainEvent) -> Description:
    if event.proposal_id:
        text = _("New report on “%(title)s”") % {"title": event.proposal.title}
    else:
        text = _("New report to moderate")
    return Description(text=text, url=reverse("moderation_queue"))


def register() -> None:
    register_audience(
        EventKind.PROPOSAL_TRANSITION, proposal_transition_audiences, describe=describe_proposal_transition
    )
    register_audience(EventKind.COMMENT_CREATED, comment_created_audiences, describe=describe_comment_created)
    register_audience(EventKind.PHASE_OPENED, phase_opened_audiences, describe=describe_phase_opened)
    register_audience(EventKind.REPORT_CREATED, report_created_audiences, describe=describe_report_created)
