"""The registry: a dataset registered in a few lines (as budgets registers funded projects) gets its files,
its place on the page and in the DCAT catalogue; a badly declared dataset is refused at start-up."""

import csv
import io
import json
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from participation.opendata import registry
from participation.opendata.registry import Column, Dataset, Link

from .conftest import download

pytestmark = pytest.mark.django_db

ROWS = [
    (1, "Piste cyclable de la gare", Decimal("5.100200"), Decimal("50.294100")),
    (2, "Verger partagé", None, None),
]


def funded_project_rows(*, process=None):
    yield from ROWS


@pytest.fixture
def funded_projects():
    # Stands in for budgets' real `funded-projects` dataset, put back afterwards at its place in the order.
    real = next((dataset for dataset in registry.datasets() if dataset.id == "funded-projects"), None)
    dataset = registry.register(
        Dataset(
            id="funded-projects",
            title="Funded projects",
            description="Projects the budgets funded, and where they stand.",
            columns=(
                Column("id", "Identifier", "integer"),
                Column("title", "Title"),
                Column("longitude", "Longitude", "number"),
                Column("latitude", "Latitude", "number"),
            ),
            rows=funded_project_rows,
            formats=("csv", "json", "geojson"),
            geometry=("longitude", "latitude"),
            dates=lambda *, process=None: (
                datetime(2026, 1, 5, tzinfo=UTC),
                datetime(2026, 3, 1, tzinfo=UTC),
            ),
            links=lambda: [Link(title="Rapport 2026", path="/reports/funded-2026.csv", format="csv")],
        )
    )
    yield dataset
    if real is not None:
        registry.register(real)
    else:
        registry.unregister("funded-projects")


def test_a_registered_dataset_gets_its_files(client, funded_projects):
    _response, text = download(client, "/open-data/funded-projects.csv")
    assert list(csv.reader(io.StringIO(text))) == [
        ["id", "title", "longitude", "latitude"],
        ["1", "Piste cyclable de la gare", "5.100200", "50.294100"],
        ["2", "Verger partagé", "", ""],
    ]
    _response, text = download(client, "/open-data/funded-projects.geojson")
    assert json.loads(text)["features"] == [
        {
            "type": "Feature",
            "id": 1,
            "geometry": {"type": "Point", "coordinates": [5.1002, 50.2941]},
            "properties": {"id": 1, "title": "Piste cyclable de la gare"},
        }
    ]
    response, _text = download(client, "/open-data/funded-projects.csv")
    assert response["Last-Modified"] == "Sun, 01 Mar 2026 00:00:00 GMT"
    # Not per process unless it says so.
    assert client.get("/open-data/processes/any/funded-projects.csv").status_code == 404


def test_a_registered_dataset_is_on_the_page_and_in_the_catalog(client, funded_projects):
    page = client.get("/open-data/").content.decode()
    assert '<h3 id="dataset-funded-projects-title">Funded projects</h3>' in page
    assert '<a href="/reports/funded-2026.csv" download>Rapport 2026 (CSV)</a>' in page

    _response, text = download(client, "/open-data/catalog.jsonld")
    node = next(
        item for item in json.loads(text)["dcat:dataset"] if item["dct:identifier"] == "funded-projects"
    )
    assert node["dct:issued"] == "2026-01-05T00:00:00Z" and node["dct:modified"] == "2026-03-01T00:00:00Z"
    assert [item["dcat:downloadURL"]["@id"] for item in node["dcat:distribution"]] == [
        "http://127.0.0.1:8000/open-data/funded-projects.csv",
        "http://127.0.0.1:8000/open-data/funded-projects.json",
        "http://127.0.0.1:8000/open-data/funded-projects.geojson",
        "http://127.0.0.1:8000/reports/funded-2026.csv",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"formats": ("csv", "xlsx")}, "dataset broken: unknown format xlsx"),
        ({"formats": ("geojson",)}, "dataset broken: GeoJSON needs `geometry`"),
        ({"formats": ("ics",)}, "dataset broken: no writer for ics"),
        ({"geometry": ("x", "y")}, "dataset broken: geometry columns are not columns"),
        ({"columns": (Column("id", "a"), Column("id", "b"))}, "dataset broken: duplicate column names"),
    ],
)
def test_a_badly_declared_dataset_is_refused(changes, message):
    fields = {
        "id": "broken",
        "title": "Broken",
        "description": "",
        "columns": (Column("id", "Identifier"),),
        "rows": funded_project_rows,
        **changes,
    }
    with pytest.raises(ValueError, match=re.escape(message)):
        Dataset(**fields)


def test_participation_and_budgets_register_their_datasets_in_order():
    assert [dataset.id for dataset in registry.datasets()] == [
        "processes",
        "phases",
        "proposals",
        "areas",
        "categories",
        "budgets",
        "budget-projects",
        "budget-results",
        "ballots",
        "funded-projects",
        "associations",
    ]
