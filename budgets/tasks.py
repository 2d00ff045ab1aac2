"""Celery tasks of the budgets app: ids in, one service call. Scheduled in `config/celery.py`."""

from celery import shared_task

from participation.models import Process

from . import report_tasks  # noqa: F401  (registers the report task with the worker)
from .services import lifecycle, reminders


@shared_task(name="budgets.tasks.advance_all_budgets", acks_late=True, ignore_result=True)
def advance_all_budgets() -> dict:
    """Puts accepted proposals on the ballot of open votes and counts closed ones (every minute, by Celery
    beat). Idempotent (see `lifecycle.budgets_advance`), hence `acks_late`."""
    return lifecycle.advance_all_budgets()


@shared_task(name="budgets.tasks.advance_budgets_of_process", acks_late=True, ignore_result=True)
def advance_budgets_of_process(process_id: int) -> dict | None:
    """`budgets_advance` for one process, right after a staff action (closing the vote early). Idempotent; a
    process deleted meanwhile is dropped."""
    process = Process.objects.filter(pk=process_id).first()
    if process is None:
        return None
    return lifecycle.budgets_advance(process=process)


@shared_task(name="budgets.tasks.send_association_invitation", acks_late=True, ignore_result=True)
def send_association_invitation(invitation_id: int) -> bool:
    """Sends the e-mail of one association invitation, once: claims it with a conditional update of
    `sent_at` (a second run sends nothing). A deleted invitation is dropped."""
    from .services.invitation_emails import invitation_email_send

    return invitation_email_send(invitation_id=invitation_id)


@shared_task(name="budgets.tasks.remind_closing_votes", acks_late=True, ignore_result=True)
def remind_closing_votes() -> int:
    """Records the reminder event of each vote closing within a day, once per phase (every quarter of an hour,
    by Celery beat). Idempotent (see `reminders.vote_reminders_record`), hence `acks_late`."""
    return reminders.vote_reminders_record()
