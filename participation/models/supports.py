from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Support(models.Model):
    """A resident supports a proposal. One per (proposal, user): a unique constraint, not a check in
    Python."""

    proposal = models.ForeignKey("participation.Proposal", on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    # Denormalised from the proposal so the per-user limit per process is one indexed count.
    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_one_per_user")]
        indexes = [models.Index(fields=["user", "process"])]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"
