"""The permission matrix of the pages and services (tests/participation/services/matrix.py), replayed through
the API: for every action the API offers, each (role × timing) is allowed or refused exactly as the rule and
the service decide. An allowed call answers 2xx and changes the database; a refused one answers 401 (no
credentials), 403, 404, 400 or 409 in the error shape, and changes nothing. Every signed-in role calls with a
personal access token."""

import pytest

from tests.participation.services.matrix import arrange, db_snapshot, matrix_cases

from .world import bearer, token_for

pytestmark = pytest.mark.django_db


def _call(api, action, arranged, headers):
    obj = arranged.obj
    post = lambda url, data=None: api.post(url, data or {}, content_type="application/json", **headers)  # noqa: E731
    if action == "add_proposal":
        return post(
            "/api/v1/proposals/",
            {
                "process": obj.slug,
                "title": "Réparer le lavoir du village",
                "body": "Le lavoir tombe en ruine.",
                "area": obj.areas.first().pk if obj.areas.exists() else None,
            },
        )
    if action == "submit_proposal":
        return post(f"/api/v1/proposals/{obj.pk}/submit/")
    if action == "change_proposal":
        return api.patch(
            f"/api/v1/proposals/{obj.pk}/",
            {"title": "Un nouveau titre plus clair", "body": "Un texte revu."},
            content_type="application/json",
            **headers,
        )
    if action in ("withdraw_proposal", "admit_proposal"):
        return post(f"/api/v1/proposals/{obj.pk}/{action.split('_')[0]}/")
    if action == "reject_proposal":
        return post(
            f"/api/v1/proposals/{obj.pk}/reject/",
            {"reason": "not_feasible", "public_reason": "Le terrain n'appartient pas à la commune."},
        )
    if action == "evaluate_proposal":
        return post(
            f"/api/v1/proposals/{obj.pk}/accept/",
            {"cost_estimate_cents": 1_200_000, "answer": "Faisable pour 12 000 euros."},
        )
    if action == "hide_proposal":
        return post(f"/api/v1/proposals/{obj.pk}/hide/", {"reason": "Propos injurieux."})
    if action == "add_comment":
        return post("/api/v1/comments/", {"proposal": obj.pk, "body": "Bonne idée.", "alignment": "for"})
    if action == "change_comment":
        return api.patch(
            f"/api/v1/comments/{obj.pk}/",
            {"body": "Idée revue.", "alignment": "against"},
            content_type="application/json",
            **headers,
        )
    if action == "delete_comment":
        return api.delete(f"/api/v1/comments/{obj.pk}/", **headers)
    if action == "hide_comment":
        return post(f"/api/v1/comments/{obj.pk}/hide/", {"reason": "Hors sujet et insultant."})
    if action == "support_proposal":
        return post(f"/api/v1/proposals/{obj.pk}/support/")
    if action == "follow_proposal":
        return post(f"/api/v1/proposals/{obj.pk}/follow/")
    if action == "follow_process":
        return post(f"/api/v1/processes/{obj.slug}/follow/")
    raise LookupError(action)


API_ACTIONS = {
    "add_proposal",
    "submit_proposal",
    "change_proposal",
    "withdraw_proposal",
    "admit_proposal",
    "reject_proposal",
    "evaluate_proposal",
    "hide_proposal",
    "add_comment",
    "change_comment",
    "delete_comment",
    "hide_comment",
    "support_proposal",
    "follow_proposal",
    "follow_process",
}
CASES = [case for case in matrix_cases() if case[0] in API_ACTIONS]


@pytest.mark.parametrize(("action", "timing", "role", "allowed"), CASES)
def test_the_api_gives_the_answer_of_the_pages_and_services(api, action, timing, role, allowed):
    arranged = arrange(action, timing, role)
    if arranged.obj is not None and hasattr(arranged.obj, "areas") and not arranged.obj.areas.exists():
        from tests.factories import AreaFactory

        arranged.obj.areas.add(AreaFactory())
    headers = {} if role == "anonymous" else bearer(token_for(arranged.actor))
    before = db_snapshot()
    response = _call(api, action, arranged, headers)
    if allowed:
        assert 200 <= response.status_code < 300, response.content
        assert db_snapshot() != before
    else:
        expected = {401} if role == "anonymous" else {400, 403, 404, 409}
        assert response.status_code in expected, response.content
        assert set(response.json()) >= {"code", "detail"}
        assert db_snapshot() == before
