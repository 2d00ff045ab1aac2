"""Allocation rules: pabutools 1.2.x against Placette, on the same files, in the same run.

    .venv/bin/python bench/allocation.py [--files NAME ...] [--rules RULE ...] [--live-limit SECONDS]

For every real election of /work/shared/data/pabulib and every Placette rule it times the rule call alone
(parsing excluded, as in expected.json) for pabutools and for Placette, checks that both give the recorded
outcome, and prints one table row: file, rule, pabutools seconds, Placette seconds, ratio.

pabutools is run live only where its recorded time (expected.json ``time_s``) is under ``--live-limit``
(60 s by default); elsewhere the recorded time is used and the row says "recorded". Live pabutools runs the
way expected.json was made: ``equal-shares`` is ``method_of_equal_shares(Cost_Sat, voter_budget_increment=1)``
on ``profile.as_multiprofile()`` then the greedy completion. Times are wall-clock seconds, best of
``--repeat`` runs (pabutools: a single run when it needs more than a second). pabutools is a test-only
dependency (the dev group). Equal shares runs on its compiled kernel (loaded before any timing), or with
``--pure-python`` on the exact pure-Python engine it falls back to.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from budgets.allocation import RULES, mes_kernel  # noqa: E402
from budgets.allocation.pabulib import read_pabulib  # noqa: E402

DATA = Path(
    os.environ.get("PLACETTE_PABULIB_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data" / "pabulib"
)
# Placette rule -> key of expected.json
KEYS = {"greedy": "greedy_cost", "equal-shares": "mes_cost_add1_greedy", "equal-shares-plain": "mes_cost"}


def pabutools_rule(rule: str):
    """A function (instance, profile) -> set of project ids, as expected.json's reference ran it."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    if rule == "greedy":
        return lambda instance, profile: greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    if rule == "equal-shares-plain":
        return lambda instance, profile: method_of_equal_shares(instance, profile, sat_class=Cost_Sat)

    def add1_then_greedy(instance, profile):
        outcome = method_of_equal_shares(
            instance, profile.as_multiprofile(), sat_class=Cost_Sat, voter_budget_increment=1
        )
        if not instance.is_exhaustive(outcome):
            outcome = greedy_utilitarian_welfare(
                instance, profile, sat_class=Cost_Sat, initial_budget_allocation=outcome
            )
        return outcome

    return add1_then_greedy


def timed(function, repeat: int, single_above: float = 1.0):
    """(best wall time, result) over ``repeat`` calls; a single call when the first one takes longer than
    ``single_above`` seconds."""
    best, result = None, None
    for attempt in range(repeat):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        if attempt == 0 and elapsed > single_above:
            break
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", nargs="*", help="file names (default: every file of expected.json)")
    parser.add_argument("--rules", nargs="*", choices=sorted(RULES), help="rules (default: all)")
    parser.add_argument("--live-limit", type=float, default=60.0, help="run pabutools live below this")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument(
        "--pure-python", action="store_true", help="without the compiled kernel of equal shares (fallback)"
    )
    options = parser.parse_args(argv)
    if options.pure_python:
        mes_kernel._library, mes_kernel._load_tried = None, True
    # Loaded (and built if needed) before any timing: compiling is not part of a rule call.
    engine = "compiled kernel" if mes_kernel.load() is not None else "pure Python"

    expected = json.loads((DATA / "expected.json").read_text())
    files = options.files or sorted(name for name in expected if name != "_meta")
    rules = options.rules or ["greedy", "equal-shares", "equal-shares-plain"]
    try:
        from pabutools.election import parse_pabulib as pabutools_parse
    except ImportError:
        print("pabutools is not installed (dev group): every pabutools time below is the recorded one.")
        pabutools_parse = None

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"# Allocation: pabutools vs Placette ({time.strftime('%Y-%m-%d %H:%M')}, load average {load:.1f}, "
        f"{os.cpu_count()} CPUs; equal shares: {engine})"
    )
    print()
    print("| file | rule | pabutools s | | Placette s | ratio | outcome |")
    print("|---|---|---:|---|---:|---:|---|")
    failures = 0
    for name in files:
        election = read_pabulib(DATA / name)
        reference = pabutools_parse(str(DATA / name)) if pabutools_parse else None
        for rule in rules:
            recorded = expected[name]["rules"][KEYS[rule]]
            placette_s, outcome = timed(
                lambda rule=rule, election=election: RULES[rule](election), options.repeat
            )
            same = (
                set(outcome.selected) == set(recorded["selected"])
                and outcome.total_cost == recorded["total_cost"]
            )
            if reference is not None and recorded["time_s"] < options.live_limit:
                instance, profile = reference
                pabutools_s, allocation = timed(
                    lambda rule=rule, instance=instance, profile=profile: pabutools_rule(rule)(
                        instance, profile
                    ),
                    options.repeat,
                )
                same = same and {project.name for project in allocation} == set(outcome.selected)
                source = "live"
            else:
                pabutools_s, source = recorded["time_s"], "recorded"
            failures += not same
            ratio = pabutools_s / placette_s if placette_s > 0 else float("inf")
            print(
                f"| {name} | {rule} | {pabutools_s:.4f} | {source} | {placette_s:.4f} | {ratio:,.0f}x | "
                f"{'same' if same else 'DIFFERENT'} |",
                flush=True,
            )
    print()
    print(
        "ratio = pabutools seconds / Placette seconds; 'recorded' = expected.json time_s (pabutools 1.2.3 on "
        "a 2-core machine of this kind, +-30%), not run now."
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
