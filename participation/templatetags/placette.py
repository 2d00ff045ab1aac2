"""Template helpers for the resident pages. None of them queries the database."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def euros(cents):
    """5000050 → "50 000,50 €" (grouped and localised). Empty stays empty."""
    if cents in (None, ""):
        return ""
    amount = Decimal(int(cents)) / 100
    decimals = 0 if amount == amount.to_integral_value() else 2
    return _("%(amount)s €") % {"amount": number_format(amount, decimal_pos=decimals, force_grouping=True)}


@register.filter
def coordinate(value):
    """A latitude or longitude as text with a dot, whatever the language (to be copied into a map)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")
