"""Exports stream: a fixed number of queries whatever the number of rows, and memory that does not grow
with it."""

import tracemalloc
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import Process, Proposal, ProposalState
from participation.opendata import datasets
from tests.factories import AreaFactory, CategoryFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def consume(response) -> int:
    """Reads a streamed response to the end, as a client would, and returns its size in bytes."""
    return sum(len(chunk) for chunk in response.streaming_content)


def add_proposals(process, count: int, *, start: int = 0) -> None:
    """`count` located public proposals of `process`, written in bulk (a fixture, not the services)."""
    author = UserFactory()
    area = process.areas.first() or AreaFactory()
    category = CategoryFactory()
    Proposal.objects.bulk_create(
        [
            Proposal(
                process=process,
                author=author,
                title=f"Proposition numéro {start + index} pour le village",
                body="Un banc à l'ombre près de l'église, pour que les aînés puissent se reposer. " * 3,
                area=area,
                category=category,
                latitude=Decimal("50.290000") + Decimal(index % 1000) / 100000,
                longitude=Decimal("5.090000"),
                state=ProposalState.IN_DEBATE,
                supports_count=index % 17,
            )
            for index in range(count)
        ],
        batch_size=2000,
    )


def add_rows_everywhere(count: int) -> Process:
    """`count` more rows in every participation dataset: processes (each with its 7 phases and an area and
    category), areas, categories, and proposals of the first process."""
    processes = []
    for _index in range(count):
        process = ProcessFactory(with_phase="debate")
        process.areas.add(AreaFactory())
        process.categories.add(CategoryFactory())
        processes.append(process)
    first = Process.objects.order_by("id").first()
    add_proposals(first, count)
    return first


# Queries per file (each is named): the dataset's dates (one aggregate, when the dataset has dates), then
# its rows: processes 3 (areas, categories, processes), phases 1, proposals 1, areas 1, categories 1.
# A process's file first reads the process (one more).
EXPECTED_QUERIES = {
    "processes": 1 + 3,
    "phases": 1 + 1,
    "proposals": 1 + 1,
    "areas": 1,
    "categories": 1,
}


@pytest.mark.parametrize(
    ("dataset", "extension"),
    [
        ("processes", "csv"),
        ("processes", "json"),
        ("phases", "csv"),
        ("phases", "json"),
        ("phases", "ics"),
        ("proposals", "csv"),
        ("proposals", "json"),
        ("proposals", "geojson"),
        ("areas", "csv"),
        ("areas", "json"),
        ("categories", "csv"),
        ("categories", "json"),
    ],
)
def test_an_export_runs_the_same_queries_for_3_and_for_30_rows(client, dataset, extension):
    process = add_rows_everywhere(3)
    counts = []
    for more in (0, 27):
        if more:
            add_rows_everywhere(more)
        for url in [
            f"/open-data/{dataset}.{extension}",
            f"/open-data/processes/{process.slug}/{dataset}.{extension}",
        ]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                if response.status_code == 200:
                    consume(response)
            counts.append((url, response.status_code, len(queries)))
    expected = EXPECTED_QUERIES[dataset]
    # A process's file reads the process first; datasets without per-process files answer 404 at once.
    process_file = (200, 1 + expected) if dataset in ("phases", "proposals") else (404, 0)
    assert [(status, count) for _url, status, count in counts] == [(200, expected), process_file] * 2


def peak_memory_of_export(client, url: str) -> tuple[int, int]:
    """(peak bytes allocated while the file streams, size of the file)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        size = consume(client.get(url))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


@pytest.mark.parametrize("extension", ["csv", "json", "geojson"])
def test_memory_stays_flat_from_2000_to_20000_proposals(client, monkeypatch, extension):
    # Chunks of 500 rows: the small file already spans several chunks, so both measure the steady state.
    monkeypatch.setattr(datasets, "CHUNK_SIZE", 500)
    process = ProcessFactory(with_phase="debate")
    process.areas.add(AreaFactory())
    add_proposals(process, 2_000)
    url = f"/open-data/proposals.{extension}"
    # Each size is measured on its second export: the first one after a bulk insert also fills one-off
    # caches (imports, the URL resolver; and after a large insert about 400 KB more that the next export
    # does not need again), which is not what grows with the rows.
    consume(client.get(url))
    small_peak, small_size = peak_memory_of_export(client, url)

    add_proposals(process, 18_000, start=2_000)
    consume(client.get(url))
    large_peak, large_size = peak_memory_of_export(client, url)

    assert large_size > 9 * small_size
    # Ten times the rows (about 4 MB more in the file), and the peak moves by less than 128 KB: it holds two
    # chunks of rows and a 64 KB buffer, never the file.
    assert large_peak - small_peak < 128 * 1024, (small_peak, large_peak)
    assert large_peak < 3 * 1024 * 1024, large_peak
