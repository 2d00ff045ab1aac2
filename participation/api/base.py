"""What every view of the API shares: conditional GETs, the lookup of ids in URLs."""

from rest_framework import exceptions, viewsets

from .conditional import ConditionalGetMixin

MAX_ID = 2**62


def id_or_404(value) -> int:
    """An id from a URL: a whole number the database can hold, else 404 (never a database error)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError) as error:
        raise exceptions.NotFound from error
    if not 1 <= number <= MAX_ID:
        raise exceptions.NotFound
    return number


class ApiViewSet(ConditionalGetMixin, viewsets.GenericViewSet):
    """Base of the API's viewsets. Writes call one service each; reads come from `selectors_api`."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "viewer": self.request.user}
