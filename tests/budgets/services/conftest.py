"""A vote scene for the services' tests: a published process with the areas Nord and Sud, its vote phase open
(`ProcessFactory(with_phase="vote")`: evaluation before, results after), a census asking the birth date and
the register number, a territory-wide knapsack budget of 100 000 € and an approval budget for Nord (at most 2
projects)."""

import pytest

from budgets.models import BallotRule
from tests.budgets.factories import BudgetFactory, BudgetProjectFactory, CensusFactory
from tests.factories import ProcessFactory, UserFactory


def make_scene(open_kind="vote", *, north, south, census=True):
    process = ProcessFactory(with_phase=open_kind)
    process.areas.set([north, south])
    scene = {"process": process}
    scene["census"] = CensusFactory(process=process) if census else None
    scene["town"] = BudgetFactory(
        process=process, slug="commune", title="Budget de la commune", amount_cents=100_000_00
    )
    scene["north_budget"] = BudgetFactory(
        process=process,
        slug="nord",
        title="Budget du Nord",
        area=north,
        amount_cents=30_000_00,
        ballot_rule=BallotRule.APPROVAL,
        max_projects=2,
    )
    scene["town_projects"] = [
        BudgetProjectFactory(budget=scene["town"], title="Piste cyclable", cost_cents=60_000_00),
        BudgetProjectFactory(budget=scene["town"], title="Plaine de jeux", cost_cents=30_000_00),
        BudgetProjectFactory(budget=scene["town"], title="Bancs publics", cost_cents=5_000_00),
        BudgetProjectFactory(budget=scene["town"], title="Fontaine", cost_cents=45_000_00),
    ]
    scene["north_projects"] = [
        BudgetProjectFactory(budget=scene["north_budget"], title=f"Projet du Nord {n}", cost_cents=10_000_00)
        for n in range(3)
    ]
    return scene


@pytest.fixture
def scene(db, north, south):
    return make_scene(north=north, south=south)


@pytest.fixture
def admin(db):
    return UserFactory(process_admin=True)
