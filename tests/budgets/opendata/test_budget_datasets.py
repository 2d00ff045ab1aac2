"""The budgets' open data: budgets, projects (also as GeoJSON), results once public, anonymised ballots as
pabulib files listed in the catalogue and read back with `budgets.allocation.pabulib`."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.allocation.pabulib import parse_pabulib
from budgets.opendata import BUDGET_COLUMNS, PROJECT_COLUMNS, RESULT_COLUMNS
from participation.models import User
from tests.budgets.views.conftest import count_budget, make_ballot, make_budget, make_project, voter_of
from tests.factories import ProcessFactory, ProposalFactory, UserFactory
from tests.pages import english as english  # noqa: F401  (autouse: pages in English)
from tests.participation.opendata.conftest import download
from tests.participation.opendata.test_geojson import assert_rfc7946_point_collection
from tests.participation.opendata.test_no_personal_data import every_open_data_url

pytestmark = pytest.mark.django_db


def rows_of(client, url: str) -> list[dict]:
    response, text = download(client, url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def counted(db, north, south):
    """A process in its results phase with a counted budget (three projects, two located; four ballots),
    a process still voting with a counted budget, and an unpublished process with a budget."""
    process = ProcessFactory(with_phase="results", title="Budget participatif de Ciney", slug="ciney")
    process.areas.set([north, south])
    proposal = ProposalFactory(process=process, state="on_ballot", area=north)
    budget = make_budget(process, amount_cents=100_000_00, title="Budget de la commune")
    cycle = make_project(
        budget,
        title="Piste cyclable",
        cost_cents=60_000_00,
        area=north,
        proposal=proposal,
        latitude=Decimal("50.294100"),
        longitude=Decimal("5.100200"),
    )
    orchard = make_project(
        budget,
        title="=Verger partagé",
        cost_cents=30_000_00,
        latitude=Decimal("50.250000"),
        longitude=Decimal("5.050000"),
    )
    hall = make_project(budget, title="Salle des fêtes", cost_cents=50_000_00)
    voters = [
        UserFactory(area=north, email=f"votant{n}@exemple.be", display_name=f"Votant {n}") for n in range(4)
    ]
    make_ballot(budget, voter_of(voters[0], process), [cycle, orchard])
    make_ballot(budget, voter_of(voters[1], process), [cycle])
    make_ballot(budget, voter_of(voters[2], process), [hall, orchard], channel="desk")
    make_ballot(budget, voter_of(voters[3], process), [cycle, hall])
    count_budget(budget)

    voting = ProcessFactory(with_phase="vote", slug="havelange")
    early = make_budget(voting, slug="havelange", title="Budget de Havelange")
    make_project(early, title="Bancs", cost_cents=1_000_00)
    make_ballot(early, voter_of(voters[0], voting), list(early.projects.all()))
    count_budget(early)

    hidden = ProcessFactory(with_phase="vote", slug="pas-publie", is_published=False)
    make_project(make_budget(hidden, title="Budget secret"), title="Projet secret")
    budget.cycle, budget.orchard, budget.hall, budget.early = cycle, orchard, hall, early
    return budget


def test_the_budgets_file_lists_the_budgets_of_published_processes(client, counted):
    rows = rows_of(client, "/open-data/budgets.csv")

    assert [(row["process"], row["title"]) for row in rows] == [
        ("ciney", "Budget de la commune"),
        ("havelange", "Budget de Havelange"),
    ]
    assert list(rows[0]) == [column.name for column in BUDGET_COLUMNS]
    assert rows[0]["amount_cents"] == "10000000"
    assert rows[0]["url"] == "http://127.0.0.1:8000/processes/ciney/budgets/commune/"
    assert rows[0]["counted_at"].endswith("Z")


def test_the_projects_file_and_map(client, counted):
    rows = rows_of(client, "/open-data/processes/ciney/budget-projects.csv")
    assert list(rows[0]) == [column.name for column in PROJECT_COLUMNS]
    assert [row["title"] for row in rows] == ["Piste cyclable", "'=Verger partagé", "Salle des fêtes"]
    assert rows[0]["proposal"] == str(counted.cycle.proposal_id)

    response, text = download(client, "/open-data/budget-projects.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(text)
    assert_rfc7946_point_collection(data)
    assert [(feature["id"], feature["geometry"]["coordinates"]) for feature in data["features"]] == [
        (counted.cycle.pk, [5.1002, 50.2941]),
        (counted.orchard.pk, [5.05, 50.25]),
    ]
    assert data["features"][1]["properties"]["title"] == "=Verger partagé"


def test_results_are_published_only_once_the_results_phase_started(client, counted):
    rows = rows_of(client, "/open-data/budget-results.csv")

    # Havelange is counted but still in its vote phase: not yet public.
    assert {row["process"] for row in rows} == {"ciney"}
    assert list(rows[0]) == [column.name for column in RESULT_COLUMNS]
    by_title = {row["title"]: row for row in rows}
    assert by_title["Piste cyclable"]["votes_total"] == "3"
    assert by_title["Piste cyclable"]["selected"] == "true"
    assert by_title["Salle des fêtes"]["votes_desk"] == "1"
    assert [row["rank"] for row in rows] == ["1", "2", "3"]
    assert rows_of(client, "/open-data/processes/havelange/budget-results.csv") == []


def test_the_anonymised_ballots_are_listed_and_read_back_as_pabulib(client, counted):
    _response, text = download(client, "/open-data/catalog.jsonld")
    ballots = next(item for item in json.loads(text)["dcat:dataset"] if item["dct:identifier"] == "ballots")
    urls = [item["dcat:downloadURL"]["@id"] for item in ballots["dcat:distribution"]]
    assert urls == [
        "http://127.0.0.1:8000/processes/ciney/budgets/commune/results/ballots.pb",
        "http://127.0.0.1:8000/processes/ciney/budgets/commune/results/ballots.csv",
    ]
    assert ballots["dcat:distribution"][0]["dct:format"]["@id"].endswith("/TXT")

    response, text = download(client, "/processes/ciney/budgets/commune/results/ballots.pb")
    assert response["Access-Control-Allow-Origin"] == "*"
    election = parse_pabulib(text)
    assert election.budget == 100_000_00
    assert sorted(election.projects) == sorted(
        str(p.pk) for p in (counted.cycle, counted.orchard, counted.hall)
    )
    assert sorted(len(ballot) for ballot in election.ballots) == [1, 2, 2, 2]

    page = client.get("/open-data/").content.decode()
    assert '<a href="/processes/ciney/budgets/commune/results/ballots.pb" download>' in page
    assert "havelange/results/ballots" not in page


def test_no_budget_file_holds_a_voter_an_email_or_an_unpublished_budget(client, counted):
    forbidden = ["Budget secret", "Projet secret"]
    for email, name in User.objects.values_list("email", "display_name"):
        forbidden += [email, name]

    for url in every_open_data_url(["ciney", "havelange"]):
        _response, text = download(client, url)
        for secret in forbidden:
            assert secret not in text, (url, secret)


# One `dates` aggregate and one rows query per file; a process's file first reads the process.
@pytest.mark.parametrize("dataset", ["budgets", "budget-projects", "budget-results"])
def test_a_budget_export_runs_the_same_queries_for_3_and_for_30_rows(client, counted, dataset):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            size = sum(len(chunk) for chunk in response.streaming_content)
        return len(queries), size

    urls = [f"/open-data/{dataset}.json", f"/open-data/processes/ciney/{dataset}.json"]
    before = [count(url) for url in urls]
    for index in range(27):
        budget = make_budget(counted.process, slug=f"quartier-{index}", title=f"Quartier {index}")
        project = make_project(budget, title=f"Projet {index}")
        make_ballot(budget, voter_of(UserFactory(), counted.process), [project])
        count_budget(budget)
    after = [count(url) for url in urls]

    assert [queries for queries, _size in before] == [queries for queries, _size in after] == [2, 3]
    assert all(later > earlier for (_q, earlier), (_q2, later) in zip(before, after, strict=True))
