"""The budgets' report kind: the **budget results** report, on the mechanism of `participation.pdf_reports`
(one row per content, rendered on the `reports` queue, status page, download). Registered by
`BudgetsConfig.ready()`.

The count (`budgets_advance`) and the staff closing page ask for it as Placette (`queue_results_pdf`), so
that it is ready when the results are published; the public URL `budget_results_pdf` serves the ready
report or asks for it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.pdf_reports.registry import ReportKind, register
from participation.services.pdf_reports import pdf_report_request_by_placette

from .models import Budget, BudgetOutcome, ProjectResult
from .pdf import results_report_context

BUDGET_RESULTS = "budget-results"
FUNDED_PROJECT = "funded-project"


def load_budget(pk: int) -> Budget | None:
    """The budget with its process (and phases, asked by the rule) and area. Two queries."""
    return (
        Budget.objects.select_related("process", "area")
        .prefetch_related("process__phases")
        .filter(pk=pk)
        .first()
    )


def results_context(budget: Budget) -> dict:
    """What the results report prints (see `budgets.pdf.results_report_context`). Two queries: the outcome,
    the results with their projects. A budget not counted has no report (raises DoesNotExist)."""
    outcome = BudgetOutcome.objects.get(budget=budget)
    results = list(
        ProjectResult.objects.filter(project__budget=budget).select_related("project").order_by("rank", "pk")
    )
    return results_report_context(budget, outcome, results)


def _title(budget: Budget) -> str:
    return str(_("Results of the vote — %(title)s") % {"title": budget.title})


def register_kinds() -> None:
    register(
        ReportKind(
            name=BUDGET_RESULTS,
            label=_("Results of the vote"),
            perm="budgets.view_results",
            load=load_budget,
            context=results_context,
            template="reports/results.html",
            title=_title,
            filename=lambda budget: f"{budget.process.slug}-{budget.slug}-results.pdf",
            page_url=lambda budget: reverse(
                "budget_results", kwargs={"slug": budget.process.slug, "budget_slug": budget.slug}
            ),
            model=Budget,
        )
    )
    register_funded_project_kind()


def _funded_project_context(project) -> dict:
    from . import selectors_funded

    return selectors_funded.funded_project_report(project=project)


def _funded_project_load(pk: int):
    from . import selectors_funded

    return selectors_funded.funded_project_for_report(pk=pk)


def register_funded_project_kind() -> None:
    """The **funded-project progress** report: state, progress, money, milestones, expenses, news and
    timeline of one funded project; public like the project's page (`budgets.view_funded_project`)."""
    register(
        ReportKind(
            name=FUNDED_PROJECT,
            label=_("Funded project progress"),
            perm="budgets.view_funded_project",
            load=_funded_project_load,
            context=_funded_project_context,
            template="reports/funded_project.html",
            title=lambda project: str(_("Progress of “%(title)s”") % {"title": project.title}),
            filename=lambda project: (
                f"{project.process.slug if project.process_id else 'territory'}-project-{project.pk}.pdf"
            ),
            page_url=lambda project: project.get_absolute_url(),
        )
    )


def queue_results_pdf(budget_id: int) -> None:
    """Placette asks for the results report of the counted budget `budget_id` (rendered on the `reports`
    queue after commit; nothing happens when the same content was asked for already)."""
    budget = load_budget(budget_id)
    if budget is None or not BudgetOutcome.objects.filter(budget=budget).exists():
        return
    pdf_report_request_by_placette(kind=BUDGET_RESULTS, target=budget)
