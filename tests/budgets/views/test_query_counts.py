"""Query counts of the budgets pages: the same whatever the number of projects, ballots or areas (no query per
row from a template or a property). Pages are asked for by a signed-in resident who has a voter, a ballot in
another budget and a basket, the viewer who costs the most. Each expected query is named in the comments."""

import pytest

from tests.factories import AreaFactory, CategoryFactory, ProcessFactory, UserFactory

from .conftest import count_budget, make_ballot, make_budget, make_project, put_in_basket, voter_of

pytestmark = pytest.mark.django_db

SESSION_AND_USER = 2  # the session row, the signed-in user
ROLE_PERMISSIONS = 2  # the user's own permissions and their groups' permissions (asked once by `has_perm`)


def make_projects(budget, count, areas, categories):
    return [
        make_project(
            budget,
            title=f"Projet numéro {number}",
            cost_cents=1_000_00 + number,
            area=areas[number % len(areas)],
            category=categories[number % len(categories)],
        )
        for number in range(count)
    ]


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("query", [{}, {"sort": "cheapest"}, {"sort": "title", "q": "numéro"}])
def test_the_projects_page_runs_a_fixed_number_of_queries(
    resident_client, resident, vote_process, north, django_assert_num_queries, rows, query
):
    budget = make_budget(vote_process, amount_cents=10_000_000_00)
    areas, categories = [AreaFactory(), AreaFactory()], [CategoryFactory(), CategoryFactory()]
    projects = make_projects(budget, rows, areas, categories)
    voter = voter_of(resident, vote_process)
    put_in_basket(voter, *projects[:3])
    make_ballot(make_budget(vote_process, slug="nord", area=north), voter, [])
    url = budget.get_absolute_url()
    resident_client.get(url)  # the visitor's random seed is now in their session

    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the process, with its census (a join)
        + 1  # its phases
        + 1  # the budget, with its area
        + 2  # the viewer's voter, and the budgets they voted in
        + 2  # the areas and the categories of the budget's projects (the filters)
        + 1  # the projects, with area and category
        + 1  # the projects in the viewer's basket
        + ROLE_PERMISSIONS  # `budgets.view_results` (is the viewer staff?) and the staff links of the header
    ):
        response = resident_client.get(url, query)

    assert len(response.context["projects"]) == rows
    assert len(response.context["basket"].projects) == 3


@pytest.mark.parametrize("rows", [3, 30])
def test_the_budgets_page_runs_a_fixed_number_of_queries(
    resident_client, resident, vote_process, django_assert_num_queries, rows
):
    for number in range(rows):
        area = AreaFactory()
        make_project(make_budget(vote_process, slug=f"budget-{number}", area=area))
    voter_of(resident, vote_process)

    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the process, with its census
        + 1  # its phases
        + 2  # the viewer's voter, and the budgets they voted in
        + 1  # the budgets with their area and their numbers of projects and outcomes
        + ROLE_PERMISSIONS  # `budgets.view_results` (is the viewer staff?) and the staff links of the header
    ):
        response = resident_client.get(f"/processes/{vote_process.slug}/budgets/")

    assert len(response.context["budgets"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_results_page_runs_a_fixed_number_of_queries(resident_client, django_assert_num_queries, rows):
    process = ProcessFactory(with_phase="results")
    budget = make_budget(process, amount_cents=10_000_000_00)
    areas, categories = [AreaFactory() for _number in range(rows)], [CategoryFactory()]
    projects = make_projects(budget, rows, areas, categories)
    for number in range(rows):
        make_ballot(
            budget,
            voter_of(UserFactory(area=areas[number]), process),
            projects[: number % 4 + 1],
            channel=["online", "desk", "paper"][number % 3],
        )
    count_budget(budget)

    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the process, with its census
        + 1  # its phases
        + 1  # the budget, with its area and its outcome
        + 1  # the projects, with their results, areas and categories
        + 1  # the ballots counted by channel and by the voter's area (one GROUP BY)
        + ROLE_PERMISSIONS  # the staff links of the header
    ):
        response = resident_client.get(f"/processes/{process.slug}/budgets/{budget.slug}/results/")

    assert len(response.context["results"].projects) == rows
    assert sum(row.count for row in response.context["results"].by_area) == rows
