"""The list endpoints of the budgets API run a fixed number of queries for 3 or 30 rows."""

import pytest

from budgets.models import (
    Association,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectUpdate,
)
from budgets.services.funded_projects import funded_project_transition
from tests.budgets.factories import BudgetFactory, BudgetProjectFactory
from tests.budgets.funded.factories import make_association, make_funded_project, staff_user
from tests.factories import AreaFactory, ProcessFactory

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


def _funded_rows(rows):

    staff = staff_user()
    carrier = make_association("Les Amis du Lavoir")
    for index in range(rows):
        project = make_funded_project(title=f"Projet {index}", associations=[carrier], area=AreaFactory())
        make_funded_project(title=f"Sous-projet {index}", process=project.process, parent=project)
        funded_project_transition(actor=staff, project=project, name="start")
        FundedProjectMilestone.objects.create(project=project, title="Devis")
        FundedProjectExpense.objects.create(
            project=project, amount_cents=100, spent_on="2026-04-01", description="Clous"
        )
        FundedProjectUpdate.objects.create(
            project=project, author=staff, body="Nouvelles", happened_on="2026-04-01"
        )


@pytest.mark.parametrize("rows", [3, 30])
def test_the_funded_project_list_runs_five_queries(api, django_assert_num_queries, rows):
    _funded_rows(rows)
    # count, projects with process and area (spending and milestones as subqueries), their associations,
    # their children, their transitions
    with django_assert_num_queries(5):
        response = api.get("/api/v1/funded-projects/?page_size=100")
    assert response.json()["count"] == 2 * rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_funded_update_list_runs_three_queries(api, django_assert_num_queries, rows):
    _funded_rows(rows)
    # count, updates with their authors, their photos
    with django_assert_num_queries(3):
        response = api.get("/api/v1/funded-project-updates/?page_size=100")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("resource", ["funded-project-milestones", "funded-project-expenses"])
def test_the_milestone_and_expense_lists_run_two_queries(api, django_assert_num_queries, rows, resource):
    _funded_rows(rows)
    # count, the rows
    with django_assert_num_queries(2):
        response = api.get(f"/api/v1/{resource}/?page_size=100")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_association_list_runs_three_queries(api, django_assert_num_queries, rows):

    for index in range(rows):
        make_funded_project(title=f"Projet {index}", associations=[make_association(f"Asso {index}")])
    # count, associations, their public projects
    with django_assert_num_queries(3):
        response = api.get("/api/v1/associations/?page_size=100")
    assert response.json()["count"] == Association.objects.count() == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_a_funded_project_reads_in_four_queries_whatever_its_children_and_timeline(
    api, django_assert_num_queries, rows
):
    _funded_rows(1)
    staff = staff_user()
    project = make_funded_project(title="Le parent", progress_mode="subprojects")
    for index in range(rows):
        make_funded_project(title=f"Enfant {index}", process=project.process, parent=project)
    for name in ("start", "pause", "resume"):
        funded_project_transition(actor=staff, project=project, name=name)
    # the project with process and area (spending and milestones as subqueries), its associations, its
    # children, its transitions
    with django_assert_num_queries(4):
        response = api.get(f"/api/v1/funded-projects/{project.pk}/")
    assert len(response.json()["timeline"]) == 3


@pytest.mark.parametrize("rows", [3, 30])
def test_an_association_reads_in_two_queries_whatever_its_projects(api, django_assert_num_queries, rows):
    carrier = make_association("Les Amis du Lavoir")
    for index in range(rows):
        make_funded_project(title=f"Projet {index}", associations=[carrier])
    # the association, its public projects
    with django_assert_num_queries(2):
        response = api.get("/api/v1/associations/les-amis-du-lavoir/")
    assert len(response.json()["projects"]) == rows
