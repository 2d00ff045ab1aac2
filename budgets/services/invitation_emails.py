"""The e-mail of an association invitation (sent by `budgets.tasks.send_association_invitation`)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import AssociationInvitation
from .associations import INVITATION_MAX_AGE, invitation_token


def invitation_email_send(*, invitation_id: int) -> bool:
    """Claims the invitation (`sent_at` from empty, conditional update) and sends its e-mail in the site's
    language. Returns False when there was nothing to send (already sent, or deleted). If sending fails the
    claim is released so that a retry sends it."""
    claimed = AssociationInvitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    invitation = AssociationInvitation.objects.select_related("association", "invited_by").get(
        pk=invitation_id
    )
    url = settings.SITE_URL + reverse(
        "association_invitation", kwargs={"token": invitation_token(invitation)}
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "association": invitation.association,
            "inviter": invitation.invited_by.public_name
            if invitation.invited_by
            else invitation.association.name,
            "url": url,
            "days": INVITATION_MAX_AGE // 86400,
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string("emails/association_invitation.subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/association_invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invitation.email],
        )
        message.attach_alternative(
            render_to_string("emails/association_invitation.html", context), "text/html"
        )
    try:
        message.send()
    except Exception:
        AssociationInvitation.objects.filter(pk=invitation_id).update(sent_at=None)
        raise
    return True
