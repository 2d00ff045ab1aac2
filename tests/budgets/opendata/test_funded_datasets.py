"""The funded projects' and the associations' open data: the funded projects' file has exactly the rows of
the pages' CSV export (one row builder), also as GeoJSON; the associations' file has their public fields
only (no contact, never a member); nothing of an unpublished process; the same queries for 3 or 30 rows."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import (
    AssociationRole,
    FundedProject,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectState,
    FundedProjectUpdate,
)
from budgets.opendata import ASSOCIATION_COLUMNS, FUNDED_PROJECT_COLUMNS
from participation.models import User
from tests.budgets.funded.factories import make_association, make_funded_project, member_of
from tests.factories import ProcessFactory
from tests.pages import english as english  # noqa: F401  (autouse: pages in English)
from tests.participation.opendata.conftest import download
from tests.participation.opendata.test_geojson import assert_rfc7946_point_collection
from tests.participation.opendata.test_no_personal_data import every_open_data_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(north):
    process = ProcessFactory(with_phase="implementation", slug="ciney", title="Budget participatif de Ciney")
    carrier = make_association(
        "Les Amis du Lavoir",
        description="Nous restaurons le lavoir.",
        contact_email="presidente.lavoir@exemple.be",
        contact_phone="+32 83 21 00 00",
        website="https://lavoir.example.org",
    )
    member = member_of(
        carrier, role=AssociationRole.MANAGER, display_name="Dominique Lavoir", email="dominique@exemple.be"
    )
    lavoir = make_funded_project(
        process=process,
        title="Restaurer le lavoir",
        associations=[carrier],
        area=north,
        latitude=Decimal("50.294100"),
        longitude=Decimal("5.100200"),
        state=FundedProjectState.IN_PROGRESS,
    )
    FundedProjectMilestone.objects.create(project=lavoir, title="Devis", done_on="2026-03-01")
    FundedProjectMilestone.objects.create(project=lavoir, title="Travaux", position=1)
    FundedProjectExpense.objects.create(
        project=lavoir, amount_cents=5_000_00, spent_on="2026-03-02", description="Pierres"
    )
    FundedProjectUpdate.objects.create(
        project=lavoir, author=member, body="Le toit est posé.", happened_on="2026-04-01"
    )
    bench = FundedProject.objects.create(process=None, title="Un banc", allocated_cents=500_00)
    hidden_process = ProcessFactory(with_phase="implementation", slug="pas-publie", is_published=False)
    make_funded_project(process=hidden_process, title="Projet financé secret", associations=[carrier])
    make_association("Le Club de Foot")
    return {"process": process, "carrier": carrier, "lavoir": lavoir, "bench": bench}


def rows_of(client, url):
    response, text = download(client, url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_funded_projects_file_is_the_pages_export(client, funded):
    lavoir, bench = funded["lavoir"], funded["bench"]
    rows = rows_of(client, "/open-data/funded-projects.csv")
    assert list(rows[0]) == [column.name for column in FUNDED_PROJECT_COLUMNS]
    assert rows == [
        {
            "id": str(lavoir.pk),
            "title": "Restaurer le lavoir",
            "state": "in_progress",
            "process": "ciney",
            "area": "nord",
            "associations": "les-amis-du-lavoir",
            "allocated_cents": "2000000",
            "spent_cents": "500000",
            "progress_percent": "50",
            "latitude": "50.294100",
            "longitude": "5.100200",
            "proposal_id": "",
            "url": f"http://127.0.0.1:8000/funded-projects/{lavoir.pk}/",
        },
        {
            "id": str(bench.pk),
            "title": "Un banc",
            "state": "planned",
            "process": "",
            "area": "",
            "associations": "",
            "allocated_cents": "50000",
            "spent_cents": "0",
            "progress_percent": "0",
            "latitude": "",
            "longitude": "",
            "proposal_id": "",
            "url": f"http://127.0.0.1:8000/funded-projects/{bench.pk}/",
        },
    ]
    # The pages' export: the same columns and values (its URLs are those of the request's host).
    page_rows = rows_of(client, "/funded-projects/export.csv")
    strip = [{key: value for key, value in row.items() if key != "url"} for row in rows]
    assert [{key: value for key, value in row.items() if key != "url"} for row in page_rows] == strip
    assert [row["id"] for row in rows_of(client, "/open-data/processes/ciney/funded-projects.csv")] == [
        str(lavoir.pk)
    ]


def test_the_funded_projects_map_has_the_located_projects(client, funded):
    _response, text = download(client, "/open-data/funded-projects.geojson")
    collection = json.loads(text)
    assert_rfc7946_point_collection(collection)
    assert [feature["properties"]["title"] for feature in collection["features"]] == ["Restaurer le lavoir"]
    assert collection["features"][0]["geometry"]["coordinates"] == [5.1002, 50.2941]


def test_the_associations_file_has_their_public_fields_only(client, funded):
    rows = rows_of(client, "/open-data/associations.csv")
    assert list(rows[0]) == [column.name for column in ASSOCIATION_COLUMNS]
    assert [(row["name"], row["website"], row["projects_count"]) for row in rows] == [
        ("Le Club de Foot", "", "0"),
        ("Les Amis du Lavoir", "https://lavoir.example.org", "1"),
    ]
    assert rows[1]["url"] == "http://127.0.0.1:8000/associations/les-amis-du-lavoir/"


def test_the_datasets_are_on_the_page_and_in_the_catalogue(client, funded):
    page = client.get("/open-data/").content.decode()
    assert '<a href="/open-data/funded-projects.geojson"' in page
    assert '<a href="/open-data/associations.csv"' in page
    _response, text = download(client, "/open-data/catalog.jsonld")
    identifiers = {item["dct:identifier"] for item in json.loads(text)["dcat:dataset"]}
    assert {"funded-projects", "associations"} <= identifiers


def test_no_funded_file_holds_a_member_a_contact_or_an_unpublished_project(client, funded):
    forbidden = [
        "Projet financé secret",
        "presidente.lavoir@exemple.be",
        "+32 83 21 00 00",
        "Le toit est posé.",
    ]
    for email, name in User.objects.values_list("email", "display_name"):
        forbidden += [email, name]
    assert "Dominique Lavoir" in forbidden
    for url in every_open_data_url(["ciney"]):
        response, text = download(client, url)
        assert response.status_code == 200, url
        for secret in forbidden:
            assert secret not in text, (url, secret)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response, _text = download(client, url)
        assert response.status_code == 200, url
    return len(queries)


def test_the_funded_exports_run_the_same_queries_for_3_and_for_30_rows(client, funded):
    urls = [
        "/open-data/funded-projects.json",
        "/open-data/funded-projects.geojson",
        "/open-data/processes/ciney/funded-projects.json",
        "/open-data/associations.json",
    ]
    before = [_count(client, url) for url in urls]
    for index in range(28):
        carrier = make_association(f"Association {index}")
        parent = make_funded_project(
            process=funded["process"], title=f"Projet {index}", associations=[carrier]
        )
        make_funded_project(process=funded["process"], title=f"Sous-projet {index}", parent=parent)
    # funded projects: the dates (1), the projects (1), their associations (1), their children (1); a
    # process's file first reads the process (1). Associations: the dates (1), the rows (1).
    assert [_count(client, url) for url in urls] == before == [4, 4, 5, 2]
