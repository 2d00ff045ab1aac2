"""The Method of Equal Shares (``budgets.allocation.equal_shares``) on hand-made elections, each worked out by
hand in its comment. ``test_against_pabutools.py`` checks the same elections against the reference library."""

from fractions import Fraction

import pytest

from budgets.allocation.election import Election, Outcome
from budgets.allocation.equal_shares import (
    add1_increment,
    equal_shares,
    equal_shares_add1,
    equal_shares_plain,
)

from .pabutools_reference import reference_outcomes

T = 10**18

# name -> (election, plain MES, add1 before greedy, equal-shares)
CASES = {
    # 3 voters, 10 each. Round 1: a (cost 30, all three) rho = 1/3; b (20, v1 v2) rho = 1/2 -> a; everyone is
    # left with 0, b is no longer affordable.
    "one_round": (
        Election.from_approvals(30, {"a": 30, "b": 20}, [{"a", "b"}, {"a", "b"}, {"a"}]),
        ("a",),
        ("a",),
        ("a",),
    ),
    # Two empty ballots count: n = 4, each voter gets 2.5, p's two supporters hold 5 < 10. Counting only the
    # two non-empty ballots (5 each) would fund p. add1 funds it from k = 3 on (2 * 5.5 >= 10).
    "empty_ballots_count": (
        Election.from_approvals(10, {"p": 10}, [{"p"}, {"p"}, set(), set()]),
        (),
        ("p",),
        ("p",),
    ),
    # Affordable only exactly: n = 5, each voter 3/5; "4" (9/5) has three supporters holding exactly 9/5 and
    # rho = 1/3, the smallest. In floats 3/5 + 3/5 + 3/5 < 1.8 and a float implementation funds 9 and 10
    # instead.
    "affordable_exactly": (
        Election.from_approvals(
            3,
            {"12": Fraction(21, 10), "4": Fraction(9, 5), "9": Fraction(3, 10), "10": Fraction(4, 5)},
            [{"12"}, {"10", "12", "4", "9"}, {"4"}, {"12"}, {"10", "4", "9"}],
        ),
        ("4",),
        ("4",),
        ("4", "9", "10"),
    ),
    # Tied exactly: in round 1 every voter holds the same (5) and each project is paid by its two supporters
    # in equal parts: rho = 1/2 for both. The tie goes to "13" ("13" < "3" as strings); then nothing is left.
    "exact_tie_by_string_id": (
        Election.from_approvals(10, {"3": 10, "13": 10}, [{"3", "13"}, {"3", "13"}]),
        ("13",),
        ("13",),
        ("13",),
    ),
    # Not tied, by 1e-19: z (cost 3, voters v1 v3 v4, rho 1/3) is funded first and leaves v1 with 10^18 - 1,
    # v2 with 10^18. Then v1 cannot pay half of "3" (2*10^18 - 1) nor of "13" (2*10^18): v2 pays the rest, so
    # rho("3") = 10^18 / (2*10^18 - 1) < rho("13") = (10^18 + 1) / (2*10^18). Both are 0.5 as floats, where
    # the tie would go to "13".
    "near_tie_is_not_a_tie": (
        Election.from_approvals(
            4 * T, {"z": 3, "3": 2 * T - 1, "13": 2 * T}, [{"z", "3", "13"}, {"3", "13"}, {"z"}, {"z"}]
        ),
        ("3", "z"),
        ("3", "z"),
        ("3", "z"),
    ),
    # MES never funds a project nobody approved, nor one that costs nothing; the greedy completion does when
    # the money is there.
    "zero_votes_and_zero_cost": (
        Election.from_approvals(30, {"a": 20, "nobody": 5, "free": 0}, [{"a", "free"}, {"a"}]),
        ("a",),
        ("a",),
        ("a", "free", "nobody"),
    ),
    # add1 stops at the first exhaustive outcome. t = 25 + k: b (40, v3 v4) is funded from k = 0; a (60, v1
    # v2) becomes affordable at k = 5 (2 * 30 = 60) and ties with b at rho 1/2 ("a" first): {a, b} costs
    # exactly 100, nothing is left: exhaustive.
    "add1_stops_when_exhaustive": (
        Election.from_approvals(100, {"a": 60, "b": 40}, [{"a"}, {"a"}, {"b"}, {"b"}]),
        ("b",),
        ("a", "b"),
        ("a", "b"),
    ),
    # add1 stops when an outcome overspends, keeping the previous one. c (20, everyone, rho 1/4) first: each
    # pays 5. At k = 5 the voters keep 25 each and a, b (50 each, two supporters) both become affordable: {a,
    # b, c} costs 120 > 100, so add1 keeps k = 4: {c}. Greedy then adds a (2 votes, "a" < "b"), b no longer
    # fits.
    "add1_stops_before_overspending": (
        Election.from_approvals(
            100, {"a": 50, "b": 50, "c": 20}, [{"a", "c"}, {"a", "c"}, {"b", "c"}, {"b", "c"}]
        ),
        ("c",),
        ("c",),
        ("a", "c"),
    ),
    # No ballot at all: MES funds nothing (pabutools returns the empty allocation), greedy fills by id.
    "no_ballots": (
        Election.from_approvals(15, {"b": 10, "a": 10, "c": 5}, []),
        (),
        (),
        ("a", "c"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_plain_equal_shares_on_hand_made_elections(name):
    election, plain, _add1, _completed = CASES[name]
    assert equal_shares_plain(election) == Outcome.of(election, plain)


@pytest.mark.parametrize("name", sorted(CASES))
def test_add1_on_hand_made_elections(name):
    election, _plain, add1, _completed = CASES[name]
    assert equal_shares_add1(election) == Outcome.of(election, add1)


@pytest.mark.parametrize("name", sorted(CASES))
def test_equal_shares_on_hand_made_elections(name):
    election, _plain, _add1, completed = CASES[name]
    assert equal_shares(election) == Outcome.of(election, completed)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_made_elections_agree_with_pabutools(name):
    election, plain, add1, completed = CASES[name]
    reference = reference_outcomes(election)
    assert reference["equal-shares-plain"] == set(plain)
    assert reference["equal-shares-add1"] == set(add1)
    assert reference["equal-shares"] == set(completed)


def test_add1_increments_of_the_worked_examples():
    assert add1_increment(CASES["add1_stops_when_exhaustive"][0]) == 5
    assert add1_increment(CASES["add1_stops_before_overspending"][0]) == 4
    assert add1_increment(CASES["empty_ballots_count"][0]) == 3


def test_a_float_implementation_would_get_the_exact_affordability_case_wrong():
    # The point of the case above, checked: the three budgets do not add up to the cost in floats.
    assert 3 / 5 + 3 / 5 + 3 / 5 < 1.8
    assert Fraction(3, 5) * 3 == Fraction(9, 5)


def test_a_float_implementation_would_see_a_tie_in_the_near_tie_case():
    assert T / (2 * T - 1) == (T + 1) / (2 * T)
    assert Fraction(T, 2 * T - 1) < Fraction(T + 1, 2 * T)


def test_equal_shares_never_spends_more_than_the_budget():
    election = CASES["add1_stops_before_overspending"][0]
    for rule in (equal_shares_plain, equal_shares_add1, equal_shares):
        assert rule(election).total_cost <= election.budget
