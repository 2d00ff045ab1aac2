"""Reads of the REST API (participation.api). Same visibility as the pages: published processes only, public
proposals in lists (a draft only for its author and staff, in detail, rule `participation.view_proposal`),
no comment of a hidden proposal. Each function states its queries; list querysets are paginated by the API
(one query per page, plus the paginator's count)."""

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)

from .models import Area, Category, Comment, Follow, Phase, Process, Proposal, ProposalTransition, Support
from .models.proposals import PUBLIC_STATES
from .selectors import ROLE_LABELS, _actor_role, _ensure_visible, _is_authenticated


def area_list() -> QuerySet:
    """Every area, in the order of the pages. One query."""
    return Area.objects.order_by("position", "name", "id")


def category_list() -> QuerySet:
    """Every category, in the order of the pages. One query."""
    return Category.objects.order_by("position", "name", "id")


def process_list() -> QuerySet:
    """Published processes with their phases, areas and categories. Four queries: processes, phases, areas,
    categories."""
    return (
        Process.objects.filter(is_published=True)
        .prefetch_related("phases", "areas", "categories")
        .order_by("-created_at", "-id")
    )


def phase_list() -> QuerySet:
    """The phases of published processes with their process's slug, in timeline order. One query."""
    return (
        Phase.objects.filter(process__is_published=True)
        .select_related("process")
        .only(
            "id",
            "kind",
            "title",
            "description",
            "position",
            "start_at",
            "end_at",
            "closed_at",
            "process__id",
            "process__slug",
        )
        .order_by("process_id", "position", "start_at", "id")
    )


def _past_threshold() -> ExpressionWrapper:
    return ExpressionWrapper(
        Q(process__support_threshold__isnull=False, supports_count__gte=F("process__support_threshold")),
        output_field=BooleanField(),
    )


def proposal_list() -> QuerySet:
    """Public proposals (never drafts) of published processes, with process, author (for the public name),
    area, category and `past_threshold`. Hidden ones stay listed (their text is blanked by the serializer),
    as on the pages. One query."""
    return (
        Proposal.objects.filter(state__in=PUBLIC_STATES, process__is_published=True)
        .select_related("process", "author", "area", "category")
        .annotate(past_threshold=_past_threshold())
    )


def proposal_detail(*, pk: int, viewer) -> Proposal:
    """One proposal as `viewer` may see it (rule `participation.view_proposal`, in a published process), with
    process and its phases, author, area, category, the timeline (`transitions` with `actor_role`),
    `viewer_supports`, `viewer_follows` and `past_threshold`. Raises Proposal.DoesNotExist otherwise.
    Queries: the proposal, the phases, the transitions with their actors, and (when a person made a
    transition) the actors' permissions, groups and group permissions."""
    queryset = (
        Proposal.objects.filter(pk=pk, process__is_published=True)
        .select_related("process", "author", "area", "category")
        .prefetch_related(
            "process__phases",
            Prefetch(
                "transitions",
                queryset=ProposalTransition.objects.select_related("actor").prefetch_related(
                    "actor__user_permissions", "actor__groups__permissions"
                ),
            ),
        )
        .annotate(past_threshold=_past_threshold())
    )
    if _is_authenticated(viewer):
        queryset = queryset.annotate(
            viewer_supports=Exists(Support.objects.filter(proposal=OuterRef("pk"), user=viewer)),
            viewer_follows=Exists(Follow.objects.filter(proposal=OuterRef("pk"), user=viewer)),
        )
    else:
        queryset = queryset.annotate(
            viewer_supports=Value(False, output_field=BooleanField()),
            viewer_follows=Value(False, output_field=BooleanField()),
        )
    proposal = queryset.get()
    _ensure_visible(proposal, viewer)
    for transition in proposal.transitions.all():
        transition.actor_role = _actor_role(transition, proposal.author_id)
        transition.actor_role_label = ROLE_LABELS[transition.actor_role]
    return proposal


def proposal_for_action(*, pk: int, viewer) -> Proposal:
    """The proposal an API write acts on, if `viewer` may see it (else Proposal.DoesNotExist), with its
    process. One query; the services re-read and lock what they change."""
    proposal = Proposal.objects.select_related("process", "author", "area", "category").get(
        pk=pk, process__is_published=True
    )
    _ensure_visible(proposal, viewer)
    return proposal


def process_for_action(*, slug: str) -> Process:
    """A published process for an API write (following it, proposing in it). One query."""
    return Process.objects.get(slug=slug, is_published=True)


def comment_list() -> QuerySet:
    """Comments of public, not hidden proposals of published processes (the pages show no debate under a
    hidden proposal), with their author; hidden and deleted comments keep their place, their text is
    blanked by the serializer. One query."""
    return (
        Comment.objects.filter(
            proposal__state__in=PUBLIC_STATES,
            proposal__process__is_published=True,
            proposal__hidden_at__isnull=True,
        )
        .select_related("author")
        .order_by("created_at", "id")
    )


def comment_for_action(*, pk: int, viewer) -> Comment:
    """A comment `viewer` may see (in `comment_list`), with proposal and process, for an API write. One
    query."""
    comment = comment_list().select_related("proposal", "proposal__process", "parent").get(pk=pk)
    try:
        _ensure_visible(comment.proposal, viewer)
    except Proposal.DoesNotExist as error:
        raise Comment.DoesNotExist from error
    return comment
