"""The one way services enforce a rule of `participation.rules`."""

from django.core.exceptions import PermissionDenied


def require_perm(actor, perm_name: str, obj=None) -> None:
    """Raises `PermissionDenied` unless `actor` (a user, possibly anonymous) holds `perm_name` on `obj`.
    No side effect; costs the queries of the predicates involved (usually none, see `predicates`)."""
    if actor is None or not actor.has_perm(perm_name, obj):
        raise PermissionDenied(perm_name)
