"""Reads of the budgets REST API (budgets.api). Same visibility as the pages: budgets and projects of
published processes; results only where the results page shows them (rule `budgets.view_results` and a
counted budget)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from . import selectors_funded
from .models import (
    Association,
    Budget,
    BudgetProject,
    FundedProject,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectPhoto,
    FundedProjectTransition,
    FundedProjectUpdate,
)


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


# --- Funded projects and associations (same visibility as their pages: `selectors_funded._visible`) ---------


def _public_funded_projects():
    return FundedProject.objects.filter(Q(process__isnull=True) | Q(process__is_published=True))


def funded_project_list() -> QuerySet:
    """The public funded projects (outside any process, or of a published process) with process and area,
    spending and milestone counts (subqueries), and prefetched associations, children (for the weighted
    progress) and state timeline. Four queries: the projects, their associations, their children, their
    transitions."""
    return (
        selectors_funded.with_progress_fields(_public_funded_projects())
        .select_related("process", "area")
        .prefetch_related(
            Prefetch("associations", queryset=Association.objects.order_by("name", "pk")),
            selectors_funded._children_prefetch(),
            Prefetch(
                "transitions",
                queryset=FundedProjectTransition.objects.order_by("created_at", "pk"),
                to_attr="timeline",
            ),
        )
        .order_by("title", "pk")
    )


def funded_project_for_api(*, pk: int):
    """One public funded project for a write of the API, with its process and phases (read by the rules).
    Raises FundedProject.DoesNotExist (the API answers 404, as the pages)."""
    return selectors_funded.funded_project_detail(pk=pk)


def funded_update_list() -> QuerySet:
    """News of the public funded projects with their authors and photos. Two queries."""
    return (
        FundedProjectUpdate.objects.filter(project__in=_public_funded_projects())
        .select_related("author")
        .prefetch_related(Prefetch("photos", queryset=FundedProjectPhoto.objects.order_by("position", "pk")))
        .order_by("-happened_on", "-pk")
    )


def funded_milestone_list() -> QuerySet:
    """Milestones of the public funded projects. One query."""
    return FundedProjectMilestone.objects.filter(project__in=_public_funded_projects()).order_by(
        "project_id", "position", "pk"
    )


def funded_expense_list() -> QuerySet:
    """Expenses of the public funded projects. One query."""
    return FundedProjectExpense.objects.filter(project__in=_public_funded_projects()).order_by(
        "-spent_on", "-pk"
    )


def association_list() -> QuerySet:
    """Associations with the public projects they carry (what the association's public page shows: never its
    members). Two queries: the associations, their public projects."""
    return Association.objects.prefetch_related(
        Prefetch(
            "funded_projects",
            queryset=_public_funded_projects().order_by("title", "pk"),
            to_attr="public_projects",
        )
    ).order_by("name", "pk")
