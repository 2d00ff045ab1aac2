"""The Celery application and the one beat schedule of Placette."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("placette")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Opening or closing a phase has consequences (submitted proposals enter debate...); the service is
    # idempotent, so running it every minute only catches up with the clock.
    "advance-processes": {"task": "participation.tasks.advance_all_processes", "schedule": crontab()},
    # Accepted proposals go on the ballot when the vote opens; a closed vote is counted once (idempotent).
    "advance-budgets": {"task": "budgets.tasks.advance_all_budgets", "schedule": crontab()},
    # The outbox sweeper: fan-outs and e-mails that a broker outage or a dead worker left behind.
    "sweep-notifications": {"task": "participation.tasks.sweep_notifications", "schedule": crontab()},
    # Digests, in the morning of the site's time zone (CELERY_TIMEZONE): daily, and weekly on Mondays.
    "daily-digests": {
        "task": "participation.tasks.send_digests",
        "schedule": crontab(minute=0, hour=7),
        "args": ("daily",),
    },
    "weekly-digests": {
        "task": "participation.tasks.send_digests",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
        "args": ("weekly",),
    },
    # Superseded and orphaned PDF reports (and their files), at night.
    "prune-pdf-reports": {
        "task": "participation.tasks.prune_pdf_reports",
        "schedule": crontab(minute=30, hour=3),
    },
    # Reminders to people who have not voted yet, once per vote phase, the day before it closes.
    "remind-closing-votes": {
        "task": "budgets.tasks.remind_closing_votes",
        "schedule": crontab(minute="*/15"),
    },
}
