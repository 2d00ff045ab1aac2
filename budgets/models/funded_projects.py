"""Funded projects: what a vote (or staff) funded, followed until it is done.

A funded project is created once per selected budget project when the vote is counted
(`budgets.services.funded_projects.funded_projects_create_for_budget`), or by staff for a project funded
another way. Its state is a django-fsm-2 machine; every transition is recorded (`FundedProjectTransition`) and
shown on the public timeline. The carrying associations (and staff) post updates, milestones and expenses.
Amounts are integer cents."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition


class FundedProjectState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the project still spends money (a new expense is accepted).
SPENDING_STATES = (FundedProjectState.PLANNED, FundedProjectState.IN_PROGRESS, FundedProjectState.PAUSED)


class ProgressMode(models.TextChoices):
    MANUAL = "manual", _("Set by hand")
    MILESTONES = "milestones", _("Computed from the milestones done")
    SUBPROJECTS = "subprojects", _("Weighted by the amounts of the sub-projects")


class FundedProject(FSMModelMixin, models.Model):
    process = models.ForeignKey(
        "participation.Process",
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_projects",
        help_text=_("Empty for a project funded outside any process."),
    )
    budget_project = models.OneToOneField(
        "budgets.BudgetProject",
        verbose_name=_("budget project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_project",
    )
    proposal = models.ForeignKey(
        "participation.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    associations = models.ManyToManyField(
        "budgets.Association", verbose_name=_("carried by"), blank=True, related_name="funded_projects"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        "participation.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_projects",
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    allocated_cents = models.BigIntegerField(_("allocated amount (cents)"), default=0)
    state = FSMField(
        _("state"),
        max_length=20,
        choices=FundedProjectState.choices,
        default=FundedProjectState.PLANNED,
        protected=True,
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    progress_mode = models.CharField(
        _("progress"), max_length=12, choices=ProgressMode.choices, default=ProgressMode.MILESTONES
    )
    progress_manual = models.PositiveSmallIntegerField(_("progress set by hand (%)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        # The staff role for funded projects (group "Process administrators" holds it too, see budgets.roles).
        permissions = [("staff_funded_projects", _("Manage funded projects and associations"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(allocated_cents__gte=0), name="funded_project_allocated_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(progress_manual__gte=0, progress_manual__lte=100),
                name="funded_project_progress_range",
            ),
            models.CheckConstraint(
                condition=Q(progress_mode__in=[mode.value for mode in ProgressMode]),
                name="funded_project_progress_mode_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state=FundedProjectState.CANCELLED) | ~Q(cancel_reason=""),
                name="funded_project_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="funded_project_location_complete_and_in_range",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="funded_project_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funded_project_detail", kwargs={"pk": self.pk})

    @property
    def allocated(self) -> Decimal:
        return Decimal(self.allocated_cents) / 100

    @property
    def accepts_expenses(self) -> bool:
        return self.state in SPENDING_STATES

    # --- Transitions: in-memory only. The service saves, records and dispatches. ---------------------------

    @transition(
        field=state,
        source=FundedProjectState.PLANNED,
        target=FundedProjectState.IN_PROGRESS,
        permission="budgets.change_funded_project_state",
    )
    def start(self):
        pass

    @transition(
        field=state,
        source=FundedProjectState.IN_PROGRESS,
        target=FundedProjectState.PAUSED,
        permission="budgets.change_funded_project_state",
    )
    def pause(self):
        pass

    @transition(
        field=state,
        source=FundedProjectState.PAUSED,
        target=FundedProjectState.IN_PROGRESS,
        permission="budgets.change_funded_project_state",
    )
    def resume(self):
        pass

    @transition(
        field=state,
        source=FundedProjectState.IN_PROGRESS,
        target=FundedProjectState.COMPLETED,
        permission="budgets.change_funded_project_state",
    )
    def complete(self):
        pass

    @transition(
        field=state,
        source=[FundedProjectState.PLANNED, FundedProjectState.IN_PROGRESS, FundedProjectState.PAUSED],
        target=FundedProjectState.CANCELLED,
        permission="budgets.cancel_funded_project",
    )
    def cancel(self, *, reason: str):
        self.cancel_reason = reason


class FundedProjectTransition(models.Model):
    """The public timeline of a funded project: one row per state change, written in the same transaction."""

    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("transition"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=FundedProjectState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=FundedProjectState.choices)
    public_reason = models.TextField(_("public reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("funded project transition")
        verbose_name_plural = _("funded project transitions")

    def __str__(self):
        return f"{self.project_id}: {self.from_state} → {self.to_state}"


class FundedProjectUpdate(models.Model):
    """News posted by a member of a carrying association (or staff): text, a date, photos."""

    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("text"))
    happened_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("funded project update")
        verbose_name_plural = _("funded project updates")

    def __str__(self):
        return f"update #{self.pk} of {self.project_id}"


class FundedProjectPhoto(models.Model):
    """A photo of an update, re-encoded on upload (`budgets.uploads`); its alternative text is required."""

    update = models.ForeignKey(FundedProjectUpdate, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="funded/photos/%Y/")
    # Of the re-encoded image (set by the service, for the page's width and height attributes).
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("description of the photo (alternative text)"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["update", "position", "id"]
        verbose_name = _("funded project photo")
        verbose_name_plural = _("funded project photos")
        constraints = [models.CheckConstraint(condition=~Q(alt=""), name="funded_project_photo_has_alt")]

    def __str__(self):
        return self.alt


class FundedProjectMilestone(models.Model):
    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ReceiptKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    IMAGE = "image", _("Image")


class FundedProjectExpense(models.Model):
    """Money spent, against the allocated amount. Accepted only while the project spends (not cancelled or
    completed): the service and the rule `budgets.declare_expense` both say so."""

    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="expenses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("what"), max_length=300)
    receipt = models.FileField(_("receipt"), upload_to="funded/receipts/%Y/", blank=True)
    receipt_kind = models.CharField(max_length=5, choices=ReceiptKind.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gte=0), name="funded_project_expense_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(receipt="", receipt_kind="")
                | (~Q(receipt="") & Q(receipt_kind__in=["pdf", "image"])),
                name="funded_project_expense_receipt_kind",
            ),
        ]

    def __str__(self):
        return f"{self.amount_cents} on {self.project_id}"

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_cents) / 100


class FundedProjectFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funded_follows"
    )
    project = models.ForeignKey(FundedProject, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("funded project follow")
        verbose_name_plural = _("funded project follows")
        constraints = [models.UniqueConstraint(fields=["user", "project"], name="funded_project_follow_once")]

    def __str__(self):
        return f"{self.user_id} follows funded project {self.project_id}"
