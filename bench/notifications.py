"""Notifications: fan-out and digest throughput, with the locmem e-mail backend.

    .venv/bin/python bench/notifications.py                      # 10,000 followers, 1,000 digests (< 1 min)
    .venv/bin/python bench/notifications.py --large              # 100,000 digest subscribers
    .venv/bin/python bench/notifications.py --followers 50000 --subscribers 20000
    .venv/bin/python bench/notifications.py --database-url postgres://...   # an EMPTY database of your own

It creates a throwaway SQLite database in a temporary folder (or migrates the empty database you name), then:

- fan-out: one proposal transition with N followers, run batch after batch as the worker would
  (`fan_out_event_batch`, PLACETTE_NOTIFICATION_BATCH_SIZE recipients each), and — as the reference, in the
  same run — the naive way (one INSERT and one counter UPDATE per follower) on a tenth of them;
- digests: N subscribers with two pending notifications each, every daily digest sent (`digest_send_batch`,
  keyset batches), e-mails to Django's locmem backend (emptied after each batch, as a real SMTP server would
  take them); it prints e-mails per second and the growth of the process's peak memory (ru_maxrss) during
  the run, which stays flat as N grows.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def configure(database_url: str | None) -> None:
    # The throwaway database lives in memory when the machine has a tmpfs (measure the code, not the disk).
    shm = Path("/dev/shm")
    folder = tempfile.mkdtemp(prefix="placette-bench-", dir=shm if shm.is_dir() else None)
    os.environ["PLACETTE_DEBUG"] = "false"
    os.environ.setdefault("PLACETTE_SECRET_KEY", "placette-bench-key-not-secret")
    os.environ["PLACETTE_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ["PLACETTE_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_users(count: int, tag: str):
    from participation.models import User

    users = []
    for start in range(0, count, 5000):
        users += User.objects.bulk_create(
            User(
                email=f"{tag}-{index}@example.org",
                display_name=f"Habitant {index}",
                password="!",
                email_verified=True,
            )
            for index in range(start, min(start + 5000, count))
        )
    return users


def make_proposal(tag: str):
    from django.utils import timezone

    from participation.models import Area, Process, Proposal, User

    author = User.objects.create(email=f"author-{tag}@example.org", display_name="Autrice", password="!")
    process = Process.objects.create(title=f"Budget {tag}", slug=f"budget-{tag}", is_published=True)
    area, _created = Area.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    return Proposal.objects.create(
        process=process,
        author=author,
        title=f"Un banc public {tag}",
        body="Un banc.",
        area=area,
        submitted_at=timezone.now(),
    )


def bench_fan_out(followers: int) -> list[tuple[str, int, float]]:
    from django.db import transaction
    from django.db.models import F

    from participation.models import DomainEvent, EventKind, Follow, Notification, User
    from participation.notifications import fanout

    fanout.publish_on_commit = lambda *args, **kwargs: None  # the bench runs the batches itself
    proposal = make_proposal("fanout")
    Follow.objects.bulk_create(
        (Follow(user=user, proposal=proposal) for user in make_users(followers, "follower")), batch_size=5000
    )
    event = DomainEvent.objects.create(
        kind=EventKind.PROPOSAL_TRANSITION,
        proposal=proposal,
        process=proposal.process,
        payload={"to": "in_debate"},
    )
    started, cpu = time.perf_counter(), time.process_time()
    batches = 0
    while not fanout.fan_out_event_batch(event_id=event.pk).done:
        batches += 1
    batched, batched_cpu = time.perf_counter() - started, time.process_time() - cpu
    created = Notification.objects.filter(event=event).count()

    naive_count = max(followers // 10, 1)
    naive_event = DomainEvent.objects.create(
        kind=EventKind.PROPOSAL_TRANSITION,
        proposal=proposal,
        process=proposal.process,
        payload={"to": "accepted"},
    )
    ids = list(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True)[:naive_count])
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        for user_id in ids:
            Notification.objects.create(
                recipient_id=user_id,
                event=naive_event,
                topic="followed",
                email_frequency="daily",
                email_state="pending",
            )
            User.objects.filter(pk=user_id).update(unread_notifications=F("unread_notifications") + 1)
    naive, naive_cpu = time.perf_counter() - started, time.process_time() - cpu
    return [
        (
            f"fan-out, batches of {fanout.settings.PLACETTE_NOTIFICATION_BATCH_SIZE} ({batches + 1} runs)",
            created,
            created / batched,
            created / batched_cpu,
        ),
        (
            "fan-out, naive: one INSERT + one UPDATE per follower (reference)",
            naive_count,
            naive_count / naive,
            naive_count / naive_cpu,
        ),
    ]


def bench_digests(subscribers: int) -> tuple[tuple[str, int, float], float]:
    from django.core import mail

    from participation.models import DomainEvent, EventKind, Notification
    from participation.notifications import digests

    proposal = make_proposal("digest")
    events = [
        DomainEvent.objects.create(
            kind=EventKind.PROPOSAL_TRANSITION,
            proposal=proposal,
            process=proposal.process,
            payload={"to": state},
            dispatched_at=proposal.created_at,
        )
        for state in ("in_debate", "accepted")
    ]
    users = make_users(subscribers, "subscriber")
    for start in range(0, len(users), 2500):
        Notification.objects.bulk_create(
            Notification(
                recipient=user, event=event, topic="followed", email_frequency="daily", email_state="pending"
            )
            for user in users[start : start + 2500]
            for event in events
        )
    del users
    # Only the subscribers' rows wait for this digest (not the fan-out's followers).
    Notification.objects.exclude(event__in=events).filter(email_state="pending").update(email_state="skipped")
    mail.outbox = []
    rss_before = max_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    cursor, sent = 0, 0
    while cursor is not None:
        cursor = digests.digest_send_batch(frequency="daily", after=cursor)
        sent += len(mail.outbox)
        mail.outbox.clear()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return (
        f"daily digests, batches of {digests.DIGEST_BATCH_SIZE} recipients",
        sent,
        sent / elapsed,
        sent / cpu,
    ), max_rss_mb() - rss_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--subscribers", type=int, default=1_000)
    parser.add_argument("--large", action="store_true", help="100,000 digest subscribers")
    parser.add_argument("--database-url", help="an empty database to use instead of a throwaway SQLite")
    options = parser.parse_args()
    subscribers = 100_000 if options.large else options.subscribers
    configure(options.database_url)
    from django.db import connection

    print(
        f"database: {connection.vendor}; load average: {os.getloadavg()[0]:.1f}; "
        f"Python {sys.version.split()[0]}"
    )
    rows = bench_fan_out(options.followers)
    digest_row, rss_growth = bench_digests(subscribers)
    rows.append(digest_row)
    print()
    print("| what | count | per second (wall) | per CPU second |")
    print("|---|---:|---:|---:|")
    for what, count, rate, cpu_rate in rows:
        print(f"| {what} | {count:,} | {rate:,.0f} | {cpu_rate:,.0f} |")
    print()
    print(
        f"fan-out speed-up over the naive way: {rows[0][2] / rows[1][2]:.1f}x (wall), "
        f"{rows[0][3] / rows[1][3]:.1f}x (CPU)"
    )
    print(f"peak memory growth while sending {digest_row[1]:,} digests: {rss_growth:.1f} MB")


if __name__ == "__main__":
    main()
