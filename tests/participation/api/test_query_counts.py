"""Every list endpoint of the API runs a fixed number of queries, whatever the number of rows (3 or 30): the
comments name each query. Anonymous requests (no authentication query); the last test adds a token."""

import pytest

from tests.factories import (
    AreaFactory,
    CategoryFactory,
    CommentFactory,
    ProcessFactory,
    ProposalFactory,
    UserFactory,
)

from .world import bearer, token_for

pytestmark = pytest.mark.django_db


def _rows(kind, count):
    if kind == "areas":
        AreaFactory.create_batch(count)
    elif kind == "categories":
        CategoryFactory.create_batch(count)
    elif kind == "processes":
        areas, categories = AreaFactory.create_batch(2), CategoryFactory.create_batch(2)
        for _ in range(count):
            process = ProcessFactory(with_phase="debate")
            process.areas.set(areas)
            process.categories.set(categories)
    elif kind == "phases":
        for _ in range(count // 7 + 1):
            ProcessFactory(with_phase="debate")
    elif kind == "proposals":
        process = ProcessFactory(with_phase="debate")
        ProposalFactory.create_batch(count, process=process, state="in_debate", category=CategoryFactory())
    elif kind == "comments":
        proposal = ProposalFactory(process=ProcessFactory(with_phase="debate"), state="in_debate")
        CommentFactory.create_batch(count, proposal=proposal)


# (endpoint, queries): the paginator's COUNT, then the page of rows...
LISTS = [
    ("areas", 2),  # count, areas
    ("categories", 2),  # count, categories
    ("processes", 5),  # count, processes, their phases, their areas, their categories
    ("phases", 2),  # count, phases joined with their process
    ("proposals", 2),  # count, proposals joined with process, author, area, category
    ("comments", 2),  # count, comments joined with their author
]


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(("kind", "queries"), LISTS)
def test_a_list_endpoint_runs_the_same_queries_for_3_or_30_rows(
    api, django_assert_num_queries, kind, queries, rows
):
    _rows(kind, rows)
    with django_assert_num_queries(queries):
        response = api.get(f"/api/v1/{kind}/?page_size=100")
    assert response.status_code == 200
    assert response.json()["count"] >= rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_proposal_list_with_a_token_adds_only_the_token_lookup(api, django_assert_num_queries, rows):
    _rows("proposals", rows)
    headers = bearer(token_for(UserFactory()))
    api.get("/api/v1/areas/", **headers)  # first use: last_used_at written (once a minute at most)
    # the token with its user, count, proposals
    with django_assert_num_queries(3):
        response = api.get("/api/v1/proposals/?page_size=100", **headers)
    assert response.json()["count"] == rows
