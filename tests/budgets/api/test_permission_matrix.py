"""The budgets permission matrix (tests/budgets/services/matrix.py) replayed through the API: filling the
basket, casting a ballot, proving one's eligibility against the census and reading the results are allowed or
refused for each (role × before/during/after the vote) exactly as the services and the results page decide."""

import pytest

from tests.budgets.factories import census_person
from tests.budgets.services.matrix import ACTIONS, arrange, db_snapshot, matrix_cases
from tests.budgets.views.conftest import count_budget
from tests.participation.api.world import bearer, token_for

pytestmark = pytest.mark.django_db

API_ACTIONS = {"cast_ballot", "fill_basket", "verify_eligibility", "view_results"}


def _cases():
    for action, timing, role, rule_allows in matrix_cases():
        if action in API_ACTIONS:
            yield (
                action,
                timing,
                role,
                ACTIONS[action].service_allows(timing, role) if ACTIONS[action].has_service else rule_allows,
            )


def _call(api, action, arranged, headers):
    scene = arranged.scene
    if action == "cast_ballot":
        return api.post(
            f"/api/v1/budgets/{scene['north_budget'].pk}/ballot/",
            {"project_ids": [scene["north_projects"][0].pk]},
            content_type="application/json",
            **headers,
        )
    if action == "fill_basket":
        return api.post(
            f"/api/v1/budgets/{scene['north_budget'].pk}/basket/add/",
            {"project": scene["north_projects"][0].pk},
            content_type="application/json",
            **headers,
        )
    if action == "verify_eligibility":
        return api.post(
            f"/api/v1/voters/{scene['process'].slug}/verify/",
            {"values": census_person(scene["census"], area=scene["north"])},
            content_type="application/json",
            **headers,
        )
    if action == "view_results":
        return api.get(f"/api/v1/budgets/{scene['town'].pk}/results/", **headers)
    raise LookupError(action)


@pytest.mark.parametrize(("action", "timing", "role", "allowed"), list(_cases()))
def test_the_api_gives_the_answer_of_the_pages_and_services(api, client, action, timing, role, allowed):
    arranged = arrange(action, timing, role)
    if action == "view_results":
        # Counted at every timing: staff may look early; the public only once the results phase started.
        count_budget(arranged.scene["town"])
    headers = {} if role == "anonymous" else bearer(token_for(arranged.actor))
    before = db_snapshot()
    response = _call(api, action, arranged, headers)
    if action == "view_results":
        assert response.status_code == (200 if allowed else 404), response.content
        # The results page answers the same.
        if role != "anonymous":
            client.force_login(arranged.actor)
        budget = arranged.scene["town"]
        page = client.get(f"/processes/{budget.process.slug}/budgets/{budget.slug}/results/")
        assert page.status_code == response.status_code
        return
    if allowed:
        assert 200 <= response.status_code < 300, response.content
        assert db_snapshot() != before
    else:
        expected = {401} if role == "anonymous" else {400, 403, 404, 409}
        assert response.status_code in expected, response.content
        assert set(response.json()) >= {"code", "detail"}
        assert db_snapshot() == before
