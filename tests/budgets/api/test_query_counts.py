"""The list endpoints of the budgets API run a fixed number of queries for 3 or 30 rows."""

import pytest

from tests.budgets.factories import BudgetFactory, BudgetProjectFactory
from tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [3, 30])
def test_the_budget_list_runs_three_queries(api, django_assert_num_queries, rows):
    for index in range(rows):
        BudgetFactory(process=ProcessFactory(with_phase="results" if index % 2 else "vote"))
    # count, budgets with process, area and their counts of projects and outcome, the processes' phases
    with django_assert_num_queries(3):
        response = api.get("/api/v1/budgets/?page_size=100")
    assert response.json()["count"] == rows
    assert response.json()["results"][0]["results_available"] is False


@pytest.mark.parametrize("rows", [3, 30])
def test_the_project_list_runs_two_queries(api, django_assert_num_queries, rows):
    budget = BudgetFactory()
    BudgetProjectFactory.create_batch(rows, budget=budget)
    # count, projects with budget, area and category
    with django_assert_num_queries(2):
        response = api.get("/api/v1/budget-projects/?page_size=100")
    assert response.json()["count"] == rows
