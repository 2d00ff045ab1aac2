"""Permission predicates of the budgets domain (django-rules), built like `participation.predicates`: no side
effect; role predicates read the user's permissions once per user instance; phase predicates read the
process's phases once per Process instance (`Process.phase_list`).

Objects: a `Process`, a `Budget`, a `BudgetProject` or a `PaperBallotEntry` (the process is found through
them). Whether a signed-in resident may vote in a budget costs at most two queries per (user instance,
process), cached on the user instance (`voter_standing`)."""

import rules
from django.utils import timezone

from participation.models import PhaseKind, Process
from participation.predicates import is_process_admin, is_staff_member, is_verified_resident

from .models import Budget, BudgetProject, Census, PaperBallotEntry, Voter

__all__ = [
    "budget_is_counted",
    "census_required",
    "is_desk_agent",
    "is_process_admin",
    "is_staff_member",
    "is_verified_resident",
    "may_vote_in_budget",
    "process_is_published",
    "results_have_started",
    "vote_has_ended",
    "vote_is_open",
    "voter_standing",
]

# --- Who ----------------------------------------------------------------------------------------------------


@rules.predicate
def is_desk_agent(user) -> bool:
    """Holds `budgets.staff_desk` (group "Desk agents"; superusers hold every permission)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("budgets.staff_desk"))


# --- When ---------------------------------------------------------------------------------------------------


def process_of(obj) -> Process | None:
    if isinstance(obj, Process):
        return obj
    if isinstance(obj, Budget):
        return obj.process
    if isinstance(obj, BudgetProject | PaperBallotEntry):
        return obj.budget.process
    return None


def vote_phase_is_open(process: Process, moment=None) -> bool:
    return process.feature_is_open("vote", moment)


def vote_phase_has_ended(process: Process, moment=None) -> bool:
    """The process has vote phases and every one of them is over (ended, or closed early)."""
    moment = moment or timezone.now()
    vote_phases = [phase for phase in process.phase_list() if phase.kind == PhaseKind.VOTE]
    return bool(vote_phases) and all(phase.is_past_at(moment) for phase in vote_phases)


@rules.predicate
def process_is_published(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and process.is_published


@rules.predicate
def vote_is_open(user, obj) -> bool:
    """A vote phase of the object's process is open now."""
    process = process_of(obj)
    return process is not None and vote_phase_is_open(process)


@rules.predicate
def vote_has_ended(user, obj) -> bool:
    """Every vote phase of the object's process is over."""
    process = process_of(obj)
    return process is not None and vote_phase_has_ended(process)


@rules.predicate
def results_have_started(user, obj) -> bool:
    """A results phase of the object's process has started (open now, or over)."""
    process = process_of(obj)
    return process is not None and process.phase_kind_has_started(PhaseKind.RESULTS)


@rules.predicate
def budget_is_counted(user, obj) -> bool:
    """The budget's closed vote has been counted (`Budget.allocated_at`)."""
    return isinstance(obj, Budget) and obj.allocated_at is not None


# --- Voters -------------------------------------------------------------------------------------------------


def voter_standing(user, process: Process) -> tuple[bool, int | None]:
    """(may vote in this process, area id of the voter) for a signed-in account. A process with a census: only
    once the account was verified against it (its `Voter`). Without a census: any verified resident, in the
    area of their `Voter` if they already have one (frozen at its creation) or else of their profile.
    Cached on the user instance; `forget_voter_standing` drops it after a verification."""
    cache = user.__dict__.setdefault("_budgets_voter_standing", {})
    if process.pk not in cache:
        voter_areas = list(
            Voter.objects.filter(process=process, user=user).values_list("area_id", flat=True)[:1]
        )
        if voter_areas:
            cache[process.pk] = (True, voter_areas[0])
        elif Census.objects.filter(process=process).exists():
            cache[process.pk] = (False, None)
        else:
            cache[process.pk] = (True, user.area_id)
    return cache[process.pk]


def forget_voter_standing(user, process: Process) -> None:
    user.__dict__.get("_budgets_voter_standing", {}).pop(process.pk, None)


@rules.predicate
def census_required(user, obj) -> bool:
    """The object's process has a census: voters prove their eligibility against it."""
    process = process_of(obj)
    return process is not None and Census.objects.filter(process=process).exists()


@rules.predicate
def may_vote_in_budget(user, obj) -> bool:
    """The signed-in resident is a voter of the budget's process (see `voter_standing`) and the budget is the
    territory-wide one or the one of their area."""
    if not isinstance(obj, Budget) or not user.is_authenticated:
        return False
    eligible, area_id = voter_standing(user, obj.process)
    return eligible and (obj.area_id is None or obj.area_id == area_id)


# --- Funded projects and associations -----------------------------------------------------------------------


@rules.predicate
def is_funded_projects_staff(user) -> bool:
    """Holds `budgets.staff_funded_projects` (group "Process administrators"; superusers hold every
    permission)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("budgets.staff_funded_projects"))


def membership_roles(user) -> dict[int, str]:
    """{association id: role} of the signed-in user; one query per user instance (cached on it)."""
    if not user.is_authenticated:
        return {}
    cached = user.__dict__.get("_budgets_memberships")
    if cached is None:
        from .models import AssociationMembership

        cached = dict(AssociationMembership.objects.filter(user=user).values_list("association_id", "role"))
        user.__dict__["_budgets_memberships"] = cached
    return cached


def forget_memberships(user) -> None:
    user.__dict__.pop("_budgets_memberships", None)


def carrier_ids(project) -> set[int]:
    """Ids of the associations carrying `project`: from its prefetched `associations` when selectors
    prefetched them, else one query (cached on the instance)."""
    cached = project.__dict__.get("_carrier_ids")
    if cached is None:
        prefetched = getattr(project, "_prefetched_objects_cache", {}).get("associations")
        if prefetched is not None:
            cached = {association.pk for association in prefetched}
        else:
            cached = set(project.associations.values_list("pk", flat=True))
        project.__dict__["_carrier_ids"] = cached
    return cached


@rules.predicate
def is_carrying_member(user, project) -> bool:
    """A member (manager or member) of an association that carries the funded project."""
    from .models import FundedProject

    if not isinstance(project, FundedProject) or not user.is_authenticated or not user.is_active:
        return False
    return bool(carrier_ids(project) & set(membership_roles(user)))


@rules.predicate
def is_association_manager(user, association) -> bool:
    from .models import Association, AssociationRole

    if not isinstance(association, Association) or not user.is_authenticated or not user.is_active:
        return False
    return membership_roles(user).get(association.pk) == AssociationRole.MANAGER


@rules.predicate
def funded_project_is_public(user, project) -> bool:
    """Outside any process, or in a published process."""
    from .models import FundedProject

    if not isinstance(project, FundedProject):
        return False
    return project.process_id is None or project.process.is_published


@rules.predicate
def funded_project_is_open(user, project) -> bool:
    """Neither cancelled nor completed: news and milestones may still change."""
    from .models import FundedProjectState

    return getattr(project, "state", None) not in (FundedProjectState.CANCELLED, None)


@rules.predicate
def funded_project_accepts_expenses(user, project) -> bool:
    """Planned, in progress or paused: a cancelled or completed project accepts no new expense."""
    return bool(getattr(project, "accepts_expenses", False))
