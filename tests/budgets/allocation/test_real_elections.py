"""Every rule on every real election of /work/shared/data/pabulib gives pabutools 1.2.3's recorded outcome
(expected.json, compared as sets, and the total cost)."""

import json

import pytest

from budgets.allocation import RULES
from budgets.allocation.equal_shares import equal_shares_add1
from budgets.allocation.pabulib import read_pabulib
from tests.pabulib_data import PABULIB_DATA

DATA = PABULIB_DATA
EXPECTED = json.loads((DATA / "expected.json").read_text())
FILES = sorted(name for name in EXPECTED if name != "_meta")
# Placette's rule -> the key of expected.json it must reproduce (see the data set's README).
KEYS = {"greedy": "greedy_cost", "equal-shares": "mes_cost_add1_greedy", "equal-shares-plain": "mes_cost"}

_elections = {}


def election(name):
    if name not in _elections:
        _elections[name] = read_pabulib(DATA / name)
    return _elections[name]


@pytest.mark.parametrize("rule", sorted(KEYS))
@pytest.mark.parametrize("name", FILES)
def test_rule_reproduces_pabutools_on_a_real_election(name, rule):
    expected = EXPECTED[name]["rules"][KEYS[rule]]
    outcome = RULES[rule](election(name))
    assert set(outcome.selected) == set(expected["selected"])
    assert outcome.total_cost == expected["total_cost"]
    assert list(outcome.selected) == expected["selected"]  # both in natural order


@pytest.mark.parametrize("name", FILES)
def test_add1_before_the_greedy_fill_reproduces_pabutools(name):
    expected = EXPECTED[name]["rules"]["mes_cost_add1"]
    outcome = equal_shares_add1(election(name))
    assert set(outcome.selected) == set(expected["selected"])
    assert outcome.total_cost == expected["total_cost"]


def test_the_mechanical_turk_file_is_decided_by_string_order_of_ids():
    # Every project has the same votes: string order selects {3, 13, 16, 22}.
    outcome = RULES["greedy"](election("Worldwide_Mechanical_Turk_Ranking_value_3.pb"))
    assert outcome.selected == ("3", "13", "16", "22")
