"""`pabulib_import FILE --process SLUG` loads a real election into a budget (projects, and every ballot as an
online ballot of a synthetic voter) in one transaction; counting the budget through the service then gives
the election's real outcome. It refuses a process with real ballots."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgets.models import Ballot, BallotSelection, Budget, BudgetProject, Voter, VotingCodeBatch
from budgets.selectors_staff import real_ballots
from budgets.services.lifecycle import budget_allocate
from tests.factories import ProcessFactory, UserFactory

from .test_pabulib_allocate import ASSEN, EXPECTED_KEYS, expected

pytestmark = pytest.mark.django_db


def import_assen(process, *extra):
    out, err = StringIO(), StringIO()
    call_command("pabulib_import", str(ASSEN), "--process", process.slug, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def pabulib_ids(budget, project_pks) -> set[str]:
    """The pabulib project ids of stored projects (the file's order is the projects' position)."""
    from budgets.allocation.pabulib import read_pabulib

    file_ids = list(read_pabulib(ASSEN).projects)
    positions = dict(BudgetProject.objects.filter(budget=budget).values_list("pk", "position"))
    return {file_ids[positions[int(pk)]] for pk in project_pks}


def test_the_election_is_imported_with_its_projects_and_ballots():
    process = ProcessFactory(with_phase="vote", slug="assen")

    out, err = import_assen(process, "--budget-slug", "top-idee")

    budget = Budget.objects.get(process=process, slug="top-idee")
    assert (budget.title, budget.amount_cents, budget.allocation_rule) == (
        "Assen Top Idee",
        100_000_00,
        "equal-shares",
    )
    assert (budget.ballot_rule, budget.min_projects) == ("approval", 2)
    assert budget.projects.count() == 14
    assert budget.projects.get(position=0).title == "PopUp Podium"
    assert budget.projects.get(position=0).cost_cents == 7200_00
    assert Ballot.objects.filter(budget=budget, channel="online").count() == 84
    assert BallotSelection.objects.filter(ballot__budget=budget).count() == 285
    assert Voter.objects.filter(process=process).count() == 84
    assert real_ballots(process).count() == 0
    assert "Imported 14 projects and 84 ballots" in out
    assert "84/84" in err  # the progress bar


@pytest.mark.parametrize("rule", list(EXPECTED_KEYS))
def test_counting_the_imported_budget_gives_the_outcome_of_the_file(rule):
    process = ProcessFactory(with_phase="vote", slug="assen")
    import_assen(process)
    budget = Budget.objects.get(process=process)

    outcome = budget_allocate(budget=budget)

    assert pabulib_ids(budget, outcome.comparison[rule]["selected"]) == set(
        expected(ASSEN.name, rule)["selected"]
    )
    assert outcome.comparison[rule]["total_cost_cents"] == expected(ASSEN.name, rule)["total_cost"] * 100
    assert outcome.ballots_count == 84


def test_a_process_with_real_ballots_is_refused_and_nothing_changes():
    from .conftest_helpers import real_ballot

    process = ProcessFactory(with_phase="vote", slug="assen")
    real_ballot(process, UserFactory())
    budgets_before = Budget.objects.count()

    with pytest.raises(CommandError, match="has real ballots"):
        import_assen(process, "--budget-slug", "autre")

    assert Budget.objects.count() == budgets_before
    assert (Ballot.objects.count(), VotingCodeBatch.objects.count()) == (1, 0)


def test_a_budget_that_already_has_projects_is_refused():
    process = ProcessFactory(with_phase="vote", slug="assen")
    import_assen(process, "--budget-slug", "top-idee")

    with pytest.raises(CommandError, match="already has projects or ballots"):
        import_assen(process, "--budget-slug", "top-idee")

    assert Ballot.objects.count() == 84


def test_a_second_budget_can_be_imported_into_a_process_with_imported_ballots_only():
    process = ProcessFactory(with_phase="vote", slug="assen")
    import_assen(process, "--budget-slug", "un")

    import_assen(process, "--budget-slug", "deux", "--title", "Deuxième")

    assert Budget.objects.filter(process=process).count() == 2
    assert Ballot.objects.count() == 168


def test_an_unknown_process_is_refused():
    with pytest.raises(CommandError, match="No process with the slug 'nowhere'"):
        call_command("pabulib_import", str(ASSEN), "--process", "nowhere")


def test_the_imported_ballots_are_not_offered_as_code_sheets():
    from budgets.selectors_staff import code_batches_for_process

    process = ProcessFactory(with_phase="vote", slug="assen")
    import_assen(process)

    assert code_batches_for_process(process=process) == []
