"""Greedy by votes (``budgets.allocation.greedy``) on hand-made elections, each outcome worked out by hand."""

from fractions import Fraction

import pytest

from budgets.allocation.election import Election, Outcome
from budgets.allocation.greedy import greedy, greedy_order


def test_greedy_funds_projects_by_votes_while_they_fit():
    election = Election.from_approvals(
        100, {"a": 60, "b": 30, "c": 10}, [{"a", "b"}, {"a", "c"}, {"a"}, {"b"}]
    )
    # votes: a 3, b 2, c 1 -> a (60), b (30), c (10): exactly the budget
    assert greedy(election) == Outcome(("a", "b", "c"), 100)


def test_greedy_skips_a_project_that_does_not_fit_and_goes_on_with_cheaper_ones():
    election = Election.from_approvals(
        100, {"big": 80, "mid": 50, "small": 20}, [{"big", "mid"}, {"big", "mid"}, {"big", "small"}, {"mid"}]
    )
    # votes: big 3, mid 3, small 1. Ties by id: "big" < "mid". big (80) fits; mid (50) does not and is
    # skipped; small (20) still fits.
    assert greedy(election) == Outcome(("big", "small"), 100)


def test_greedy_breaks_ties_by_project_id_compared_as_a_string():
    # Equal votes everywhere; only one project fits. As strings "13" < "3" < "7": 13 wins (numerically 3
    # would).
    election = Election.from_approvals(10, {"3": 10, "7": 10, "13": 10}, [{"3", "7", "13"}])
    assert greedy_order(election) == ["13", "3", "7"]
    assert greedy(election).selected == ("13",)


def test_greedy_funds_projects_without_votes_last_in_id_order_when_money_is_left():
    election = Election.from_approvals(
        100, {"voted": 50, "z-none": 10, "a-none": 30, "b-none": 40}, [{"voted"}, {"voted"}]
    )
    assert greedy_order(election) == ["voted", "a-none", "b-none", "z-none"]
    # voted (50), a-none (30): 80; b-none (40) no longer fits; z-none (10) does.
    assert greedy(election) == Outcome(("a-none", "voted", "z-none"), 90)


def test_a_project_that_costs_nothing_counts_as_having_no_votes_as_in_pabutools():
    # Its cost satisfaction is 0 whatever its votes, so it goes with the projects nobody voted for.
    election = Election.from_approvals(10, {"free": 0, "paid": 10}, [{"free"}, {"free"}, {"paid"}])
    assert greedy_order(election) == ["paid", "free"]
    assert greedy(election) == Outcome(("free", "paid"), 10)


def test_greedy_completes_an_initial_allocation_without_touching_it():
    election = Election.from_approvals(
        100, {"a": 60, "b": 30, "c": 20, "d": 10}, [{"a"}, {"a"}, {"a", "b"}, {"c"}, {"d"}]
    )
    # "c" is kept (80 left); a (60) fits, b (30) no longer does, d (10) does.
    assert greedy(election, initial=["c"]) == Outcome(("a", "c", "d"), 90)


def test_greedy_with_an_initial_allocation_that_names_an_unknown_project_is_refused():
    election = Election.from_approvals(10, {"a": 5}, [{"a"}])
    with pytest.raises(ValueError, match="unknown projects"):
        greedy(election, initial=["nope"])


def test_greedy_uses_exact_costs():
    # 0.1 + 0.2 fit a budget of 0.3 exactly (in floats 0.1 + 0.2 > 0.3).
    election = Election.from_approvals(
        Fraction(3, 10), {"a": Fraction(1, 10), "b": Fraction(2, 10)}, [{"a", "b"}, {"a"}]
    )
    assert greedy(election) == Outcome(("a", "b"), Fraction(3, 10))


def test_greedy_on_an_election_without_ballots_funds_by_id_while_it_fits():
    election = Election.from_approvals(15, {"b": 10, "a": 10, "c": 5}, [])
    assert greedy(election) == Outcome(("a", "c"), 15)
