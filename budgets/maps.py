"""A map of places drawn as inline SVG on the server: no tiles, no script, no request to another site.

Points are placed by their latitude and longitude inside the bounding box of all the points (with a margin),
in an equirectangular projection corrected by the cosine of the middle latitude so that distances look
right at the scale of a territory. Pure Python, no query; positions are strings ("12.5") so that templates
never localise them. Pages always list the same places as text beside the map (the map is decorative for
screen readers; the list is the content)."""

import math
from dataclasses import dataclass

WIDTH = 600
HEIGHT = 400
MARGIN = 30


@dataclass(frozen=True)
class MapPoint:
    number: int
    key: object
    label: str
    x: str
    y: str
    css: str


def _svg_number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def place(points, *, width: int = WIDTH, height: int = HEIGHT) -> list[MapPoint]:
    """`points`: (key, label, latitude, longitude, css class) with latitude and longitude numbers or None
    (left out). Returns the placed points, numbered from 1 in the given order."""
    located = [
        (key, label, float(lat), float(lon), css)
        for key, label, lat, lon, css in points
        if lat is not None and lon is not None
    ]
    if not located:
        return []
    lats = [lat for _k, _l, lat, _lon, _c in located]
    lons = [lon for _k, _l, _lat, lon, _c in located]
    middle = math.radians((min(lats) + max(lats)) / 2)
    x_scale = math.cos(middle) or 1.0
    span_x = (max(lons) - min(lons)) * x_scale
    span_y = max(lats) - min(lats)
    inner_w, inner_h = width - 2 * MARGIN, height - 2 * MARGIN
    scale = min(inner_w / span_x if span_x else math.inf, inner_h / span_y if span_y else math.inf)
    if scale is math.inf:
        scale = 0.0
    # Centre the drawing in the box.
    offset_x = MARGIN + (inner_w - span_x * scale) / 2
    offset_y = MARGIN + (inner_h - span_y * scale) / 2
    placed = []
    for number, (key, label, lat, lon, css) in enumerate(located, start=1):
        x = offset_x + (lon - min(lons)) * x_scale * scale
        y = offset_y + (max(lats) - lat) * scale
        placed.append(
            MapPoint(number=number, key=key, label=label, x=_svg_number(x), y=_svg_number(y), css=css)
        )
    return placed
