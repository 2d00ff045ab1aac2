"""Associations: the organisations that carry funded projects. Several members each (role manager or member);
a manager invites people by e-mail and removes members. Staff create associations and link funded projects to
them (`budgets.services.associations`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AssociationRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    MEMBER = "member", _("Member")


class Association(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("association_detail", kwargs={"slug": self.slug})


class AssociationMembership(models.Model):
    """One person in one association, as manager or member (one membership per pair)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="association_memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=AssociationRole.choices, default=AssociationRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["association", "role", "id"]
        verbose_name = _("association membership")
        verbose_name_plural = _("association memberships")
        constraints = [
            models.UniqueConstraint(fields=["association", "user"], name="association_membership_once"),
            models.CheckConstraint(
                condition=Q(role__in=[role.value for role in AssociationRole]), name="association_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} in {self.association_id} ({self.role})"


class AssociationInvitation(models.Model):
    """An invitation sent by a manager to an e-mail address. The link carries a signed token (the row id and
    a random nonce, signed with the site's secret and timestamped): it expires, and it is used once
    (`accepted_at`, set by a conditional update)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=AssociationRole.choices, default=AssociationRole.MEMBER
    )
    nonce = models.CharField(max_length=32, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Claimed by the e-mail task with a conditional update: the invitation is sent once.
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("association invitation")
        verbose_name_plural = _("association invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[role.value for role in AssociationRole]),
                name="association_invitation_role_valid",
            ),
        ]

    def __str__(self):
        return f"invitation of {self.email} to {self.association_id}"
