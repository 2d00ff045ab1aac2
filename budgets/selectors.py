"""Every read the budgets resident pages need. Each function owns its joins so that a page runs a fixed number
of queries whatever the number of projects, ballots or areas (see the query-count tests), and templates never
query.

Lookups raise the model's `DoesNotExist` for anything the viewer may not see (an unpublished process, a budget
of another process), so that "missing" and "forbidden" look the same (views answer 404)."""

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models import Area, Category, Phase, PhaseKind, Process
from participation.selectors import RANDOM_MODULUS, random_order_key, random_seed_is_valid

from .election import counted_ballots
from .models import (
    AllocationRule,
    Ballot,
    BallotChannel,
    BallotRule,
    BallotSelection,
    Basket,
    Budget,
    BudgetProject,
    ProjectResult,
    Voter,
)
from .services.digests import receipt_fingerprint


def ballot_fingerprint(receipt_digest: str) -> str:
    """The name of a ballot in the public, anonymised list (see `services.digests.receipt_fingerprint`)."""
    return receipt_fingerprint(receipt_digest)


# --- The process and its vote phase -------------------------------------------------------------------------

VOTE_NOT_YET = "not_yet"
VOTE_OPEN = "open"
VOTE_OVER = "over"
VOTE_NONE = "none"  # the process has no vote phase


def process_for_budgets(*, slug: str) -> Process:
    """A published process with its phases and its census (or none). Two queries: the process with its
    census (a join), its phases."""
    process = (
        Process.objects.filter(slug=slug, is_published=True)
        .select_related("census")
        .prefetch_related("phases")
        .get()
    )
    process.vote_phase = _vote_phase(process)
    process.vote_status = _vote_status(process.vote_phase)
    return process


def process_has_census(process: Process) -> bool:
    """From the `select_related("census")` of `process_for_budgets`: no query."""
    try:
        return process.census is not None
    except Process.census.RelatedObjectDoesNotExist:
        return False


def _vote_phase(process: Process) -> Phase | None:
    phases = [phase for phase in process.phase_list() if phase.kind == PhaseKind.VOTE]
    return min(phases, key=lambda phase: phase.start_at) if phases else None


def _vote_status(phase: Phase | None, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if phase is None:
        return VOTE_NONE
    if phase.is_open_at(now):
        return VOTE_OPEN
    if phase.is_past_at(now):
        return VOTE_OVER
    return VOTE_NOT_YET


# --- Who the viewer is as a voter ---------------------------------------------------------------------------

OBSTACLE_LOGIN = "login"  # anonymous, and no voting code entered in this browser
OBSTACLE_EMAIL = "email"  # signed in, but the e-mail address is not confirmed yet (not a resident yet)
OBSTACLE_CENSUS = "census"  # the process has a census and the account is not verified against it


@dataclass
class VoterContext:
    """The viewer as a voter in one process: the `voter` (None until one exists: a resident of a process
    without census gets theirs on their first choice), whether they came with a voting code, the area whose
    budgets they may vote in, what stops them from voting (`obstacle`, "" when nothing does) and the budgets
    they have already voted in."""

    voter: Voter | None = None
    via_code: bool = False
    area_id: int | None = None
    obstacle: str = ""
    voted_budget_ids: frozenset[int] = frozenset()

    def may_vote_in(self, budget: Budget) -> bool:
        """The budget is the territory's or the one of the voter's area (the rule `budgets_for_voter`
        applies; this only reads what is already loaded)."""
        return not self.obstacle and (budget.area_id is None or budget.area_id == self.area_id)


def _voter_queryset(process: Process) -> QuerySet:
    return Voter.objects.filter(process=process).prefetch_related(
        Prefetch("ballots", queryset=Ballot.objects.only("id", "budget_id", "voter_id"))
    )


def voter_context(*, process: Process, viewer, code_voter_id: int | None = None) -> VoterContext:
    """Who `viewer` (a user, possibly anonymous) votes as in `process`. A voter identified by a voting code
    in this browser (`code_voter_id`, kept in the session) comes first: the person at the keyboard entered it.
    At most two queries: the voter, the budgets they voted in."""
    if code_voter_id is not None:
        voter = _voter_queryset(process).filter(pk=code_voter_id, voting_code__isnull=False).first()
        if voter is not None:
            return _context_of(voter, via_code=True)
    if not viewer.is_authenticated:
        return VoterContext(obstacle=OBSTACLE_LOGIN)
    if not getattr(viewer, "email_verified", False):
        return VoterContext(obstacle=OBSTACLE_EMAIL)
    voter = _voter_queryset(process).filter(user=viewer).first()
    if voter is not None:
        return _context_of(voter, via_code=False)
    if process_has_census(process):
        return VoterContext(obstacle=OBSTACLE_CENSUS)
    # Without census a verified resident may vote; their Voter is created with their first choice.
    return VoterContext(area_id=viewer.area_id)


def _context_of(voter: Voter, *, via_code: bool) -> VoterContext:
    return VoterContext(
        voter=voter,
        via_code=via_code,
        area_id=voter.area_id,
        voted_budget_ids=frozenset(ballot.budget_id for ballot in voter.ballots.all()),
    )


def code_voter(*, process: Process, pk: int) -> Voter | None:
    """The voter identified by a voting code whose id the session holds, or None. One query."""
    return Voter.objects.filter(process=process, pk=pk, voting_code__isnull=False).first()


# --- Budgets ------------------------------------------------------------------------------------------------

STATUS_CAN_VOTE = "can_vote"
STATUS_VOTED = "voted"
STATUS_OTHER_AREA = "other_area"
STATUS_NOT_YET = "not_yet"
STATUS_OVER = "over"


def budget_status(*, process: Process, budget: Budget, context: VoterContext) -> str:
    """Why the viewer may or may not vote in `budget` now: "voted" first (whatever the phase), then the
    phase ("not_yet", "over"), then what stops them (the context's obstacle), then the area. No query."""
    if budget.pk in context.voted_budget_ids:
        return STATUS_VOTED
    if process.vote_status != VOTE_OPEN:
        return STATUS_OVER if process.vote_status == VOTE_OVER else STATUS_NOT_YET
    if context.obstacle:
        return context.obstacle
    if not context.may_vote_in(budget):
        return STATUS_OTHER_AREA
    return STATUS_CAN_VOTE


def budget_list_for_process(*, process: Process, context: VoterContext) -> list[Budget]:
    """The budgets of `process` in order, each with its area, `projects_count`, `has_outcome` and the viewer's
    `status`. The voter's own budgets come first. One query."""
    budgets = list(
        Budget.objects.filter(process=process)
        .select_related("area")
        .annotate(
            projects_count=Count("projects", distinct=True),
            outcome_count=Count("outcome", distinct=True),
        )
        .order_by("position", "id")
    )
    for budget in budgets:
        budget.status = budget_status(process=process, budget=budget, context=context)
        budget.has_outcome = bool(budget.outcome_count)
    budgets.sort(key=lambda budget: budget.status not in (STATUS_CAN_VOTE, STATUS_VOTED))
    return budgets


def budget_detail(*, process: Process, slug: str) -> Budget:
    """The budget `slug` of `process` with its area. One query. Raises Budget.DoesNotExist."""
    budget = Budget.objects.select_related("area").get(process=process, slug=slug)
    budget.process = process
    return budget


# --- Projects -----------------------------------------------------------------------------------------------

SORT_RANDOM = "random"
SORT_CHEAPEST = "cheapest"
SORT_MOST_EXPENSIVE = "expensive"
SORT_TITLE = "title"
SORT_CHOICES = [
    (SORT_RANDOM, _("Random order")),
    (SORT_CHEAPEST, _("Cheapest first")),
    (SORT_MOST_EXPENSIVE, _("Most expensive first")),
    (SORT_TITLE, _("Title (A to Z)")),
]


@dataclass(frozen=True)
class ProjectFilters:
    area_id: int | None = None
    category_id: int | None = None
    text: str = ""


def project_filter_choices(*, budget: Budget) -> tuple[list[Area], list[Category]]:
    """The areas and the categories the projects of `budget` are filed under (only those: a filter that can
    only answer "nothing" is noise). Two queries."""
    areas = list(Area.objects.filter(budget_projects__budget=budget).distinct().order_by("position", "name"))
    categories = list(
        Category.objects.filter(budget_projects__budget=budget).distinct().order_by("position", "name")
    )
    return areas, categories


def project_list_for_budget(
    *, budget: Budget, filters: ProjectFilters | None = None, sort: str = SORT_RANDOM, seed: int = 1
) -> list[BudgetProject]:
    """The projects of `budget`, filtered and sorted, with area and category (the proposal only by its id:
    the page links to it). The random order is the visitor's own (`seed`) so that no project always comes
    first. One query."""
    filters = filters or ProjectFilters()
    queryset = BudgetProject.objects.filter(budget=budget).select_related("area", "category")
    if filters.area_id is not None:
        queryset = queryset.filter(area_id=filters.area_id)
    if filters.category_id is not None:
        queryset = queryset.filter(category_id=filters.category_id)
    text = filters.text.strip()
    if text:
        queryset = queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))
    if sort == SORT_CHEAPEST:
        queryset = queryset.order_by("cost_cents", "title", "id")
    elif sort == SORT_MOST_EXPENSIVE:
        queryset = queryset.order_by("-cost_cents", "title", "id")
    elif sort == SORT_TITLE:
        queryset = queryset.order_by("title", "id")
    else:
        if not random_seed_is_valid(seed):
            seed = 1
        queryset = queryset.annotate(random_key=random_order_key(seed)).order_by("random_key", "id")
    projects = list(queryset)
    for project in projects:
        project.budget = budget
    return projects


def new_random_seed() -> int:
    return random.SystemRandom().randrange(1, RANDOM_MODULUS)


def project_in_budget(*, budget: Budget, pk: int) -> BudgetProject | None:
    """The project `pk` if it is on the ballot of `budget`, else None (another budget's project too). One
    query."""
    project = BudgetProject.objects.filter(budget=budget, pk=pk).first()
    if project is not None:
        project.budget = budget
    return project


# --- The basket ---------------------------------------------------------------------------------------------


@dataclass
class BasketSummary:
    """What the voter has chosen in one budget, and what the ballot rule leaves them: money (knapsack) or
    picks (approval, or any maximum number of projects). `percent_used` draws the progress bar; `missing`
    says in words what a valid ballot still needs (minimum number of projects, minimum share)."""

    budget: Budget
    projects: list[BudgetProject] = field(default_factory=list)
    total_cents: int = 0

    @property
    def project_ids(self) -> frozenset[int]:
        return frozenset(project.pk for project in self.projects)

    @property
    def picks(self) -> int:
        return len(self.projects)

    @property
    def is_knapsack(self) -> bool:
        return self.budget.ballot_rule == BallotRule.KNAPSACK

    @property
    def left_cents(self) -> int:
        return max(self.budget.amount_cents - self.total_cents, 0)

    @property
    def picks_left(self) -> int | None:
        if self.budget.max_projects is None:
            return None
        return max(self.budget.max_projects - self.picks, 0)

    @property
    def percent_used(self) -> int:
        if self.is_knapsack:
            return min(100, self.total_cents * 100 // self.budget.amount_cents)
        if self.budget.max_projects:
            return min(100, self.picks * 100 // self.budget.max_projects)
        return 0

    @property
    def min_share_cents(self) -> int | None:
        if not self.is_knapsack or not self.budget.min_share_percent:
            return None
        # Rounded up: "at least 50 %" of 1 001 cents is 501 cents.
        return -(-self.budget.amount_cents * self.budget.min_share_percent // 100)

    @property
    def projects_missing(self) -> int:
        return max((self.budget.min_projects or 0) - self.picks, 0)

    @property
    def share_missing_cents(self) -> int:
        needed = self.min_share_cents
        return max(needed - self.total_cents, 0) if needed else 0

    @property
    def is_complete(self) -> bool:
        """The basket meets the minimums of the rule (the service checks everything again when casting)."""
        return bool(self.projects) and not self.projects_missing and not self.share_missing_cents

    def fits(self, project: BudgetProject) -> bool:
        """Adding `project` keeps the basket within the rule's maximums (for the page's hints only)."""
        if self.picks_left is not None and self.picks_left < 1:
            return False
        return not self.is_knapsack or project.cost_cents <= self.left_cents


def basket_summary(*, budget: Budget, voter: Voter | None) -> BasketSummary:
    """The voter's basket in `budget` (empty without a voter or a basket), projects in the order they are
    listed on the ballot. One query (none without a voter)."""
    summary = BasketSummary(budget=budget)
    if voter is None:
        return summary
    in_basket = Basket.projects.through.objects.filter(basket__budget=budget, basket__voter=voter)
    summary.projects = list(
        BudgetProject.objects.filter(budget=budget, pk__in=in_basket.values("budgetproject_id"))
        .select_related("area", "category")
        .order_by("position", "id")
    )
    for project in summary.projects:
        project.budget = budget
    summary.total_cents = sum(project.cost_cents for project in summary.projects)
    return summary


# --- Results ------------------------------------------------------------------------------------------------


@dataclass
class RuleComparison:
    """What one allocation rule funds with the same ballots."""

    rule: str
    label: str
    is_used: bool
    projects: list[BudgetProject]
    total_cents: int
    # Projects this rule funds that the rule used does not, and the reverse.
    only_here: list[BudgetProject]
    only_in_used: list[BudgetProject]


@dataclass
class Turnout:
    key: str
    label: str
    count: int


@dataclass
class BudgetResults:
    budget: Budget
    projects: list[BudgetProject]  # every project, by rank, each with its `result`
    ballots_count: int
    total_cents: int
    comparisons: list[RuleComparison]
    by_channel: list[Turnout]
    by_area: list[Turnout]

    @property
    def winners(self) -> list[BudgetProject]:
        return [project for project in self.projects if project.result.selected]

    @property
    def left_cents(self) -> int:
        return max(self.budget.amount_cents - self.total_cents, 0)

    @property
    def percent_used(self) -> int:
        return min(100, self.total_cents * 100 // self.budget.amount_cents)


def budget_for_results(*, process: Process, slug: str) -> Budget:
    """The budget `slug` of `process` with its area and its outcome (None before the count). One query.
    Raises Budget.DoesNotExist."""
    budget = Budget.objects.select_related("area", "outcome").get(process=process, slug=slug)
    budget.process = process
    return budget


def budget_outcome_or_none(budget: Budget):
    try:
        return budget.outcome
    except Budget.outcome.RelatedObjectDoesNotExist:
        return None


def budget_results(*, budget: Budget) -> BudgetResults:
    """The results of a counted budget (`budget_for_results` loaded its outcome): every project with its
    result, by rank; what every rule funds; the ballots by channel and by the voter's area. Two queries: the
    projects with their results, the ballots counted by (channel, area)."""
    outcome = budget.outcome
    projects = list(
        BudgetProject.objects.filter(budget=budget, result__isnull=False)
        .select_related("result", "area", "category")
        .order_by("result__rank", "-result__votes_total", "id")
    )
    for project in projects:
        project.budget = budget
    by_id = {str(project.pk): project for project in projects}

    used = outcome.comparison.get(outcome.rule, {})
    used_ids = [str(pk) for pk in used.get("selected", [])] or [
        str(project.pk) for project in projects if project.result.selected
    ]
    comparisons = []
    rule_labels = dict(AllocationRule.choices)
    rules_in_order = [outcome.rule] + sorted(rule for rule in outcome.comparison if rule != outcome.rule)
    for rule in rules_in_order:
        data = outcome.comparison.get(rule, {})
        ids = used_ids if rule == outcome.rule else [str(pk) for pk in data.get("selected", [])]
        funded = [by_id[pk] for pk in ids if pk in by_id]
        comparisons.append(
            RuleComparison(
                rule=rule,
                label=str(rule_labels.get(rule, rule)),
                is_used=rule == outcome.rule,
                projects=sorted(funded, key=lambda project: project.result.rank),
                total_cents=int(data.get("total_cost_cents", sum(p.cost_cents for p in funded))),
                only_here=[by_id[pk] for pk in ids if pk in by_id and pk not in used_ids],
                only_in_used=[by_id[pk] for pk in used_ids if pk in by_id and pk not in ids],
            )
        )

    counts = (
        Ballot.objects.filter(budget=budget)
        .values("channel", "voter__area__slug", "voter__area__name", "voter__area__position")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_channel: dict[str, int] = defaultdict(int)
    by_area: dict[tuple, int] = defaultdict(int)
    for row in counts:
        by_channel[row["channel"]] += row["count"]
        area_key = (
            row["voter__area__position"],
            row["voter__area__name"] or "",
            row["voter__area__slug"] or "",
        )
        by_area[area_key] += row["count"]
    return BudgetResults(
        budget=budget,
        projects=projects,
        ballots_count=outcome.ballots_count,
        total_cents=outcome.total_cost_cents,
        comparisons=comparisons,
        by_channel=[
            Turnout(key=channel.value, label=str(channel.label), count=by_channel.get(channel.value, 0))
            for channel in BallotChannel
        ],
        by_area=[
            Turnout(key=slug or "none", label=name or str(_("Area not known")), count=count)
            for (_position, name, slug), count in sorted(
                by_area.items(), key=lambda item: (item[0][2] == "", item[0][0] or 0, item[0][1])
            )
        ],
    )


# --- Ballots: the voter's own and the public anonymised list ------------------------------------------------


def ballot_for_receipt_page(*, ballot: Ballot) -> Ballot:
    """The ballot the receipt code found, with its budget and the chosen projects (titles and costs). Two
    queries."""
    return (
        Ballot.objects.select_related("budget")
        .prefetch_related(
            Prefetch(
                "selections",
                queryset=BallotSelection.objects.select_related("project").order_by(
                    "project__position", "project_id"
                ),
            )
        )
        .get(pk=ballot.pk)
    )


@dataclass(frozen=True)
class AnonymousBallot:
    fingerprint: str
    channel: str
    project_ids: tuple[int, ...]


def anonymous_ballots(*, budget: Budget, chunk_size: int = 2000) -> Iterator[AnonymousBallot]:
    """Every counted ballot of `budget`, as the public may see it: its fingerprint, its channel and the ids
    of the projects chosen — no voter, no time. Ordered by fingerprint, never by casting time (the order of
    the list must not tell who voted when). Streams: one query per `chunk_size` ballots for the selections,
    and one server-side cursor for the ballots."""
    # The same ballots the count used (`counted_ballots`): today every paper Ballot row is counted (a paper
    # entry only gets its Ballot once matched or resolved), but the published list must never depend on that.
    ballots = (
        counted_ballots(budget)
        .only("id", "receipt_digest", "channel")
        .order_by("receipt_digest")
        .prefetch_related(
            Prefetch("selections", queryset=BallotSelection.objects.only("id", "ballot_id", "project_id"))
        )
    )
    for ballot in ballots.iterator(chunk_size=chunk_size):
        yield AnonymousBallot(
            fingerprint=ballot_fingerprint(ballot.receipt_digest),
            channel=ballot.channel,
            project_ids=tuple(sorted(selection.project_id for selection in ballot.selections.all())),
        )


def projects_for_export(*, budget: Budget) -> list[BudgetProject]:
    """The projects of `budget` with their results when counted (for the pabulib file). One query."""
    return list(
        BudgetProject.objects.filter(budget=budget).select_related("result").order_by("position", "id")
    )


def project_result_or_none(project: BudgetProject) -> ProjectResult | None:
    try:
        return project.result
    except BudgetProject.result.RelatedObjectDoesNotExist:
        return None
