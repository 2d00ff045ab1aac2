"""Where the time of the add1 search goes: runs, distinct outcomes, cost per run (no pabutools needed).

    .venv/bin/python bench/add1_runs.py [--files NAME ...] [--cents]

For every real election of /work/shared/data/pabulib (or the files named) it prints one table row:

* ``k*``: the increment add1 keeps; ``increments``: the runs pabutools' loop performs (k* + 1 when the outcome
  at k* is exhaustive, k* + 2 when the run at k* + 1 overspends);
* ``search runs`` / ``search CPU s``: MES runs done by the exact pure-Python search
  (``equal_shares.add1_search_exact``) and its CPU time;
* ``compiled runs`` / ``compiled CPU s`` / ``compiled ms/run``: the same for the search the rules use when the
  kernel is built (``equal_shares.add1_search_compiled`` over ``mes_kernel``);
* ``orders`` / ``sets``: how many distinct sequences of funded projects, and distinct sets of funded projects,
  occur over those increments (each increment run once, fresh);
* ``stepping CPU s``: the plain loop, one run per increment, each run replaying the previous one, no proofs;
* ``ms/run``: the mean CPU cost of one of the search's runs;
* ``minimal float ms``: one fresh MES run written as plainly as possible in floating point (lazy
  re-evaluation, no exactness, no bookkeeping; it is not Placette's rule): a floor for a pure-Python run;
* ``commuting``: of the order changes between consecutive increments that keep the same set, how many only
  permute blocks of projects that commute (every voter approving two projects of a block can pay all of their
  shares in full, so the order inside the block cannot matter) — what a set-level proof could skip.

``--cents``: only the search the rules use (the kernel's, when built), on each election counted in cents as
Placette stores budgets (a hundred times more increments): k*, its runs, wall-clock and CPU seconds.

CPU seconds (``time.process_time``): less sensitive than wall-clock time to the other jobs of a shared
machine. Counting distinct orders runs every increment once: Mokotów alone takes over a minute of CPU, the
other files a few seconds together.
"""

from __future__ import annotations

import argparse
import heapq
import os
import sys
import time
from fractions import Fraction
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from budgets.allocation import equal_shares, mes_kernel, mes_runs  # noqa: E402
from budgets.allocation.election import Election, Project  # noqa: E402
from budgets.allocation.pabulib import read_pabulib  # noqa: E402

DATA = Path(
    os.environ.get("PLACETTE_PABULIB_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "pabulib"
)


def commuting(prepared: mes_runs.Prepared, a: mes_runs.Run, b: mes_runs.Run) -> bool:
    """True when b's order is a's with the projects permuted inside consecutive blocks (same prefix sets at
    block ends) and, in a, every group approving two or more projects of a block still held, when the block
    started, at least the sum of their shares."""
    blocks, start, seen_a, seen_b = [], 0, set(), set()
    for i, (p, q) in enumerate(zip(a.order, b.order, strict=True)):
        seen_a.add(p)
        seen_b.add(q)
        if seen_a == seen_b:
            blocks.append((start, i + 1))
            start = i + 1
    round_of = {p: r for r, p in enumerate(a.order)}
    shares = [Fraction(*share) for share in a.shares]
    for first, end in blocks:
        if end - first < 2:
            continue
        members = set(a.order[first:end])
        approvals: dict[int, int] = {}
        for p in members:
            for g in prepared.supporters[p]:
                approvals[g] = approvals.get(g, 0) + 1
        for g, count in approvals.items():
            if count < 2:
                continue
            if a.death[g] < first:
                return False
            projects = prepared.group_projects[g]
            left = a.start - sum(shares[round_of[p]] for p in projects if round_of.get(p, first) < first)
            if left < sum(shares[round_of[p]] for p in projects if p in members):
                return False
    return True


def minimal_float_run(prepared: mes_runs.Prepared, increment: int) -> list[int]:
    """MES at budget / n + increment per voter in floats, candidates re-evaluated lazily from a heap."""
    start = float(prepared.election.budget) / prepared.n + increment
    mult, supporters = prepared.mult, prepared.supporters
    budget = [start] * len(mult)
    costs = [float(cost) for cost in prepared.costs]
    heap = [(1.0 / weight, q) for q, weight in enumerate(prepared.weight)]
    heapq.heapify(heap)
    order = []
    while heap:
        _, q = heapq.heappop(heap)
        cost, paid, rho = costs[q], 0.0, None
        weight = sum(mult[g] for g in supporters[q])
        for g in sorted(supporters[q], key=budget.__getitem__):
            if budget[g] * weight >= cost - paid:
                rho = (cost - paid) / weight / cost
                break
            paid += budget[g] * mult[g]
            weight -= mult[g]
        if rho is None:
            continue  # unaffordable
        if heap and (rho, q) > heap[0]:
            heapq.heappush(heap, (rho, q))
            continue
        share = rho * cost
        for g in supporters[q]:
            budget[g] = max(0.0, budget[g] - share)
        order.append(q)
    return order


def measure(name: str) -> dict:
    election = read_pabulib(DATA / name)
    counted = []
    original = mes_runs.mes_run

    def counting(*args, **kwargs):
        counted.append(1)
        return original(*args, **kwargs)

    equal_shares.mes_run = counting
    try:
        prepared = mes_runs.Prepared(election)
        started = time.process_time()
        k, _run = equal_shares.add1_search_exact(prepared)
        search_s = time.process_time() - started
    finally:
        equal_shares.mes_run = original

    # The same search on the compiled kernel (what the rules use when it is built), its runs counted.
    prepared = mes_runs.Prepared(election)
    kernel = mes_kernel.kernel_for(prepared)
    compiled_runs, compiled_s = None, None
    if kernel is not None:
        kernel_run = kernel.run
        calls = []

        def counting_kernel(*args):
            calls.append(1)
            return kernel_run(*args)

        kernel.run = counting_kernel
        started = time.process_time()
        compiled_k, _ = equal_shares.add1_search_compiled(prepared, kernel)
        compiled_s = time.process_time() - started
        compiled_runs = len(calls)
        assert compiled_k == k

    prepared = mes_runs.Prepared(election)
    started = time.process_time()
    run = mes_runs.mes_run(prepared, 0)
    for increment in range(1, k + 1):
        run = mes_runs.mes_run(prepared, increment, reference=run, certify=False)
    stepping_s = time.process_time() - started

    started = time.process_time()
    for increment in range(10):
        minimal_float_run(prepared, increment)
    minimal_ms = 100 * (time.process_time() - started)

    last = mes_runs.mes_run(prepared, k)
    increments = k + 1 if equal_shares._verdict(prepared, last) == "exhaustive" else k + 2
    runs = [mes_runs.mes_run(prepared, increment) for increment in range(increments)]
    changes = [(a, b) for a, b in zip(runs, runs[1:], strict=False) if a.order != b.order]
    same_set = [(a, b) for a, b in changes if sorted(a.order) == sorted(b.order)]
    return {
        "file": name.removesuffix(".pb"),
        "k": k,
        "increments": increments,
        "search_runs": len(counted),
        "search_s": search_s,
        "orders": len({tuple(r.order) for r in runs}),
        "sets": len({frozenset(r.order) for r in runs}),
        "stepping_s": stepping_s,
        "ms_per_run": 1000 * search_s / len(counted),
        "compiled_runs": compiled_runs,
        "compiled_s": compiled_s,
        "minimal_ms": minimal_ms,
        "same_set_changes": len(same_set),
        "commuting": sum(commuting(prepared, a, b) for a, b in same_set),
    }


def in_cents(election: Election) -> Election:
    """The same election with its budget and costs counted in cents (× 100), as Placette stores them."""
    return Election(
        budget=election.budget * 100,
        projects={p: Project(p, project.cost * 100) for p, project in election.projects.items()},
        ballots=election.ballots,
    )


def measure_cents(name: str) -> dict:
    """The search the rules use, on the election in cents: k*, runs, wall-clock and CPU seconds."""
    prepared = mes_runs.Prepared(in_cents(read_pabulib(DATA / name)))
    kernel = mes_kernel.kernel_for(prepared)
    calls = []
    if kernel is not None:
        kernel_run = kernel.run

        def counting_kernel(*args):
            calls.append(1)
            return kernel_run(*args)

        kernel.run = counting_kernel
    wall, cpu = time.perf_counter(), time.process_time()
    k, run = equal_shares.add1_search(prepared)
    exhaustive = equal_shares._verdict(prepared, run) == "exhaustive"
    return {
        "file": name.removesuffix(".pb"),
        "k": k,
        "increments": k + 1 if exhaustive else k + 2,
        "runs": len(calls),
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", nargs="*", help="file names (default: every .pb file)")
    parser.add_argument("--cents", action="store_true", help="only the rules' search, budgets in cents")
    options = parser.parse_args(argv)
    files = options.files or sorted(path.name for path in DATA.glob("*.pb"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    if options.cents:
        print(f"# add1 in cents ({time.strftime('%Y-%m-%d %H:%M')}, load average {load:.1f})")
        print()
        print("| file (costs and budget × 100) | increments pabutools would run | runs | wall s | CPU s |")
        print("|---|---:|---:|---:|---:|")
        for name in files:
            row = measure_cents(name if name.endswith(".pb") else name + ".pb")
            print(
                f"| {row['file']} | {row['increments']:,} | {row['runs']:,} | "
                f"{row['wall_s']:.3f} | {row['cpu_s']:.3f} |",
                flush=True,
            )
        return 0
    print(f"# add1: runs and distinct outcomes ({time.strftime('%Y-%m-%d %H:%M')}, load average {load:.1f})")
    print()
    print(
        "| file | k* | increments | search runs | search CPU s | ms/run | minimal float ms | orders | sets "
        "| stepping CPU s | commuting | compiled runs | compiled CPU s | compiled ms/run |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in files:
        row = measure(name if name.endswith(".pb") else name + ".pb")
        print(
            f"| {row['file']} | {row['k']} | {row['increments']} | {row['search_runs']} | "
            f"{row['search_s']:.3f} | {row['ms_per_run']:.2f} | {row['minimal_ms']:.2f} | {row['orders']} | "
            f"{row['sets']} | "
            f"{row['stepping_s']:.3f} | {row['commuting']} of {row['same_set_changes']} | "
            + (
                f"{row['compiled_runs']} | {row['compiled_s']:.3f} | "
                f"{1000 * row['compiled_s'] / row['compiled_runs']:.2f} |"
                if row["compiled_runs"]
                else "– | – | – |"
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
