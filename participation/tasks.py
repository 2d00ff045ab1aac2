"""Celery tasks: thin wrappers that call one service. Scheduled in `config/celery.py`."""

from celery import shared_task

from .services import pdf_reports, phases


@shared_task(name="participation.tasks.advance_all_processes", acks_late=True, ignore_result=True)
def advance_all_processes() -> dict:
    """Applies the phase openings and closings the clock has reached (every minute, by Celery beat).
    Idempotent (see `phases.process_advance`), hence `acks_late`: a run lost with its worker is simply
    redone."""
    return phases.advance_all_processes()


RENDER_MAX_RETRIES = 5


@shared_task(
    name="participation.tasks.render_pdf_report",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=RENDER_MAX_RETRIES,
)
def render_pdf_report(self, report_id: int) -> None:
    """Renders and stores the PDF report `report_id` (see `pdf_reports.pdf_report_render`), on the `reports`
    queue. Idempotent — the row is claimed with a conditional update, a second delivery renders nothing —
    hence `acks_late`: a run lost with its worker is delivered again and claims the row once the time limit
    has passed. Storage errors (OSError) are retried with backoff by a worker; the last attempt — or the only
    one when the task runs in-process, without a worker to retry it later — marks the row failed."""
    can_retry = not self.request.is_eager and self.request.retries < RENDER_MAX_RETRIES
    transient = (OSError,) if can_retry else ()
    try:
        pdf_reports.pdf_report_render(report_id=report_id, transient_errors=transient)
    except OSError as error:
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
