"""The budgets permission matrix (tests/budgets/services/matrix.py) replayed through the API: filling the
basket, casting a ballot, proving one's eligibility against the census and reading the results are allowed or
refused for each (role × before/during/after the vote) exactly as the services and the results page decide."""

import pytest
from django.contrib.auth.models import AnonymousUser

from budgets.models import (
    AssociationRole,
    FundedProjectExpense,
    FundedProjectMilestone,
    FundedProjectUpdate,
)
from budgets.models.funded_projects import SPENDING_STATES
from tests.budgets.factories import census_person
from tests.budgets.funded import test_permissions as funded_matrix
from tests.budgets.funded.factories import make_association, make_funded_project, member_of, staff_user
from tests.budgets.services.matrix import ACTIONS, arrange, db_snapshot, matrix_cases
from tests.budgets.views.conftest import count_budget
from tests.factories import UserFactory
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


# --- Reporting on a funded project (tests/budgets/funded/test_permissions.py) through the API ---

FUNDED_ACTIONS = {
    "post_update": (
        "budgets.post_funded_project_update",
        "updates/",
        {"body": "Les travaux avancent.", "happened_on": "2026-05-01"},
    ),
    "add_milestone": ("budgets.manage_milestones", "milestones/", {"title": "Devis signé"}),
    "declare_expense": (
        "budgets.declare_expense",
        "expenses/",
        {"amount_cents": 1_250_00, "spent_on": "2026-05-02", "description": "Pierres de taille"},
    ),
}


def _funded_arrange(role, state):
    """The arrangement of tests/budgets/funded/test_permissions.py: a project carried by one association."""
    carrier = make_association("Les Amis du Lavoir")
    other = make_association("Le Club de Foot")
    project = make_funded_project(state=state, associations=[carrier])
    actor = {
        "manager": lambda: member_of(carrier, role=AssociationRole.MANAGER),
        "member": lambda: member_of(carrier),
        "other_association": lambda: member_of(other, role=AssociationRole.MANAGER),
        "staff": staff_user,
        "resident": UserFactory,
        "anonymous": AnonymousUser,
    }[role]()
    return actor, project


def _funded_rows():
    return (
        FundedProjectUpdate.objects.count(),
        FundedProjectMilestone.objects.count(),
        FundedProjectExpense.objects.count(),
    )


@pytest.mark.parametrize("state", funded_matrix.STATES)
@pytest.mark.parametrize("role", funded_matrix.ROLES)
@pytest.mark.parametrize("action", list(FUNDED_ACTIONS))
def test_the_api_reports_on_a_funded_project_as_the_services_decide(api, action, role, state):
    perm, path, payload = FUNDED_ACTIONS[action]
    actor, project = _funded_arrange(role, state)
    rule_allows = actor.has_perm(perm, project)
    # The services' matrix: reporters only; no news or milestone once cancelled, no expense once closed.
    open_for = SPENDING_STATES if action == "declare_expense" else set(funded_matrix.STATES) - {"cancelled"}
    allowed = role in funded_matrix.REPORTERS and state in open_for
    assert rule_allows is allowed
    headers = {} if role == "anonymous" else bearer(token_for(actor))
    before = _funded_rows()
    response = api.post(
        f"/api/v1/funded-projects/{project.pk}/{path}", payload, content_type="application/json", **headers
    )
    if allowed:
        assert response.status_code == 201, response.content
        assert _funded_rows() != before
        return
    if role == "anonymous":
        assert response.status_code == 401
    elif role in funded_matrix.REPORTERS and action == "declare_expense":
        assert (response.status_code, response.json()["code"]) == (409, "funded_project_closed")
    else:
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert _funded_rows() == before


TRANSITION_SOURCES = {
    "start": {"planned"},
    "pause": {"in_progress"},
    "resume": {"paused"},
    "complete": {"in_progress"},
    "cancel": {"planned", "in_progress", "paused"},
}


@pytest.mark.parametrize("state", funded_matrix.STATES)
@pytest.mark.parametrize("role", funded_matrix.ROLES)
@pytest.mark.parametrize("transition", list(TRANSITION_SOURCES))
def test_the_api_changes_a_funded_projects_state_as_the_rules_decide(api, transition, role, state):
    actor, project = _funded_arrange(role, state)
    # Members of a carrying association and staff move the project; only staff cancel.
    permitted = role in ({"staff"} if transition == "cancel" else funded_matrix.REPORTERS)
    perm = (
        "budgets.cancel_funded_project" if transition == "cancel" else "budgets.change_funded_project_state"
    )
    assert actor.has_perm(perm, project) is permitted
    headers = {} if role == "anonymous" else bearer(token_for(actor))
    response = api.post(
        f"/api/v1/funded-projects/{project.pk}/transition/",
        {"transition": transition, "reason": "Plus de budget."},
        content_type="application/json",
        **headers,
    )
    project.refresh_from_db()
    if permitted and state in TRANSITION_SOURCES[transition]:
        assert response.status_code == 200, response.content
        assert response.json()["state"] == project.state != state
        return
    if role == "anonymous":
        assert response.status_code == 401
    elif not permitted:
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    else:
        assert (response.status_code, response.json()["code"]) == (
            409,
            "funded_project_transition_not_allowed",
        )
    assert project.state == state
