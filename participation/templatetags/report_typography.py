"""Typography of the printed documents (PDF reports). None of these filters queries the database.

In French, a narrow no-break space (U+202F) goes before « ; : ! ? » and inside « guillemets », and
thousands are grouped with it; the euro sign follows the amount after a no-break space. Other languages
are left as they are."""

import re

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from .placette import euros

register = template.Library()

NNBSP = "\u202f"
NBSP = "\u00a0"
_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0]+([;:!?»])")
_AFTER_GUILLEMET = re.compile(r"«[ \u00a0]*")
_GROUP_SEPARATOR = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")


def _is_french() -> bool:
    return (get_language() or "").split("-")[0] == "fr"


@register.filter
def typo(text):
    """Resident text or a label, with French spacing: "Oui !" → "Oui\u202f!". Not marked safe (the
    template still escapes it). A ":" that is not preceded by a space (times, addresses) is left alone."""
    if text in (None, ""):
        return ""
    text = str(text)
    if not _is_french():
        return text
    text = _BEFORE_PUNCTUATION.sub(NNBSP + r"\1", text)
    return _AFTER_GUILLEMET.sub("«" + NNBSP, text)


@register.filter
def number(value):
    """An integer grouped by thousands: 12500 → "12\u202f500" in French."""
    if value in (None, ""):
        return ""
    formatted = number_format(value, decimal_pos=0, force_grouping=True)
    return _GROUP_SEPARATOR.sub(NNBSP, formatted) if _is_french() else formatted


@register.filter
def money(cents):
    """Cents as euros, "12\u202f500\u00a0€" in French (narrow space in thousands, no-break space before
    the sign). Empty stays empty."""
    formatted = euros(cents)
    return _GROUP_SEPARATOR.sub(NNBSP, formatted) if _is_french() else formatted
