from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .budgets import AllocationRule


class BudgetOutcome(models.Model):
    """The count of a closed vote: which rule ran, what it funded, what the other rules would have funded
    (for transparency), and when the results were published."""

    budget = models.OneToOneField("budgets.Budget", on_delete=models.CASCADE, related_name="outcome")
    rule = models.CharField(max_length=30, choices=AllocationRule.choices)
    ballots_count = models.PositiveIntegerField(default=0)
    total_cost_cents = models.BigIntegerField(default=0)
    # {"greedy": {"selected": [project ids], "total_cost_cents": n}, ...}: every rule, the one used included.
    comparison = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget outcome")
        verbose_name_plural = _("budget outcomes")
        constraints = [
            models.CheckConstraint(condition=Q(total_cost_cents__gte=0), name="outcome_total_not_negative")
        ]

    def __str__(self):
        return f"outcome of budget {self.budget_id}"


class ProjectResult(models.Model):
    project = models.OneToOneField("budgets.BudgetProject", on_delete=models.CASCADE, related_name="result")
    votes_online = models.PositiveIntegerField(default=0)
    votes_desk = models.PositiveIntegerField(default=0)
    votes_paper = models.PositiveIntegerField(default=0)
    votes_total = models.PositiveIntegerField(default=0)
    selected = models.BooleanField(default=False)
    allocated_cents = models.BigIntegerField(default=0)
    rank = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("project result")
        verbose_name_plural = _("project results")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    votes_total=models.F("votes_online") + models.F("votes_desk") + models.F("votes_paper")
                ),
                name="project_result_votes_add_up",
            ),
            models.CheckConstraint(
                condition=Q(allocated_cents__gte=0), name="project_result_allocated_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(selected=True) | Q(allocated_cents=0),
                name="project_result_only_selected_get_money",
            ),
        ]

    def __str__(self):
        return f"result of project {self.project_id}"
