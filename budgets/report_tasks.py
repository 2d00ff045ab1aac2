"""The results report (PDF) of a counted budget: generated once by a Celery task on the `reports` queue and
stored in the default storage, where the public page `budget_results_pdf` serves it.

Queued (`queue_results_pdf`) by the staff closing page after counting and by the download page when the file
is missing; the counting service may queue it too. The queue is named when queuing (the `queue` task option
is deprecated); `CELERY_TASK_ROUTES = {"budgets.report_tasks.*": {"queue": "reports"}}` routes a plain
`delay_on_commit` too. Registered with the worker because `budgets.tasks` imports this module."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .models import Budget, BudgetOutcome
from .pdf import render_results_pdf

logger = logging.getLogger(__name__)

REPORTS_QUEUE = "reports"


def results_pdf_path(budget: Budget, outcome: BudgetOutcome) -> str:
    """Where the report of this count is stored: one file per outcome (a budget is counted once)."""
    return f"budgets/results/{budget.pk}/results-{outcome.pk}.pdf"


def results_pdf_store(*, budget_id: int) -> str | None:
    """Renders and stores the results report of budget `budget_id` unless it is stored already (idempotent:
    the path names the outcome). Returns the path, or None when the budget does not exist or is not
    counted."""
    budget = Budget.objects.select_related("process", "area").filter(pk=budget_id).first()
    outcome = BudgetOutcome.objects.filter(budget_id=budget_id).first()
    if budget is None or outcome is None:
        logger.info("No results report for budget %s: not counted or deleted.", budget_id)
        return None
    path = results_pdf_path(budget, outcome)
    if default_storage.exists(path):
        return path
    pdf = render_results_pdf(budget, outcome)
    if default_storage.exists(path):  # another run stored it meanwhile
        return path
    return default_storage.save(path, ContentFile(pdf))


@shared_task(
    name="budgets.report_tasks.build_results_pdf",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_results_pdf(budget_id: int) -> str | None:
    """Stores the results report of a counted budget (see `results_pdf_store`). Idempotent, hence
    `acks_late`; storage errors are retried with backoff."""
    return results_pdf_store(budget_id=budget_id)


def queue_results_pdf(budget_id: int) -> None:
    """Queues `build_results_pdf` on the `reports` queue once the current transaction commits (at once when
    there is none)."""
    build_results_pdf.apply_async_on_commit(args=(budget_id,), queue=REPORTS_QUEUE)
