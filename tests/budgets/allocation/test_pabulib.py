"""Reading and writing the pabulib format (``budgets.allocation.pabulib``)."""

import json
from fractions import Fraction

import pytest

from budgets.allocation.election import Election, Project, Voter
from budgets.allocation.pabulib import (
    PabulibFormatError,
    format_number,
    format_pabulib,
    parse_number,
    parse_pabulib,
    read_pabulib,
    write_pabulib,
)
from tests.pabulib_data import PABULIB_DATA

DATA = PABULIB_DATA
EXPECTED = json.loads((DATA / "expected.json").read_text())
FILES = sorted(name for name in EXPECTED if name != "_meta")

SMALL = """META
key;value
description;"A test; with a semicolon"
country;Nowhere
budget;1234.50
vote_type;approval
PROJECTS
project_id;cost;name;category
007;1000.25;"The ""quoted"" name";none
BO.OM.63/24;234.25;Trees;green,urban
3;0;Free;none
VOTES
voter_id;vote;age
v1;007,BO.OM.63/24;none
v2;;31
v3;none;40
v4;3,007;22
"""


@pytest.mark.parametrize("name", FILES)
def test_every_reference_file_reads_with_the_counts_of_its_metadata(name):
    facts = EXPECTED[name]
    election = read_pabulib(DATA / name)
    assert len(election.projects) == facts["num_projects"]
    assert len(election.ballots) == facts["num_voters"]
    assert sum(map(len, election.ballots)) == facts["total_approvals"]
    assert sum(1 for ballot in election.ballots if not ballot) == facts["num_empty_ballots"]
    assert election.budget == facts["budget"]
    assert election.total_cost(election.projects) == facts["total_cost_all_projects"]
    assert election.vote_type == facts["vote_type"]


@pytest.mark.parametrize("name", FILES)
def test_every_reference_file_reads_back_identical_once_written(name):
    election = read_pabulib(DATA / name)
    assert parse_pabulib(format_pabulib(election)) == election


def test_cells_quoting_missing_values_and_string_ids():
    election = parse_pabulib(SMALL)
    assert election.meta["description"] == "A test; with a semicolon"
    assert list(election.projects) == ["007", "BO.OM.63/24", "3"]  # ids stay strings: "007" is not 7
    first = election.projects["007"]
    assert first == Project("007", Fraction(4001, 4), 'The "quoted" name', {"category": None})
    assert election.projects["BO.OM.63/24"].fields["category"] == "green,urban"
    assert election.ballots == (
        frozenset({"007", "BO.OM.63/24"}),
        frozenset(),
        frozenset(),
        frozenset({"3", "007"}),
    )
    assert election.voters[0] == Voter("v1", ("007", "BO.OM.63/24"), None, {"age": None})


def test_costs_and_budget_are_read_exactly_from_their_text():
    election = parse_pabulib(SMALL)
    assert election.budget == Fraction(2469, 2)  # "1234.50"
    assert isinstance(election.projects["3"].cost, int)
    assert parse_number("1234.50") == Fraction(2469, 2)
    assert parse_number("12,5") == Fraction(25, 2)  # a decimal comma, as pabutools accepts
    assert parse_number("1e3") == 1000
    assert parse_number("0.1") + parse_number("0.2") == parse_number("0.3")
    for text in ("1/3", "abc", "", "1.2.3", "nan"):
        with pytest.raises(ValueError):
            parse_number(text)


def test_numbers_are_written_as_exact_decimals():
    assert format_number(Fraction(2469, 2)) == "1234.5"
    assert format_number(Fraction(1, 8)) == "0.125"
    assert format_number(7) == "7"
    with pytest.raises(ValueError, match="no exact decimal"):
        format_number(Fraction(1, 3))


def test_a_byte_order_mark_and_crlf_line_ends_are_tolerated(tmp_path):
    path = tmp_path / "windows.pb"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())
    assert read_pabulib(path) == parse_pabulib(SMALL)


def test_ordinal_and_cumulative_ballots_are_approval_sets_for_the_rules():
    text = """META
key;value
budget;10
vote_type;cumulative
PROJECTS
project_id;cost
1;5
2;5
3;5
VOTES
voter_id;vote;points
a;3,1;7,3
b;2;10
c;1,2;0,10
"""
    election = parse_pabulib(text)
    assert election.ballots == (frozenset({"1", "3"}), frozenset({"2"}), frozenset({"1", "2"}))
    assert election.voters[0].vote == ("3", "1") and election.voters[0].points == ("7", "3")
    ordinal = parse_pabulib(
        "META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;5\n2;5\n3;5\n"
        "VOTES\nvoter_id;vote\na;3,1\nb;2\n"
    )
    assert ordinal.vote_type == "ordinal"
    assert ordinal.voters[0].vote == ("3", "1")  # the ranking is kept
    assert ordinal.ballots[0] == frozenset({"1", "3"})


def test_an_election_built_in_code_is_written_with_numbered_voters(tmp_path):
    election = Election.from_approvals(
        Fraction(21, 2), {"b": 4, "a": Fraction(13, 2)}, [{"a", "b"}, set(), {"a"}]
    )
    path = tmp_path / "built.pb"
    write_pabulib(election, path)
    again = read_pabulib(path)
    assert again.budget == election.budget
    assert again.ballots == election.ballots
    assert {p: again.projects[p].cost for p in again.projects} == {"b": 4, "a": Fraction(13, 2)}
    assert [voter.voter_id for voter in again.voters] == ["1", "2", "3"]
    assert parse_pabulib(format_pabulib(again)) == again


def _error(text: str) -> PabulibFormatError:
    with pytest.raises(PabulibFormatError) as caught:
        parse_pabulib(text)
    return caught.value


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        (SMALL.replace("007;1000.25;", "007;lots;"), 9, "project '007': cost 'lots' is not a number"),
        (SMALL.replace("007;1000.25;", "007;-5;"), 9, "project '007' has a negative cost"),
        (SMALL.replace("007;1000.25;", "007;none;"), 9, "project '007' has no cost"),
        (
            SMALL.replace("3;0;Free;none", "3;0;Free"),
            11,
            "PROJECTS row has 3 cells but the header has 4 columns",
        ),
        (SMALL.replace("3;0;Free;none", "007;0;Free;none"), 11, "project '007' is listed twice"),
        (SMALL.replace("v4;3,007;22", "v4;3,8;22"), 17, "vote names an unknown project '8'"),
        (SMALL.replace("budget;1234.50", "budget;much"), 5, "budget 'much' is not a number"),
        (SMALL.replace("vote_type;approval", "vote_type;borda"), 6, "vote_type 'borda' is not one of"),
        (SMALL.replace("country;Nowhere", "country;Nowhere;extra"), 4, "a META line is 'key;value'"),
        (SMALL.replace("country;Nowhere", "budget;1"), 5, "META key 'budget' is repeated"),
        ("hello;world\n" + SMALL, 1, "data before the first section"),
        (
            SMALL.replace("project_id;cost;name;category", "id;cost;name;category"),
            8,
            "the PROJECTS header has no 'project_id' column",
        ),
        (SMALL + "VOTES\nvoter_id;vote\n", 18, "a second VOTES section"),
    ],
)
def test_a_malformed_file_is_refused_with_its_line_number(broken, line, message):
    error = _error(broken)
    assert error.line == line
    assert message in error.detail
    assert str(error).startswith(f"line {line}: ")


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (SMALL.split("VOTES")[0], "the file has no VOTES section"),
        (SMALL.replace("budget;1234.50\n", ""), "META has no 'budget'"),
        (SMALL.replace("vote_type;approval\n", ""), "META has no 'vote_type'"),
    ],
)
def test_a_file_missing_a_part_is_refused(broken, message):
    error = _error(broken)
    assert error.line is None
    assert message in str(error)


def test_points_that_do_not_match_the_vote_are_refused():
    text = (
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n2;5\nVOTES\n"
        "voter_id;vote;points\na;1,2;3\n"
    )
    error = _error(text)
    assert (error.line, error.detail) == (11, "2 projects in the vote but 1 points")
