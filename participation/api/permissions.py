"""The one permission class of the API, adapting `rules`.

Writes: the service behind each action enforces its rule (`require_perm`) — the rule is enforced once, there.
This class only asks for a signed-in account before any write (401 without credentials), so that anonymous
writes get the authentication error rather than a refusal of the domain.

Reads: a view may name, per action, the rule deciding who sees an object (`rules_view_perms`, e.g.
`{"results": "budgets.view_results"}`), checked by `view.check_object_permissions(request, obj)`; an object
the viewer may not see answers 404, as on the pages ("missing" and "forbidden" look the same)."""

from django.http import Http404
from rest_framework import permissions


class RulesPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        perm = getattr(view, "rules_view_perms", {}).get(getattr(view, "action", None))
        if perm and not request.user.has_perm(perm, obj):
            raise Http404
        return True
