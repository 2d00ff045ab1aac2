"""The permission matrix of the budgets domain: for every action, who may do it before, during and after the
vote. Shared by tests/budgets/test_rules.py (what `has_perm` answers) and
tests/budgets/services/test_permission_matrix.py (what the service does).

Timings: "before" = the evaluation phase is open, "during" = the vote phase, "after" = the results phase.
Roles: anonymous; unverified (signed in, e-mail not confirmed); resident (verified e-mail, not verified
against the census); voter (verified against the census, living in Nord); other_voter (verified, living in
Sud); desk_agent; moderator; evaluator; process_admin. The vote acts on the budget of Nord.

A rule and its service may differ where the service knows more than the rule: a resident already bound to
the census cannot bind again (`verify_eligibility`), the census cannot change once the vote is over, paper
ballots are typed in only once the vote has opened, staff projects only before it."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from budgets.models import (
    Ballot,
    Basket,
    Budget,
    BudgetProject,
    CensusEntry,
    PaperBallotEntry,
    PaperEntryStatus,
    Voter,
    VotingCode,
)
from budgets.services import ballots, baskets, census, codes, lifecycle
from budgets.services.voters import voter_for_user
from participation.models import DomainEvent
from tests.budgets.factories import census_person, desk_agent, verified_voter
from tests.budgets.services.conftest import make_scene
from tests.factories import AreaFactory, UserFactory

ROLES = (
    "anonymous",
    "unverified",
    "resident",
    "voter",
    "other_voter",
    "desk_agent",
    "moderator",
    "evaluator",
    "process_admin",
)
TIMINGS = ("before", "during", "after")
PHASE_OF_TIMING = {"before": "evaluation", "during": "vote", "after": "results"}
VERIFIED = frozenset(
    {"resident", "voter", "other_voter", "desk_agent", "moderator", "evaluator", "process_admin"}
)
STAFF = frozenset({"moderator", "process_admin"})
DESK = frozenset({"desk_agent", "process_admin"})
ADMIN = frozenset({"process_admin"})
NOBODY: frozenset[str] = frozenset()


def _same(roles):
    return {timing: frozenset(roles) for timing in TIMINGS}


def _only(timings, roles):
    return {timing: frozenset(roles) if timing in timings else NOBODY for timing in TIMINGS}


@dataclass(frozen=True)
class Action:
    perm: str
    # Roles the rule allows at each timing.
    allowed: dict[str, frozenset[str]]
    # Roles the service accepts at each timing, when they differ from the rule's.
    service_allowed: dict[str, frozenset[str]] | None = None
    target: str = "process"
    has_service: bool = True
    extra: dict = field(default_factory=dict)

    def service_allows(self, timing: str, role: str) -> bool:
        allowed = self.service_allowed if self.service_allowed is not None else self.allowed
        return role in allowed[timing]


ACTIONS = {
    "cast_ballot": Action("budgets.vote", _only({"during"}, {"voter"}), target="north_budget"),
    "fill_basket": Action("budgets.vote", _only({"during"}, {"voter"}), target="north_budget"),
    "verify_eligibility": Action(
        "budgets.verify_eligibility",
        _only({"before", "during"}, VERIFIED),
        service_allowed=_only({"before", "during"}, VERIFIED - {"voter", "other_voter"}),
    ),
    "view_results": Action(
        "budgets.view_results",
        {"before": STAFF, "during": STAFF, "after": frozenset(ROLES)},
        target="town",
        has_service=False,
    ),
    "manage_census": Action(
        "budgets.manage_census", _same(ADMIN), service_allowed=_only({"before", "during"}, ADMIN)
    ),
    "generate_codes": Action("budgets.generate_codes", _only({"before", "during"}, ADMIN)),
    "cast_at_desk": Action("budgets.cast_at_desk", _only({"during"}, DESK)),
    "enter_paper_ballots": Action(
        "budgets.enter_paper_ballots", _same(DESK), service_allowed=_only({"during", "after"}, DESK)
    ),
    "resolve_paper_ballots": Action("budgets.resolve_paper_ballots", _same(ADMIN)),
    "manage_budgets": Action(
        "budgets.manage_budgets", _same(ADMIN), service_allowed=_only({"before"}, ADMIN)
    ),
    "close_vote": Action("budgets.close_vote", _same(ADMIN), has_service=False),
}


@dataclass
class Arranged:
    actor: Any
    obj: Any
    scene: dict
    entry: Any = None


def make_actor(role: str, scene: dict):
    north, south = scene["north"], scene["south"]
    if role == "anonymous":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(unverified=True)
    if role == "resident":
        return UserFactory(area=north)
    if role == "voter":
        return verified_voter(UserFactory(area=north), scene["census"], area=north).user
    if role == "other_voter":
        return verified_voter(UserFactory(area=south), scene["census"], area=south).user
    if role == "desk_agent":
        return desk_agent(area=north)
    return UserFactory(area=north, **{role: True})


def arrange(action_name: str, timing: str, role: str) -> Arranged:
    action = ACTIONS[action_name]
    north = AreaFactory(name="Nord", slug="nord")
    south = AreaFactory(name="Sud", slug="sud")
    scene = make_scene(PHASE_OF_TIMING[timing], north=north, south=south)
    scene.update(north=north, south=south)
    if action_name == "view_results" and timing == "after":
        Budget.objects.filter(pk=scene["town"].pk).update(allocated_at=timezone.now())
        scene["town"].refresh_from_db()
    actor = make_actor(role, scene)
    obj = scene["process"] if action.target == "process" else scene[action.target]
    arranged = Arranged(actor=actor, obj=obj, scene=scene)
    if action_name == "resolve_paper_ballots":
        values = census_person(scene["census"], area=north)
        person = census.census_find_entry(census=scene["census"], values=values)
        voter = Voter.objects.create(process=scene["process"], census_entry=person, area=north)
        arranged.entry = PaperBallotEntry.objects.create(
            budget=scene["town"],
            paper_number="12",
            voter=voter,
            first_selection=[scene["town_projects"][0].pk],
            first_entered_by=desk_agent(),
            status=PaperEntryStatus.AWAITING_SECOND_ENTRY,
        )
    return arranged


def perform(action_name: str, arranged: Arranged):
    """Calls the service behind the action (the one place the rule is enforced)."""
    actor, scene = arranged.actor, arranged.scene
    process, north = scene["process"], scene["north"]
    if action_name == "cast_ballot":
        voter = voter_for_user(user=actor, process=process)
        return ballots.ballot_cast(
            actor=actor,
            voter=voter,
            budget=scene["north_budget"],
            project_ids=[scene["north_projects"][0].pk],
        )
    if action_name == "fill_basket":
        voter = voter_for_user(user=actor, process=process)
        return baskets.basket_add(actor=actor, voter=voter, project=scene["north_projects"][0])
    if action_name == "verify_eligibility":
        return census.voter_verify_with_census(
            actor=actor, process=process, values=census_person(scene["census"], area=north)
        )
    if action_name == "manage_census":
        return census.census_import(
            actor=actor,
            census=scene["census"],
            rows=[{"birth_date": "1970-01-01", "register_number": "70010112345", "area": "nord"}],
        )
    if action_name == "generate_codes":
        return codes.voting_codes_generate(actor=actor, process=process, area=north, count=3)
    if action_name == "cast_at_desk":
        return ballots.ballot_cast_at_desk(
            actor=actor,
            process=process,
            budget=scene["north_budget"],
            census_values=census_person(scene["census"], area=north),
            project_ids=[scene["north_projects"][0].pk],
        )
    if action_name == "enter_paper_ballots":
        return ballots.paper_entry_record(
            actor=actor,
            budget=scene["town"],
            paper_number="1",
            census_values=census_person(scene["census"], area=north),
            project_ids=[scene["town_projects"][0].pk],
        )
    if action_name == "resolve_paper_ballots":
        return ballots.paper_entry_resolve(actor=actor, entry=arranged.entry, void=True)
    if action_name == "manage_budgets":
        return lifecycle.budget_add_project(
            actor=actor, budget=scene["town"], title="Un kiosque", cost_cents=5_000_00
        )
    raise LookupError(action_name)


def db_snapshot() -> dict:
    """Everything a refused action must leave untouched (census people added by the arrangement aside)."""
    return {
        "ballots": list(Ballot.objects.order_by("pk").values_list("pk", "channel")),
        "baskets": sorted(Basket.projects.through.objects.values_list("basket_id", "budgetproject_id")),
        "bound": sorted(CensusEntry.objects.filter(user__isnull=False).values_list("pk", "user_id")),
        "entries": CensusEntry.objects.filter(census__uploaded_at__isnull=False).count(),
        "voters": sorted(Voter.objects.values_list("pk", "user_id")),
        "codes": VotingCode.objects.count(),
        "paper": sorted(PaperBallotEntry.objects.values_list("pk", "status")),
        "projects": BudgetProject.objects.count(),
        "events": DomainEvent.objects.count(),
    }


def matrix_cases(*, services_only=False):
    for action_name, action in ACTIONS.items():
        if services_only and not action.has_service:
            continue
        for timing in TIMINGS:
            for role in ROLES:
                allowed = (
                    action.service_allows(timing, role) if services_only else role in action.allowed[timing]
                )
                yield action_name, timing, role, allowed
