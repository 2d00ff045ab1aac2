"""Writes on a person's own account (the profile shown next to their contributions). Authentication itself
(sign-up, e-mail confirmation, password) is django-allauth's."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participation.exceptions import InvalidInputError
from participation.models import Area, User

DISPLAY_NAME_MAX_LENGTH = User._meta.get_field("display_name").max_length


def user_update_profile(
    *, actor, user: User, display_name: str, preferred_language: str, area: Area | None
) -> User:
    """Changes `user`'s display name, preferred language and area of residence.

    Only the person themself may change their profile (`PermissionDenied` otherwise, even for staff: staff
    edit accounts in the Django admin). The display name is stripped and must be 1 to 80 characters; the
    language must be one of `settings.LANGUAGES`; the area may be empty. Invalid input raises
    `InvalidInputError` with `field_errors` and changes nothing. No domain event: a profile belongs to no
    process."""
    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk or not actor.is_active:
        raise PermissionDenied(_("You can only change your own profile."))

    display_name = (display_name or "").strip()
    field_errors: dict[str, list] = {}
    if not display_name:
        field_errors["display_name"] = [_("Enter the name to show next to your contributions.")]
    elif len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        field_errors["display_name"] = [
            _("Use at most %(max)d characters.") % {"max": DISPLAY_NAME_MAX_LENGTH}
        ]
    if preferred_language not in {code for code, _name in settings.LANGUAGES}:
        field_errors["preferred_language"] = [_("Choose one of the languages offered.")]
    if area is not None and not isinstance(area, Area):
        field_errors["area"] = [_("Choose one of the areas offered.")]
    if field_errors:
        raise InvalidInputError(field_errors=field_errors)

    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.display_name = display_name
        locked.preferred_language = preferred_language
        locked.area = area
        locked.save(update_fields=["display_name", "preferred_language", "area"])
    user.display_name = locked.display_name
    user.preferred_language = locked.preferred_language
    user.area = locked.area
    return user
