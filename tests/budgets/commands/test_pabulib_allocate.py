"""`pabulib_allocate FILE --rule R --json` prints the outcome of Placette's rule on a pabulib file: the same
projects as pabutools (expected.json), their total cost and the time taken."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgets.models import AllocationRule
from tests.pabulib_data import PABULIB_DATA

DATA = PABULIB_DATA
ASSEN = DATA / "Netherlands_Assen_2024.pb"
EXPECTED_KEYS = {
    "greedy": "greedy_cost",
    "equal-shares": "mes_cost_add1_greedy",
    "equal-shares-plain": "mes_cost",
}


def expected(file_name: str, rule: str) -> dict:
    return json.loads((DATA / "expected.json").read_text())[file_name]["rules"][EXPECTED_KEYS[rule]]


@pytest.mark.parametrize("rule", list(EXPECTED_KEYS))
def test_the_json_outcome_on_assen_is_the_one_of_pabutools(rule):
    out = StringIO()

    call_command("pabulib_allocate", str(ASSEN), "--rule", rule, "--json", stdout=out)

    result = json.loads(out.getvalue())
    assert set(result) == {"selected", "total_cost", "seconds"}
    reference = expected(ASSEN.name, rule)
    assert set(result["selected"]) == set(reference["selected"])
    assert result["total_cost"] == reference["total_cost"]
    assert isinstance(result["seconds"], float) and 0 <= result["seconds"] < 5


def test_without_json_a_readable_table_is_printed():
    out = StringIO()

    call_command("pabulib_allocate", str(ASSEN), "--rule", "greedy", stdout=out)

    text = out.getvalue()
    assert f"Rule: {AllocationRule.GREEDY.label} (greedy)" in text
    assert "PopUp Podium" in text
    assert "Total cost: 99200" in text


def test_an_unknown_rule_is_refused():
    with pytest.raises(CommandError, match="invalid choice: 'best'"):
        call_command("pabulib_allocate", str(ASSEN), "--rule", "best", "--json")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("pabulib_allocate", str(tmp_path / "nothing.pb"), "--rule", "greedy")


def test_a_malformed_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.pb"
    path.write_text("META\nkey;value\nbudget;abc\n")

    with pytest.raises(CommandError, match="is not a readable pabulib file"):
        call_command("pabulib_allocate", str(path), "--rule", "greedy")
