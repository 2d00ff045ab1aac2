"""The Method of Equal Shares (MES) with cost utilities: plain, and completed the way cities run it.

Outcomes are identical to pabutools 1.2.x with its default tie-breaking:
``method_of_equal_shares(sat_class=Cost_Sat)`` for ``equal_shares_plain``; for ``equal_shares``,
``method_of_equal_shares(sat_class=Cost_Sat, voter_budget_increment=1)`` then
``greedy_utilitarian_welfare(sat_class=Cost_Sat, initial_budget_allocation=...)``.
The runs themselves are in ``mes_kernel`` (compiled, fast) and ``mes_runs.py`` (the exact pure-Python engine
it falls back on); docs/allocation.md explains the rule in plain words and why the search for the add1
increment below gives pabutools' answer.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

from budgets.allocation import mes_kernel
from budgets.allocation.election import Election, Outcome
from budgets.allocation.greedy import greedy
from budgets.allocation.mes_runs import Prepared, Run, mes_run


def equal_shares_plain(election: Election) -> Outcome:
    """The Method of Equal Shares with cost utilities, no completion.

    Invariant: every voter, empty ballots included, starts with exactly budget / n; a funded project is paid
    in full by its supporters, each paying min(what it has left, rho * cost), so the total never exceeds the
    budget. Each round funds the affordable project with the smallest rho; exact ties go to the project whose
    id is smaller as a string ("13" before "3"). Projects that cost nothing or that nobody approved are never
    funded by this rule. Pure function.
    """
    prepared = Prepared(election)
    if prepared.n == 0:
        return Outcome.of(election, ())
    kernel = mes_kernel.kernel_for(prepared)
    run = kernel.run(0) if kernel is not None else None
    return Outcome.of(election, _funded(prepared, run or mes_run(prepared, 0)))


def equal_shares_add1(election: Election) -> Outcome:
    """MES with pabutools' "add1" completion (``voter_budget_increment=1``), before the greedy fill.

    Reference semantics: for k = 0, 1, 2, ... run MES with budget / n + k per voter (k in currency units);
    stop at the first k whose outcome costs more than the budget (answer: the outcome at k - 1) or is
    exhaustive (no project taking part in MES is left out that would still fit; answer: that outcome). Pure
    function.
    """
    prepared = Prepared(election)
    if prepared.n == 0:
        return Outcome.of(election, ())
    return Outcome.of(election, _funded(prepared, add1_search(prepared)[1]))


def equal_shares(election: Election) -> Outcome:
    """The Method of Equal Shares as cities run it: ``equal_shares_add1``, then greedy by votes.

    Invariant: the add1 outcome is kept whole; what is left of the budget is filled by going down the projects
    by votes (ties: id as a string) and funding each one that fits — projects nobody voted for included, as in
    pabutools. When the add1 outcome is already exhaustive the greedy step adds nothing. Pure function.
    """
    return greedy(election, initial=equal_shares_add1(election).selected)


def add1_increment(election: Election) -> int:
    """The per-voter increment k (currency units) whose outcome add1 keeps; for reports and tests."""
    prepared = Prepared(election)
    if prepared.n == 0:
        return 0
    return add1_search(prepared)[0]


def _funded(prepared: Prepared, run: Run | mes_kernel.KernelRun) -> list[str]:
    return [prepared.ids[q] for q in run.order]


def _verdict(prepared: Prepared, run: Run | mes_kernel.KernelRun) -> str:
    """ "over" (costs more than the budget), "exhaustive" (no project taking part left out that still fits) or
    "open"."""
    costs = prepared.costs
    total = sum(costs[q] for q in run.order)
    budget = prepared.election.budget
    if total > budget:
        return "over"
    funded = set(run.order)
    if all(q in funded or total + costs[q] > budget for q in range(len(costs))):
        return "exhaustive"
    return "open"


def _next_try(run: Run, candidate: Run, step: int) -> int:
    """A shorter step after a failed jump of ``step`` increments (a heuristic: any choice is correct). When
    the winners first differ in some round, guess where the new winner overtook the old one by interpolating
    the two rho gaps linearly, and try just before; otherwise halve."""
    diverge = next(
        (r for r, (a, b) in enumerate(zip(run.order, candidate.order, strict=False)) if a != b), None
    )
    if diverge is not None:
        old, new = run.order[diverge], candidate.order[diverge]
        before = run.seen.get((diverge, new))  # new's rho at the old start (a lower bound at worst)
        if before is None and diverge < len(run.lower_keys):
            before = run.lower_keys[diverge].get(new)
        after = candidate.seen.get((diverge, old))
        if before is not None and after is not None:
            gap_before = before - run.seen[diverge, old]
            gap_after = candidate.seen[diverge, new] - after
            if gap_before > 0 > gap_after:
                return max(1, min(step // 2, int(step * gap_before / (gap_before - gap_after))))
    return max(1, step // 2)


def add1_search(prepared: Prepared) -> tuple[int, Run | mes_kernel.KernelRun]:
    """The increment k and the run that pabutools' add1 loop returns, without running every k: with the
    compiled kernel when it is available (``add1_search_compiled``), else in pure Python
    (``add1_search_exact``). Both give the same answer."""
    kernel = mes_kernel.kernel_for(prepared)
    if kernel is not None:
        return add1_search_compiled(prepared, kernel)
    return add1_search_exact(prepared)


# Elections with at least this many (group, project) approvals run two increments at a time on two cores
# where the sequence of winners changes at almost every increment (each run then costs over a millisecond).
PARALLEL_APPROVALS = 20_000


def add1_search_compiled(prepared: Prepared, kernel: mes_kernel.Kernel) -> tuple[int, mes_kernel.KernelRun]:
    """``add1_search_exact``'s loop over the compiled runs: the same invariant and the same proof (every
    competitor's rho at k + step above the winner's at k, round after round, with the same winners and the
    same stop; or the slope certificate), checked by the kernel. A run the kernel cannot decide is a failed
    jump; at one increment it is computed by the exact engine instead.

    On large elections, where a jump would be a single increment, the runs at k + 1 and k + 2 are computed
    at the same time (two threads, two working memories of the kernel), both against the run at k: if the
    second proves the whole stretch the search jumps, otherwise both are looked at in turn as pabutools' loop
    would. Every run's winners are exact whatever its reference, so this changes the speed, not the answer.
    """
    approvals = len(prepared.group_flat)  # (group, project) pairs, without building the groups
    parallel = approvals >= PARALLEL_APPROVALS and (os.cpu_count() or 1) > 1 and kernel.lanes(2) == 2
    with ThreadPoolExecutor(max_workers=1) if parallel else nullcontext() as pool:
        return _compiled_loop(prepared, kernel, pool)


def _compiled_loop(prepared, kernel, pool) -> tuple[int, mes_kernel.KernelRun]:
    run = kernel.run(0) or mes_kernel.exact_run(kernel, 0)
    if _verdict(prepared, run) == "exhaustive":
        return 0, run
    k, step = 0, 1
    # Which jumps are tried is a heuristic (only the speed depends on it), as in add1_search_exact: a jump
    # that met a different sequence of winners sets a ceiling the next jumps stay below until k passes it,
    # and after a change of sequence the first jump is half the last stretch of proven increments.
    ceiling, stretch = None, 0
    while True:
        if ceiling is not None and k >= ceiling:
            ceiling = None
        if ceiling is not None and k + step >= ceiling:
            step = max(1, ceiling - k - 1)
        proven = len(run.order) + 1
        if pool is not None:
            # Two tries at once: the jump and the shorter one a failure would try next; k + 1 and k + 2 when
            # the jump would be short, both then looked at one after the other if neither proves a jump.
            near, far = (k + 1, k + 2) if step <= 3 else (k + step // 2, k + step)
            ahead = pool.submit(kernel.run, far, run, 1)
            # At k + 1 only the order matters when k + 2 is being proven: no proof, a fifth cheaper.
            tried = [(kernel.run(near, run, 0, near > k + 1), run), (ahead.result(), run)]
            if tried[1][0] is not None and tried[1][0].certified == proven:
                k, run, stretch, step = far, tried[1][0], stretch + far - k, 2 * (far - k)
                continue
            if tried[1][0] is None or tried[1][0].order != run.order:
                ceiling = far if ceiling is None else min(ceiling, far)
            if near > k + 1:
                if tried[0][0] is not None and tried[0][0].certified == proven:
                    k, run, stretch = near, tried[0][0], stretch + near - k
                else:
                    if tried[0][0] is None or tried[0][0].order != run.order:
                        ceiling = near if ceiling is None else min(ceiling, near)
                    step = max(1, (near - k) // 2)
                continue
        else:
            candidate = kernel.run(k + step, run)
            if candidate is not None and candidate.certified == proven:
                k, run, stretch, step = k + step, candidate, stretch + step, step * 2
                continue
            if step > 1:
                if candidate is None or candidate.order != run.order:
                    ceiling = k + step if ceiling is None else min(ceiling, k + step)
                step //= 2
                continue
            tried = [(candidate, run)]
        # One increment at a time, as pabutools' loop: over budget -> the answer is k, exhaustive -> k + 1.
        # A try's proof is about the run it was checked against: it counts only if that is still the current
        # one.
        for candidate, reference in tried:
            if candidate is not None and reference is run and candidate.certified == len(run.order) + 1:
                k, run, stretch = k + 1, candidate, stretch + 1  # proven the same run: still open
                continue
            if candidate is None:
                candidate = mes_kernel.exact_run(kernel, k + 1)
            verdict = _verdict(prepared, candidate)
            if verdict == "over":
                return k, run
            k, run, stretch = k + 1, candidate, 0
            if verdict == "exhaustive":
                return k, run
        step = max(1, stretch // 2)


def add1_search_exact(prepared: Prepared) -> tuple[int, Run]:
    """The increment k and the run that pabutools' add1 loop returns, without running every k, in pure Python.

    Invariant of the loop: every increment up to k is settled and none stops pabutools' loop (each has an
    outcome that fits in the budget and is not exhaustive), and ``run`` is a run whose outcome is the one at
    k. From k it tries to jump ``step`` increments at once: the run at k + step, checked against ``run``,
    proves (see ``mes_run``) that every start in between gives the very same run, hence the same "open"
    outcome — then all of them are skipped and the next jump is longer. When the proof fails the jump gets
    shorter; at one increment the run at k + 1 is simply the next outcome, checked as pabutools would: over
    budget -> answer k, exhaustive -> answer k + 1. Which jumps are tried only affects the speed.
    """
    run = mes_run(prepared, 0)
    if _verdict(prepared, run) == "exhaustive":
        return 0, run
    # An outcome at budget / n never costs more than the budget: the voters hold exactly the budget.
    k, step = 0, 1
    # A jump to `ceiling` found a different sequence of winners: the sequence changes before it, so longer
    # jumps are pointless until k passes it.
    ceiling = None
    # Proofs cost extra work and only pay off when they let the search jump: where the run changes at almost
    # every increment, stop trying them for a few increments.
    failures, pause = 0, 0
    # How far the last stretch of proven jumps went: the next stretch starts with a jump of half of it.
    stretch = 0
    while True:
        if ceiling is not None and k >= ceiling:
            ceiling = None
        if ceiling is not None and k + step >= ceiling:
            step = max(1, ceiling - k - 1)
        certify = pause == 0
        pause = max(0, pause - 1)
        candidate = mes_run(prepared, k + step, reference=run, certify=certify)
        if certify and step == 1:
            failures = 0 if candidate.certified == len(run.order) + 1 else failures + 1
            if failures >= 2:
                failures, pause = 0, 4
        if candidate.certified == len(run.order) + 1:
            k, run, stretch = k + step, candidate, stretch + step
            # Grow the jump, but not past where a close competitor seems about to overtake (a guess).
            step *= 2
            if candidate.room is not None:
                step = max(1, min(step, int(candidate.room * 0.9)))
            continue
        if step > 1:
            if candidate.order != run.order:
                ceiling = k + step if ceiling is None else min(ceiling, k + step)
            step = _next_try(run, candidate, step)
            continue
        verdict = _verdict(prepared, candidate)
        if verdict == "over":
            return k, run
        k, run, step, stretch = k + 1, candidate, max(1, stretch // 2), 0
        if verdict == "exhaustive":
            return k, run
