"""Open data exports at scale: streams the proposals as CSV, JSON and GeoJSON from a database of 250,000
proposals and prints time, rows per second and peak memory.

    .venv/bin/python bench/exports.py [--rows 250000] [--formats csv json geojson] [--database-url URL]

Without ``--database-url`` it works in a throwaway SQLite database in a temporary folder (migrated, filled
with ``bulk_create``, removed at the end); ``--database-url postgres://...`` runs against an empty
PostgreSQL database you provide (it is migrated and filled, and the rows stay). Each file is downloaded
through the real URL (``/open-data/proposals.<format>``, middleware included) and read to the end.

Two references are measured in the same run: reading the same rows from the database alone (the time the
export cannot beat, up to the noise of a shared machine), and the peak memory of holding every row in a list
(what a non-streaming export would need at least). Times are wall-clock seconds, best of ``--repeat`` runs;
peak memory is measured by tracemalloc in a separate run (tracemalloc slows Python down, so it is never in
the timed runs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MIB = 1024 * 1024


def setup_django(database_url: str | None, folder: Path) -> None:
    os.environ["PLACETTE_DEBUG"] = "true"  # manage.py's requirement; no DEBUG side effect is measured here
    os.environ["PLACETTE_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    # An existing folder: WhiteNoise would warn about a missing one.
    os.environ["PLACETTE_STATIC_ROOT"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    # DEBUG keeps every query in memory: not what a production export does.
    from django.conf import settings

    settings.DEBUG = False


def fill(rows: int) -> None:
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from tqdm import tqdm

    from participation.models import Area, Category, Phase, Process, Proposal, ProposalState, User

    call_command("migrate", verbosity=0)
    now = timezone.now()
    process = Process.objects.create(
        title="Banc d'essai", slug="banc-d-essai", summary="Bench", is_published=True
    )
    Phase.objects.create(
        process=process, kind="debate", start_at=now - timedelta(days=1), end_at=now + timedelta(days=10)
    )
    areas = [Area.objects.create(name=f"Village {n}", slug=f"village-{n}", position=n) for n in range(12)]
    categories = [Category.objects.create(name=f"Thème {n}", slug=f"theme-{n}") for n in range(6)]
    author = User.objects.create(email="bench@placette.localhost", display_name="Bench")
    batch = 5000
    with tqdm(total=rows, desc="proposals", unit="row") as progress:
        for start in range(0, rows, batch):
            count = min(batch, rows - start)
            Proposal.objects.bulk_create(
                [
                    Proposal(
                        process=process,
                        author=author,
                        title=f"Proposition n° {start + index} : un banc à l'ombre",
                        body="Un banc près de l'église, pour que les aînés puissent se reposer à l'ombre. "
                        * 2,
                        area=areas[(start + index) % len(areas)],
                        category=categories[(start + index) % len(categories)],
                        # Three proposals in four have a location.
                        latitude=(Decimal("50.2") + Decimal((start + index) % 9973) / 100000)
                        if (start + index) % 4
                        else None,
                        longitude=(Decimal("5.0") + Decimal((start + index) % 7919) / 100000)
                        if (start + index) % 4
                        else None,
                        state=ProposalState.IN_DEBATE,
                        supports_count=(start + index) % 31,
                    )
                    for index in range(count)
                ]
            )
            progress.update(count)


def best_time(function, repeat: int):
    best, result = None, None
    for _attempt in range(repeat):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def peak_memory(function) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument(
        "--formats", nargs="*", default=["csv", "json", "geojson"], choices=["csv", "json", "geojson"]
    )
    parser.add_argument("--database-url", help="an empty database to use instead of a throwaway SQLite")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many timed runs")
    options = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="placette-bench-exports-"))
    try:
        setup_django(options.database_url, folder)
        started = time.perf_counter()
        fill(options.rows)
        fill_s = time.perf_counter() - started

        from django.db import connection
        from django.test import Client

        from participation.opendata.datasets import proposal_rows

        client = Client()

        def download(url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return sum(len(chunk) for chunk in response.streaming_content)

        def read_rows():
            return sum(1 for _row in proposal_rows())

        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print()
        print(
            f"# Open data exports: {options.rows:,} proposals, {connection.vendor} "
            f"({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load average {load:.1f}, "
            f"{os.cpu_count()} CPUs; "
            f"database filled in {fill_s:.1f} s)"
        )
        print()
        read_s, counted = best_time(read_rows, options.repeat)
        read_peak = peak_memory(read_rows)
        list_peak = peak_memory(lambda: len(list(proposal_rows())))
        print(
            "| export | rows | MB written | seconds | rows/s | × reading the rows | peak MiB | "
            "peak vs a list of the rows |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        print(
            f"| reference: read the rows | {counted:,} | – | {read_s:.2f} | {counted / read_s:,.0f} | 1.0 | "
            f"{read_peak / MIB:.1f} | – |"
        )
        print(f"| reference: a list of the rows | {counted:,} | – | – | – | – | {list_peak / MIB:.1f} | 1 |")
        for extension in options.formats:
            url = f"/open-data/proposals.{extension}"
            download(url)  # warm-up: imports and caches
            seconds, size = best_time(lambda url=url: download(url), options.repeat)
            peak = peak_memory(lambda url=url: download(url))
            print(
                f"| {extension} | {counted:,} | {size / 1e6:.1f} | {seconds:.2f} | "
                f"{counted / seconds:,.0f} | "
                f"{seconds / read_s:.1f} | {peak / MIB:.1f} | 1/{list_peak / peak:.0f} |"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
