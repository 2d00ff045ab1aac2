"""Celery tasks: thin wrappers that call one service. Scheduled in `config/celery.py`."""

from celery import shared_task

from .services import phases


@shared_task(name="participation.tasks.advance_all_processes", acks_late=True, ignore_result=True)
def advance_all_processes() -> dict:
    """Applies the phase openings and closings the clock has reached (every minute, by Celery beat).
    Idempotent (see `phases.process_advance`), hence `acks_late`: a run lost with its worker is simply
    redone."""
    return phases.advance_all_processes()
