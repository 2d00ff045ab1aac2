"""``python -m budgets.allocation.cli`` and ``allocate_file`` (what ``manage.py pabulib_allocate`` wraps)."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from budgets.allocation.cli import allocate_file, json_number, main
from budgets.allocation.pabulib import PabulibFormatError
from tests.pabulib_data import PABULIB_DATA

DATA = PABULIB_DATA
ASSEN = DATA / "Netherlands_Assen_2024.pb"
EXPECTED = json.loads((DATA / "expected.json").read_text())["Netherlands_Assen_2024.pb"]["rules"]


def test_allocate_file_returns_the_outcome_its_cost_the_time_and_the_election():
    result = allocate_file(str(ASSEN), "equal-shares")
    assert result["selected"] == EXPECTED["mes_cost_add1_greedy"]["selected"]
    assert result["total_cost"] == EXPECTED["mes_cost_add1_greedy"]["total_cost"]
    assert 0 <= result["seconds"] < 60
    assert len(result["election"].ballots) == 84


def test_allocate_file_refuses_an_unknown_rule_and_a_malformed_file(tmp_path):
    with pytest.raises(KeyError, match="unknown rule"):
        allocate_file(str(ASSEN), "borda")
    broken = tmp_path / "broken.pb"
    broken.write_text("PROJECTS\nproject_id;cost\n1;x\n")
    with pytest.raises(PabulibFormatError):
        allocate_file(str(broken), "greedy")


def test_main_prints_one_json_object(capsys):
    assert main([str(ASSEN), "--rule", "greedy", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["selected"] == EXPECTED["greedy_cost"]["selected"]
    assert printed["total_cost"] == EXPECTED["greedy_cost"]["total_cost"]
    assert set(printed) == {"selected", "total_cost", "seconds"}


def test_main_reports_an_unreadable_file_on_stderr(tmp_path, capsys):
    assert main([str(tmp_path / "missing.pb"), "--rule", "greedy"]) == 2
    assert "missing.pb" in capsys.readouterr().err


def test_the_module_runs_without_django():
    # A fresh interpreter: the rules and the CLI import nothing from Django.
    code = (
        "import sys, runpy; sys.argv = ['cli', sys.argv[1], '--rule', 'equal-shares-plain', '--json'];"
        "runpy.run_module('budgets.allocation.cli', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code + "\n", str(ASSEN)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["selected"] == EXPECTED["mes_cost"]["selected"]
    check = subprocess.run(
        [sys.executable, "-c", "import sys, budgets.allocation.cli; print('django' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert check.stdout.strip() == "False"


def test_json_numbers_are_integers_when_whole():
    assert json_number(Fraction(10, 2)) == 5 and isinstance(json_number(Fraction(10, 2)), int)
    assert json_number(Fraction(5, 2)) == 2.5
