"""Running calls at the same instant from many threads, each with its own database connection (PostgreSQL)."""

import threading
from collections import Counter

from django.db import connection


def run_at_once(calls, *, timeout: float = 180) -> Counter:
    """Runs every call in its own thread, all released together by a barrier; returns how many ended with each
    outcome ("ok" or the exception's class name)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(call):
        try:
            barrier.wait(timeout=60)
            call()
            outcome = "ok"
        except Exception as error:  # noqa: BLE001 - every outcome is counted and asserted
            outcome = type(error).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert len(outcomes) == len(calls)
    return Counter(outcomes)
