"""Every read the participation pages need. Each function owns its joins and annotations so that a page runs a
fixed number of queries whatever the number of rows (see the query-count tests), and templates never query.

Selectors that look an object up raise the model's `DoesNotExist` for anything the viewer may not see, so that
"missing" and "forbidden" look the same (views answer 404)."""

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Comment,
    CommentAlignment,
    Follow,
    PdfReport,
    Phase,
    Process,
    Proposal,
    ProposalTransition,
    Support,
)
from .models.proposals import PUBLIC_STATES
from .models.proposals import ProposalState as States

# --- Phases -------------------------------------------------------------------------------------------------

PHASE_PAST = "past"
PHASE_CURRENT = "current"
PHASE_NEXT = "next"
PHASE_LATER = "later"


def _phases_in_order(process: Process) -> list[Phase]:
    """The process's phases from the prefetch cache, in timeline order (no query when prefetched)."""
    return sorted(process.phases.all(), key=lambda phase: (phase.position, phase.start_at, phase.pk))


def current_phase(process: Process, *, now: datetime | None = None) -> Phase | None:
    """The first open phase of `process` at `now` (several may overlap; the earliest in the timeline wins)."""
    now = now or timezone.now()
    return next((phase for phase in _phases_in_order(process) if phase.is_open_at(now)), None)


def phase_timeline(process: Process, *, now: datetime | None = None) -> list[Phase]:
    """The phases of `process` in order, each with a `timeline_status`: past, current (open now), next (the
    first one still to come) or later. Reads the prefetch cache only."""
    now = now or timezone.now()
    phases = _phases_in_order(process)
    next_found = False
    for phase in phases:
        if phase.is_open_at(now):
            phase.timeline_status = PHASE_CURRENT
        elif phase.is_past_at(now):
            phase.timeline_status = PHASE_PAST
        elif not next_found:
            phase.timeline_status = PHASE_NEXT
            next_found = True
        else:
            phase.timeline_status = PHASE_LATER
    return phases


def _is_authenticated(viewer) -> bool:
    return viewer is not None and not isinstance(viewer, AnonymousUser) and viewer.is_authenticated


# --- Processes ----------------------------------------------------------------------------------------------


@dataclass
class HomeProcesses:
    open: list[Process] = field(default_factory=list)
    others: list[Process] = field(default_factory=list)


def process_list_for_home(*, viewer, now: datetime | None = None) -> HomeProcesses:
    """Published processes: those with a phase open now (each with `open_phase`), then the others (each with
    `upcoming_phase` or, when finished, `final_phase`). Two queries: processes, phases."""
    now = now or timezone.now()
    processes = (
        Process.objects.filter(is_published=True).prefetch_related("phases").order_by("-created_at", "-id")
    )
    result = HomeProcesses()
    for process in processes:
        timeline = phase_timeline(process, now=now)
        process.open_phase = next((p for p in timeline if p.timeline_status == PHASE_CURRENT), None)
        process.upcoming_phase = next((p for p in timeline if p.timeline_status == PHASE_NEXT), None)
        process.final_phase = timeline[-1] if timeline else None
        if process.open_phase is not None:
            result.open.append(process)
        else:
            result.others.append(process)
    # Upcoming processes before finished ones.
    result.others.sort(key=lambda p: p.upcoming_phase is None)
    return result


def process_detail(*, slug: str, viewer, now: datetime | None = None) -> Process:
    """A published process with its phases (as a timeline: `timeline`, `open_phase`), areas, categories and
    `viewer_follows`. Three queries: the process, its phases, areas and categories (2)."""
    queryset = Process.objects.filter(slug=slug, is_published=True).prefetch_related(
        "phases", "areas", "categories"
    )
    if _is_authenticated(viewer):
        queryset = queryset.annotate(
            viewer_follows=Exists(Follow.objects.filter(process=OuterRef("pk"), user=viewer))
        )
    else:
        queryset = queryset.annotate(viewer_follows=Value(False, output_field=BooleanField()))
    process = queryset.get()
    process.timeline = phase_timeline(process, now=now)
    process.open_phase = next((p for p in process.timeline if p.timeline_status == PHASE_CURRENT), None)
    return process


def process_filter_choices(process: Process) -> tuple[list, list]:
    """(areas, categories) a proposal of `process` may be filed under, from the prefetch cache of
    `process_detail`. A process without its own list offers nothing to filter on."""
    return list(process.areas.all()), list(process.categories.all())


# --- Proposals lists ----------------------------------------------------------------------------------------

SORT_RANDOM = "random"
SORT_MOST_SUPPORTED = "supports"
SORT_NEWEST = "newest"
SORT_CHOICES = [
    (SORT_RANDOM, _("Random order")),
    (SORT_MOST_SUPPORTED, _("Most supported")),
    (SORT_NEWEST, _("Newest")),
]

# Random order: the key of a proposal is a polynomial hash of its id, (a·id² + b·id + c) mod p, whose
# coefficients are drawn from the visitor's seed. A degree-2 polynomial with random coefficients modulo a
# prime mixes far better than a multiplicative hash (whose orders show visible strides), the database computes
# it (SQLite and PostgreSQL alike) and, with a, b < 2**30 and id² reduced first, every intermediate stays
# below 2**63 for ids up to 3·10**9.
RANDOM_MODULUS = 2_147_483_647  # 2**31 - 1, prime
_RANDOM_COEFFICIENT_LIMIT = 2**30


def random_order_key(seed: int):
    """The expression ordering proposals for the visitor holding `seed`."""
    draw = random.Random(seed)
    a = draw.randrange(1, _RANDOM_COEFFICIENT_LIMIT)
    b = draw.randrange(0, _RANDOM_COEFFICIENT_LIMIT)
    c = draw.randrange(0, RANDOM_MODULUS)
    return (((F("id") * F("id")) % RANDOM_MODULUS) * a + F("id") * b + c) % RANDOM_MODULUS


def random_seed_is_valid(seed) -> bool:
    return isinstance(seed, int) and 1 <= seed < RANDOM_MODULUS


@dataclass(frozen=True)
class ProposalFilters:
    area_id: int | None = None
    category_id: int | None = None
    state: str | None = None
    text: str = ""


def _with_threshold_mark(queryset: QuerySet, process: Process) -> QuerySet:
    if process.support_threshold:
        return queryset.annotate(
            past_threshold=ExpressionWrapper(
                Q(supports_count__gte=process.support_threshold), output_field=BooleanField()
            )
        )
    return queryset.annotate(past_threshold=Value(False, output_field=BooleanField()))


def proposal_list_for_process(
    *,
    process: Process,
    viewer,
    filters: ProposalFilters | None = None,
    sort: str = SORT_RANDOM,
    seed: int = 1,
) -> QuerySet:
    """The public proposals of `process` (never drafts, even the viewer's own: those are in "my proposals"),
    filtered and sorted, with area, category and `past_threshold`. Hidden proposals stay in the list (the page
    says they were hidden) but never match a text search, since their text is no longer public.
    One query per page (plus the paginator's count)."""
    filters = filters or ProposalFilters()
    queryset = (
        Proposal.objects.filter(process=process, state__in=PUBLIC_STATES)
        .select_related("area", "category")
        .only(
            "id",
            "process_id",
            "title",
            "state",
            "area__id",
            "area__name",
            "category__id",
            "category__name",
            "supports_count",
            "comments_count",
            "hidden_at",
            "created_at",
        )
    )
    if filters.area_id is not None:
        queryset = queryset.filter(area_id=filters.area_id)
    if filters.category_id is not None:
        queryset = queryset.filter(category_id=filters.category_id)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    text = filters.text.strip()
    if text:
        queryset = queryset.filter(Q(title__icontains=text) | Q(body__icontains=text), hidden_at__isnull=True)
    queryset = _with_threshold_mark(queryset, process)
    if sort == SORT_MOST_SUPPORTED:
        return queryset.order_by("-supports_count", "-created_at", "-id")
    if sort == SORT_NEWEST:
        return queryset.order_by("-created_at", "-id")
    if not random_seed_is_valid(seed):
        seed = 1
    return queryset.annotate(random_key=random_order_key(seed)).order_by("random_key", "id")


# --- One proposal -------------------------------------------------------------------------------------------

ROLE_PLACETTE = "placette"
ROLE_AUTHOR = "author"
ROLE_ADMINISTRATOR = "administrator"
ROLE_MODERATOR = "moderator"
ROLE_EVALUATOR = "evaluator"
ROLE_OTHER = "other"
ROLE_LABELS = {
    ROLE_PLACETTE: _("Placette"),
    ROLE_AUTHOR: _("the author"),
    ROLE_ADMINISTRATOR: _("a process administrator"),
    ROLE_MODERATOR: _("a moderator"),
    ROLE_EVALUATOR: _("an evaluator"),
    ROLE_OTHER: _("a member of staff"),
}
# Role permissions (codenames of participation.User Meta.permissions), strongest first.
_ROLE_PERMISSIONS = [
    ("administer_processes", ROLE_ADMINISTRATOR),
    ("moderate", ROLE_MODERATOR),
    ("evaluate", ROLE_EVALUATOR),
]


def _actor_role(transition: ProposalTransition, author_id: int) -> str:
    """The public role of whoever made a transition, from prefetched groups and permissions (no query).
    Staff are shown by role, never by name."""
    actor = transition.actor
    if actor is None:
        return ROLE_PLACETTE
    if actor.pk == author_id:
        return ROLE_AUTHOR
    if actor.is_superuser:
        return ROLE_ADMINISTRATOR
    codenames = {perm.codename for perm in actor.user_permissions.all()}
    for group in actor.groups.all():
        codenames.update(perm.codename for perm in group.permissions.all())
    for codename, role in _ROLE_PERMISSIONS:
        if codename in codenames:
            return role
    return ROLE_OTHER


def _ensure_visible(proposal: Proposal, viewer) -> None:
    """Raises Proposal.DoesNotExist unless the rule `participation.view_proposal` lets `viewer` see `proposal`
    (a draft of someone else looks missing, not forbidden)."""
    if viewer is None or not viewer.has_perm("participation.view_proposal", proposal):
        raise Proposal.DoesNotExist


def proposal_detail(*, process_slug: str, pk: int, viewer) -> Proposal:
    """A proposal of the published process `process_slug` as `viewer` may see it, with process and its
    phases, author, area, category, duplicate_of, the timeline (`transitions`, each with `actor_role` and
    `actor_role_label`), `viewer_supports`, `viewer_follows`, `past_threshold`. Raises Proposal.DoesNotExist
    for a wrong slug, an unknown id or a proposal the viewer may not see (rule `participation.view_proposal`).

    Queries: the proposal (with the viewer's support and follow as subqueries), the phases, the transitions
    with their actors, the actors' direct permissions, groups and group permissions (the last three only when
    a person made a transition)."""
    queryset = (
        Proposal.objects.filter(pk=pk, process__slug=process_slug, process__is_published=True)
        .select_related("process", "author", "area", "category", "duplicate_of", "duplicate_of__process")
        .prefetch_related(
            "process__phases",
            Prefetch(
                "transitions",
                queryset=ProposalTransition.objects.select_related("actor").prefetch_related(
                    "actor__user_permissions", "actor__groups__permissions"
                ),
            ),
        )
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
    proposal.rejection_transition = None
    for transition in proposal.transitions.all():
        transition.actor_role = _actor_role(transition, proposal.author_id)
        transition.actor_role_label = ROLE_LABELS[transition.actor_role]
        if transition.to_state == States.REJECTED:
            proposal.rejection_transition = transition
    threshold = proposal.process.support_threshold
    proposal.past_threshold = bool(threshold) and proposal.supports_count >= threshold
    proposal.process.open_phase = current_phase(proposal.process)
    return proposal


def proposal_for_action(*, process_slug: str, pk: int, viewer) -> Proposal:
    """The proposal a POST action works on, if the viewer may see it (else Proposal.DoesNotExist), with its
    process. One query; the services re-read and lock what they change."""
    proposal = Proposal.objects.select_related("process", "author", "area", "category").get(
        pk=pk, process__slug=process_slug, process__is_published=True
    )
    _ensure_visible(proposal, viewer)
    return proposal


# --- Comments -----------------------------------------------------------------------------------------------


@dataclass
class CommentThreads:
    """Top-level comments, each with `thread_replies` (oldest first), and the counts of visible comments by
    alignment."""

    comments: list[Comment]
    count_for: int = 0
    count_against: int = 0
    count_neutral: int = 0

    @property
    def count_visible(self) -> int:
        return self.count_for + self.count_against + self.count_neutral


def comments_for_proposal(*, proposal: Proposal, viewer=None) -> CommentThreads:
    """Every comment of `proposal` with its author, threaded one level deep. One query: replies are grouped in
    Python. Hidden and deleted comments keep their place (the template shows why their text is gone) but do
    not count in the alignment counts."""
    rows = list(
        Comment.objects.filter(proposal=proposal)
        .select_related("author")
        .only(
            "id",
            "proposal_id",
            "parent_id",
            "alignment",
            "body",
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "hidden_reason",
            "author__id",
            "author__display_name",
            "author__email",
        )
        .order_by("created_at", "id")
    )
    threads = CommentThreads(comments=[])
    by_id = {}
    for comment in rows:
        # The rules asked for each comment read comment.proposal.process and its phases: share the instance.
        comment.proposal = proposal
        comment.thread_replies = []
        by_id[comment.pk] = comment
    for comment in rows:
        if comment.is_visible:
            if comment.alignment == CommentAlignment.FOR:
                threads.count_for += 1
            elif comment.alignment == CommentAlignment.AGAINST:
                threads.count_against += 1
            else:
                threads.count_neutral += 1
        parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is not None:
            parent.thread_replies.append(comment)
        else:
            threads.comments.append(comment)
    return threads


def comment_in_proposal(*, proposal: Proposal, pk: int) -> Comment | None:
    """The comment `pk` of `proposal` (a reply's parent), or None. One query."""
    return Comment.objects.filter(proposal=proposal, pk=pk).first()


def comment_for_action(*, pk: int, viewer) -> Comment:
    """A comment the viewer may see (its proposal is visible to them), with proposal, process and author.
    Raises Comment.DoesNotExist otherwise. One query."""
    comment = Comment.objects.select_related("proposal", "proposal__process", "author", "parent").get(
        pk=pk, proposal__process__is_published=True
    )
    try:
        _ensure_visible(comment.proposal, viewer)
    except Proposal.DoesNotExist as error:
        raise Comment.DoesNotExist from error
    return comment


# --- Staff and account pages --------------------------------------------------------------------------------
# Reads of /me/ (my proposals, my supports) and /staff/ (moderation queue, triage, review). Appended by the
# staff-and-account helper; each function states its queries.

from django.db.models import Count, Sum  # noqa: E402

from .models import ProposalState, Report  # noqa: E402


def proposal_list_for_author(*, author) -> list[Proposal]:
    """Every proposal of `author` in every state (drafts and hidden ones too: they are theirs), newest first,
    with process and its phases (so that the rules asked per row need no query), area and category.
    Two queries: the proposals, the phases."""
    return list(
        Proposal.objects.filter(author=author)
        .select_related("process", "area", "category")
        .prefetch_related("process__phases")
        .order_by("-created_at", "-id")
    )


@dataclass
class ProcessSupports:
    """The viewer's supports in one process, and what is left of the per-person limit (None: no limit)."""

    process: Process
    supports: list[Support] = field(default_factory=list)

    @property
    def used(self) -> int:
        return len(self.supports)

    @property
    def limit(self) -> int | None:
        return self.process.support_limit_per_user

    @property
    def remaining(self) -> int | None:
        if self.limit is None:
            return None
        return max(self.limit - self.used, 0)


def support_list_for_user(*, user) -> list[ProcessSupports]:
    """The proposals `user` supports, grouped by process (most recent support first within each, processes in
    the order of their latest support), each group with the remaining supports when the process sets a limit.
    The limit counts every support row of the process, as `support_add` does. Two queries: the supports with
    proposal, process, area; the phases."""
    supports = (
        Support.objects.filter(user=user)
        .select_related("proposal", "proposal__process", "proposal__area", "proposal__category")
        .prefetch_related("proposal__process__phases")
        .order_by("-created_at", "-id")
    )
    groups: dict[int, ProcessSupports] = {}
    for support in supports:
        process = support.proposal.process
        group = groups.get(process.pk)
        if group is None:
            group = groups[process.pk] = ProcessSupports(process=process)
        group.supports.append(support)
    return list(groups.values())


MODERATION_HISTORY_LENGTH = 50


@dataclass
class ReportedContent:
    """One reported proposal or comment with its open reports (oldest first)."""

    proposal: Proposal | None = None
    comment: Comment | None = None
    reports: list[Report] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "comment" if self.comment is not None else "proposal"

    @property
    def key(self) -> str:
        return f"{self.kind}-{(self.comment or self.proposal).pk}"

    @property
    def count(self) -> int:
        return len(self.reports)

    @property
    def first_reported_at(self):
        return self.reports[0].created_at

    @property
    def reason_counts(self) -> list[tuple[str, int]]:
        """(reason label, how many reports give it), most frequent first."""
        counts: dict[str, int] = {}
        for report in self.reports:
            label = str(report.get_reason_display())
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _reports_with_targets() -> QuerySet:
    return Report.objects.select_related(
        "reporter",
        "resolved_by",
        "proposal",
        "proposal__process",
        "proposal__author",
        "comment",
        "comment__author",
        "comment__proposal",
        "comment__proposal__process",
    )


def moderation_queue(*, viewer=None) -> list[ReportedContent]:
    """Open reports grouped by the proposal or comment they target; the content reported longest ago comes
    first. One query: the reports with their targets, authors and reporters."""
    groups: dict[str, ReportedContent] = {}
    for report in _reports_with_targets().filter(resolved_at__isnull=True).order_by("created_at", "id"):
        if report.comment_id is not None:
            key = f"comment-{report.comment_id}"
            group = groups.setdefault(key, ReportedContent(comment=report.comment))
        else:
            key = f"proposal-{report.proposal_id}"
            group = groups.setdefault(key, ReportedContent(proposal=report.proposal))
        group.reports.append(report)
    return list(groups.values())


def moderation_history(*, limit: int = MODERATION_HISTORY_LENGTH) -> list[Report]:
    """The latest resolved reports (hidden or dismissed), most recent first, with target and moderator.
    One query."""
    return list(
        _reports_with_targets().filter(resolved_at__isnull=False).order_by("-resolved_at", "-id")[:limit]
    )


def process_for_staff(*, slug: str) -> Process:
    """A process (published or not: staff prepare them) with its phases as a timeline (`timeline`) and the
    phase open now (`open_phase`). Two queries."""
    process = Process.objects.prefetch_related("phases").get(slug=slug)
    process.timeline = phase_timeline(process)
    process.open_phase = next((p for p in process.timeline if p.timeline_status == PHASE_CURRENT), None)
    return process


# Drafts are not submitted yet: there is nothing to triage, and they stay private to their author.
TRIAGE_STATES = [state for state in ProposalState if state != ProposalState.DRAFT]


def proposal_counts_by_state_for_staff(*, process: Process) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state of the triage, zeros included, in the order of the life of a
    proposal. One query."""
    counts = dict(
        Proposal.objects.filter(process=process, state__in=TRIAGE_STATES)
        .order_by()
        .values_list("state")
        .annotate(count=Count("id"))
        .values_list("state", "count")
    )
    return [(state.value, state.label, counts.get(state.value, 0)) for state in TRIAGE_STATES]


def proposal_list_for_staff(*, process: Process, state: str | None = None, area=None) -> QuerySet:
    """The submitted-or-later proposals of `process` (hidden ones included), oldest submission first so the
    queue is worked in order, with author, area and category. One query per page (plus the count)."""
    queryset = (
        Proposal.objects.filter(process=process, state__in=TRIAGE_STATES)
        .select_related("author", "area", "category")
        .order_by(F("submitted_at").asc(nulls_last=True), "created_at", "id")
    )
    if state:
        queryset = queryset.filter(state=state)
    if area is not None:
        queryset = queryset.filter(area=area)
    return queryset


def proposal_for_staff_review(*, pk: int, viewer) -> Proposal:
    """A proposal for the staff review page, if `viewer` may see it (rule `participation.view_proposal`),
    with process and its phases, author, area, category, duplicate_of, the timeline (`transitions` with their
    actors) and its reports with their reporters. Raises Proposal.DoesNotExist otherwise. Four queries: the
    proposal, the phases, the transitions, the reports."""
    queryset = (
        Proposal.objects.filter(pk=pk)
        .select_related("process", "author", "area", "category", "duplicate_of", "duplicate_of__process")
        .prefetch_related(
            "process__phases",
            Prefetch("transitions", queryset=ProposalTransition.objects.select_related("actor")),
            Prefetch(
                "reports",
                queryset=Report.objects.select_related("reporter", "resolved_by").order_by(
                    "-created_at", "-id"
                ),
            ),
        )
    )
    proposal = queryset.get()
    _ensure_visible(proposal, viewer)
    proposal.process.open_phase = current_phase(proposal.process)
    return proposal


def proposal_for_moderation(*, pk: int) -> Proposal:
    """Any proposal, for a moderator's action (they see drafts too). One query."""
    return Proposal.objects.select_related("process").get(pk=pk)


def comment_for_moderation(*, pk: int) -> Comment:
    """Any comment, for a moderator's action. One query."""
    return Comment.objects.select_related("proposal", "proposal__process").get(pk=pk)


def report_for_moderation(*, pk: int) -> Report:
    """Any report, for a moderator's action. One query."""
    return Report.objects.select_related("proposal", "comment").get(pk=pk)


def phase_for_staff(*, pk: int) -> Phase:
    """A phase with its process. One query."""
    return Phase.objects.select_related("process").get(pk=pk)


def process_list_for_staff() -> list[Process]:
    """Every process (published or not), newest first, with its phases (`open_phase`) and the number of its
    proposals in each state a member of staff acts on (`submitted_count`, `in_debate_count`,
    `accepted_count`, `rejected_count`). Two queries: the processes with their counts, the phases."""
    processes = list(
        Process.objects.annotate(
            submitted_count=Count("proposals", filter=Q(proposals__state=ProposalState.SUBMITTED)),
            in_debate_count=Count("proposals", filter=Q(proposals__state=ProposalState.IN_DEBATE)),
            accepted_count=Count("proposals", filter=Q(proposals__state=ProposalState.ACCEPTED)),
            rejected_count=Count("proposals", filter=Q(proposals__state=ProposalState.REJECTED)),
        )
        .prefetch_related("phases")
        .order_by("-created_at", "-id")
    )
    for process in processes:
        process.open_phase = current_phase(process)
    return processes


def open_report_count() -> int:
    """How many reports wait for a moderator. One query."""
    return Report.objects.filter(resolved_at__isnull=True).count()


# --- PDF reports (participation.pdf_reports) ----------------------------------------------------------------

# The process report lists at most this many proposals (those with the most supports): beyond, a PDF of
# hundreds of pages helps nobody and would take minutes to render. Every proposal is counted anyway.
PROCESS_REPORT_LIST_LIMIT = 500


@dataclass
class ProcessReportData:
    """What the process report prints. Counts cover every public proposal (hidden ones included, as on the
    process page); the lists leave the hidden ones out and hold at most `PROCESS_REPORT_LIST_LIMIT`
    proposals (`unlisted_count` says how many visible ones are left out)."""

    process: Process
    phases: list[Phase]
    by_state: list[tuple[str, str, int]]
    by_area: list[tuple[str, str, int]]
    groups: list[tuple[str, str, list[Proposal]]]
    proposals_count: int
    hidden_count: int
    supports_count: int
    comments_count: int
    unlisted_count: int = 0


def process_for_report(*, pk: int) -> Process | None:
    """The process `pk` a report is asked about (published or not: the rule decides), or None. One query."""
    return Process.objects.filter(pk=pk).first()


def process_report_data(
    *, process: Process, now: datetime | None = None, list_limit: int = PROCESS_REPORT_LIST_LIMIT
) -> ProcessReportData:
    """Everything the process report prints. Five queries whatever the number of proposals: the process, its
    phases, its areas, the counts of its public proposals by state and area (one aggregate), the listed
    proposals (with area)."""
    process = Process.objects.prefetch_related("phases", "areas").get(pk=process.pk)
    public = Proposal.objects.filter(process=process, state__in=PUBLIC_STATES)
    rows = (
        public.order_by()
        .values("state", "area_id", "area__name", "area__slug", "area__position")
        .annotate(
            count=Count("id"),
            hidden=Count("id", filter=Q(hidden_at__isnull=False)),
            supports=Sum("supports_count"),
            comments=Sum("comments_count"),
        )
    )
    listed = list(
        public.filter(hidden_at__isnull=True)
        .select_related("area")
        .only(
            "id",
            "process_id",
            "title",
            "state",
            "supports_count",
            "comments_count",
            "hidden_at",
            "cost_estimate_cents",
            "area__id",
            "area__name",
            "area__slug",
            "area__position",
        )
        .order_by("-supports_count", "title", "id")[:list_limit]
    )
    state_counts = dict.fromkeys(PUBLIC_STATES, 0)
    area_counts: dict[int, int] = {}
    areas = {area.pk: (area.position, area.name, area.slug) for area in process.areas.all()}
    totals = {"count": 0, "hidden": 0, "supports": 0, "comments": 0}
    for row in rows:
        state_counts[row["state"]] += row["count"]
        for name in totals:
            totals[name] += row[name] or 0
        if row["area_id"] is not None:
            area_counts[row["area_id"]] = area_counts.get(row["area_id"], 0) + row["count"]
            areas.setdefault(row["area_id"], (row["area__position"], row["area__name"], row["area__slug"]))
    groups = []
    for state in PUBLIC_STATES:
        members = [proposal for proposal in listed if proposal.state == state]
        if members:
            groups.append((state, States(state).label, members))
    ordered_areas = sorted(areas.items(), key=lambda item: (item[1][0], item[1][1]))
    visible_count = totals["count"] - totals["hidden"]
    return ProcessReportData(
        process=process,
        phases=phase_timeline(process, now=now),
        by_state=[(state, States(state).label, state_counts[state]) for state in PUBLIC_STATES],
        by_area=[(slug, name, area_counts.get(pk, 0)) for pk, (_position, name, slug) in ordered_areas],
        groups=groups,
        proposals_count=totals["count"],
        hidden_count=totals["hidden"],
        supports_count=totals["supports"],
        comments_count=totals["comments"],
        unlisted_count=visible_count - len(listed),
    )


def proposal_for_report(*, pk: int) -> Proposal | None:
    """The proposal `pk` a dossier is asked about, with its process (the rule decides who may see it), or
    None. One query."""
    return Proposal.objects.select_related("process").filter(pk=pk).first()


@dataclass
class ProposalDossierData:
    """What the dossier of a proposal prints: `comments` are the visible top-level comments and the removed
    ones that still have visible replies (`is_visible` False, text not printed), each with
    `thread_replies` (visible only)."""

    proposal: Proposal
    comments: list[Comment]
    count_for: int
    count_against: int
    count_neutral: int


def proposal_dossier_data(*, proposal: Proposal) -> ProposalDossierData:
    """Everything the dossier of `proposal` prints: the proposal with process, author, area, category and
    duplicate_of; its timeline with each actor's public role (as on the proposal page); its comments, hidden
    and deleted ones left out. Queries: the proposal, the transitions with their actors, the actors' direct
    permissions, groups and group permissions (the last three only when a person made a transition), the
    comments with their authors."""
    proposal = (
        Proposal.objects.select_related("process", "author", "area", "category", "duplicate_of")
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=ProposalTransition.objects.select_related("actor").prefetch_related(
                    "actor__user_permissions", "actor__groups__permissions"
                ),
            )
        )
        .get(pk=proposal.pk)
    )
    for transition in proposal.transitions.all():
        transition.actor_role = _actor_role(transition, proposal.author_id)
        transition.actor_role_label = ROLE_LABELS[transition.actor_role]
    rows = list(
        Comment.objects.filter(proposal=proposal)
        .select_related("author")
        .only(
            "id",
            "proposal_id",
            "parent_id",
            "alignment",
            "body",
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "author__id",
            "author__display_name",
        )
        .order_by("created_at", "id")
    )
    by_id = {comment.pk: comment for comment in rows}
    for comment in rows:
        comment.thread_replies = []
    top_level = []
    counts = {CommentAlignment.FOR: 0, CommentAlignment.AGAINST: 0, CommentAlignment.NEUTRAL: 0}
    for comment in rows:
        parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            top_level.append(comment)
        elif comment.is_visible:
            parent.thread_replies.append(comment)
        if comment.is_visible:
            counts[comment.alignment] = counts.get(comment.alignment, 0) + 1
    comments = [comment for comment in top_level if comment.is_visible or comment.thread_replies]
    for comment in comments:
        if not comment.is_visible:
            comment.body = ""
    return ProposalDossierData(
        proposal=proposal,
        comments=comments,
        count_for=counts[CommentAlignment.FOR],
        count_against=counts[CommentAlignment.AGAINST],
        count_neutral=counts[CommentAlignment.NEUTRAL],
    )


def pdf_report_by_id(*, pk: int):
    """The PDF report row `pk`, or None. One query (the view then checks the rule on its target)."""
    return PdfReport.objects.filter(pk=pk).first()


def api_token_list_for_user(*, user) -> list:
    """The API tokens of `user`, active first, newest first (revoked ones stay listed). One query."""
    from .models import ApiToken

    return list(
        ApiToken.objects.filter(user=user).order_by(
            F("revoked_at").desc(nulls_first=True), "-created_at", "-id"
        )
    )


def api_token_of_user(*, user, pk: int):
    """The token `pk` of `user` (ApiToken.DoesNotExist for anyone else's). One query."""
    from .models import ApiToken

    return ApiToken.objects.get(user=user, pk=pk)
