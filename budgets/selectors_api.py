"""Reads of the budgets REST API (budgets.api). Same visibility as the pages: budgets and projects of
published processes; results only where the results page shows them (rule `budgets.view_results` and a
counted budget)."""

from django.db.models import Count, QuerySet

from .models import Budget, BudgetProject


def budget_list() -> QuerySet:
    """Budgets of published processes with their process and its phases (the rule `budgets.view_results`
    asked per row reads them: no query per row), area, `projects_count` and `outcome_count`. Two queries:
    the budgets, the phases."""
    return (
        Budget.objects.filter(process__is_published=True)
        .select_related("process", "area")
        .prefetch_related("process__phases")
        .annotate(
            projects_count=Count("projects", distinct=True), outcome_count=Count("outcome", distinct=True)
        )
        .order_by("process_id", "position", "id")
    )


def budget_for_api(*, pk: int) -> Budget:
    """One budget of a published process with its process and phases, area and outcome (None before the
    count). Two queries. Raises Budget.DoesNotExist."""
    return (
        Budget.objects.filter(pk=pk, process__is_published=True)
        .select_related("process", "area", "outcome")
        .prefetch_related("process__phases")
        .annotate(
            projects_count=Count("projects", distinct=True), outcome_count=Count("outcome", distinct=True)
        )
        .get()
    )


def project_list() -> QuerySet:
    """Projects on the ballots of the budgets of published processes, with budget, area and category. One
    query."""
    return (
        BudgetProject.objects.filter(budget__process__is_published=True)
        .select_related("budget", "area", "category")
        .order_by("budget_id", "position", "id")
    )
