"""Geometry of the small charts the pages draw as inline SVG (server-rendered, no JavaScript).

Pure Python from counts a selector already loaded: no query here. Positions are returned as plain strings
("12.5") so that templates never localise them ("12,5" is not an SVG length)."""

from collections.abc import Iterable
from dataclasses import dataclass


def _svg_number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: `width` is the bar's length in percent of the chart, the largest count
    filling it."""

    key: str
    label: str
    count: int
    width: str


def bars(rows: Iterable[tuple[str, str, int]], *, skip_zeros: bool = True) -> list[Bar]:
    """(key, label, count) rows → bars in the same order, scaled on the largest count. Rows counting zero
    are left out unless `skip_zeros` is False (a chart of eight states where six are empty says little)."""
    rows = [(key, str(label), count) for key, label, count in rows if count or not skip_zeros]
    largest = max((count for _key, _label, count in rows), default=0)
    return [
        Bar(key=key, label=label, count=count, width=_svg_number(100 * count / largest if largest else 0))
        for key, label, count in rows
    ]


@dataclass(frozen=True)
class Segment:
    """One part of a 100 % stacked bar: `share` is its whole percent of the total (the shares of a bar add
    up to 100), `start`, `width` and `middle` place it, in percent of the bar's length."""

    key: str
    label: str
    count: int
    share: int
    start: str
    width: str
    middle: str


def shares(rows: Iterable[tuple[str, str, int]]) -> list[Segment]:
    """(key, label, count) rows → the segments of a stacked bar of their shares of the total, in order, with
    whole percents rounded by the largest remainder (so that 1/3, 1/3, 1/3 reads 34, 33, 33 and never 99 or
    101). An empty total gives no segment."""
    rows = [(key, str(label), count) for key, label, count in rows]
    total = sum(count for _key, _label, count in rows)
    if not total:
        return []
    exact = [100 * count / total for _key, _label, count in rows]
    percents = [int(value) for value in exact]
    by_remainder = sorted(range(len(rows)), key=lambda index: (percents[index] - exact[index], index))
    for index in by_remainder[: 100 - sum(percents)]:
        percents[index] += 1
    segments = []
    start = 0.0
    for (key, label, count), value in zip(rows, exact, strict=True):
        segments.append(
            Segment(
                key=key,
                label=label,
                count=count,
                share=percents[len(segments)],
                start=_svg_number(start),
                width=_svg_number(value),
                middle=_svg_number(start + value / 2),
            )
        )
        start += value
    return segments
