from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BallotRule(models.TextChoices):
    KNAPSACK = "knapsack", _("Knapsack: choose projects whose total cost fits in the envelope")
    APPROVAL = "approval", _("Approval: choose up to a number of projects")


class AllocationRule(models.TextChoices):
    GREEDY = "greedy", _("Greedy: most votes first")
    EQUAL_SHARES = "equal-shares", _("Method of Equal Shares (completed)")
    EQUAL_SHARES_PLAIN = "equal-shares-plain", _("Method of Equal Shares (without completion)")


class Budget(models.Model):
    """An envelope of a process. A resident votes in the territory-wide budgets (no area) and in the budgets
    of their own area only. Amounts are integer cents.

    The ballot rule is `ballot_rule` plus optional bounds: at least `min_projects`, at most `max_projects`
    (required for approval), and for knapsack at least `min_share_percent` of the envelope."""

    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE, related_name="budgets")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        "participation.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
        help_text=_("Empty: the budget of the whole territory."),
    )
    amount_cents = models.BigIntegerField(_("envelope (cents)"))
    ballot_rule = models.CharField(
        _("ballot rule"), max_length=20, choices=BallotRule.choices, default=BallotRule.KNAPSACK
    )
    min_projects = models.PositiveIntegerField(_("minimum number of projects"), null=True, blank=True)
    max_projects = models.PositiveIntegerField(_("maximum number of projects"), null=True, blank=True)
    min_share_percent = models.PositiveSmallIntegerField(
        _("minimum share of the envelope (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    allocation_rule = models.CharField(
        _("allocation rule"),
        max_length=30,
        choices=AllocationRule.choices,
        default=AllocationRule.EQUAL_SHARES,
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Set once, by a conditional update, when the closed vote has been counted (idempotent closing).
    allocated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["process", "position", "id"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        # The desk agent role (group "Desk agents", see `budgets.roles`): cast ballots at a desk for residents
        # who came in person, and type in paper ballots.
        permissions = [("staff_desk", _("Vote at a desk and enter paper ballots (role: desk agent)"))]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="budget_slug_unique_per_process"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="budget_amount_positive"),
            models.CheckConstraint(
                condition=~Q(ballot_rule=BallotRule.APPROVAL) | Q(max_projects__isnull=False),
                name="budget_approval_has_max_projects",
            ),
            models.CheckConstraint(
                condition=Q(min_projects__isnull=True)
                | Q(max_projects__isnull=True)
                | Q(min_projects__lte=F("max_projects")),
                name="budget_min_projects_not_above_max",
            ),
            models.CheckConstraint(
                condition=Q(max_projects__isnull=True) | Q(max_projects__gte=1),
                name="budget_max_projects_positive",
            ),
            models.CheckConstraint(
                condition=Q(min_share_percent__isnull=True)
                | Q(min_share_percent__gte=1, min_share_percent__lte=100),
                name="budget_min_share_in_range",
            ),
            models.CheckConstraint(
                condition=Q(ballot_rule__in=[rule.value for rule in BallotRule]),
                name="budget_ballot_rule_valid",
            ),
            models.CheckConstraint(
                condition=Q(allocation_rule__in=[rule.value for rule in AllocationRule]),
                name="budget_allocation_rule_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budget_detail", kwargs={"slug": self.process.slug, "budget_slug": self.slug})

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_cents) / 100


class BudgetProject(models.Model):
    """A project on the ballot of a budget: from an accepted proposal (keeps its link, cost and area) or added
    by staff."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    proposal = models.ForeignKey(
        "participation.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_projects",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost_cents = models.BigIntegerField(_("cost (cents)"))
    area = models.ForeignKey(
        "participation.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_projects",
    )
    category = models.ForeignKey(
        "participation.Category",
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_projects",
    )
    image = models.ImageField(_("image"), upload_to="budgets/projects/%Y/", blank=True)
    image_alt = models.CharField(_("image description (alternative text)"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["budget", "position", "id"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        constraints = [
            models.CheckConstraint(condition=Q(cost_cents__gt=0), name="budget_project_cost_positive"),
            models.UniqueConstraint(
                fields=["budget", "proposal"],
                condition=Q(proposal__isnull=False),
                name="budget_project_one_per_proposal",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="budget_project_image_has_alt"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="budget_project_location_complete_and_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def cost(self) -> Decimal:
        return Decimal(self.cost_cents) / 100
