from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PROPOSAL_TRANSITION = "proposal.transition", _("A proposal changed state")
    PROPOSAL_EDITED = "proposal.edited", _("A proposal was edited")
    PROPOSAL_HIDDEN = "proposal.hidden", _("A proposal was hidden")
    COMMENT_CREATED = "comment.created", _("A comment was posted")
    COMMENT_HIDDEN = "comment.hidden", _("A comment was hidden")
    SUPPORT_THRESHOLD_REACHED = "support.threshold_reached", _("A proposal reached the support threshold")
    PHASE_OPENED = "phase.opened", _("A phase opened")
    PHASE_CLOSED = "phase.closed", _("A phase closed")
    REPORT_CREATED = "report.created", _("Content was reported")
    # Participatory budgets (the budgets app records them; participation never reads their payload).
    BUDGET_PROJECT_ADDED = "budget.project_added", _("A project was put on the ballot")
    BUDGET_ALLOCATED = "budget.allocated", _("The votes of a budget were counted")
    CENSUS_CONFIGURED = "census.configured", _("The census of a process was configured")
    CENSUS_IMPORTED = "census.imported", _("A census list was uploaded")
    VOTER_VERIFIED = "voter.verified", _("A resident was found in the census")
    VOTING_CODES_GENERATED = "voting_codes.generated", _("Voting codes were generated")
    BALLOT_CAST = "ballot.cast", _("A ballot was cast")
    PAPER_ENTRY_RECORDED = "paper_entry.recorded", _("A paper ballot was typed in")
    PAPER_ENTRY_MISMATCH = "paper_entry.mismatch", _("The two entries of a paper ballot differ")
    PAPER_ENTRY_RESOLVED = "paper_entry.resolved", _("A paper ballot was checked")
    VOTE_CLOSING_SOON = "vote.closing_soon", _("A vote closes soon")
    # Funded projects and associations (budgets app).
    FUNDED_PROJECT_CREATED = "funded_project.created", _("A funded project was created")
    FUNDED_PROJECT_TRANSITION = "funded_project.transition", _("A funded project changed state")
    FUNDED_PROJECT_UPDATE_POSTED = "funded_project.update_posted", _("News of a funded project was posted")
    FUNDED_PROJECT_EXPENSE_DECLARED = (
        "funded_project.expense_declared",
        _("An expense of a funded project was declared"),
    )
    ASSOCIATION_MEMBER_JOINED = "association.member_joined", _("A person joined an association")
    ASSOCIATION_MEMBER_REMOVED = "association.member_removed", _("A person was removed from an association")


class DomainEvent(models.Model):
    """The outbox: every domain event is written in the transaction that caused it. The notification pipeline
    reads undispatched rows and marks them with a conditional update, so no event is lost or sent twice."""

    kind = models.CharField(max_length=40, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    proposal = models.ForeignKey(
        "participation.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "participation.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    phase = models.ForeignKey(
        "participation.Phase", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The fan-out (participation.notifications.fanout) walks the audience in user-id order, one batch per task
    # run: the last user id done, then `dispatched_at` once every recipient has its notification.
    fanout_cursor = models.BigIntegerField(default=0)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(dispatched_at__isnull=True),
                name="event_undispatched_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"
