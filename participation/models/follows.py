from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A user follows a proposal or a process (exactly one of them) to hear about what happens to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    proposal = models.ForeignKey(
        "participation.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, process__isnull=True)
                | Q(proposal__isnull=True, process__isnull=False),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"], condition=Q(proposal__isnull=False), name="follow_proposal_once"
            ),
            models.UniqueConstraint(
                fields=["user", "process"], condition=Q(process__isnull=False), name="follow_process_once"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.proposal_id or self.process_id}"
