"""Seeded generators of small elections for cross-checks: ties, string-vs-number ids, fractional costs, empty
ballots, projects nobody approved or that cost nothing, and elections whose add1 search crosses many starting
budgets."""

from __future__ import annotations

import random
from fractions import Fraction

from budgets.allocation.election import Election

IDS = ["1", "2", "3", "10", "13", "21", "3a", "a", "b", "B", "x1", "x10", "x2"]
KINDS = ("small", "ties", "fraction", "grid")


def small_election(rng: random.Random, kind: str) -> Election:
    m = rng.randint(1, 7)
    ids = rng.sample(IDS, m)
    if kind == "small":
        costs = {p: rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10]) for p in ids}
        budget, n = rng.randint(0, 30), rng.randint(0, 9)
    elif kind == "ties":
        unit = rng.choice([2, 3, 6])
        costs = {p: rng.choice([unit, 2 * unit]) for p in ids}
        budget, n = rng.choice([unit, 2 * unit, 3 * unit, 5 * unit]), rng.randint(1, 8)
    elif kind == "fraction":
        costs = {p: Fraction(rng.randint(0, 40), rng.choice([1, 2, 4, 10])) for p in ids}
        budget, n = Fraction(rng.randint(1, 80), rng.choice([1, 2, 5])), rng.randint(1, 9)
    else:  # "grid": costs large against budget / n, so add1 tries many increments
        costs = {p: rng.randint(50, 600) for p in ids}
        budget, n = rng.randint(300, 1500), rng.randint(2, 12)
    ballots = [set(rng.sample(ids, min(rng.choice([0, 1, 1, 2, 2, 3, m]), m))) for _ in range(n)]
    return Election.from_approvals(budget, costs, ballots)


def medium_election(rng: random.Random) -> Election:
    """Tens of voters with uneven project popularity: add1 goes through hundreds of increments and the MES
    sequence changes many times on the way."""
    m = rng.randint(4, 10)
    ids = [str(i) for i in rng.sample(range(1, 40), m)]
    costs = {p: rng.randint(100, 2000) for p in ids}
    popularity = {p: rng.random() for p in ids}
    ballots = [{p for p in ids if rng.random() < popularity[p]} for _ in range(rng.randint(10, 60))]
    return Election.from_approvals(rng.randint(1500, 6000), costs, ballots)
