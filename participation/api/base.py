"""What every view of the API shares: conditional GETs, the lookup of ids in URLs."""

import re

from rest_framework import exceptions, viewsets

from .conditional import ConditionalGetMixin

MAX_ID = 2**62
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


def id_or_404(value) -> int:
    """An id from a URL: a whole number the database can hold, else 404 (never a database error)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError) as error:
        raise exceptions.NotFound from error
    if not 1 <= number <= MAX_ID:
        raise exceptions.NotFound
    return number


def slug_or_404(value) -> str:
    """A slug from a URL: letters, digits, hyphens and underscores, else 404 (PostgreSQL refuses some
    characters, such as NUL, in a query: that must be a 404, not a database error)."""
    text = str(value)
    if not SLUG.fullmatch(text):
        raise exceptions.NotFound
    return text


class ApiViewSet(ConditionalGetMixin, viewsets.GenericViewSet):
    """Base of the API's viewsets. Writes call one service each; reads come from `selectors_api`."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "viewer": self.request.user}

    def get_object(self):
        """The id or slug of the URL is checked before any query: malformed, it is a 404 (never a database
        error)."""
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if self.lookup_field == "slug":
            slug_or_404(value)
        else:
            id_or_404(value)
        return super().get_object()
