"""Template helpers of the budgets pages. None of them queries the database."""

from django import template

register = template.Library()


@register.filter
def percent_of(part, whole) -> int:
    """`part` as a whole percent of `whole` (rounded down; 0 when `whole` is 0), for shares and bar widths
    that must never read "100 %" before they are full."""
    try:
        part, whole = int(part), int(whole)
    except (TypeError, ValueError):
        return 0
    if whole <= 0:
        return 0
    return max(0, min(100, part * 100 // whole))


@register.filter
def ids_value(project_ids) -> str:
    """A set of project ids as the sorted, comma-separated text a hidden field carries."""
    return ",".join(str(pk) for pk in sorted(project_ids))
