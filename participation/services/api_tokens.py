"""Personal access tokens of the API: created and revoked by their owner on the account page, used by
`participation.api.authentication.BearerTokenAuthentication`.

A token is `plc_` followed by 43 random URL-safe characters (256 bits). Only its SHA-256 hash is stored: a
leaked database gives no usable token. A hash of a high-entropy secret needs no salt nor slow hashing."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import AlreadyDoneError, InvalidInputError
from ..models import ApiToken, User
from ..models.api_tokens import TOKEN_PREFIX_LENGTH

TOKEN_START = "plc_"
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length
# How many active tokens one person may hold: enough for every script, few enough to keep the list readable.
ACTIVE_TOKENS_LIMIT = 20
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_digest(raw: str) -> str:
    """The SHA-256 hex digest stored for the token `raw`. No side effect."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_create(*, actor, name) -> tuple[ApiToken, str]:
    """Creates a token named `name` for `actor` (a signed-in, active account: `PermissionDenied` otherwise)
    and returns (token row, token in clear: show it once, it is never stored). The name is required (1 to
    100 characters); at most 20 active tokens per person (`InvalidInputError`). Side effect: the row."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Sign in to create an API token."))
    name = (name or "").strip()
    if not name:
        raise InvalidInputError(
            field_errors={"name": [_("Give the token a name, e.g. the script using it.")]}
        )
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInputError(
            field_errors={"name": [_("Use at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}]}
        )
    with transaction.atomic():
        # The owner's row serialises their creations, so the limit holds under concurrent requests.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= ACTIVE_TOKENS_LIMIT:
            raise InvalidInputError(
                _("You already have %(limit)d active tokens: revoke one first.")
                % {"limit": ACTIVE_TOKENS_LIMIT}
            )
        raw = TOKEN_START + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=actor, name=name, prefix=raw[:TOKEN_PREFIX_LENGTH], token_hash=token_digest(raw)
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revokes `token` of `actor` (only its owner may: `PermissionDenied`); it never authenticates again.
    Revoking twice raises `AlreadyDoneError`. Side effect: `revoked_at`, by a conditional update."""
    if not getattr(actor, "is_authenticated", False) or token.user_id != actor.pk:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    now = timezone.now()
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now) != 1:
        raise AlreadyDoneError(_("This token was already revoked."))
    token.revoked_at = now
    return token


def api_token_authenticate(raw) -> ApiToken | None:
    """The active token whose clear text is `raw`, with its user, or None (unknown, revoked, or its account
    deactivated). Marks it used (see `api_token_touch`). One query, plus at most one UPDATE a minute."""
    if not isinstance(raw, str) or not raw.startswith(TOKEN_START) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        api_token_touch(token)
    return token


def api_token_touch(token: ApiToken, *, now=None) -> bool:
    """Sets `last_used_at` to now unless it was set less than a minute ago: a conditional UPDATE, so that
    concurrent calls write once and a busy client does not write at every request. Returns True if it
    wrote."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    written = ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION), pk=token.pk
    ).update(last_used_at=now)
    if written:
        token.last_used_at = now
    return bool(written)
