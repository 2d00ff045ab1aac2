"""Kept for messages queued before the results report moved onto `participation.pdf_reports` (see
`budgets.pdf_reports`): a `build_results_pdf` message still in a queue asks for the report the new way.
Registered with the worker because `budgets.tasks` imports this module."""

from celery import shared_task

from .pdf_reports import queue_results_pdf


@shared_task(name="budgets.report_tasks.build_results_pdf", acks_late=True, ignore_result=True)
def build_results_pdf(budget_id: int) -> None:
    """Asks for the results report of budget `budget_id` (idempotent: the same content is one report)."""
    queue_results_pdf(budget_id)
