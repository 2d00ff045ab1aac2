"""CSV and JSON files: parsed back, header = the documented columns, public rows only, formulas
neutralised."""

import csv
import io
import json

import pytest

from participation.models import Area
from participation.opendata import registry
from participation.opendata.datasets import PROPOSAL_COLUMNS

from .conftest import download

pytestmark = pytest.mark.django_db

PROPOSAL_HEADER = [column.name for column in PROPOSAL_COLUMNS]


def parse_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_proposals_csv_has_the_documented_header_and_one_row_per_public_proposal(client, proposals):
    response, text = download(client, "/open-data/proposals.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="placette-proposals.csv"'
    assert next(csv.reader(io.StringIO(text))) == PROPOSAL_HEADER
    rows = parse_csv(text)
    # Located, south, unlocated, formula, hidden: not the draft, not the unpublished process's proposal.
    assert [int(row["id"]) for row in rows] == sorted(
        proposals[name].pk for name in ("located", "south", "unlocated", "formula", "hidden")
    )


def test_the_proposals_csv_keeps_accents_and_writes_values_as_documented(client, proposals):
    _response, text = download(client, "/open-data/proposals.csv")

    rows = {int(row["id"]): row for row in parse_csv(text)}
    located = rows[proposals["located"].pk]
    assert located["title"] == "Une piste cyclable vers la gare"
    assert located["process"] == "ciney"
    assert located["url"] == f"http://127.0.0.1:8000/processes/ciney/proposals/{proposals['located'].pk}/"
    assert located["state"] == "in_debate"
    assert located["hidden"] == "false"
    assert located["area"] == "Ciney-Centre"
    assert located["category"] == "Mobilité"
    assert (located["longitude"], located["latitude"]) == ("5.100200", "50.294100")
    assert located["created_at"].endswith("Z")
    unlocated = rows[proposals["unlocated"].pk]
    assert unlocated["body"] == "Des bancs pour les aînés : « reposez-vous » à l'ombre des tilleuls."
    assert (unlocated["longitude"], unlocated["latitude"], unlocated["category"]) == ("", "", "")
    assert rows[proposals["south"].pk]["cost_estimate_cents"] == "500000"


def test_a_text_cell_that_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(client, proposals):
    _response, text = download(client, "/open-data/proposals.csv")

    formula = {int(row["id"]): row for row in parse_csv(text)}[proposals["formula"].pk]
    assert formula["title"] == '\'=HYPERLINK("http://evil") une idée'
    assert formula["body"] == "'+33 six bancs"
    assert formula["answer"] == "'@attention"
    # Numbers are not text: a negative longitude stays a number.
    south = {int(row["id"]): row for row in parse_csv(text)}[proposals["south"].pk]
    assert south["longitude"] == "-151.209300"


def test_a_hidden_proposal_keeps_its_row_without_its_text_or_location(client, proposals):
    _response, text = download(client, "/open-data/proposals.csv")

    hidden = {int(row["id"]): row for row in parse_csv(text)}[proposals["hidden"].pk]
    assert (hidden["hidden"], hidden["title"], hidden["body"]) == ("true", "", "")
    assert (hidden["longitude"], hidden["latitude"]) == ("", "")


def test_the_proposals_json_is_one_array_of_objects_with_the_documented_keys(client, proposals):
    response, text = download(client, "/open-data/proposals.json")

    assert response["Content-Type"] == "application/json"
    data = json.loads(text)
    assert [item["id"] for item in data] == sorted(
        proposals[name].pk for name in ("located", "south", "unlocated", "formula", "hidden")
    )
    assert all(list(item) == PROPOSAL_HEADER for item in data)
    located = next(item for item in data if item["id"] == proposals["located"].pk)
    assert (located["longitude"], located["latitude"], located["hidden"]) == (5.1002, 50.2941, False)
    # JSON is not a spreadsheet: the text is given as written.
    formula = next(item for item in data if item["id"] == proposals["formula"].pk)
    assert formula["title"] == '=HYPERLINK("http://evil") une idée'
    assert formula["cost_estimate_cents"] is None


def test_one_process_file_holds_only_that_process(client, proposals, ciney):
    from tests.factories import ProcessFactory, ProposalFactory

    other = ProposalFactory(process=ProcessFactory(with_phase="debate", slug="havelange"))

    _response, text = download(client, "/open-data/processes/ciney/proposals.csv")
    _response, other_text = download(client, "/open-data/processes/havelange/proposals.csv")

    assert {row["process"] for row in parse_csv(text)} == {"ciney"}
    assert [int(row["id"]) for row in parse_csv(other_text)] == [other.pk]


def test_the_process_areas_and_categories_files_list_published_ones(client, proposals, ciney):
    _response, text = download(client, "/open-data/processes.csv")
    rows = parse_csv(text)
    assert [row["slug"] for row in rows] == ["ciney"]
    assert rows[0]["areas"] == "Ciney-Centre ; Leignon"
    assert rows[0]["categories"] == "Mobilité"
    assert rows[0]["url"] == "http://127.0.0.1:8000/processes/ciney/"

    _response, text = download(client, "/open-data/areas.csv")
    areas = parse_csv(text)
    assert list(areas[0]) == ["id", "slug", "name", "position"]
    assert [row["name"] for row in areas] == list(
        Area.objects.order_by("position", "name").values_list("name", flat=True)
    )
    assert {"Ciney-Centre", "Leignon"} <= {row["name"] for row in areas}
    _response, text = download(client, "/open-data/categories.json")
    assert json.loads(text) == [
        {"id": ciney.category.pk, "slug": "mobilite", "name": "Mobilité", "position": 0}
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/nothing.csv",
        "/open-data/proposals.xlsx",
        "/open-data/areas.geojson",
        "/open-data/processes/pas-publie/proposals.csv",
        "/open-data/processes/inconnu/proposals.csv",
        "/open-data/processes/ciney/areas.csv",
    ],
)
def test_an_unknown_dataset_format_or_process_answers_404(client, proposals, url):
    assert client.get(url).status_code == 404


def test_every_file_is_readable_from_other_sites_and_cacheable(client, proposals):
    for dataset in registry.datasets():
        for extension in dataset.formats:
            response, _text = download(client, f"/open-data/{dataset.id}.{extension}")
            assert response.status_code == 200, (dataset.id, extension)
            assert response["Access-Control-Allow-Origin"] == "*"
            assert response["Cache-Control"] == "public, max-age=300"
            assert (
                response["Content-Disposition"] == f'attachment; filename="placette-{dataset.id}.{extension}"'
            )


def test_the_proposals_file_says_when_it_last_changed(client, proposals):
    response, _text = download(client, "/open-data/proposals.csv")

    from django.utils.http import parse_http_date

    latest = max(
        proposals[name].state_changed_at for name in ("located", "south", "unlocated", "formula", "hidden")
    )
    hidden_at = proposals["hidden"].hidden_at
    assert parse_http_date(response["Last-Modified"]) == int(max(latest, hidden_at).timestamp())


def test_a_post_is_refused(client, proposals):
    assert client.post("/open-data/proposals.csv").status_code == 405
