"""The compiled kernel of equal shares (``mes_kernel``) against the exact pure-Python engine (``mes_runs``).

The kernel decides on integer intervals and must refuse (None) whatever it cannot prove, so: every run it
decides funds exactly the exact engine's projects in the same order; every range of increments its search
skipped as "provably the same run" really gives that run at every increment (re-run one by one here); and its
answer is pabutools' loop stepped one increment at a time. Real elections, random ones (full of exact ties),
budgets in cents, runs refused on purpose, and the pure-Python fallback are all covered."""

import random

import pytest

from budgets.allocation import equal_shares, mes_kernel, mes_runs
from budgets.allocation.election import Election, Project
from budgets.allocation.pabulib import read_pabulib
from tests.pabulib_data import PABULIB_DATA

from .random_elections import KINDS, medium_election, small_election
from .test_add1_search import CHECKABLE, stepping, verify_skips

DATA = PABULIB_DATA
LANES_USED: set[int] = set()
REAL = sorted(path.name for path in DATA.glob("*.pb"))


@pytest.fixture(autouse=True)
def compiled():
    library = mes_kernel.load()
    assert library is not None, "the kernel must build here (gcc is a test requirement)"
    return library


def kernel_of(election):
    prepared = mes_runs.Prepared(election)
    return prepared, mes_kernel.kernel_for(prepared)


def in_cents(election: Election) -> Election:
    return Election(
        budget=election.budget * 100,
        projects={p: Project(p, project.cost * 100) for p, project in election.projects.items()},
        ballots=election.ballots,
    )


@pytest.mark.parametrize("name", REAL)
def test_every_decided_run_is_the_exact_run_on_real_elections(name):
    prepared, kernel = kernel_of(read_pabulib(DATA / name))
    decided = 0
    for increment in (0, 1, 2, 3, 10, 57, 150, 400):
        run = kernel.run(increment)
        if run is not None:
            decided += 1
            assert run.order == mes_runs.mes_run(prepared, increment).order, increment
    assert decided == 8  # real elections have no near-tie the kernel cannot settle


@pytest.mark.parametrize("kind", KINDS)
def test_every_decided_run_is_the_exact_run_on_random_elections(kind):
    rng = random.Random(f"kernel-{kind}")
    decided = refused = 0
    for _ in range(150):
        election = small_election(rng, kind)
        prepared = mes_runs.Prepared(election)
        if prepared.n == 0:
            continue
        kernel = mes_kernel.kernel_for(prepared)
        if kernel is None:
            continue
        for increment in (0, 1, 4):
            run = kernel.run(increment)
            if run is None:
                refused += 1
                continue
            decided += 1
            assert run.order == mes_runs.mes_run(prepared, increment).order
    assert decided > 200
    assert refused < decided  # exact ties are decided exactly, not refused wholesale


def skipped_by_compiled_search(prepared, kernel, monkeypatch, refuse_every=0):
    """The compiled search's answer and the ranges (a, b] it skipped, with the order it claimed for them;
    with ``refuse_every`` = n, every n-th kernel run is refused as if undecidable."""
    skipped, calls = [], [0]
    original = mes_kernel.Kernel.run

    def spy(self, increment, reference=None, lane=0, certify=True):
        calls[0] += 1
        LANES_USED.add(lane)
        if refuse_every and calls[0] % refuse_every == 0:
            return None
        run = original(self, increment, reference, lane, certify)
        if run is not None and reference is not None and run.certified == len(reference.order) + 1:
            skipped.append((reference.increment, increment, list(reference.order)))
        return run

    monkeypatch.setattr(mes_kernel.Kernel, "run", spy)
    k, run = equal_shares.add1_search_compiled(prepared, kernel)
    monkeypatch.undo()
    return (k, run.order), skipped, calls[0]


def check_compiled_search(election, monkeypatch, refuse_every=0):
    prepared, kernel = kernel_of(election)
    if kernel is None:
        return 0
    answer, skipped, _ = skipped_by_compiled_search(prepared, kernel, monkeypatch, refuse_every)
    return verify_skips(prepared, answer, skipped)


@pytest.mark.parametrize("seed", range(6))
def test_the_compiled_search_skips_only_increments_that_give_the_same_run(seed, monkeypatch):
    rng = random.Random(7000 + seed)
    skipped = sum(check_compiled_search(medium_election(rng), monkeypatch) for _ in range(25))
    assert skipped > 0  # the search did skip, so the check above checked something


@pytest.mark.parametrize("name", CHECKABLE)
def test_the_compiled_search_skips_soundly_on_real_elections(name, monkeypatch):
    assert check_compiled_search(read_pabulib(DATA / name), monkeypatch) > 0


@pytest.mark.parametrize("seed", range(3))
def test_the_two_core_search_skips_only_increments_that_give_the_same_run(seed, monkeypatch):
    """Large elections try two increments at once (k + 1 and k + 2, or a jump and its half): forced on here
    for small ones, with refused runs too, the answer is still stepping's and every skip is real."""
    rng = random.Random(7200 + seed)
    LANES_USED.clear()
    skipped = 0
    for index in range(20):
        monkeypatch.setattr(equal_shares, "PARALLEL_APPROVALS", 0)
        refuse_every = 5 if index % 2 else 0
        skipped += check_compiled_search(medium_election(rng), monkeypatch, refuse_every=refuse_every)
    assert skipped > 0
    assert LANES_USED == {0, 1}  # both working memories ran


@pytest.mark.parametrize("name", ["Netherlands_Amsterdam_179.pb", "Poland_Swiecie_2023.pb"])
def test_the_two_core_search_skips_soundly_on_real_elections(name, monkeypatch):
    monkeypatch.setattr(equal_shares, "PARALLEL_APPROVALS", 0)
    assert check_compiled_search(read_pabulib(DATA / name), monkeypatch) > 0


def test_runs_longer_than_their_records_stay_exact(monkeypatch):
    """A run records its evaluations (the next run's carried bounds) only for as many rounds as its reference
    had plus a margin; with no margin at all, runs that fund more projects than their reference lose the
    bounds of their last rounds, and nothing else changes."""
    rng = random.Random(7300)
    skipped = 0
    for _ in range(20):
        monkeypatch.setattr(mes_kernel, "RECORD_MARGIN", 0)
        skipped += check_compiled_search(medium_election(rng), monkeypatch)
    assert skipped > 0


def test_runs_the_kernel_refuses_are_taken_from_the_exact_engine(monkeypatch):
    """Every third kernel run is refused: the search then uses exact runs (as references for later proofs
    too) and still gives the stepping answer, skipping only what is proven."""
    rng = random.Random(7100)
    skipped = sum(check_compiled_search(medium_election(rng), monkeypatch, refuse_every=3) for _ in range(20))
    assert skipped > 0


def test_in_cents_the_compiled_search_needs_few_runs_and_agrees_with_stepping(monkeypatch):
    """Placette counts in cents: Zurich needs 10,188 increments of one cent per voter."""
    prepared, kernel = kernel_of(in_cents(read_pabulib(DATA / "Switzerland_Zurich_D10.pb")))
    answer, skipped, runs = skipped_by_compiled_search(prepared, kernel, monkeypatch)
    assert answer == stepping(prepared)
    assert answer[0] == 10188
    assert runs < 300


def test_the_rules_use_the_kernel_when_it_is_there(monkeypatch):
    calls = []
    original = equal_shares.add1_search_compiled
    monkeypatch.setattr(
        equal_shares, "add1_search_compiled", lambda *args: calls.append(args) or original(*args)
    )
    election = read_pabulib(DATA / "Poland_Swiecie_2023.pb")
    equal_shares.equal_shares(election)
    assert calls


def test_without_the_kernel_the_rules_run_in_pure_python_with_the_same_outcomes(monkeypatch):
    names = ("Poland_Swiecie_2023.pb", "Switzerland_Zurich_D10.pb")
    elections = [read_pabulib(DATA / name) for name in names]
    compiled = [(equal_shares.equal_shares(e), equal_shares.equal_shares_plain(e)) for e in elections]
    monkeypatch.setattr(mes_kernel, "_library", None)
    monkeypatch.setattr(mes_kernel, "_load_tried", True)
    monkeypatch.setattr(
        equal_shares, "add1_search_compiled", lambda *args: pytest.fail("the kernel is not available")
    )
    assert [(equal_shares.equal_shares(e), equal_shares.equal_shares_plain(e)) for e in elections] == compiled


def test_the_kernel_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("PLACETTE_MES_KERNEL", "off")
    monkeypatch.setattr(mes_kernel, "_library", None)
    monkeypatch.setattr(mes_kernel, "_load_tried", False)
    assert mes_kernel.load() is None
    assert mes_kernel.kernel_for(mes_runs.Prepared(read_pabulib(DATA / "Netherlands_Assen_2024.pb"))) is None


def test_amounts_too_large_for_its_precision_go_to_the_exact_engine():
    """Costs of 10**30 leave the kernel fewer than 24 binary digits of precision: it declines the election
    and the exact engine decides, with pabutools' result."""
    election = Election.from_approvals(
        3 * 10**30, {"1": 10**30, "2": 2 * 10**30, "3": 10**30}, [{"1", "2"}, {"2"}, {"3", "1"}]
    )
    prepared, kernel = kernel_of(election)
    assert kernel is None
    assert equal_shares.equal_shares(election).selected == ("1", "2")


def test_the_library_is_built_under_a_name_that_changes_with_its_source(tmp_path):
    path = mes_kernel.build(mes_kernel.library_path(tmp_path))
    assert path.exists()
    assert path.name.startswith("_mes_kernel-") and path.suffix == ".so"
    assert mes_kernel.library_path(tmp_path) == path
