from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    DESK = "desk", _("At a desk")
    PAPER = "paper", _("On paper")


class Basket(models.Model):
    """The voter's choices before casting, saved on the server (works without JavaScript)."""

    budget = models.ForeignKey("budgets.Budget", on_delete=models.CASCADE, related_name="baskets")
    voter = models.ForeignKey("budgets.Voter", on_delete=models.CASCADE, related_name="baskets")
    projects = models.ManyToManyField("budgets.BudgetProject", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("basket")
        verbose_name_plural = _("baskets")
        constraints = [models.UniqueConstraint(fields=["budget", "voter"], name="basket_one_per_voter")]

    def __str__(self):
        return f"basket of voter {self.voter_id} in budget {self.budget_id}"


class Ballot(models.Model):
    """A cast ballot: final. At most one per (budget, voter) across every channel — a unique constraint,
    with the voter row locked while casting. The receipt code is given to the voter once; only its hash
    is kept, and the published anonymised list shows the hash's fingerprint."""

    budget = models.ForeignKey("budgets.Budget", on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey("budgets.Voter", on_delete=models.PROTECT, related_name="ballots")
    channel = models.CharField(_("channel"), max_length=10, choices=BallotChannel.choices)
    # The staff member who cast a desk ballot or entered a paper one.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receipt_digest = models.CharField(max_length=64, unique=True)
    cast_at = models.DateTimeField(_("cast at"), auto_now_add=True, db_index=True)
    total_cost_cents = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["cast_at", "id"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter"], name="ballot_one_per_budget_and_voter"),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in BallotChannel]), name="ballot_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel=BallotChannel.ONLINE) | Q(recorded_by__isnull=False),
                name="ballot_desk_and_paper_record_staff",
            ),
            models.CheckConstraint(condition=Q(total_cost_cents__gte=0), name="ballot_total_not_negative"),
        ]

    def __str__(self):
        return f"ballot #{self.pk}"


class BallotSelection(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="selections")
    project = models.ForeignKey("budgets.BudgetProject", on_delete=models.PROTECT, related_name="selections")

    class Meta:
        verbose_name = _("ballot selection")
        verbose_name_plural = _("ballot selections")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="ballot_selection_unique"),
        ]

    def __str__(self):
        return f"project {self.project_id} on ballot {self.ballot_id}"


class PaperEntryStatus(models.TextChoices):
    AWAITING_SECOND_ENTRY = "awaiting", _("Awaiting the second entry")
    MATCHED = "matched", _("Both entries match: counted")
    MISMATCH = "mismatch", _("The two entries differ: to check")
    RESOLVED = "resolved", _("Checked and counted")
    VOID = "void", _("Void (not counted)")


class PaperBallotEntry(models.Model):
    """A paper ballot typed in twice, by two staff members. It becomes a `Ballot` (channel paper) only when
    both entries agree, or when a supervisor resolves a mismatch by looking at the paper."""

    budget = models.ForeignKey("budgets.Budget", on_delete=models.PROTECT, related_name="paper_entries")
    paper_number = models.CharField(_("number written on the paper ballot"), max_length=40)
    voter = models.ForeignKey("budgets.Voter", on_delete=models.PROTECT, related_name="paper_entries")
    first_selection = models.JSONField(default=list)  # sorted BudgetProject ids
    first_entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_entered_at = models.DateTimeField(auto_now_add=True)
    second_selection = models.JSONField(null=True, blank=True)
    second_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_entered_at = models.DateTimeField(null=True, blank=True)
    # The person the second entry named, when it differs from the first one (a mismatch to check).
    second_voter = models.ForeignKey(
        "budgets.Voter", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=PaperEntryStatus.choices, default=PaperEntryStatus.AWAITING_SECOND_ENTRY
    )
    ballot = models.OneToOneField(
        Ballot, on_delete=models.PROTECT, null=True, blank=True, related_name="paper_entry"
    )

    class Meta:
        ordering = ["budget", "paper_number"]
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        constraints = [
            models.UniqueConstraint(fields=["budget", "paper_number"], name="paper_entry_number_unique"),
            # One paper ballot per person and budget (a void one aside): a second paper of the same person is
            # refused when it is typed in, not only when it would be counted.
            models.UniqueConstraint(
                fields=["budget", "voter"],
                condition=~Q(status=PaperEntryStatus.VOID),
                name="paper_entry_one_per_voter",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PaperEntryStatus]), name="paper_entry_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PaperEntryStatus.MATCHED, PaperEntryStatus.RESOLVED])
                | Q(ballot__isnull=False),
                name="paper_entry_counted_has_ballot",
            ),
        ]

    def __str__(self):
        return f"paper ballot {self.paper_number}"
