"""Random elections: every rule gives exactly pabutools 1.2.3's outcome (pabutools must be installed: these
tests fail, they do not skip, when it is missing)."""

import random

import pytest

from budgets.allocation import RULES
from budgets.allocation.equal_shares import equal_shares_add1

from .pabutools_reference import reference_outcomes, require_pabutools
from .random_elections import KINDS, medium_election, small_election


def placette_outcomes(election):
    outcomes = {name: set(rule(election).selected) for name, rule in RULES.items()}
    outcomes["equal-shares-add1"] = set(equal_shares_add1(election).selected)
    return outcomes


def test_pabutools_is_installed():
    require_pabutools()


@pytest.mark.parametrize("seed", range(8))
def test_small_random_elections_match_pabutools(seed):
    rng = random.Random(seed)
    for index in range(50):  # 8 x 50 = 400 elections, every kind 100 times
        election = small_election(rng, KINDS[index % len(KINDS)])
        assert placette_outcomes(election) == reference_outcomes(election), (seed, index, election)


@pytest.mark.parametrize("seed", range(5))
def test_medium_random_elections_match_pabutools(seed):
    rng = random.Random(1000 + seed)
    for index in range(10):
        election = medium_election(rng)
        assert placette_outcomes(election) == reference_outcomes(election), (seed, index, election)
