"""Fixtures of the budgets staff pages' tests: one person per role (desk agent included), a client logged in
as any of them, a process whose vote is open with two areas, budgets, projects and a census uploaded through
the services. Pages are asked for in English."""

import pytest
from django.contrib.auth.models import Group

from budgets.models import Ballot, BallotChannel, BallotSelection
from budgets.roles import DESK_AGENTS, ensure_budget_role_groups
from budgets.services import digests
from budgets.services.census import census_configure, census_import
from tests.budgets.factories import make_budget as make_budget
from tests.budgets.factories import make_project as make_project
from tests.factories import ProcessFactory, UserFactory
from tests.pages import english as english
from tests.pages import login as login
from tests.pages import messages_of as messages_of

ROLES = ["resident", "moderator", "evaluator", "desk", "admin"]

# Three people of the census: (birth date, postal code, area). Details typed at a desk or on paper.
CAMILLE = {"birth_date": "12/03/1980", "postal_code": "5370"}
DOMINIQUE = {"birth_date": "1975-07-01", "postal_code": "5370"}
SACHA = {"birth_date": "02.02.2001", "postal_code": "5377"}
CENSUS_CSV = "birth_date;postal_code;area\n1980-03-12;5370;nord\n1975-07-01;5370;nord\n2001-02-02;5377;sud\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


def make_desk_agent(**fields):
    user = UserFactory(**fields)
    group = Group.objects.filter(name=DESK_AGENTS).first()
    if group is None:
        ensure_budget_role_groups()
        group = Group.objects.get(name=DESK_AGENTS)
    user.groups.add(group)
    return user


@pytest.fixture
def people(db):
    return {
        "resident": UserFactory(display_name="Camille Resident"),
        "moderator": UserFactory(display_name="Maxime Moderator", moderator=True),
        "evaluator": UserFactory(display_name="Eva Evaluator", evaluator=True),
        "desk": make_desk_agent(display_name="Dany Desk"),
        "admin": UserFactory(display_name="Ada Administrator", process_admin=True),
    }


def make_process(kind, north, south, **fields):
    process = ProcessFactory(with_phase=kind, **fields)
    process.areas.set([north, south])
    return process


@pytest.fixture
def vote_process(db, north, south):
    """A published process whose vote phase is open now, with areas Nord and Sud."""
    return make_process("vote", north, south, title="Budget participatif de Havelange", slug="havelange")


@pytest.fixture
def budgets(vote_process, north):
    """The territory-wide budget (100 000 €, knapsack) with three projects and the budget of Nord
    (20 000 €, approval of at most 2) with two."""
    commune = make_budget(vote_process, position=0)
    nord = make_budget(
        vote_process,
        slug="nord",
        title="Budget de Nord",
        amount_cents=20_000_00,
        area=north,
        ballot_rule="approval",
        max_projects=2,
        position=1,
    )
    return {
        "commune": commune,
        "nord": nord,
        "bench": make_project(commune, title="Un banc à l'église", cost_cents=5_000_00, position=0),
        "path": make_project(commune, title="Un sentier", cost_cents=40_000_00, position=1),
        "hall": make_project(commune, title="Une salle", cost_cents=80_000_00, position=2),
        "tree": make_project(nord, title="Des arbres", cost_cents=3_000_00, position=0),
        "light": make_project(nord, title="Un éclairage", cost_cents=9_000_00, position=1),
    }


@pytest.fixture
def census(vote_process, people):
    census = census_configure(
        actor=people["admin"],
        process=vote_process,
        match_fields=["birth_date", "postal_code"],
        minimum_age=16,
    )
    import io

    census_import(actor=people["admin"], census=census, rows=io.StringIO(CENSUS_CSV))
    census.refresh_from_db()
    return census


def make_ballot(budget, voter, projects, *, channel=BallotChannel.ONLINE, recorded_by=None) -> Ballot:
    if channel != BallotChannel.ONLINE and recorded_by is None:
        recorded_by = UserFactory(process_admin=True)
    ballot = Ballot.objects.create(
        budget=budget,
        voter=voter,
        channel=channel,
        recorded_by=recorded_by,
        receipt_digest=digests.receipt_digest(digests.normalise_code(digests.random_code(16))),
        total_cost_cents=sum(project.cost_cents for project in projects),
    )
    BallotSelection.objects.bulk_create(
        BallotSelection(ballot=ballot, project=project) for project in projects
    )
    return ballot


def census_fields(values: dict, prefix: str = "") -> dict:
    """The POST fields of the census details form (`census_<name>`), with an optional form prefix."""
    return {f"{prefix}census_{name}": value for name, value in values.items()}
