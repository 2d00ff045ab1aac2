"""Publishing tasks from the web process without ever breaking a page.

A task is published only after the transaction that recorded its work commits (a rolled-back transaction
sends nothing) and a broker that is down is logged, not raised: the work stays in the database (an
undispatched event, a notification still "queued") and the sweeper (`sweeper.notifications_sweep`, every
minute on beat) publishes it again once the broker is back. Publishing fails fast (no retry, short socket
timeouts: `CELERY_TASK_PUBLISH_RETRY` and `CELERY_BROKER_TRANSPORT_OPTIONS` in the settings)."""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def publish(task, *args, **options) -> bool:
    """Sends `task(*args)` now; False (logged) when it could not be sent."""
    try:
        task.apply_async(args=args, **options)
    except Exception:  # noqa: BLE001 - any broker failure; the sweeper publishes the work again
        logger.warning("Could not publish %s%r; the sweeper will retry it", task.name, args, exc_info=True)
        return False
    return True


def publish_on_commit(task, *args, **options) -> None:
    """`publish` once the current transaction commits (right away outside a transaction)."""
    transaction.on_commit(partial(publish, task, *args, **options), robust=True)
