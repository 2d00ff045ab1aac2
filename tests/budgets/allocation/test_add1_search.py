"""The exact add1 search (``equal_shares.add1_search_exact`` over ``mes_runs.mes_run``) checked against the
plain definition: run MES for k = 0, 1, 2, ... until an outcome overspends or is exhaustive. Every range of
increments the search skipped as "provably the same run" is re-run one by one here, and must indeed give the
same run."""

import random

import pytest

from budgets.allocation import equal_shares, mes_runs
from budgets.allocation.election import Election, Project
from budgets.allocation.pabulib import read_pabulib
from tests.pabulib_data import PABULIB_DATA

from .random_elections import medium_election

DATA = PABULIB_DATA


def stepping(prepared):
    """pabutools' loop, one increment at a time, with fresh runs (no reference, nothing skipped)."""
    k, previous = 0, None
    while True:
        run = mes_runs.mes_run(prepared, k)
        verdict = equal_shares._verdict(prepared, run)
        if verdict == "over":
            return k - 1, previous.order
        if verdict == "exhaustive":
            return k, run.order
        previous, k = run, k + 1


def search_with_skips(prepared, monkeypatch):
    """The search's answer and the ranges (a, b] it skipped, with the run it claimed for them."""
    skipped = []
    original = mes_runs.mes_run

    def spy(prepared, increment, reference=None, certify=True):
        run = original(prepared, increment, reference, certify)
        if reference is not None and run.certified == len(reference.order) + 1:
            skipped.append((reference.increment, increment, list(reference.order)))
        return run

    monkeypatch.setattr(equal_shares, "mes_run", spy)
    k, run = equal_shares.add1_search_exact(prepared)
    return (k, run.order), skipped


def verify_skips(prepared, answer, skipped) -> int:
    """Every increment of every skipped range (a, b] gives the claimed order when run on its own, and the
    answer is stepping's; returns how many increments were skipped."""
    for start, end, order in skipped:
        for increment in range(start + 1, end):
            assert mes_runs.mes_run(prepared, increment).order == order, (start, end, increment)
    assert answer == stepping(prepared)
    return sum(end - start - 1 for start, end, _ in skipped)


def check_election(election, monkeypatch):
    prepared = mes_runs.Prepared(election)
    answer, skipped = search_with_skips(prepared, monkeypatch)
    return verify_skips(prepared, answer, skipped)


@pytest.mark.parametrize("seed", range(6))
def test_skipped_increments_really_give_the_same_run_on_random_elections(seed, monkeypatch):
    rng = random.Random(2000 + seed)
    skipped = sum(check_election(medium_election(rng), monkeypatch) for _ in range(25))
    assert skipped > 0  # the search did skip, so the check above checked something


# The real elections small enough to re-run every skipped increment one by one.
CHECKABLE = [
    "Netherlands_Assen_2024.pb",
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Switzerland_Zurich_D10.pb",
    "Netherlands_Amsterdam_179.pb",
    "Poland_Swiecie_2023.pb",
]


@pytest.mark.parametrize("name", CHECKABLE)
def test_skipped_increments_really_give_the_same_run_on_real_elections(name, monkeypatch):
    check_election(read_pabulib(DATA / name), monkeypatch)


def test_budgets_in_cents_are_searched_without_stepping_through_every_cent(monkeypatch):
    """Placette counts money in cents: add1 then moves one cent per voter at a time. The same election in
    cents (x100) needs 10,188 increments where it needed 102; the search still agrees with stepping."""
    election = read_pabulib(DATA / "Switzerland_Zurich_D10.pb")
    cents = Election(
        budget=election.budget * 100,
        projects={p: Project(p, project.cost * 100) for p, project in election.projects.items()},
        ballots=election.ballots,
    )
    runs = []
    original = mes_runs.mes_run

    def counting(*args, **kwargs):
        runs.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(equal_shares, "mes_run", counting)
    k, run = equal_shares.add1_search_exact(mes_runs.Prepared(cents))
    monkeypatch.undo()
    assert (k, run.order) == stepping(mes_runs.Prepared(cents))
    assert k == 10188
    assert len(runs) < 500


@pytest.mark.parametrize("seed", range(3))
def test_a_run_with_a_reference_is_the_run_without(seed):
    """The reference only speeds a run up (carried bounds, replay): the outcome, each round's rho and who was
    left with nothing are those of a fresh run."""
    rng = random.Random(3000 + seed)
    for _ in range(15):
        prepared = mes_runs.Prepared(medium_election(rng))
        if prepared.n == 0:
            continue
        reference = mes_runs.mes_run(prepared, rng.randint(0, 40))
        increment = reference.increment + rng.randint(1, 60)
        replayed = mes_runs.mes_run(prepared, increment, reference=reference)
        fresh = mes_runs.mes_run(prepared, increment)
        assert replayed.order == fresh.order
        assert replayed.rho == fresh.rho
        assert [sorted(groups) for groups in replayed.emptied] == [sorted(groups) for groups in fresh.emptied]
