"""The village of the budgets journeys: a process whose vote is open, its census and its budgets.

Arranged the way staff prepare a vote: the census goes through the census services (`census_configure`,
`census_import`, as the staff census page does), so the digests the pages compare with are the real ones;
budgets and their projects are rows (staff create them in the admin).

The census holds three people, known by their date of birth and postal code, as they type them:
`CAMILLE` and `DOMINIQUE` live in Nord, `SACHA` in Sud.
"""

import io
from dataclasses import dataclass

from budgets.models import BallotRule, Budget, BudgetProject, Census
from budgets.services.census import census_configure, census_import
from participation.models import Area, Process
from tests.factories import AreaFactory, ProcessFactory, UserFactory

CAMILLE = {"birth_date": "12/03/1980", "postal_code": "5370"}
DOMINIQUE = {"birth_date": "01/07/1975", "postal_code": "5370"}
SACHA = {"birth_date": "02/02/2001", "postal_code": "5377"}
CENSUS_CSV = "birth_date;postal_code;area\n1980-03-12;5370;nord\n1975-07-01;5370;nord\n2001-02-02;5377;sud\n"

# Labels of the census fields, on the resident's form and on the desk's.
BIRTH_DATE = "Date of birth"
POSTAL_CODE = "Postal code"


@dataclass
class Village:
    process: Process
    north: Area
    south: Area
    census: Census
    commune: Budget  # territory-wide, knapsack, 100 000 €
    nord: Budget  # the budget of Nord, approval of at most 2 projects, 20 000 €
    projects: dict[str, BudgetProject]


def village_voting_now(*, with_projects: bool = True) -> Village:
    """A published process whose vote phase is open now (the whole timeline of phases, see
    `tests.factories.make_phases`), with the areas Nord and Sud, the census above and two budgets. The
    territory-wide budget gets five projects unless `with_projects` is False (they then come from accepted
    proposals, put on the ballot by `budgets_advance`)."""
    north = AreaFactory(name="Nord", slug="nord")
    south = AreaFactory(name="Sud", slug="sud")
    process = ProcessFactory(
        title="Budget participatif de Havelange 2026", slug="havelange-2026", with_phase="vote"
    )
    process.areas.set([north, south])
    registrar = UserFactory(
        email="population@havelange.example.org", display_name="Service population", process_admin=True
    )
    census = census_configure(
        actor=registrar, process=process, match_fields=["birth_date", "postal_code"], minimum_age=16
    )
    report = census_import(actor=registrar, census=census, rows=io.StringIO(CENSUS_CSV))
    assert (report["created"], report["rejected"]) == (3, []), report
    commune = Budget.objects.create(
        process=process,
        slug="commune",
        title="Budget de la commune",
        amount_cents=100_000_00,
        ballot_rule=BallotRule.KNAPSACK,
        position=0,
    )
    nord = Budget.objects.create(
        process=process,
        slug="nord",
        title="Budget de Nord",
        amount_cents=20_000_00,
        area=north,
        ballot_rule=BallotRule.APPROVAL,
        max_projects=2,
        position=1,
    )
    projects = {
        "trees": BudgetProject.objects.create(
            budget=nord, title="Des arbres le long du Hoyoux", cost_cents=3_000_00, position=0
        ),
        "light": BudgetProject.objects.create(
            budget=nord, title="Un éclairage du sentier de l'école", cost_cents=9_000_00, position=1
        ),
    }
    if with_projects:
        for position, (key, title, cost_cents) in enumerate(
            [
                ("benches", "Des bancs sur la place de Havelange", 5_000_00),
                ("path", "Un sentier cyclable vers Barvaux", 40_000_00),
                ("playground", "Une plaine de jeux à Méan", 30_000_00),
                ("hall", "Une salle de village à Porcheresse", 80_000_00),
                ("library", "Une boîte à livres à Flostoy", 1_500_00),
            ]
        ):
            projects[key] = BudgetProject.objects.create(
                budget=commune, title=title, cost_cents=cost_cents, position=position
            )
    return Village(
        process=process,
        north=north,
        south=south,
        census=census,
        commune=commune,
        nord=nord,
        projects=projects,
    )
