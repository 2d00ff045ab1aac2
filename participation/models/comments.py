from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 5000


class CommentAlignment(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    NEUTRAL = "neutral", _("Neutral")


class Comment(models.Model):
    """A comment in the debate on a proposal. One level of replies: a reply's parent is a top-level comment
    (checked by the service; the parent's own parent is always empty)."""

    proposal = models.ForeignKey("participation.Proposal", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    alignment = models.CharField(
        _("position"), max_length=10, choices=CommentAlignment.choices, default=CommentAlignment.NEUTRAL
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # Deleting keeps the row so replies stay in place; the text is erased.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        # The names add/change/view/delete_<model> are object rules in `participation.rules`; model
        # permissions of the same name would only confuse the group editor.
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(alignment__in=[choice.value for choice in CommentAlignment]),
                name="comment_alignment_valid",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="comment_not_own_parent"),
        ]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self):
        return f"#{self.pk} on {self.proposal_id}"

    @property
    def is_visible(self) -> bool:
        return self.hidden_at is None and self.deleted_at is None
