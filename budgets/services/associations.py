"""Associations: staff create them; a manager invites people by e-mail and removes members; an invited person
accepts with the signed link of the invitation.

The invitation token is `TimestampSigner(salt=INVITATION_SALT).sign("<invitation id>:<nonce>")`: it cannot be
forged without the site's secret, expires after `INVITATION_MAX_AGE`, and works once (`accepted_at` set by a
conditional update)."""

import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from participation.exceptions import AlreadyDoneError, DomainError, InvalidInputError
from participation.models import EventKind
from participation.permissions import require_perm
from participation.services.events import event_record

from ..models import Association, AssociationInvitation, AssociationMembership, AssociationRole
from ..predicates import forget_memberships

INVITATION_SALT = "budgets.association-invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600  # seconds


class InvitationError(DomainError):
    code = "invitation_invalid"
    default_message = _("This invitation link is not valid. Ask the association for a new invitation.")


class InvitationExpiredError(InvitationError):
    code = "invitation_expired"
    default_message = _("This invitation has expired. Ask the association for a new invitation.")


class InvitationUsedError(InvitationError):
    code = "invitation_used"
    status = 409
    default_message = _("This invitation has already been used.")


class LastManagerError(DomainError):
    code = "last_manager"
    status = 409
    default_message = _("An association needs at least one manager: name another manager first.")


def association_create(
    *, actor, name, description="", contact_email="", contact_phone="", website="", slug=""
) -> Association:
    """Staff create an association (rule `budgets.manage_funded_projects`). The name is required (1–200
    characters); the slug, derived from the name unless given, must be free. No event."""
    require_perm(actor, "budgets.manage_funded_projects")
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Give the association a name.")]
    elif len(name) > 200:
        errors["name"] = [_("Use at most %(max)d characters.") % {"max": 200}]
    slug = slugify(slug or name)[:120]
    if name and not slug:
        errors["name"] = [_("Use at least one letter or digit in the name.")]
    if errors:
        raise InvalidInputError(field_errors=errors)
    try:
        with transaction.atomic():
            return Association.objects.create(
                name=name,
                slug=slug,
                description=(description or "").strip(),
                contact_email=(contact_email or "").strip(),
                contact_phone=(contact_phone or "").strip(),
                website=(website or "").strip(),
            )
    except IntegrityError as error:
        raise InvalidInputError(
            field_errors={"name": [_("Another association already uses this name.")]}
        ) from error


def membership_add(
    *, actor, association: Association, user, role=AssociationRole.MEMBER
) -> AssociationMembership:
    """Staff add a person directly (e.g. the first manager). Rule `budgets.manage_association_members`.
    Adding someone already a member raises `AlreadyDoneError`."""
    require_perm(actor, "budgets.manage_association_members", association)
    try:
        with transaction.atomic():
            membership = AssociationMembership.objects.create(association=association, user=user, role=role)
            event_record(
                kind=EventKind.ASSOCIATION_MEMBER_JOINED,
                actor=actor,
                payload={"association": association.pk, "user": user.pk, "role": str(role)},
            )
    except IntegrityError as error:
        raise AlreadyDoneError(_("This person is already a member of the association.")) from error
    forget_memberships(user)
    return membership


def invitation_token(invitation: AssociationInvitation) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(f"{invitation.pk}:{invitation.nonce}")


def association_invite(
    *, actor, association: Association, email, role=AssociationRole.MEMBER
) -> AssociationInvitation:
    """A manager of the association (or staff) invites someone by e-mail (rule
    `budgets.manage_association_members`). A valid address is required; someone already a member with that
    address raises `AlreadyDoneError`. Side effects: the invitation row, its e-mail sent after the commit
    (`budgets.tasks.send_association_invitation`)."""
    from .. import tasks

    require_perm(actor, "budgets.manage_association_members", association)
    email = (email or "").strip().lower()
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidInputError(field_errors={"email": [_("Enter a valid e-mail address.")]}) from error
    if role not in AssociationRole.values:
        raise InvalidInputError(field_errors={"role": [_("Choose manager or member.")]})
    if AssociationMembership.objects.filter(association=association, user__email__iexact=email).exists():
        raise AlreadyDoneError(_("This person is already a member of the association."))
    with transaction.atomic():
        invitation = AssociationInvitation.objects.create(
            association=association, email=email, role=role, invited_by=actor, nonce=secrets.token_hex(16)
        )
        tasks.send_association_invitation.delay_on_commit(invitation.pk)
    return invitation


def invitation_from_token(token: str) -> AssociationInvitation:
    """The invitation a link names. Raises `InvitationExpiredError`, `InvitationError` (forged, truncated or
    for an invitation that no longer exists) or `InvitationUsedError`."""
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    try:
        value = signer.unsign(token or "", max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvitationExpiredError() from error
    except signing.BadSignature as error:
        raise InvitationError() from error
    pk, _sep, nonce = value.partition(":")
    invitation = (
        AssociationInvitation.objects.select_related("association")
        .filter(pk=pk if pk.isdigit() else 0, nonce=nonce)
        .first()
    )
    if invitation is None:
        raise InvitationError()
    if invitation.accepted_at is not None:
        raise InvitationUsedError()
    return invitation


def invitation_accept(*, actor, token: str) -> AssociationMembership:
    """The signed-in person accepts the invitation of `token` and becomes a member (or manager) of the
    association. Invalid, expired or used tokens raise an `InvitationError` with a clear message. Someone
    already a member keeps their membership (the higher role wins) and the invitation counts as used. Side
    effects: `accepted_at` (conditional update: a second click is refused), the membership, an
    `ASSOCIATION_MEMBER_JOINED` event."""
    if actor is None or not actor.is_authenticated:
        raise InvitationError(_("Sign in or create an account to accept the invitation."))
    invitation = invitation_from_token(token)
    with transaction.atomic():
        claimed = AssociationInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now(), accepted_by=actor
        )
        if not claimed:
            raise InvitationUsedError()
        membership, created = AssociationMembership.objects.select_for_update().get_or_create(
            association=invitation.association, user=actor, defaults={"role": invitation.role}
        )
        if (
            not created
            and invitation.role == AssociationRole.MANAGER
            and membership.role != AssociationRole.MANAGER
        ):
            membership.role = AssociationRole.MANAGER
            membership.save(update_fields=["role"])
        event_record(
            kind=EventKind.ASSOCIATION_MEMBER_JOINED,
            actor=actor,
            payload={
                "association": invitation.association_id,
                "user": actor.pk,
                "role": str(membership.role),
                "invitation": invitation.pk,
            },
        )
    forget_memberships(actor)
    return membership


def membership_remove(*, actor, membership: AssociationMembership) -> None:
    """A manager (or staff) removes a member (rule `budgets.manage_association_members` on the association).
    The last manager cannot be removed (`LastManagerError`): the managers are locked and counted in the
    transaction. Side effects: the row deleted, an `ASSOCIATION_MEMBER_REMOVED` event."""
    with transaction.atomic():
        membership = (
            AssociationMembership.objects.select_related("association").filter(pk=membership.pk).first()
        )
        if membership is None:
            raise AlreadyDoneError(_("This person is no longer a member."))
        association = membership.association
        require_perm(actor, "budgets.manage_association_members", association)
        managers = list(
            AssociationMembership.objects.select_for_update()
            .filter(association=association, role=AssociationRole.MANAGER)
            .values_list("pk", flat=True)
        )
        if membership.role == AssociationRole.MANAGER and managers == [membership.pk]:
            raise LastManagerError()
        membership.delete()
        event_record(
            kind=EventKind.ASSOCIATION_MEMBER_REMOVED,
            actor=actor,
            payload={"association": association.pk, "user": membership.user_id},
        )
    forget_memberships(membership.user)
