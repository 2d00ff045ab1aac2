"""Data for the API tests: a small Placette with something in every state, and helpers to call the API with
a personal access token. Shared by tests/participation/api and tests/budgets/api."""

from dataclasses import dataclass, field

from django.utils import timezone

from budgets.models import (
    AssociationMembership,
    BallotRule,
    FundedProject,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectState,
    FundedProjectUpdate,
)
from participation.models import ProposalState
from participation.services.api_tokens import api_token_create
from tests.budgets.factories import BudgetFactory, BudgetProjectFactory
from tests.budgets.funded.factories import make_association, make_funded_project
from tests.budgets.views.conftest import count_budget, make_ballot, voter_of
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    CommentFactory,
    ProcessFactory,
    ProposalFactory,
    SupportFactory,
    UserFactory,
)


def token_for(user, name="script") -> str:
    """A fresh personal access token of `user`, in clear."""
    _token, raw = api_token_create(actor=user, name=name)
    return raw


def bearer(raw: str) -> dict:
    """Headers of Django's test client for a bearer token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@dataclass
class World:
    resident: object
    debate: object
    vote: object
    finished: object
    hidden_process: object
    areas: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    proposals: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    budgets: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    phases: list = field(default_factory=list)
    associations: list = field(default_factory=list)
    funded_projects: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    expenses: list = field(default_factory=list)


def make_world() -> World:
    """Three published processes (debate open, vote open, results published) and an unpublished one;
    proposals in every state (a draft, a hidden one), comments (a reply, a hidden and a deleted one),
    supports; a knapsack and an approval budget in the vote, a counted budget with its ballots."""
    north, south = AreaFactory(name="Nord", slug="nord"), AreaFactory(name="Sud", slug="sud")
    parks, roads = CategoryFactory(name="Parcs", slug="parcs"), CategoryFactory(name="Routes", slug="routes")
    resident = UserFactory(area=north, display_name="Camille")
    debate = ProcessFactory(with_phase="debate", slug="debat", title="Le débat")
    vote = ProcessFactory(with_phase="vote", slug="vote", title="Le vote")
    finished = ProcessFactory(with_phase="results", slug="resultats", title="Les résultats")
    hidden_process = ProcessFactory(with_phase="debate", slug="brouillon", is_published=False)
    for process in (debate, vote, finished, hidden_process):
        process.areas.set([north, south])
        process.categories.set([parks, roads])
    world = World(
        resident=resident,
        debate=debate,
        vote=vote,
        finished=finished,
        hidden_process=hidden_process,
        areas=[north, south],
        categories=[parks, roads],
    )
    for state in ProposalState:
        world.proposals.append(
            ProposalFactory(
                process=debate,
                state=state,
                area=north,
                category=parks,
                latitude="50.300000",
                longitude="5.100000",
            )
        )
    mine = ProposalFactory(process=debate, state=ProposalState.IN_DEBATE, author=resident, area=south)
    hidden = ProposalFactory(
        process=debate,
        state=ProposalState.IN_DEBATE,
        area=south,
        hidden_at=timezone.now(),
        hidden_reason="Propos injurieux.",
    )
    world.proposals += [mine, hidden, ProposalFactory(process=hidden_process, state=ProposalState.IN_DEBATE)]
    in_debate = world.proposals[2]
    top = CommentFactory(proposal=in_debate)
    world.comments = [
        top,
        CommentFactory(proposal=in_debate, parent=top),
        CommentFactory(proposal=in_debate, hidden_at=timezone.now(), hidden_reason="Hors sujet."),
        CommentFactory(proposal=in_debate, deleted_at=timezone.now(), body=""),
        CommentFactory(proposal=hidden),
    ]
    SupportFactory(proposal=in_debate)
    town = BudgetFactory(process=vote, slug="commune", amount_cents=100_000_00)
    approval = BudgetFactory(
        process=vote,
        slug="nord",
        area=north,
        amount_cents=30_000_00,
        ballot_rule=BallotRule.APPROVAL,
        max_projects=2,
    )
    counted = BudgetFactory(process=finished, slug="compte", amount_cents=100_000_00)
    world.budgets = [town, approval, counted]
    for budget in world.budgets:
        for cost in (60_000_00, 30_000_00, 5_000_00):
            world.projects.append(
                BudgetProjectFactory(
                    budget=budget, cost_cents=min(cost, budget.amount_cents), area=north, category=roads
                )
            )
    counted_projects = world.projects[-3:]
    for person, chosen in (
        (UserFactory(area=north), counted_projects[:2]),
        (UserFactory(area=south), counted_projects[1:]),
    ):
        make_ballot(counted, voter_of(person, finished), chosen)
    count_budget(counted)
    world.phases = list(debate.phases.all())
    _fund(world)
    return world


def _fund(world: World) -> None:
    """Funded projects in every state, carried by an association the resident belongs to (so that the
    reporting writes reach their success path too), one of the unpublished process, one funded outside any
    process; news, milestones (one done) and expenses; a second association carrying nothing."""
    carrier = make_association("Les Amis du Lavoir", contact_email="lavoir@example.org")
    AssociationMembership.objects.create(association=carrier, user=world.resident)
    world.associations = [carrier, make_association("Le Club de Foot")]
    for state in FundedProjectState:
        world.funded_projects.append(
            make_funded_project(
                process=world.finished,
                state=state,
                associations=[carrier],
                area=world.areas[0],
                title=f"Projet {state.label}",
                latitude="50.300000",
                longitude="5.100000",
            )
        )
    world.funded_projects += [
        make_funded_project(process=world.hidden_process, title="Projet caché", associations=[carrier]),
        FundedProject.objects.create(process=None, title="Hors processus", allocated_cents=1_000_00),
    ]
    for project in world.funded_projects[:2]:
        world.updates.append(
            FundedProjectUpdate.objects.create(
                project=project, author=world.resident, body="Le chantier avance.", happened_on="2026-04-01"
            )
        )
        world.milestones += [
            FundedProjectMilestone.objects.create(project=project, title="Devis", done_on="2026-03-01"),
            FundedProjectMilestone.objects.create(project=project, title="Travaux", position=1),
        ]
        world.expenses.append(
            FundedProjectExpense.objects.create(
                project=project, amount_cents=2_500_00, spent_on="2026-03-02", description="Pierres"
            )
        )
