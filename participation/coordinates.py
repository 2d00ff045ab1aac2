"""Checking a place typed in a form or sent to the API: latitude and longitude in WGS84 degrees, both or
neither. One rule for proposals, budget projects and funded projects."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Six decimals: about 10 cm, the precision the DecimalFields store.
COORDINATE_QUANTUM = Decimal("0.000001")
LIMITS = {"latitude": Decimal("90"), "longitude": Decimal("180")}


def clean_coordinates(latitude, longitude) -> tuple[dict, dict[str, list]]:
    """`({"latitude": Decimal | None, "longitude": Decimal | None}, field errors)`: empty values are None,
    numbers are rounded to six decimals; a value that is not a finite number within ±90 (latitude) or ±180
    (longitude), or one coordinate without the other, is an error under its field name. No side effect."""
    values: dict = {}
    errors: dict[str, list] = {}
    for name, value in (("latitude", latitude), ("longitude", longitude)):
        values[name], error = _coordinate(value, LIMITS[name])
        if error:
            errors[name] = [error]
    if not errors and (values["latitude"] is None) != (values["longitude"] is None):
        missing = "longitude" if values["longitude"] is None else "latitude"
        errors[missing] = [_("Give both the latitude and the longitude, or neither.")]
    return values, errors


def _coordinate(value, limit: Decimal):
    if value is None or value == "":
        return None, None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None, _("Enter a number.")
    if not number.is_finite() or not -limit <= number <= limit:
        return None, _("Enter a number between %(min)s and %(max)s.") % {"min": -limit, "max": limit}
    return number.quantize(COORDINATE_QUANTUM), None
