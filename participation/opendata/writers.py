"""Streaming writers: rows in, text chunks out, one row in memory at a time (chunks of about 64 KB, so a
large file is not sent as hundreds of thousands of tiny writes).

- CSV: UTF-8 without byte order mark, comma separated, a header row with the column names, "\\r\\n" line ends
  (RFC 4180). Empty cell for no value; `true`/`false`; dates in ISO 8601 UTC. A text cell starting with
  = + - @ (or a tab or carriage return) gets a leading apostrophe, so that a spreadsheet shows it as text
  instead of running it as a formula (CSV injection).
- JSON: one array of objects, one object per row, keys = column names, `null` for no value.
- GeoJSON (RFC 7946): a FeatureCollection of Point features, coordinates [longitude, latitude] in WGS 84,
  no `crs` member; rows without a location are not features.
- iCalendar (RFC 5545): see `ics_lines`, built with the `icalendar` package."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import icalendar

from .registry import Dataset, row_dicts

CHUNK_CHARS = 64 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def buffered(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    """Joins small pieces into chunks of about `size` characters."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def iso_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, str):
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_datetime(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


class _Echo:
    """A file-like object whose `write` returns what it was given (csv.writer without a buffer)."""

    def write(self, value):
        return value


def csv_lines(dataset: Dataset, rows: Iterable[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def lines():
        yield writer.writerow(dataset.column_names)
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    return buffered(lines())


def _json_object(values: dict) -> str:
    return json.dumps({key: json_value(value) for key, value in values.items()}, ensure_ascii=False)


def json_lines(dataset: Dataset, rows: Iterable[tuple]) -> Iterator[str]:
    def pieces():
        yield "["
        separator = "\n"
        for values in row_dicts(dataset, rows):
            yield separator + _json_object(values)
            separator = ",\n"
        yield "\n]\n"

    return buffered(pieces())


def geojson_lines(dataset: Dataset, rows: Iterable[tuple]) -> Iterator[str]:
    longitude_name, latitude_name = dataset.geometry

    def pieces():
        yield '{"type": "FeatureCollection", "features": ['
        separator = "\n"
        for values in row_dicts(dataset, rows):
            longitude = values.pop(longitude_name)
            latitude = values.pop(latitude_name)
            if longitude is None or latitude is None:
                continue
            feature = {
                "type": "Feature",
                "id": values.get("id"),
                "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
                "properties": {key: json_value(value) for key, value in values.items()},
            }
            yield separator + json.dumps(feature, ensure_ascii=False)
            separator = ",\n"
        yield "\n]}\n"

    return buffered(pieces())


GENERIC_WRITERS: dict[str, Callable[[Dataset, Iterable[tuple]], Iterator[str]]] = {
    "csv": csv_lines,
    "json": json_lines,
    "geojson": geojson_lines,
}


# --- iCalendar ----------------------------------------------------------------------------------------------

PRODID = "-//Placette//Open data//FR"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    description: str
    start: datetime
    end: datetime
    url: str
    stamp: datetime


def ics_lines(events: Iterable[CalendarEvent], *, name: str) -> Iterator[str]:
    """A VCALENDAR streamed one VEVENT at a time. Times are written in UTC ("Z"), which every calendar
    reads without a VTIMEZONE; UIDs are stable (the same phase keeps its UID whatever the file)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical().decode()
    end_line = "END:VCALENDAR\r\n"
    assert head.endswith(end_line)

    def pieces():
        yield head[: -len(end_line)]
        for item in events:
            event = icalendar.Event()
            event.add("uid", item.uid)
            event.add("dtstamp", item.stamp.astimezone(UTC))
            event.add("dtstart", item.start.astimezone(UTC))
            event.add("dtend", item.end.astimezone(UTC))
            event.add("summary", item.summary)
            if item.description:
                event.add("description", item.description)
            event.add("url", item.url)
            yield event.to_ical().decode()
        yield end_line

    return buffered(pieces())
