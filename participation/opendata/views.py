"""The open data pages and files: `/open-data/` (the page listing every dataset), `/open-data/catalog.jsonld`
(DCAT-AP), `/open-data/<dataset>.<format>` and `/open-data/processes/<slug>/<dataset>.<format>`.

Every file is public and read-only: `Access-Control-Allow-Origin: *` lets other sites read it from a browser.
Files stream (`StreamingHttpResponse`): memory stays flat whatever the number of rows. Caching:
`Cache-Control: public, max-age=300` and `Last-Modified` (the dataset's last dated change). No `304 Not
Modified`: counters such as supports change without a date, so only the file itself could tell that nothing
changed."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from participation.models import Process

from . import registry
from .catalog import dataset_path, dcat_catalog, open_data_licence
from .registry import FORMATS
from .writers import GENERIC_WRITERS

CACHE_CONTROL = "public, max-age=300"


def _open_headers(response, *, modified=None):
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


def _dataset_or_404(dataset_id: str, extension: str) -> registry.Dataset:
    try:
        dataset = registry.get(dataset_id)
    except KeyError as error:
        raise Http404 from error
    if extension not in dataset.formats:
        raise Http404
    return dataset


def _stream(dataset: registry.Dataset, extension: str, process: Process | None, filename: str):
    _issued, modified = dataset.dates_for(process)
    rows = dataset.rows(process=process)
    if extension in GENERIC_WRITERS:
        chunks = GENERIC_WRITERS[extension](dataset, rows)
    else:
        chunks = dataset.writers[extension](dataset, rows, process)
    response = StreamingHttpResponse(chunks, content_type=FORMATS[extension].content_type)
    # Slugs and dataset ids only: nothing to quote.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _open_headers(response, modified=modified)


@require_safe
def dataset_file(request, dataset, extension):
    """Queries: the dataset's dates (one), then its rows (the fixed count its `rows` states), streamed."""
    found = _dataset_or_404(dataset, extension)
    return _stream(found, extension, None, f"placette-{found.id}.{extension}")


@require_safe
def process_dataset_file(request, slug, dataset, extension):
    """Queries: the process, the dataset's dates, then its rows (streamed)."""
    found = _dataset_or_404(dataset, extension)
    if not found.per_process:
        raise Http404
    process = Process.objects.filter(slug=slug, is_published=True).first()
    if process is None:
        raise Http404
    return _stream(found, extension, process, f"placette-{process.slug}-{found.id}.{extension}")


@require_safe
def catalog(request):
    """The DCAT-AP catalogue. Queries: one per dataset (its dates) and what the datasets' links read."""
    body = json.dumps(dcat_catalog(), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    return _open_headers(response)


@require_safe
def open_data_page(request):
    """Every dataset with its description, files, columns, licence and last change; the files of each
    published process. Queries: one per dataset (dates), the datasets' links, the published processes."""
    entries = []
    for dataset in registry.datasets():
        _issued, modified = dataset.dates_for()
        entries.append(
            {
                "dataset": dataset,
                "modified": modified,
                "files": [
                    {"format": file_format, "path": dataset_path(dataset, file_format.extension)}
                    for file_format in dataset.format_list()
                ],
                "links": [{"link": link, "format": FORMATS[link.format]} for link in dataset.link_list()],
            }
        )
    per_process = [dataset for dataset in registry.datasets() if dataset.per_process]
    processes = [
        {
            "process": process,
            "files": [
                {
                    "dataset": dataset,
                    "format": file_format,
                    "path": dataset_path(dataset, file_format.extension, process.slug),
                }
                for dataset in per_process
                for file_format in dataset.format_list()
            ],
        }
        for process in Process.objects.filter(is_published=True).order_by("-created_at", "-id")
    ]
    return render(
        request,
        "opendata/open_data.html",
        {"entries": entries, "processes": processes, "licence": open_data_licence()},
    )
