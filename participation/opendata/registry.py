"""The registry of open datasets. Apps register their datasets at start-up (`AppConfig.ready()`), so that the
open data page, the download URLs and the DCAT catalogue list them without `participation` importing the
apps that register (`budgets` registers its own in `BudgetsConfig.ready()`).

A dataset is a table: documented columns, and a function giving its rows (tuples in column order) for the
whole platform or for one process. The generic formats (CSV, JSON, GeoJSON) are written from the rows by
`participation.opendata.writers`; a dataset may add its own formats (iCalendar for phases) and links to files
served elsewhere (one pabulib file per counted budget).

Registering a dataset (for instance funded projects, once they exist)::

    from participation.opendata.registry import Column, Dataset, register

    register(Dataset(
        id="funded-projects",
        title=_("Funded projects"),
        description=_("..."),
        columns=(Column("id", _("Identifier"), "integer"), ..., Column("longitude", ...),
                 Column("latitude", ...)),
        rows=funded_project_rows,          # rows(*, process=None) -> iterator of tuples, fixed query count
        formats=("csv", "json", "geojson"),
        geometry=("longitude", "latitude"),
        dates=funded_project_dates,        # dates(*, process=None) -> (issued, modified)
    ))

Rules every dataset follows: public objects only (exactly what the public pages show), no personal data (no
e-mail, no name of a resident), rows streamed from the database in a fixed number of queries (`values_list`
and `.iterator(chunk_size=...)`, never one query per row, never every row in memory)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Column types, as documented on the open data page and in docs/open-data.md.
COLUMN_TYPES = {
    "integer": _("integer"),
    "number": _("decimal number"),
    "string": _("text"),
    "boolean": _("true or false"),
    "datetime": _("date and time (ISO 8601, UTC)"),
    "url": _("web address"),
}


@dataclass(frozen=True)
class Column:
    name: str
    description: Promise | str
    type: str = "string"

    @property
    def type_label(self) -> str:
        return str(COLUMN_TYPES[self.type])


@dataclass(frozen=True)
class Format:
    """A file format: its extension in the URLs, the Content-Type served, the IANA media type and the EU
    file-type authority code (DCAT-AP `dct:format`)."""

    extension: str
    label: str
    content_type: str
    media_type: str
    eu_file_type: str


FORMATS: dict[str, Format] = {
    "csv": Format("csv", "CSV", "text/csv; charset=utf-8", "text/csv", "CSV"),
    "json": Format("json", "JSON", "application/json", "application/json", "JSON"),
    "geojson": Format("geojson", "GeoJSON", "application/geo+json", "application/geo+json", "GEOJSON"),
    "ics": Format("ics", "iCalendar", "text/calendar; charset=utf-8", "text/calendar", "ICS"),
    "pb": Format("pb", "pabulib", "text/plain; charset=utf-8", "text/plain", "TXT"),
}


@dataclass(frozen=True)
class Link:
    """A file of a dataset served by another view (e.g. the pabulib file of one budget)."""

    title: str
    path: str
    format: str


@dataclass(frozen=True)
class Dataset:
    """A table of public data. `rows(process=None)` yields tuples in the order of `columns` (all processes,
    or one); `dates(process=None)` gives (issued, modified) or (None, None) for an empty dataset.

    `formats` lists the files `/open-data/<id>.<format>` serves: "csv" and "json" for every table, "geojson"
    when `geometry` names the (longitude, latitude) columns, any other format when `writers` has a function
    `writer(dataset, rows_as_dicts, process) -> iterator of str` for it. `per_process`: the dataset also has a
    file per process (`/open-data/processes/<slug>/<id>.<format>`). `links()` gives files served elsewhere."""

    id: str
    title: Promise | str
    description: Promise | str
    columns: tuple[Column, ...]
    rows: Callable[..., Iterable[tuple]]
    formats: tuple[str, ...] = ("csv", "json")
    per_process: bool = False
    geometry: tuple[str, str] | None = None
    writers: dict[str, Callable[..., Iterator[str]]] = field(default_factory=dict)
    dates: Callable[..., tuple[datetime | None, datetime | None]] | None = None
    links: Callable[[], Iterable[Link]] | None = None
    keywords: tuple[str, ...] = ()

    def __post_init__(self):
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"dataset {self.id}: duplicate column names")
        for extension in self.formats:
            if extension not in FORMATS:
                raise ValueError(f"dataset {self.id}: unknown format {extension}")
            if extension == "geojson" and self.geometry is None:
                raise ValueError(f"dataset {self.id}: GeoJSON needs `geometry`")
            if extension not in ("csv", "json", "geojson") and extension not in self.writers:
                raise ValueError(f"dataset {self.id}: no writer for {extension}")
        if self.geometry is not None and not set(self.geometry) <= set(names):
            raise ValueError(f"dataset {self.id}: geometry columns are not columns")

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def format_list(self) -> list[Format]:
        return [FORMATS[extension] for extension in self.formats]

    def dates_for(self, process=None) -> tuple[datetime | None, datetime | None]:
        if self.dates is None:
            return None, None
        return self.dates(process=process)

    def link_list(self) -> list[Link]:
        return list(self.links()) if self.links is not None else []


_DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Adds `dataset` (apps call this from `ready()`). Registering the same id again replaces it (tests and
    autoreload call `ready()` more than once); the order of first registration is kept."""
    _DATASETS[dataset.id] = dataset
    return dataset


def unregister(dataset_id: str) -> None:
    _DATASETS.pop(dataset_id, None)


def get(dataset_id: str) -> Dataset:
    """The dataset `dataset_id`; KeyError when there is none."""
    return _DATASETS[dataset_id]


def datasets() -> list[Dataset]:
    return list(_DATASETS.values())


def row_dicts(dataset: Dataset, rows: Iterable[tuple]) -> Iterator[dict[str, Any]]:
    names = dataset.column_names
    for row in rows:
        yield dict(zip(names, row, strict=True))
