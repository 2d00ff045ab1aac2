"""`manage.py seed_demo`, budgets part (`budgets.demo`): the process in its vote phase has budgets, projects,
a census, voting codes and ballots through every channel, and the demo resident can still vote in one
budget; the finished process was counted by the real allocation, so its results page shows winners; a second
run changes nothing.

Seeding takes a few seconds, so the module seeds once (committed, removed at the end) and each test reads it;
tests that change the database run in the usual rolled-back transaction."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from budgets.demo import content as budgets_content
from budgets.models import (
    Ballot,
    BallotChannel,
    BallotRule,
    Budget,
    BudgetOutcome,
    BudgetProject,
    CensusEntry,
    PaperBallotEntry,
    PaperEntryStatus,
    ProjectResult,
    Voter,
    VotingCode,
    VotingCodeBatch,
)
from budgets.services.baskets import basket_add
from budgets.services.census import voter_verify_with_census
from budgets.services.codes import voter_from_code
from budgets.services.voters import budgets_for_voter, voter_for_user
from participation.demo import content
from participation.demo.accounts import DEMO_PASSWORD
from participation.demo.builder import delete_demo_data
from participation.models import Area, Category, Phase, PhaseKind, Process, ProposalState, User
from tests.factories import UserFactory

PATRIMOINE = content.PATRIMOINE
PREMIERE = content.PREMIERE_EDITION
TERRITORY = budgets_content.TERRITORY
RESIDENT = "habitant@placette.localhost"
DESK_AGENT = "guichet@placette.localhost"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("seed_demo", "--no-progress", stdout=out, stderr=StringIO())
        yield out.getvalue()
        delete_demo_data()
        Area.objects.filter(slug__in=[area.slug for area in content.AREAS]).delete()
        Category.objects.filter(slug__in=[slug for slug, _name in content.CATEGORIES]).delete()


@pytest.fixture
def demo_db(demo, db):
    return demo


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def budget(process_slug: str, budget_slug: str) -> Budget:
    return Budget.objects.select_related("process", "area").get(process__slug=process_slug, slug=budget_slug)


def ballots_by_budget_and_channel(process_slug: str) -> Counter:
    return Counter(
        Ballot.objects.filter(budget__process__slug=process_slug).values_list("budget__slug", "channel")
    )


def project_titles(budget_: Budget) -> set[str]:
    return set(budget_.projects.values_list("title", flat=True))


def proposal_title(key: str) -> str:
    return next(spec.title for spec in content.PROPOSALS if spec.key == key)


# --- The process in its vote phase --------------------------------------------------------------------------


def test_the_vote_process_has_a_territory_budget_and_an_area_budget(demo_db):
    budgets = list(Budget.objects.filter(process__slug=PATRIMOINE).select_related("area"))
    assert [
        (
            b.slug,
            b.area.slug if b.area else None,
            b.amount_cents,
            b.ballot_rule,
            b.max_projects,
            b.allocation_rule,
        )
        for b in budgets
    ] == [
        (TERRITORY, None, 3_000_000, "knapsack", None, "equal-shares"),
        ("ouffet", "ouffet", 3_000_000, "approval", 3, "greedy"),
    ]
    assert all(b.allocated_at is None for b in budgets)


def test_the_accepted_proposals_went_on_the_ballot_of_their_area_and_staff_added_projects(demo_db):
    territory, ouffet = budget(PATRIMOINE, TERRITORY), budget(PATRIMOINE, "ouffet")
    assert project_titles(territory) == {
        proposal_title("potales"),
        proposal_title("murets-clavier"),
        proposal_title("mares-tinlot"),
        "Inventorier le petit patrimoine du Condroz avec les écoles",
    }
    assert project_titles(ouffet) == {
        proposal_title("signaletique"),
        proposal_title("lavoir-ellemelle"),
        "Des bancs en pierre du pays le long des promenades d'Ouffet",
        "Replanter des haies champêtres le long des chemins d'Ouffet",
    }
    from_proposals = BudgetProject.objects.filter(budget__process__slug=PATRIMOINE, proposal__isnull=False)
    assert from_proposals.count() == 5
    assert set(from_proposals.values_list("proposal__state", flat=True)) == {ProposalState.ON_BALLOT}
    assert all(project.cost_cents == project.proposal.cost_estimate_cents for project in from_proposals)
    assert sum(territory.projects.values_list("cost_cents", flat=True)) == 4_350_000  # more than the envelope


def test_the_census_has_bound_and_unbound_entries(demo_db):
    entries = CensusEntry.objects.filter(census__process__slug=PATRIMOINE)
    assert entries.count() == 43
    # Marie and the 24 residents who voted online verified their account; the others are free to verify.
    assert entries.exclude(user=None).count() == 25
    assert entries.get(user__email=RESIDENT).area.slug == "ouffet"
    census = Process.objects.get(slug=PATRIMOINE).census
    assert (census.match_fields, census.minimum_age) == (["birth_date", "postal_code"], 16)


def test_ballots_were_cast_online_at_a_desk_and_on_paper(demo_db):
    assert ballots_by_budget_and_channel(PATRIMOINE) == {
        (TERRITORY, BallotChannel.ONLINE): 26,  # 24 verified residents and 2 voting codes
        (TERRITORY, BallotChannel.DESK): 4,
        (TERRITORY, BallotChannel.PAPER): 2,
        ("ouffet", BallotChannel.ONLINE): 6,  # Marie, 3 residents of Ouffet, 2 voting codes
        ("ouffet", BallotChannel.DESK): 1,
    }
    desk_agent = User.objects.get(email=DESK_AGENT)
    assert set(
        Ballot.objects.filter(budget__process__slug=PATRIMOINE, channel=BallotChannel.DESK).values_list(
            "recorded_by", flat=True
        )
    ) == {desk_agent.pk}
    entries = PaperBallotEntry.objects.filter(budget__process__slug=PATRIMOINE)
    assert Counter(entries.values_list("status", flat=True)) == {
        PaperEntryStatus.MATCHED: 2,
        PaperEntryStatus.MISMATCH: 1,
        PaperEntryStatus.AWAITING_SECOND_ENTRY: 1,
    }
    assert set(entries.values_list("first_entered_by__email", flat=True)) == {DESK_AGENT}
    assert set(
        entries.exclude(second_entered_by=None).values_list("second_entered_by__email", flat=True)
    ) == {"admin@placette.localhost"}


def test_every_ballot_respects_its_budget_and_was_cast_during_the_vote(demo_db):
    vote = Phase.objects.get(process__slug=PATRIMOINE, kind=PhaseKind.VOTE)
    for ballot in Ballot.objects.filter(budget__process__slug=PATRIMOINE).select_related("budget"):
        assert vote.start_at <= ballot.cast_at < timezone.now()
        if ballot.budget.ballot_rule == BallotRule.KNAPSACK:
            assert ballot.total_cost_cents <= ballot.budget.amount_cents
        else:
            assert 1 <= ballot.selections.count() <= ballot.budget.max_projects


def test_the_resident_voted_in_ouffet_and_can_fill_her_basket_in_the_territory_budget(demo_db):
    marie = User.objects.get(email=RESIDENT)
    process = Process.objects.get(slug=PATRIMOINE)
    voter = voter_for_user(user=marie, process=process)
    territory, ouffet = budget(PATRIMOINE, TERRITORY), budget(PATRIMOINE, "ouffet")
    assert budgets_for_voter(voter=voter) == [territory, ouffet]
    assert list(voter.ballots.values_list("budget__slug", flat=True)) == ["ouffet"]
    assert marie.has_perm("budgets.vote", territory) is True
    project = territory.projects.order_by("cost_cents").first()
    basket = basket_add(actor=marie, voter=voter, project=project)
    assert list(basket.projects.all()) == [project]


def test_the_resident_sees_the_budgets_of_the_vote(demo_db, client):
    client.login(email=RESIDENT, password=DEMO_PASSWORD)
    response = client.get(reverse("budget_detail", kwargs={"slug": PATRIMOINE, "budget_slug": TERRITORY}))
    assert response.status_code == 200
    assert escape(proposal_title("potales")) in response.content.decode()


def test_a_printed_census_identity_verifies_a_new_account(demo_db):
    printed = re.search(r"born (\d\d)/(\d\d)/(\d{4}), postal code (\d{4})", demo_db)
    assert printed is not None
    day, month, year, postal_code = printed.groups()
    newcomer = UserFactory()
    voter = voter_verify_with_census(
        actor=newcomer,
        process=Process.objects.get(slug=PATRIMOINE),
        values={"birth_date": f"{day}/{month}/{year}", "postal_code": postal_code},
    )
    assert voter.area.slug == "ouffet"
    assert [b.slug for b in budgets_for_voter(voter=voter)] == [TERRITORY, "ouffet"]


def test_voting_codes_are_stored_as_digests_and_three_unused_ones_are_printed(demo_db):
    batch = VotingCodeBatch.objects.get(process__slug=PATRIMOINE)
    assert (batch.size, batch.area.slug, batch.codes.count()) == (30, "ouffet", 30)
    assert batch.codes.exclude(redeemed_at=None).count() == 2
    codes = re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", demo_db)
    assert len(codes) == 3
    assert not VotingCode.objects.filter(code_digest__in=codes).exists()
    voter = voter_from_code(process=batch.process, code=codes[0], client_key="test")
    assert (voter.area.slug, voter.ballots.count()) == ("ouffet", 0)
    assert batch.codes.exclude(redeemed_at=None).count() == 3
    assert Voter.objects.filter(process=batch.process, voting_code__isnull=False).count() == 3


def test_the_desk_agent_account_holds_its_role_and_is_listed(demo_db, client):
    desk_agent = User.objects.get(email=DESK_AGENT)
    assert desk_agent.groups.filter(name="Desk agents").exists()
    assert desk_agent.has_perm("budgets.staff_desk") is True
    assert desk_agent.has_perm("budgets.cast_at_desk", Process.objects.get(slug=PATRIMOINE)) is True
    assert client.login(email=DESK_AGENT, password=DEMO_PASSWORD) is True
    out = StringIO()
    call_command("demo_accounts", stdout=out, stderr=StringIO())
    assert DESK_AGENT in out.getvalue()


# --- The finished process -----------------------------------------------------------------------------------


def test_the_finished_process_was_counted_by_the_allocation(demo_db):
    outcomes = {
        outcome.budget.slug: outcome
        for outcome in BudgetOutcome.objects.filter(budget__process__slug=PREMIERE).select_related("budget")
    }
    assert {slug: (o.rule, o.ballots_count, o.total_cost_cents) for slug, o in outcomes.items()} == {
        TERRITORY: ("greedy", 48, 4_530_000),
        "nandrin": ("greedy", 12, 3_200_000),
    }
    assert ballots_by_budget_and_channel(PREMIERE) == {
        (TERRITORY, BallotChannel.ONLINE): 30,  # 26 verified accounts and 4 voting codes
        (TERRITORY, BallotChannel.DESK): 10,
        (TERRITORY, BallotChannel.PAPER): 8,
        ("nandrin", BallotChannel.ONLINE): 3,
        ("nandrin", BallotChannel.DESK): 5,
        ("nandrin", BallotChannel.PAPER): 4,
    }
    selected = set(
        ProjectResult.objects.filter(project__budget__process__slug=PREMIERE, selected=True).values_list(
            "project__proposal__title", flat=True
        )
    )
    assert selected == {
        proposal_title(key) for key in ("abris-bus-bois", "defibrillateurs", "grainotheque", "plaine-de-jeux")
    }


def test_the_count_moved_the_proposals_to_selected_or_not_selected(demo_db):
    states = dict(
        BudgetProject.objects.filter(budget__process__slug=PREMIERE).values_list(
            "proposal__title", "proposal__state"
        )
    )
    assert Counter(states.values()) == {ProposalState.SELECTED: 4, ProposalState.NOT_SELECTED: 3}
    for project in BudgetProject.objects.filter(budget__process__slug=PREMIERE).select_related(
        "result", "proposal"
    ):
        expected = ProposalState.SELECTED if project.result.selected else ProposalState.NOT_SELECTED
        assert project.proposal.state == expected
        transition = project.proposal.transitions.last()
        assert transition.actor_id is None and transition.to_state == expected


def test_the_other_rule_would_have_funded_other_projects(demo_db):
    outcome = BudgetOutcome.objects.get(budget__process__slug=PREMIERE, budget__slug=TERRITORY)
    titles = dict(BudgetProject.objects.filter(budget=outcome.budget).values_list("pk", "proposal__title"))
    funded = {rule: {titles[pk] for pk in data["selected"]} for rule, data in outcome.comparison.items()}
    assert funded["greedy"] == {
        proposal_title(k) for k in ("abris-bus-bois", "defibrillateurs", "grainotheque")
    }
    assert funded["equal-shares"] == {
        proposal_title(k) for k in ("defibrillateurs", "toilettes-seches", "fresque-tinlot", "grainotheque")
    }


def test_results_and_votes_are_dated_in_their_phases(demo_db):
    phases = {phase.kind: phase for phase in Phase.objects.filter(process__slug=PREMIERE)}
    vote, results = phases[PhaseKind.VOTE], phases[PhaseKind.RESULTS]
    for ballot in Ballot.objects.filter(budget__process__slug=PREMIERE):
        assert vote.start_at <= ballot.cast_at < vote.end_at
    for b in Budget.objects.filter(process__slug=PREMIERE).select_related("outcome"):
        assert results.start_at <= b.allocated_at < results.end_at
        assert results.start_at <= b.outcome.computed_at < results.end_at


@pytest.mark.parametrize("budget_slug", [TERRITORY, "nandrin"])
def test_the_results_page_shows_the_winners(demo_db, client, budget_slug):
    response = client.get(reverse("budget_results", kwargs={"slug": PREMIERE, "budget_slug": budget_slug}))
    assert response.status_code == 200
    page = response.content.decode()
    winners = ProjectResult.objects.filter(project__budget=budget(PREMIERE, budget_slug), selected=True)
    assert winners.exists()
    for result in winners.select_related("project"):
        assert escape(result.project.title) in page


# --- Output, idempotence ------------------------------------------------------------------------------------


def test_seed_demo_prints_what_a_tester_needs(demo_db):
    assert "Budgets: 4 budgets, 15 projects, 99 ballots (online 65, at a desk 20, on paper 14)" in demo_db
    assert "habitant@placette.localhost has voted in « Ouffet, commune pilote »" in demo_db
    assert "born 12/04/1980, postal code 4590" in demo_db
    assert DESK_AGENT in demo_db


def test_a_second_run_adds_nothing(demo_db):
    before = model_counts()
    call_command("seed_demo", "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert model_counts() == before
    assert Budget.objects.filter(process__slug__in=[PATRIMOINE, PREMIERE]).count() == 4


# --- Funded projects ----------------------------------------------------------------------------------------


def test_the_finished_budget_has_funded_projects_in_every_state_carried_by_associations(demo_db, client):
    from budgets.models import Association, FundedProject, FundedProjectPhoto, FundedProjectState

    projects = FundedProject.objects.filter(process__slug=PREMIERE)
    assert set(projects.values_list("state", flat=True)) == set(FundedProjectState.values)
    assert (
        projects.filter(budget_project__isnull=False).count()
        == ProjectResult.objects.filter(project__budget__process__slug=PREMIERE, selected=True).count()
    )
    assert not projects.filter(associations__isnull=True).exists()
    assert (
        Association.objects.filter(
            slug__in=["les-amis-du-lavoir", "jeunesse-en-mouvement", "sentiers-et-nature"]
        ).count()
        == 3
    )
    assert FundedProjectPhoto.objects.filter(update__project__process__slug=PREMIERE).exclude(alt="").exists()
    manager = User.objects.get(email="association@placette.localhost")
    assert client.login(email="association@placette.localhost", password=DEMO_PASSWORD) is True
    assert manager.association_memberships.get().role == "manager"
    out = StringIO()
    call_command("demo_accounts", stdout=out, stderr=StringIO())
    assert "association@placette.localhost" in out.getvalue()
    assert client.get(reverse("funded_project_overview")).status_code == 200
