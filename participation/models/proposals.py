from decimal import Decimal

from django.conf import settings
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

TITLE_MIN_LENGTH = 10
TITLE_MAX_LENGTH = 150


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_DEBATE = "in_debate", _("In debate")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")
    ACCEPTED = "accepted", _("Accepted")
    ON_BALLOT = "on_ballot", _("On the ballot")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


# States a resident other than the author can see (a draft is private to its author and staff).
PUBLIC_STATES = [state.value for state in ProposalState if state != ProposalState.DRAFT]


class RejectionReason(models.TextChoices):
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    DUPLICATE = "duplicate", _("Duplicate of another proposal")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")
    OTHER = "other", _("Other")


def proposal_is_complete(proposal: "Proposal") -> bool:
    """A proposal may leave the draft state only with a title of the right length, a body and an area."""
    title = (proposal.title or "").strip()
    return (
        TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH
        and bool((proposal.body or "").strip())
        and proposal.area_id is not None
    )


class Proposal(FSMModelMixin, models.Model):
    """A resident's proposal. Its state moves only through the transitions below, each called by one service
    in `participation.services.proposals` which checks the permission and records the transition."""

    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(
        _("title"),
        max_length=TITLE_MAX_LENGTH,
        validators=[MinLengthValidator(TITLE_MIN_LENGTH), MaxLengthValidator(TITLE_MAX_LENGTH)],
    )
    body = models.TextField(_("proposal"))
    area = models.ForeignKey(
        "participation.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    category = models.ForeignKey(
        "participation.Category",
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    state = FSMField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT, protected=True
    )

    # The public answer of the evaluation, and the reason of a rejection (also on the timeline).
    cost_estimate_cents = models.BigIntegerField(_("cost estimate (cents)"), null=True, blank=True)
    answer = models.TextField(_("public answer"), blank=True)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    # Counters kept by the services with F() updates, so lists sort without aggregating.
    supports_count = models.PositiveIntegerField(_("supports"), default=0)
    comments_count = models.PositiveIntegerField(_("comments"), default=0)
    threshold_reached_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Moderation: hidden proposals keep their row (and timeline) but their text leaves every page and feed.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        # The names add/change/view/delete_<model> are object rules in `participation.rules`; model
        # permissions of the same name would only confuse the group editor.
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[state.value for state in ProposalState]), name="proposal_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="proposal_location_complete_and_in_range",
            ),
            models.CheckConstraint(
                condition=Q(cost_estimate_cents__isnull=True) | Q(cost_estimate_cents__gte=0),
                name="proposal_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(state=ProposalState.REJECTED) | ~Q(rejection_reason=""),
                name="proposal_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(
                    state__in=[
                        ProposalState.ACCEPTED,
                        ProposalState.ON_BALLOT,
                        ProposalState.SELECTED,
                        ProposalState.NOT_SELECTED,
                    ]
                )
                | Q(cost_estimate_cents__isnull=False),
                name="proposal_accepted_has_cost",
            ),
            models.CheckConstraint(
                condition=Q(state=ProposalState.DRAFT) | Q(area__isnull=False),
                name="proposal_submitted_has_area",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "state"]),
            models.Index(fields=["process", "-supports_count"]),
            models.Index(fields=["process", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposal_detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_editable_state(self) -> bool:
        return self.state in (ProposalState.DRAFT, ProposalState.SUBMITTED)

    # --- Transitions: in-memory only. The service saves, records and dispatches. ---------------------------

    @transition(
        field=state,
        source=ProposalState.DRAFT,
        target=ProposalState.SUBMITTED,
        conditions=[proposal_is_complete],
        permission="participation.submit_proposal",
    )
    def submit(self):
        pass

    @transition(
        field=state,
        source=ProposalState.SUBMITTED,
        target=ProposalState.IN_DEBATE,
        permission="participation.admit_proposal",
    )
    def admit(self):
        """A moderator admits the proposal to debate before the debate phase opens."""

    @transition(field=state, source=ProposalState.SUBMITTED, target=ProposalState.IN_DEBATE)
    def open_debate(self):
        """The debate phase opened (process_advance, in bulk)."""

    @transition(
        field=state,
        source=[ProposalState.SUBMITTED, ProposalState.IN_DEBATE],
        target=ProposalState.WITHDRAWN,
        permission="participation.withdraw_proposal",
    )
    def withdraw(self):
        pass

    @transition(
        field=state,
        source=[ProposalState.SUBMITTED, ProposalState.IN_DEBATE],
        target=ProposalState.REJECTED,
        permission="participation.reject_proposal",
    )
    def reject(self, *, reason: str, duplicate_of=None):
        self.rejection_reason = reason
        self.duplicate_of = duplicate_of if reason == RejectionReason.DUPLICATE else None

    @transition(
        field=state,
        source=ProposalState.IN_DEBATE,
        target=ProposalState.ACCEPTED,
        permission="participation.evaluate_proposal",
    )
    def accept(self, *, cost_estimate_cents: int, answer: str):
        self.cost_estimate_cents = cost_estimate_cents
        self.answer = answer

    @transition(field=state, source=ProposalState.ACCEPTED, target=ProposalState.ON_BALLOT)
    def put_on_ballot(self):
        """Driven by the budgets app when the vote opens."""

    @transition(field=state, source=ProposalState.ON_BALLOT, target=ProposalState.SELECTED)
    def select(self):
        """Driven by the budgets app when results are published."""

    @transition(field=state, source=ProposalState.ON_BALLOT, target=ProposalState.NOT_SELECTED)
    def mark_not_selected(self):
        """Driven by the budgets app when results are published."""


class ProposalTransition(models.Model):
    """The public timeline of a proposal: one row per state change, written in the same transaction."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when Placette itself made the change (a phase opened)."),
    )
    name = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=ProposalState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ProposalState.choices)
    reason_code = models.CharField(_("reason"), max_length=20, choices=RejectionReason.choices, blank=True)
    public_reason = models.TextField(_("public reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposal transition")
        verbose_name_plural = _("proposal transitions")

    def __str__(self):
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"

    @property
    def display_public_reason(self) -> str:
        """The public reason in the viewer's language. Placette's own transitions store their sentence in the
        site language (for exports); pages translate it again for the visitor."""
        if self.actor_id is None and self.name == "open_debate":
            return gettext("The debate phase opened.")
        return self.public_reason
