"""The "Open data" page: every dataset with its description, files, columns, licence and last change; linked
from the footer and the help page; a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.opendata import registry
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_dataset_with_its_files_columns_and_licence(client, proposals):
    response = client.get("/open-data/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Open data</h1>" in page
    for dataset in registry.datasets():
        assert f'<article class="dataset" id="dataset-{dataset.id}"' in page
        assert f'<h3 id="dataset-{dataset.id}-title">{dataset.title}</h3>' in page
        for extension in dataset.formats:
            assert f'<a href="/open-data/{dataset.id}.{extension}" download>' in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page
    assert (
        '<a href="/open-data/proposals.geojson" download>Proposals (GeoJSON)</a> — '
        "size not known in advance: the file is streamed" in page
    )
    assert (
        'Licence of every dataset: <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">'
        "Creative Commons Attribution 4.0 (CC BY 4.0)</a>" in page
    )
    assert '<a href="/open-data/catalog.jsonld">DCAT-AP catalogue</a>' in page
    assert "docs/open-data.md" in page
    # Per process files.
    assert (
        '<a href="/open-data/processes/ciney/phases.ics" download>Phases of the processes (iCalendar)</a>'
        in page
    )
    assert '<a href="/open-data/processes/ciney/proposals.csv" download>' in page
    assert "pas-publie" not in page


def test_the_page_shows_when_each_dataset_last_changed(client, proposals):
    page = client.get("/open-data/").content.decode()

    proposals_section = page.split('id="dataset-proposals"')[1].split("</article>")[0]
    latest = max(proposals["hidden"].hidden_at, *(p.state_changed_at for p in [proposals["located"]]))
    assert re.search(r'<dt>Last change</dt><dd><time datetime="[^"]+">', proposals_section)
    assert latest.strftime("%Y") in proposals_section
    areas_section = page.split('id="dataset-areas"')[1].split("</article>")[0]
    assert "<dt>Last change</dt><dd>no data yet</dd>" in areas_section


def test_the_licence_name_follows_the_setting(client, db, settings):
    settings.PLACETTE_OPEN_DATA_LICENSE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

    page = client.get("/open-data/").content.decode()

    assert "Licence Ouverte / Open Licence 2.0 (Etalab)</a>" in page


def test_the_footer_and_the_help_page_link_to_the_open_data_page(client, db):
    home = client.get("/").content.decode()
    help_page = client.get("/help/").content.decode()
    open_data = client.get("/open-data/").content.decode()

    assert '<li><a href="/open-data/">Open data</a></li>' in home
    assert '<a href="/open-data/">Open data</a> page' in help_page
    assert '<li><a href="/open-data/" aria-current="page">Open data</a></li>' in open_data


def test_the_page_runs_the_same_queries_for_1_and_for_10_processes(client, proposals):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/open-data/").status_code == 200
        return len(queries)

    few = count()
    for _index in range(9):
        ProcessFactory(with_phase="debate")
    # One `dates` aggregate per dataset with dates (9 of 11), the ballots' links (1), the published
    # processes (1).
    assert count() == few == 9 + 1 + 1
