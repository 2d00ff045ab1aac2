"""Every read the budgets staff pages need (vote dashboard, census, codes, desk, paper entry, closing). Each
function owns its joins and aggregates so that a page runs a fixed number of queries whatever the number of
budgets, projects, ballots or entries (see the query-count tests); templates never query.

Lookups raise the model's `DoesNotExist` for an object outside the process in the URL, so that views answer
404 for it."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from participation.models import Area, Phase, PhaseKind, Process

from .models import (
    AllocationRule,
    Ballot,
    BallotChannel,
    Budget,
    BudgetProject,
    Census,
    CensusEntry,
    PaperBallotEntry,
    PaperEntryStatus,
    ProjectResult,
    VotingCode,
    VotingCodeBatch,
)

# Voters imported from a pabulib file (`pabulib_import`) are identified by voting codes whose digest starts
# with this prefix (no HMAC digest does: they are hexadecimal): their ballots are not real ones and their
# batches are not sheets to print.
IMPORTED_CODE_PREFIX = "pabulib:"

# --- The process and its vote phase -------------------------------------------------------------------------

VOTE_NONE = "none"  # the process has no vote phase
VOTE_NOT_YET = "not_yet"
VOTE_OPEN = "open"
VOTE_OVER = "over"


def process_for_vote_staff(*, slug: str, now: datetime | None = None) -> Process:
    """A process (published or not: staff prepare the vote before publishing) with its phases, its census
    (or none), its vote phase (`vote_phase`, None without one) and `vote_status` ("none", "not_yet", "open",
    "over"). Two queries: the process with its census (a join), its phases."""
    process = Process.objects.select_related("census").prefetch_related("phases").get(slug=slug)
    now = now or timezone.now()
    vote_phases = [phase for phase in process.phase_list() if phase.kind == PhaseKind.VOTE]
    process.vote_phase = min(vote_phases, key=lambda phase: phase.start_at) if vote_phases else None
    process.vote_status = vote_status(process.vote_phase, now=now)
    process.census_or_none = census_of(process)
    return process


def vote_status(phase: Phase | None, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if phase is None:
        return VOTE_NONE
    if phase.is_open_at(now):
        return VOTE_OPEN
    if phase.is_past_at(now):
        return VOTE_OVER
    return VOTE_NOT_YET


def census_of(process: Process) -> Census | None:
    """The census from the `select_related` of `process_for_vote_staff` (no query), or None."""
    try:
        return process.census
    except Process.census.RelatedObjectDoesNotExist:
        return None


def budgets_of_process(*, process: Process) -> list[Budget]:
    """The budgets of `process` in order, with their area. One query."""
    return list(Budget.objects.filter(process=process).select_related("area").order_by("position", "id"))


def budget_of_process(*, process: Process, slug: str) -> Budget:
    """The budget `slug` of `process` with its area. One query. Raises Budget.DoesNotExist."""
    return Budget.objects.select_related("area").get(process=process, slug=slug)


def areas_for_process(*, process: Process) -> list[Area]:
    """The areas a budget, a census line or a voting code of `process` may be tied to: the process's own
    list, else every area. One or two queries."""
    areas = list(process.areas.order_by("name"))
    return areas or list(Area.objects.order_by("name"))


# --- Dashboard ----------------------------------------------------------------------------------------------


@dataclass
class CensusStatus:
    census: Census | None
    entries: int = 0
    bound: int = 0


@dataclass
class VoteDashboard:
    budgets: list[Budget]
    voters_who_voted: int
    census: CensusStatus
    batches: list[VotingCodeBatch]
    codes_total: int
    codes_redeemed: int
    paper_awaiting: int
    paper_mismatch: int
    channels: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def ballots_total(self) -> int:
        return sum(count for _key, _label, count in self.channels)

    @property
    def turnout_percent(self) -> int | None:
        """The share of the census that voted in at least one budget, in whole percent (None without
        census)."""
        if not self.census.entries:
            return None
        return round(100 * self.voters_who_voted / self.census.entries)


def _census_status(process: Process) -> CensusStatus:
    """Counts of the process's census entries: one query (none without census)."""
    census = census_of(process)
    if census is None:
        return CensusStatus(census=None)
    counts = CensusEntry.objects.filter(census=census).aggregate(
        entries=Count("id"), bound=Count("id", filter=Q(user__isnull=False))
    )
    return CensusStatus(census=census, entries=counts["entries"], bound=counts["bound"])


def real_ballots(process: Process):
    """The ballots of `process` cast by people: every ballot whose voter was not imported from a pabulib
    file (a queryset)."""
    return Ballot.objects.filter(budget__process=process).exclude(
        voter__voting_code__code_digest__startswith=IMPORTED_CODE_PREFIX
    )


def code_batches_for_process(*, process: Process) -> list[VotingCodeBatch]:
    """The voting-code batches of `process` (those of imported voters left out), newest first, each with
    its area and `redeemed_count`. One query."""
    return list(
        VotingCodeBatch.objects.filter(process=process)
        .exclude(codes__code_digest__startswith=IMPORTED_CODE_PREFIX)
        .select_related("area")
        .annotate(redeemed_count=Count("codes", filter=Q(codes__redeemed_at__isnull=False)))
        .order_by("-created_at", "-id")
    )


def vote_dashboard(*, process: Process) -> VoteDashboard:
    """What the staff follow during the vote: each budget (area, outcome, `projects_count`, ballots per
    channel `ballots_online` / `ballots_desk` / `ballots_paper` / `ballots_total`, paper entries
    `paper_awaiting` / `paper_mismatch`), the voters who voted, the census, the code batches. Six queries
    whatever the number of budgets, projects and ballots: budgets, ballots per budget and channel, distinct
    voters, census counts, code batches, paper entries per budget and status."""
    budgets = list(
        Budget.objects.filter(process=process)
        .select_related("area", "outcome")
        .annotate(projects_count=Count("projects"))
        .order_by("position", "id")
    )
    ballot_counts: dict[tuple[int, str], int] = {
        (row["budget_id"], row["channel"]): row["count"]
        for row in Ballot.objects.filter(budget__process=process)
        .order_by()
        .values("budget_id", "channel")
        .annotate(count=Count("id"))
    }
    paper_counts: dict[tuple[int, str], int] = {
        (row["budget_id"], row["status"]): row["count"]
        for row in PaperBallotEntry.objects.filter(budget__process=process)
        .order_by()
        .values("budget_id", "status")
        .annotate(count=Count("id"))
    }
    for budget in budgets:
        budget.ballots_online = ballot_counts.get((budget.pk, BallotChannel.ONLINE), 0)
        budget.ballots_desk = ballot_counts.get((budget.pk, BallotChannel.DESK), 0)
        budget.ballots_paper = ballot_counts.get((budget.pk, BallotChannel.PAPER), 0)
        budget.ballots_total = budget.ballots_online + budget.ballots_desk + budget.ballots_paper
        budget.paper_awaiting = paper_counts.get((budget.pk, PaperEntryStatus.AWAITING_SECOND_ENTRY), 0)
        budget.paper_mismatch = paper_counts.get((budget.pk, PaperEntryStatus.MISMATCH), 0)
        budget.outcome_or_none = getattr(budget, "outcome", None) if _has_outcome(budget) else None
    channels = [
        (
            channel.value,
            channel.label,
            sum(count for (_budget_id, key), count in ballot_counts.items() if key == channel.value),
        )
        for channel in BallotChannel
    ]
    voters_who_voted = (
        Ballot.objects.filter(budget__process=process).order_by().values("voter_id").distinct().count()
    )
    batches = code_batches_for_process(process=process)
    return VoteDashboard(
        budgets=budgets,
        voters_who_voted=voters_who_voted,
        census=_census_status(process),
        batches=batches,
        codes_total=sum(batch.size for batch in batches),
        codes_redeemed=sum(batch.redeemed_count for batch in batches),
        paper_awaiting=sum(budget.paper_awaiting for budget in budgets),
        paper_mismatch=sum(budget.paper_mismatch for budget in budgets),
        channels=channels,
    )


def _has_outcome(budget: Budget) -> bool:
    try:
        return budget.outcome is not None
    except Budget.outcome.RelatedObjectDoesNotExist:
        return False


# --- Census -------------------------------------------------------------------------------------------------


def census_status(*, process: Process) -> CensusStatus:
    """The process's census (from `process_for_vote_staff`) with its number of entries and of entries bound
    to an account. One query (none without census)."""
    return _census_status(process)


# --- Voting codes -------------------------------------------------------------------------------------------


def code_batch_of_process(*, process: Process, pk: int) -> VotingCodeBatch:
    """A batch of `process` with its area. One query. Raises VotingCodeBatch.DoesNotExist."""
    return VotingCodeBatch.objects.select_related("area").get(process=process, pk=pk)


def redeemed_codes_count(*, batch: VotingCodeBatch) -> int:
    return VotingCode.objects.filter(batch=batch, redeemed_at__isnull=False).count()


# --- Desk ---------------------------------------------------------------------------------------------------


@dataclass
class DeskBudget:
    budget: Budget
    projects: list[BudgetProject]
    has_voted: bool


def desk_budgets_for_entry(*, process: Process, entry: CensusEntry) -> list[DeskBudget]:
    """The budgets the person of census `entry` may vote in (the territory's and their area's), each with its
    projects and whether a ballot was already cast for this person, whatever the channel. Three queries:
    budgets, their projects, the budgets this person voted in."""
    budgets = list(
        Budget.objects.filter(process=process)
        .filter(Q(area__isnull=True) | Q(area_id=entry.area_id))
        .select_related("area")
        .prefetch_related(Prefetch("projects", queryset=BudgetProject.objects.order_by("position", "id")))
        .order_by("position", "id")
    )
    voted = set(
        Ballot.objects.filter(budget__in=budgets, voter__census_entry=entry).values_list(
            "budget_id", flat=True
        )
    )
    return [
        DeskBudget(budget=budget, projects=list(budget.projects.all()), has_voted=budget.pk in voted)
        for budget in budgets
    ]


# --- Paper ballots ------------------------------------------------------------------------------------------


def projects_of_budget(*, budget: Budget) -> list[BudgetProject]:
    """The projects on the ballot of `budget`, in ballot order. One query."""
    return list(BudgetProject.objects.filter(budget=budget).order_by("position", "id"))


def paper_entries_to_check(*, process: Process) -> list[PaperBallotEntry]:
    """The paper ballots whose two entries differ, across the budgets of `process`, with their budget and
    the two staff members who typed them. One query."""
    return list(
        PaperBallotEntry.objects.filter(budget__process=process, status=PaperEntryStatus.MISMATCH)
        .select_related("budget", "first_entered_by", "second_entered_by")
        .order_by("budget__position", "budget_id", "paper_number")
    )


def paper_entries_awaiting(*, process: Process, limit: int = 200) -> list[PaperBallotEntry]:
    """The first `limit` paper ballots typed in once, oldest first, with their budget and who typed them (the
    list the second typist works from). One query."""
    return list(
        PaperBallotEntry.objects.filter(
            budget__process=process, status=PaperEntryStatus.AWAITING_SECOND_ENTRY
        )
        .select_related("budget", "first_entered_by")
        .order_by("first_entered_at", "pk")[:limit]
    )


def paper_counts_by_status(*, process: Process) -> dict[str, int]:
    """{status: number of paper entries} over the budgets of `process`, zeros included. One query."""
    counts = dict(
        PaperBallotEntry.objects.filter(budget__process=process)
        .order_by()
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    return {status.value: counts.get(status.value, 0) for status in PaperEntryStatus}


def paper_entry_of_process(*, process: Process, pk: int) -> PaperBallotEntry:
    """A paper entry of `process` with its budget and who typed it. One query. Raises DoesNotExist."""
    return PaperBallotEntry.objects.select_related(
        "budget", "budget__area", "first_entered_by", "second_entered_by"
    ).get(budget__process=process, pk=pk)


# --- Closing ------------------------------------------------------------------------------------------------


@dataclass
class RuleOutcome:
    rule: str
    label: str
    is_used: bool
    projects: list[BudgetProject]
    total_cost_cents: int


@dataclass
class ClosingBudget:
    budget: Budget
    results: list[ProjectResult]
    rules: list[RuleOutcome]

    @property
    def outcome(self):
        return getattr(self.budget, "outcome_or_none", None)


def budgets_for_closing(*, process: Process) -> list[ClosingBudget]:
    """Each budget of `process` with its outcome (once counted), the results of its projects (rank order,
    with the project) and what each rule funded (the comparison stored with the outcome). Two queries:
    budgets with their outcome, the projects with their result."""
    budgets = list(
        Budget.objects.filter(process=process)
        .select_related("area", "outcome")
        .prefetch_related(
            Prefetch(
                "projects", queryset=BudgetProject.objects.select_related("result").order_by("position", "id")
            )
        )
        .order_by("position", "id")
    )
    closing = []
    for budget in budgets:
        budget.outcome_or_none = budget.outcome if _has_outcome(budget) else None
        projects = list(budget.projects.all())
        results = []
        for project in projects:
            result = getattr(project, "result", None) if _has_result(project) else None
            if result is not None:
                result.project = project
                results.append(result)
        results.sort(key=lambda result: (result.rank, result.project_id))
        closing.append(ClosingBudget(budget=budget, results=results, rules=_rule_outcomes(budget, projects)))
    return closing


def _has_result(project: BudgetProject) -> bool:
    try:
        return project.result is not None
    except BudgetProject.result.RelatedObjectDoesNotExist:
        return False


def _rule_outcomes(budget: Budget, projects: list[BudgetProject]) -> list[RuleOutcome]:
    outcome = budget.outcome_or_none
    if outcome is None:
        return []
    by_id = {str(project.pk): project for project in projects}
    rules = []
    for rule in AllocationRule:
        stored = (outcome.comparison or {}).get(rule.value)
        if stored is None:
            continue
        chosen = [
            by_id[str(project_id)] for project_id in stored.get("selected", []) if str(project_id) in by_id
        ]
        chosen.sort(key=lambda project: (project.position, project.pk))
        rules.append(
            RuleOutcome(
                rule=rule.value,
                label=rule.label,
                is_used=rule.value == outcome.rule,
                projects=chosen,
                total_cost_cents=int(stored.get("total_cost_cents", 0)),
            )
        )
    return rules


def outcome_and_results(*, budget: Budget):
    """(outcome, results with their project) of a counted budget, or (None, []). Two queries."""
    from .models import BudgetOutcome

    outcome = BudgetOutcome.objects.filter(budget=budget).first()
    if outcome is None:
        return None, []
    results = list(
        ProjectResult.objects.filter(project__budget=budget).select_related("project").order_by("rank", "pk")
    )
    return outcome, results


def votes_per_project(*, budgets: list[Budget]) -> dict[int, int]:
    """{project id: number of counted ballots choosing it} for the projects of `budgets`. One query."""
    counts: dict[int, int] = defaultdict(int)
    for project_id, count in (
        Ballot.objects.filter(budget__in=budgets)
        .order_by()
        .values_list("selections__project_id")
        .annotate(count=Count("id"))
    ):
        if project_id is not None:
            counts[project_id] = count
    return counts
