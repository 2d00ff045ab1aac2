"""Celery tasks: thin wrappers that call one service. Scheduled in `config/celery.py`; routed to their queues
by `CELERY_TASK_ROUTES` (notification tasks on `notifications`)."""

from celery import shared_task

from .notifications import digests, emails, fanout, sweeper
from .notifications.queue import publish
from .services import pdf_reports, phases


@shared_task(name="participation.tasks.advance_all_processes", acks_late=True, ignore_result=True)
def advance_all_processes() -> dict:
    """Applies the phase openings and closings the clock has reached (every minute, by Celery beat).
    Idempotent (see `phases.process_advance`), hence `acks_late`: a run lost with its worker is simply
    redone."""
    return phases.advance_all_processes()


@shared_task(name="participation.tasks.fan_out_event", acks_late=True, ignore_result=True)
def fan_out_event(event_id: int) -> int:
    """One batch of the fan-out of an event; publishes the next one itself (see `fanout`). Idempotent (cursor
    and unique constraint, in one transaction), hence `acks_late`."""
    return fanout.fan_out_event_batch(event_id=event_id).created


@shared_task(name="participation.tasks.send_notification_emails", acks_late=True, ignore_result=True)
def send_notification_emails(notification_ids: list[int]) -> dict:
    """Sends the immediate e-mails of these notifications, each claimed first (see `emails`: a duplicate
    delivery sends nothing twice, hence `acks_late`). A transient SMTP error publishes that one again after
    its back-off."""
    outcomes: dict[str, int] = {}
    for notification_id in notification_ids:
        outcome = emails.notification_email_send(notification_id=notification_id)
        outcomes[outcome.status] = outcomes.get(outcome.status, 0) + 1
        if outcome.status == "retry":
            publish(send_notification_emails, [notification_id], countdown=outcome.retry_in)
    return outcomes


@shared_task(name="participation.tasks.send_digests", acks_late=True, ignore_result=True)
def send_digests(frequency: str, after: int = 0) -> int | None:
    """One batch of the daily or weekly digests (beat starts it with `after=0`); publishes the next batch.
    Each digest is claimed with a conditional update, hence `acks_late`."""
    cursor = digests.digest_send_batch(frequency=frequency, after=after)
    if cursor is not None:
        publish(send_digests, frequency, cursor)
    return cursor


@shared_task(name="participation.tasks.sweep_notifications", acks_late=True, ignore_result=True)
def sweep_notifications() -> dict:
    """Every minute: publishes stranded fan-outs and e-mails again, fails stale claims (see `sweeper`)."""
    return sweeper.notifications_sweep()


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


@shared_task(name="participation.tasks.prune_pdf_reports", acks_late=True, ignore_result=True)
def prune_pdf_reports() -> int:
    """Every night: deletes superseded and orphaned PDF reports with their files (see
    `pdf_reports.pdf_reports_prune`). Idempotent, hence `acks_late`."""
    return pdf_reports.pdf_reports_prune()
