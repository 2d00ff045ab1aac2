"""CSV and GeoJSON exports of funded projects (parsed back), and the progress PDF report (text read back)."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budgets.models import FundedProjectExpense, FundedProjectMilestone, FundedProjectState
from budgets.pdf_reports import FUNDED_PROJECT
from participation.pdf import html_to_pdf
from participation.pdf_reports.registry import get
from tests.factories import ProcessFactory

from .factories import make_association, make_funded_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    process = ProcessFactory(with_phase="implementation")
    association = make_association()
    located = make_funded_project(
        process=process,
        title="Le lavoir",
        associations=[association],
        latitude="50.123456",
        longitude="5.654321",
    )
    FundedProjectExpense.objects.create(
        project=located, amount_cents=1_500_00, spent_on=datetime.date(2026, 2, 1), description="Pierres"
    )
    unlocated = make_funded_project(
        process=process, title="Repair café", state=FundedProjectState.IN_PROGRESS
    )
    return process, located, unlocated


def _streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_csv_export_parses_back(client, projects, django_assert_num_queries):
    process, located, unlocated = projects
    url = reverse("process_funded_projects_csv", kwargs={"slug": process.slug})
    # 1 the process; streaming: 2 the projects, 3 their associations, 4 their children.
    with django_assert_num_queries(4):
        response = client.get(url)
        rows = list(csv.DictReader(io.StringIO(_streamed(response))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [
        (row["id"], row["title"], row["state"], row["associations"], row["spent_cents"], row["latitude"])
        for row in rows
    ] == [
        (str(located.pk), "Le lavoir", "planned", "les-amis-du-lavoir", "150000", "50.123456"),
        (str(unlocated.pk), "Repair café", "in_progress", "", "0", ""),
    ]


def test_the_geojson_export_is_rfc_7946(client, projects):
    _process, located, _unlocated = projects
    response = client.get(reverse("funded_projects_geojson"), {"association": "les-amis-du-lavoir"})
    data = json.loads(_streamed(response))
    assert response["Content-Type"] == "application/geo+json"
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [5.654321, 50.123456]}
    assert feature["properties"]["id"] == located.pk
    assert feature["properties"]["spent_cents"] == 1_500_00


def test_the_progress_report_prints_the_project(projects):
    _process, located, _unlocated = projects
    FundedProjectMilestone.objects.create(
        project=located, title="Devis signé", done_on=datetime.date(2026, 1, 5)
    )
    kind = get(FUNDED_PROJECT)
    target = kind.load(located.pk)
    pdf = html_to_pdf(kind.html(target))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Le lavoir" in text
    assert "Devis signé" in text
    assert "Pierres" in text
    assert "Les Amis du Lavoir" in " ".join(text.split())


def test_the_project_page_offers_the_report(client, projects):
    _process, located, _unlocated = projects
    content = client.get(located.get_absolute_url()).content.decode()
    assert reverse("pdf_report_request", kwargs={"kind": FUNDED_PROJECT, "target_id": located.pk}) in content
