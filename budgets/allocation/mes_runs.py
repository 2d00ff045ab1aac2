"""Exact, fast runs of the Method of Equal Shares (cost utilities) for ``equal_shares.py``.

What a run computes (pabutools' ``method_of_equal_shares(sat_class=Cost_Sat)`` with a given starting budget t
per voter): each voter starts with t; each round, for every project p not yet funded whose supporters still
hold at least cost(p), rho(p) is the smallest number such that the supporters can pay cost(p) when each pays
min(own budget, rho(p) * cost(p)); the project with the smallest rho is funded (exact ties: the smaller id as
a string) and its supporters pay that way; the run stops when no project is affordable. Projects with a zero
cost or without supporters never take part.

How it stays exact
------------------
Money is scaled by S = n * D * 2**SHIFT (D: common denominator of the budget and the costs), so the starting
budget and every cost are integers. The amount x_r that each supporter who can afford it pays in round r is
kept exactly, all rounds over one common denominator. A voter's budget is then either exactly 0 (it once paid
all it had) or t*S minus the x_r it paid. Each group of identical ballots also carries an integer A equal to
t*S minus the floors of those x_r: A is never below the exact budget and exceeds it by less than E, the number
of rounds so far. Sorting and the water-filling that finds rho run on these integers and give an interval
[lo, hi] that is guaranteed to contain the exact value; the exact rational is computed only where a decision
needs it (the round's winner; candidates whose intervals overlap). No floating-point number decides anything:
floats only order the candidates to look at first.

How it is fast across runs (the add1 search runs MES for many starting budgets)
-------------------------------------------------------------------------------
A run may be given the run at a smaller starting budget as a *reference*:

* Lower bounds carried over. If in some state a project q was found to need x >= lo with at least R voters
  paying the full share, then in any later state (any start t' >= t, any funded set) q needs at least
  lo - G / R, where G bounds what q's supporters can have gained: a voter's budget after paying for a set of
  projects is max(0, t - sum of the shares it was charged), whatever the order, so it gains at most
  (t' - t) plus, for each project funded in both states, how much less it is charged now, plus, for each
  project funded in the old state only, its old share. Such bounds let a run skip most competitors.
  Only the supporters that did not pay the full share in the old state count in G: the others' gains do not
  lower the share.
* Replay. While the new run funds the same projects in the same order as the reference, every budget is at
  least the reference's and every payment at most the reference's (a richer start lowers every payment), so
  a voter who pays all it has in the new run also did in the reference. The winner's water-filling therefore
  only looks at the reference's exhausted voters (plus voters the reference had exhausted earlier and the new
  run did not), all others certainly paying the full share. For the same reason a competitor's share in a
  replayed round is at most what it was in the reference (``Run.upper``, kept along the runs that replay that
  round), and its supporters whose budget reaches that bound pay the full share and need no sorting.

A run given a reference also checks whether every start between the two gives the very same run (see
``mes_run`` and ``_Slopes``): that is what lets the add1 search skip increments.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from itertools import accumulate, chain
from operator import mul

from budgets.allocation.election import Election, ProjectId

# Extra binary digits of precision of the integer budgets A: two exact amounts closer than about 2**-40 of a
# currency unit per voter are sent to the exact computation; farther ones are told apart at once.
SHIFT = 40
# Binary digits of the fixed-point rates of the slope certificate (rounded down: they are lower bounds).
RATE_SHIFT = 32
NEVER = 1 << 30  # death round of a group never left with nothing
# Floats only order the candidates: a float key above the bar's float by this factor is certainly above it
# (both are correctly rounded, so each is within 2**-52 of its exact value).
_MARGIN = 1 + 2.0**-40

Pair = tuple[int, int]  # a non-negative rational (numerator, denominator > 0)


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _less(a: Pair, b: Pair) -> bool:
    return a[0] * b[1] < b[0] * a[1]


class Prepared:
    """What does not change between runs: the projects that take part, indexed in the string order of their
    ids (so that "smaller index" is pabutools' tie-break), the groups of identical ballots, the money
    scale."""

    def __init__(self, election: Election):
        self.election = election
        self.n = len(election.ballots)
        # Identical ballots are counted once (a frozenset caches its hash): the work below is per distinct
        # ballot, not per voter.
        # Identical ballots are handled once (a frozenset caches its hash): the work is per distinct ballot.
        ballots = Counter(election.ballots)
        approved = frozenset().union(*ballots)
        self.ids: list[ProjectId] = sorted(
            project_id
            for project_id, project in election.projects.items()
            if project.cost > 0 and project_id in approved
        )
        index = {project_id: i for i, project_id in enumerate(self.ids)}
        if len(index) == len(approved):  # every approved project takes part: the groups are the ballots
            distinct = [ballot for ballot in ballots if ballot]
            self.mult: list[int] = [ballots[ballot] for ballot in distinct]
            # Each group's projects, one after the other (indices mapped in C, not ballot by ballot).
            self.group_flat: list[int] = list(map(index.__getitem__, chain.from_iterable(distinct)))
            self.group_sizes: list[int] = list(map(len, distinct))
        else:  # ballots that differ only by projects that cost nothing form one group
            groups: Counter[frozenset[int]] = Counter()
            for ballot, count in ballots.items():
                group = frozenset(index[p] for p in ballot if p in index)
                if group:
                    groups[group] += count
            self.mult = list(groups.values())
            self.group_flat = list(chain.from_iterable(groups))
            self.group_sizes = list(map(len, groups))
        self.costs = [Fraction(election.projects[p].cost) for p in self.ids]
        budget = Fraction(election.budget)
        denominator = math.lcm(budget.denominator, *(cost.denominator for cost in self.costs))
        self.scale = max(self.n, 1) * denominator << SHIFT
        self.cost_scaled = [int(cost * self.scale) for cost in self.costs]
        self.base = int(budget * denominator) << SHIFT  # t * S for t = budget / n
        self._overlaps: dict[int, list[int]] = {}

    @cached_property
    def group_projects(self) -> list[tuple[int, ...]]:
        """Per group of identical ballots, its projects."""
        flat, ends = self.group_flat, list(accumulate(self.group_sizes))
        return [tuple(flat[end - size : end]) for end, size in zip(ends, self.group_sizes, strict=True)]

    @cached_property
    def supporters(self) -> list[list[int]]:
        """Per project, its groups (in group order)."""
        supporters: list[list[int]] = [[] for _ in self.ids]
        appends = [groups.append for groups in supporters]
        for g, projects in enumerate(self.group_projects):
            for q in projects:
                appends[q](g)
        return supporters

    @cached_property
    def weight(self) -> list[int]:
        """Per project, the number of voters approving it."""
        mult = self.mult
        return [sum(map(mult.__getitem__, groups)) for groups in self.supporters]

    def start(self, increment: int) -> int:
        """t * S for t = budget / n + increment."""
        return self.base + increment * self.scale

    def overlap(self, p: int) -> list[int]:
        """Weight of the voters approving both p and q, for every q."""
        row = self._overlaps.get(p)
        if row is None:
            row = [0] * len(self.ids)
            mult, group_projects = self.mult, self.group_projects
            for g in self.supporters[p]:
                m = mult[g]
                for q in group_projects[g]:
                    row[q] += m
            self._overlaps[p] = row
        return row


@dataclass
class Record:
    """A lower bound learnt about project q: in the state of ``run`` after ``rounds`` rounds, q's share x was
    at least ``lo``, supporters of weight at least ``rich`` paid the full share and the others (those whose
    gains can lower the share) weighed at most ``poor``."""

    run: Run
    rounds: int
    lo: Pair
    rich: int
    poor: int
    # Filled on first use: per round before the record, the weight of q's poorer supporters that can have paid
    # that round's share, and the sum over those rounds of share (rounded up) times that weight.
    weights: list[int] | None = None
    old_gain: int = 0


@dataclass
class Run:
    """One run of MES from t = budget / n + increment (the fields after ``order`` serve later runs)."""

    increment: int
    start: int
    order: list[int] = field(default_factory=list)
    rho: list[Pair] = field(default_factory=list)  # exact rho of each round
    shares: list[Pair] = field(default_factory=list)  # exact share x of each round (scaled money)
    pay_floor: dict[int, int] = field(default_factory=dict)  # floor / ceil of each funded project's share
    pay_ceil: dict[int, int] = field(default_factory=dict)
    # Per round: the groups left with exactly nothing, their weight that paid in each earlier round, and the
    # weight of the winner's supporters that still had money.
    emptied: list[list[int]] = field(default_factory=list)
    emptied_counts: list[list[int]] = field(default_factory=list)
    alive_weight: list[int] = field(default_factory=list)
    death: list[int] = field(default_factory=list)  # per group: the round in which it was left with nothing
    # (round, project) -> an upper bound of the project's share x in that round. It holds for every run from a
    # richer start that funds the same projects in the same order up to that round (budgets only grow).
    upper: dict[tuple[int, int], Pair] = field(default_factory=dict)
    replayed: int = 0  # rounds funded exactly as in the reference (0 without one)
    round_of: dict[int, int] = field(default_factory=dict)  # funded project -> its round
    records: dict[int, list[Record]] = field(default_factory=dict)  # per project, by round
    # Rounds proven identical for every start between the reference's and this one (len(order) + 1: the
    # whole run including its stop).
    certified: int = 0
    # A guess (float, increments) of how much further the start can grow before a close competitor overtakes a
    # winner, from the rates of the slope certificate; None when no competitor was close. Only a heuristic for
    # choosing the next start to try: it never decides anything.
    room: float | None = None
    # (round, project) -> rho (a float, exact or a lower bound) of the projects looked at, and per round the
    # float lower bounds of all the others: also for the heuristic only.
    seen: dict[tuple[int, int], float] = field(default_factory=dict)
    lower_keys: list[dict[int, float]] = field(default_factory=list)


@dataclass
class _Estimate:
    """Water-filling of one project on the integer budgets A over ``order`` (sorted by A), plus
    ``fixed`` weight of supporters known to pay the full share. The exact x lies in [lo, hi]."""

    project: int
    order: list[int]
    values: list[int]
    prefix: list[int]
    weights_prefix: list[int]
    fixed: int
    lo: Pair
    hi: Pair | None
    exact: Pair | None = None
    emptied: list[int] | None = None
    emptied_counts: list[int] | None = None
    rich_weight: int = 0  # exact weight paying the full share (b >= x), once exact

    def total_weight(self) -> int:
        return self.weights_prefix[-1] + self.fixed

    def certain_rich(self, rounds: int) -> int:
        """Weight of the supporters that certainly pay the full share (A - E >= hi)."""
        if self.exact is not None and self.emptied is not None:
            return self.rich_weight
        if self.hi is None:
            return 0
        start = bisect_left(self.values, _ceil_div(self.hi[0], self.hi[1]) + rounds)
        return self.total_weight() - self.weights_prefix[start]


class _State:
    """The budgets during one run."""

    def __init__(self, prepared: Prepared, start: int):
        self.p = prepared
        self.start = start
        groups = len(prepared.mult)
        self.budget = [start] * groups  # the integer budgets A
        self.alive = [True] * groups  # False: exactly nothing left
        self.supporters = [list(s) for s in prepared.supporters]  # pruned of exhausted groups as we go
        self.round_of = [-1] * len(prepared.ids)
        self.numerators: list[int] = []  # x_r = numerators[r] / denominator, scaled money
        self.denominator = 1
        self.rounds = 0

    # -- estimates on the integer budgets ------------------------------------------------------------------
    def estimate(self, q: int) -> _Estimate | None:
        """Water-filling of q over all its supporters with money; None if they certainly cannot pay."""
        alive = self.alive
        supporters = [g for g in self.supporters[q] if alive[g]]
        self.supporters[q] = supporters
        if not supporters:
            return None
        estimate = self._water_fill(q, supporters, 0, check_total=True)
        if estimate is not None:
            # Kept sorted: the next sort of q's supporters starts from nearly sorted data (far fewer
            # comparisons).
            self.supporters[q] = estimate.order
        return estimate

    def estimate_below(self, q: int, threshold: int) -> _Estimate:
        """Water-filling of q, known affordable, when every supporter with A >= threshold is known to pay the
        full share."""
        alive, budget, mult = self.alive, self.budget, self.p.mult
        supporters = [g for g in self.supporters[q] if alive[g]]
        self.supporters[q] = supporters
        candidates = [g for g in supporters if budget[g] < threshold]
        fixed = sum(map(mult.__getitem__, supporters)) - sum(map(mult.__getitem__, candidates))
        return self._water_fill(q, candidates, fixed, check_total=False)

    def estimate_among(self, q: int, candidates: list[int], fixed: int) -> _Estimate:
        """Water-filling of q when every supporter outside ``candidates`` (weight ``fixed``) is known to pay
        the full share and q is known to be affordable."""
        return self._water_fill(q, candidates, fixed, check_total=False)

    def _water_fill(self, q: int, groups: list[int], fixed: int, check_total: bool) -> _Estimate | None:
        budget, mult = self.budget, self.p.mult
        cost = self.p.cost_scaled[q]
        order = sorted(groups, key=budget.__getitem__)
        values = [budget[g] for g in order]
        weights = [mult[g] for g in order]
        prefix = list(accumulate(map(mul, values, weights), initial=0))
        if check_total and prefix[-1] < cost:
            return None
        weights_prefix = list(accumulate(weights, initial=0))
        total = weights_prefix[-1] + fixed
        # h(j) = values[j] * (total - wprefix[j]) - (cost - prefix[j]) is non-decreasing in j; the groups
        # before the first j with h(j) >= 0 pay all they have (j = len: all candidates do, the fixed ones pay
        # the rest). With every candidate lowered by E the same h shifted by E * total applies.
        j = self._first(values, prefix, weights_prefix, total, cost, 0, fixed)
        lo = (cost - prefix[j], total - weights_prefix[j])
        slack = self.rounds * total
        hi = None
        if fixed or prefix[-1] - self.rounds * weights_prefix[-1] >= cost:
            j = self._first(values, prefix, weights_prefix, total, cost, slack, fixed)
            hi = (cost - prefix[j] + self.rounds * weights_prefix[j], total - weights_prefix[j])
        return _Estimate(q, order, values, prefix, weights_prefix, fixed, lo, hi)

    @staticmethod
    def _first(values, prefix, weights_prefix, total, cost, shift, fixed) -> int:
        low, high = 0, len(values) if fixed else len(values) - 1
        while low < high:
            middle = (low + high) // 2
            if values[middle] * (total - weights_prefix[middle]) - cost + prefix[middle] >= shift:
                high = middle
            else:
                low = middle + 1
        return low

    # -- exact values ----------------------------------------------------------------------------------------
    def counts(self, groups) -> list[int]:
        """Per earlier round, the weight of ``groups`` (all with money) that paid in that round."""
        per_round = [0] * self.rounds
        round_of, group_projects, mult = self.round_of, self.p.group_projects, self.p.mult
        for g in groups:
            m = mult[g]
            for q in group_projects[g]:
                r = round_of[q]
                if r >= 0:
                    per_round[r] += m
        return per_round

    def _left(self, g: int) -> int:
        """Exact budget of a group with money, as a numerator over the common denominator."""
        round_of, numerators = self.round_of, self.numerators
        return self.start * self.denominator - sum(
            numerators[round_of[q]] for q in self.p.group_projects[g] if round_of[q] >= 0
        )

    def make_exact(self, estimate: _Estimate, poor_counts=None) -> bool:
        """The exact share of the estimated project, who pays all it has, and the weight paying the full
        share. False when the project is in fact unaffordable. ``poor_counts(groups)``, if given, returns the
        ``counts`` of the certainly-exhausted groups faster (replay)."""
        if estimate.emptied is not None:
            return True
        values, order, weights_prefix = estimate.values, estimate.order, estimate.weights_prefix
        mult = self.p.mult
        cost = self.p.cost_scaled[estimate.project]
        lo, hi = estimate.lo, estimate.hi
        poor_end = bisect_left(values, _ceil_div(lo[0], lo[1]))  # A < lo: certainly pays all it has
        if hi is None:
            rich_start = len(values)
        else:  # A - E >= hi: certainly pays the full share
            rich_start = max(poor_end, bisect_left(values, _ceil_div(hi[0], hi[1]) + self.rounds))
        poor = order[:poor_end]
        per_round = poor_counts(poor) if poor_counts is not None else self.counts(poor)
        denominator = self.denominator
        poor_total = weights_prefix[poor_end] * self.start * denominator - sum(
            map(mul, per_round, self.numerators)
        )
        unsure = sorted((self._left(g), g) for g in order[poor_end:rich_start])
        need = cost * denominator - poor_total  # over the common denominator
        rich_weight = estimate.total_weight() - weights_prefix[poor_end]
        if hi is None and need > sum(left * mult[g] for left, g in unsure):
            return False
        cut = len(unsure)
        for i, (left, g) in enumerate(unsure):
            if left * rich_weight >= need:
                cut = i
                break
            need -= left * mult[g]
            rich_weight -= mult[g]
        if rich_weight <= 0:
            raise AssertionError("MES: an affordable project without a supporter paying the full share")
        x = (need, denominator * rich_weight)
        emptied = list(poor)
        extra = [g for _, g in unsure[:cut]]
        for left, g in unsure[cut:]:
            if left * x[1] <= x[0] * denominator:  # exactly its budget: left with nothing
                extra.append(g)
        if extra:
            emptied.extend(extra)
            per_round = list(map(sum, zip(per_round, self.counts(extra), strict=True)))
        estimate.exact, estimate.emptied, estimate.emptied_counts = x, emptied, per_round
        estimate.rich_weight = rich_weight
        return True

    def fund(self, estimate: _Estimate) -> Pair:
        """Charge the supporters of the winning project (exact estimate); returns the exact share x."""
        q = estimate.project
        need, denominator = estimate.exact
        share_floor = need // denominator
        budget, alive = self.budget, self.alive
        for g in estimate.emptied:
            alive[g] = False
            budget[g] = 0
        supporters = [g for g in self.supporters[q] if alive[g]]
        self.supporters[q] = supporters
        for g in supporters:
            budget[g] -= share_floor
        # Put the new share over the common denominator (need / (D * w) with D the current denominator).
        rich_weight = denominator // self.denominator
        factor = rich_weight // math.gcd(need, rich_weight)
        if factor != 1:
            self.numerators = [x * factor for x in self.numerators]
            self.denominator *= factor
        self.numerators.append(need * self.denominator // denominator)
        common = math.gcd(self.denominator, *self.numerators)
        if common > 1:
            self.numerators = [x // common for x in self.numerators]
            self.denominator //= common
        self.round_of[q] = self.rounds
        self.rounds += 1
        return need, denominator


class _Bounds:
    """Lower bounds of rho carried over from earlier runs (see the module docstring). For project q it tries
    the record of the latest round not after the current one, and the most recent record among those; G, the
    bound on what q's poorer supporters can have gained since, is brought up to date as this run funds
    projects."""

    def __init__(self, prepared: Prepared, start: int, records: dict[int, list[Record]]):
        self.p = prepared
        self.start = start
        self.records = records
        self.rounds_of = {q: [record.rounds for record in chain] for q, chain in records.items()}
        self.funded: list[tuple[int, int]] = []  # (project, floor of its share here), in funding order
        self.cache: dict[int, tuple[int, int]] = {}  # id(record) -> (funded projects counted, G)

    def bound(self, q: int, rounds: int) -> Pair | None:
        """A lower bound of rho(q) now (after ``rounds`` rounds of this run), or None."""
        chain = self.records.get(q)
        if not chain:
            return None
        last = max(0, bisect_right(self.rounds_of[q], rounds) - 1)
        best = self._bound(q, chain[last])
        freshest = max(chain[: last + 1], key=lambda record: record.run.start)
        if freshest is not chain[last]:
            other = self._bound(q, freshest)
            if other is not None and (best is None or _less(best, other)):
                best = other
        return best

    def _bound(self, q: int, record: Record) -> Pair | None:
        run, poor = record.run, record.poor
        if record.weights is None:
            overlap = self.p.overlap
            record.weights = [min(poor, overlap(p)[q]) for p in run.order[: record.rounds]]
            record.old_gain = sum(
                run.pay_ceil[p] * w for p, w in zip(run.order, record.weights, strict=False)
            )
        cached = self.cache.get(id(record))
        if cached is not None:
            done, gain = cached
        else:
            done, gain = 0, poor * (self.start - run.start) + record.old_gain
        weights, funded_round, pay_ceil = record.weights, run.round_of, run.pay_ceil
        for p, share_floor in self.funded[done:]:
            # p is funded here too: of its old share, only what exceeds the new one can have been gained.
            at = funded_round.get(p, NEVER)
            if at < record.rounds:
                gain -= min(pay_ceil[p], share_floor) * weights[at]
        self.cache[id(record)] = (len(self.funded), gain)
        lo_num, lo_den = record.lo
        numerator = lo_num * record.rich - gain * lo_den
        if numerator <= 0:
            return None
        return numerator, lo_den * record.rich * self.p.cost_scaled[q]


def mes_run(prepared: Prepared, increment: int, reference: Run | None = None, certify: bool = True) -> Run:
    """One run of MES with budget / n + increment per voter; the outcome does not depend on ``reference``.

    ``reference``: a run at a smaller increment. It speeds this one up (bounds, replay), and this run checks,
    round after round while its winners are the reference's, that no competitor could beat the reference's
    winner anywhere between the two starting budgets: rho of every project in every round is non-increasing in
    the starting budget along a fixed sequence of winners, so rho_q(here) > rho_p(reference) (or equal with
    q's id larger) covers every start in between. ``certified`` counts the rounds so proven (len(order) + 1
    when the stop is proven too).
    """
    start = prepared.start(increment)
    state = _State(prepared, start)
    costs = prepared.cost_scaled
    run = Run(increment, start)
    remaining = set(range(len(prepared.ids)))
    lower: dict[int, Pair] = {q: (1, prepared.weight[q]) for q in remaining}  # rho >= 1 / weight
    key: dict[int, float] = {q: 1 / prepared.weight[q] for q in remaining}
    carried = _Bounds(prepared, start, reference.records) if reference is not None else None
    if carried is not None:
        for q in remaining:
            bound = carried.bound(q, 0)
            if bound is not None and _less(lower[q], bound):
                lower[q], key[q] = bound, bound[0] / bound[1]
    replaying = reference is not None
    certifying = reference is not None and certify
    revived: set[int] = set()  # replay: groups with money here that the reference had exhausted by now
    slopes = _Slopes(prepared, start - reference.start) if reference is not None else None
    run.death = [NEVER] * len(prepared.mult)
    own_records: dict[int, list[Record]] = {}

    def record(estimate: _Estimate) -> None:
        x = estimate.exact or estimate.lo
        run.seen[state.rounds, estimate.project] = x[0] / (x[1] * costs[estimate.project])
        high = estimate.exact or estimate.hi
        if high is not None:
            run.upper[state.rounds, estimate.project] = high
        rich = estimate.certain_rich(state.rounds)
        if rich > 0:
            own_records.setdefault(estimate.project, []).append(
                Record(
                    run,
                    state.rounds,
                    estimate.exact or estimate.lo,
                    rich,
                    prepared.weight[estimate.project] - rich,
                )
            )

    while True:
        r = state.rounds
        threshold = reference.rho[r] if certifying and r < len(reference.order) else None
        hypothesis = None
        replay_counts = None
        if replaying and r < len(reference.order):
            p = reference.order[r]
            hypothesis, replay_counts = _replay_estimate(state, reference, r, p, revived)
            if not state.make_exact(hypothesis, replay_counts):
                raise AssertionError("MES replay: the reference's winner became unaffordable")
        best_hi = None if hypothesis is None else _rho(hypothesis.exact, costs[hypothesis.project])
        estimates: list[_Estimate] = [] if hypothesis is None else [hypothesis]
        bar = best_hi
        if threshold is not None and (bar is None or _less(bar, threshold)):
            bar = threshold
        bar_key = None if bar is None else bar[0] / bar[1] * _MARGIN
        for q in sorted(remaining, key=key.__getitem__):
            if bar_key is not None and key[q] > bar_key:
                break  # this lower bound, and all the following ones, are certainly above the bar
            if hypothesis is not None and q == hypothesis.project:
                continue
            if bar is not None:
                if _less(bar, lower[q]):
                    continue
                if carried is not None:
                    bound = carried.bound(q, r)
                    if bound is not None and _less(lower[q], bound):
                        lower[q], key[q] = bound, bound[0] / bound[1]
                        if _less(bar, bound):
                            continue
            high = reference.upper.get((r, q)) if replaying else None
            if high is not None:
                # Same funded projects, richer start: q is still affordable, its share is at most `high`, and
                # a supporter whose A - E reaches it certainly pays the full share: sort only the others.
                estimate = state.estimate_below(q, _ceil_div(high[0], high[1]) + state.rounds)
            else:
                estimate = state.estimate(q)
            if estimate is not None and estimate.hi is None and not state.make_exact(estimate):
                estimate = None
            if estimate is None:
                remaining.discard(q)
                continue
            lo = _rho(estimate.exact or estimate.lo, costs[q])
            if _less(lower[q], lo):
                lower[q], key[q] = lo, lo[0] / lo[1]
            estimates.append(estimate)
            hi = _rho(estimate.exact or estimate.hi, costs[q])
            if best_hi is None or _less(hi, best_hi):
                best_hi = hi
                if threshold is None or _less(threshold, best_hi):
                    bar = best_hi
                    bar_key = bar[0] / bar[1] * _MARGIN
        if not estimates:
            if certifying and r == len(reference.order):
                run.certified = r + 1  # the stop is the reference's too
            break
        contenders = [e for e in estimates if not _less(best_hi, _rho(e.exact or e.lo, costs[e.project]))]
        for estimate in contenders:
            state.make_exact(estimate)
        winner = contenders[0]
        for estimate in contenders[1:]:
            rho, best = (
                _rho(estimate.exact, costs[estimate.project]),
                _rho(winner.exact, costs[winner.project]),
            )
            if _less(rho, best) or (not _less(best, rho) and estimate.project < winner.project):
                winner = estimate  # smaller rho; on an exact tie, the smaller id as a string
        for estimate in estimates:
            record(estimate)
        if certifying:
            if threshold is not None and winner is hypothesis:
                state.make_exact(winner)
                slopes.add_round(state, reference, r, winner)
            if (
                threshold is not None
                and winner is hypothesis
                and _beats_none(state, estimates, winner, threshold, costs, slopes)
            ):
                run.certified = r + 1
                if slopes.room is not None:
                    run.room = slopes.room / prepared.scale
            else:
                certifying = False
        if winner is not hypothesis:
            replaying = False
        if replaying:
            run.replayed = r + 1
        state.make_exact(winner)
        p = winner.project
        if replaying:
            emptied = set(winner.emptied)
            revived.update(g for g in reference.emptied[r] if g not in emptied)
            revived.difference_update(emptied)
        run.alive_weight.append(winner.total_weight())
        run.lower_keys.append(dict(key))
        run.emptied.append(winner.emptied)
        run.emptied_counts.append(winner.emptied_counts)
        death = run.death
        for g in winner.emptied:
            death[g] = r
        x = state.fund(winner)
        run.shares.append(x)
        remaining.discard(p)
        run.round_of[p] = len(run.order)
        run.order.append(p)
        run.rho.append(_rho(x, costs[p]))
        run.pay_floor[p] = x[0] // x[1]
        run.pay_ceil[p] = _ceil_div(x[0], x[1])
        if carried is not None:
            carried.funded.append((p, run.pay_floor[p]))
    # Keep, per project and round, the most recent record: earlier runs fill the rounds this one skipped.
    if reference is not None:
        for q, inherited in reference.records.items():
            mine = own_records.get(q)
            if mine is None:
                own_records[q] = inherited
            else:
                by_round = {record.rounds: record for record in inherited}
                by_round.update((record.rounds, record) for record in mine)
                own_records[q] = [by_round[rounds] for rounds in sorted(by_round)]
    run.records = own_records
    if reference is not None:
        for key_, high in reference.upper.items():
            if key_[0] < run.replayed:
                run.upper.setdefault(key_, high)
    return run


def _rho(x: Pair, cost: int) -> Pair:
    return x[0], x[1] * cost


def _replay_estimate(state: _State, reference: Run, r: int, p: int, revived: set[int]):
    """Water-filling of the reference's round-r winner p, in a run that so far funded the same projects in the
    same order from a richer start: only the reference's exhausted groups and the revived ones can be
    exhausted here; every other supporter with money pays the full share."""
    group_projects = state.p.group_projects
    revived_here = [g for g in revived if p in group_projects[g]]
    base = reference.emptied[r]
    candidates = base + revived_here
    mult = state.p.mult
    fixed = reference.alive_weight[r] - sum(map(mult.__getitem__, base))
    estimate = state.estimate_among(p, candidates, fixed)
    base_counts = reference.emptied_counts[r]

    def poor_counts(poor: list[int]) -> list[int]:
        # counts(poor) = counts(base) - counts(base not poor) + counts(revived poor); groups with money before
        # round r paid in the same rounds in both runs.
        poor_set = set(poor)
        counts = list(base_counts)
        left_out = [g for g in base if g not in poor_set]
        if left_out:
            counts = [a - b for a, b in zip(counts, state.counts(left_out), strict=True)]
        added = [g for g in revived_here if g in poor_set]
        if added:
            counts = [a + b for a, b in zip(counts, state.counts(added), strict=True)]
        return counts

    return estimate, poor_counts


def _beats_none(state, estimates, winner, threshold, costs, slopes) -> bool:
    """True when no competitor looked at this round can beat the reference's winner p for any start between
    the reference's and this run's (those not looked at had a lower bound above the threshold already): either
    rho_q here > rho_p in the reference (or equal with q's id larger), or the slope certificate holds."""
    for estimate in estimates:
        q = estimate.project
        if q == winner.project:
            continue
        if _less(threshold, _rho(estimate.exact or estimate.lo, costs[q])):
            continue
        state.make_exact(estimate)
        exact = _rho(estimate.exact, costs[q])
        if _less(threshold, exact) or (not _less(exact, threshold) and q > winner.project):
            continue
        if not slopes.separates(state, estimate, winner, threshold):
            return False
    return True


class _Slopes:
    """The slope certificate, for a run at start t_b checked against its reference at t_a < t_b with the same
    winners so far (Delta = t_b - t_a, scaled money).

    For every start t in [t_a, t_b] and every voter that has money at t_a, its budget at t exceeds its budget
    at t_a by at least (t - t_a) plus the decrease, from t_a to t, of every share it paid; and falls short of
    its budget at t_b by at least (t_b - t) plus the increase, from t_b down to t, of those shares. Going
    through the rounds this gives, for each winner's share x_r, guaranteed linear rates: x_r(t) <= x_r(t_a) -
    right_r (t - t_a) and x_r(t) >= x_r(t_b) + left_r (t_b - t) (the voters paying all they have at t_b did so
    at t too, and every unit they gain lowers the share by at least 1 / (weight of the others)). For a
    competitor q, the same bound from its exhausted voters at t_b gives rho_q(t) >= rho_q(t_b) + left_q (t_b -
    t) / cost_q, while rho_p(t) <= rho_p(t_a) - right_p (t - t_a) / cost_p. Both sides are linear in t: q
    never beats p in between if it does not at the two ends. Rates are fixed-point integers rounded down,
    which only weakens them.
    """

    def __init__(self, prepared: Prepared, delta: int):
        self.p = prepared
        self.delta = delta
        self.right: list[int] = []
        self.left: list[int] = []
        self.room: float | None = None  # see Run.room, in scaled money

    def _numerator(self, groups: list[int], counts: list[int], rates: list[int]) -> int:
        mult = self.p.mult
        return (sum(map(mult.__getitem__, groups)) << RATE_SHIFT) + sum(map(mul, rates, counts))

    def add_round(self, state: _State, reference: Run, r: int, winner: _Estimate) -> None:
        if len(self.right) > r:
            return
        death = reference.death
        poor = [g for g in winner.emptied if death[g] >= r]  # exhausted here, with money in the reference
        counts = winner.emptied_counts
        if len(poor) != len(winner.emptied):
            revived = [g for g in winner.emptied if death[g] < r]
            counts = [a - b for a, b in zip(counts, state.counts(revived), strict=True)]
        weight = sum(map(self.p.mult.__getitem__, poor))
        x_a, x_b = reference.shares[r], winner.exact
        # What the share actually moved over [t_a, t_b] caps the right rate (the bound is only valid up to
        # it).
        cap = ((x_a[0] * x_b[1] - x_b[0] * x_a[1]) << RATE_SHIFT) // (x_a[1] * x_b[1] * self.delta)
        others = reference.alive_weight[r] - weight
        right = cap
        if others > 0:
            right = min(cap, self._numerator(poor, counts, self.right) // others)
        self.right.append(max(0, right))
        self.left.append(self._numerator(poor, counts, self.left) // winner.rich_weight)
        self.reference, self.round = reference, r

    def separates(self, state: _State, estimate: _Estimate, winner: _Estimate, threshold: Pair) -> bool:
        r = self.round
        death = self.reference.death
        poor = [g for g in estimate.emptied if death[g] >= r]
        left_q = self._numerator(poor, state.counts(poor), self.left[:r]) // estimate.rich_weight
        right_p = self.right[r]
        costs = self.p.cost_scaled
        cost_q, cost_p = costs[estimate.project], costs[winner.project]
        (xn, xd), (tn, td), delta, one = estimate.exact, threshold, self.delta, 1 << RATE_SHIFT
        strict = estimate.project < winner.project  # an exact tie would go to q
        # (1) at t_a: rho_q(t_b) + left_q * Delta / cost_q  vs  rho_p(t_a)
        lhs = (xn * one + left_q * delta * xd, xd * one * cost_q)
        # (2) at t_b: rho_q(t_b)  vs  rho_p(t_a) - right_p * Delta / cost_p
        rhs = (tn * one * cost_p - right_p * delta * td, td * one * cost_p)
        rho_q = _rho(estimate.exact, cost_q)
        if strict:
            separated = _less(threshold, lhs) and _less(rhs, rho_q)
        else:
            separated = not _less(lhs, threshold) and not _less(rho_q, rhs)
        if separated:
            # Heuristic only: where the gap would close if both kept moving at these rates.
            gap = xn / (xd * cost_q) - winner.exact[0] / (winner.exact[1] * cost_p)
            closing = (left_q / cost_q - right_p / cost_p) / one
            if closing > 0:
                room = gap / closing
                self.room = room if self.room is None else min(self.room, room)
        return separated
