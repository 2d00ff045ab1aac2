"""Every error of the API has one JSON shape, `{"code", "detail"}` (plus `errors` for field errors), with the
right status: validation 400 `invalid`, a domain refusal 400/409 with its own code, PermissionDenied 403,
missing or invisible 404, no credentials 401, wrong method 405, not JSON 415. Never a 500, never HTML."""

import re

import pytest

from participation.exceptions import DomainError
from participation.models import Proposal, Support
from tests.factories import ProcessFactory, ProposalFactory, UserFactory

from .world import bearer, token_for

pytestmark = pytest.mark.django_db


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_domain_error_has_its_own_stable_snake_case_code_and_an_http_status():
    import budgets.exceptions  # noqa: F401  (registers the budgets refusals)
    import budgets.services.associations  # noqa: F401  (the associations' refusals)
    import budgets.services.funded_projects  # noqa: F401  (the funded projects' refusals)

    classes = [DomainError, *_all_subclasses(DomainError)]
    codes = [cls.__dict__.get("code") for cls in classes]
    assert None not in codes, [cls for cls in classes if "code" not in cls.__dict__]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", code) for code in codes)
    assert {cls.status for cls in classes} <= {400, 403, 404, 409, 429}


def test_a_validation_error_is_400_invalid_with_field_errors(api):
    user = UserFactory()
    response = api.post(
        "/api/v1/comments/",
        {"proposal": "x", "body": 3},
        content_type="application/json",
        **bearer(token_for(user)),
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are missing or wrong.",
        "errors": {"proposal": ["A valid integer is required."]},
    }


def test_a_refusal_of_the_service_with_field_errors_is_400_invalid(api):
    user = UserFactory()
    process = ProcessFactory(with_phase="submission")
    response = api.post(
        "/api/v1/proposals/",
        {"process": process.slug, "title": "Court"},
        content_type="application/json",
        **bearer(token_for(user)),
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are missing or wrong.",
        "errors": {"title": ["The title needs between 10 and 150 characters."]},
    }
    assert Proposal.objects.count() == 0


def test_a_domain_refusal_in_the_current_state_is_409_with_its_code(api):
    user = UserFactory()
    proposal = ProposalFactory(process=ProcessFactory(with_phase="debate"), state="in_debate")
    headers = bearer(token_for(user))
    assert api.post(f"/api/v1/proposals/{proposal.pk}/support/", **headers).status_code == 200
    response = api.post(f"/api/v1/proposals/{proposal.pk}/support/", **headers)
    assert response.status_code == 409
    assert response.json() == {"code": "already_done", "detail": "You already support this proposal."}
    assert Support.objects.count() == 1


def test_permission_denied_is_403_permission_denied(api):
    resident = UserFactory()
    proposal = ProposalFactory(process=ProcessFactory(with_phase="submission"), state="submitted")
    response = api.post(f"/api/v1/proposals/{proposal.pk}/admit/", **bearer(token_for(resident)))
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "detail": "You are not allowed to do this."}
    proposal.refresh_from_db()
    assert proposal.state == "submitted"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/proposals/999999/",
        "/api/v1/proposals/abc/",
        "/api/v1/nothing-here/",
        "/api/v1/processes/not-a-process/",
        "/api/v1/proposals/1.5/",
    ],
)
def test_anything_missing_is_a_json_404_not_found(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_a_draft_of_someone_else_is_404_as_if_missing(api):
    draft = ProposalFactory(state="draft")
    response = api.get(f"/api/v1/proposals/{draft.pk}/", **bearer(token_for(UserFactory())))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_write_without_credentials_is_401_not_authenticated(api):
    proposal = ProposalFactory(process=ProcessFactory(with_phase="debate"), state="in_debate")
    response = api.post(f"/api/v1/proposals/{proposal.pk}/support/")
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
    }
    assert Support.objects.count() == 0


def test_a_wrong_method_is_405_and_a_body_that_is_not_json_is_415(api):
    headers = bearer(token_for(UserFactory()))
    response = api.put("/api/v1/processes/", **headers)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    response = api.post(
        "/api/v1/comments/", "body=x", content_type="application/x-www-form-urlencoded", **headers
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_broken_json_is_400_parse_error(api):
    response = api.post(
        "/api/v1/comments/", "{not json", content_type="application/json", **bearer(token_for(UserFactory()))
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_the_detail_is_in_the_language_of_the_request(client):
    proposal = ProposalFactory(process=ProcessFactory(with_phase="debate"), state="in_debate")
    headers = bearer(token_for(UserFactory()))
    client.post(f"/api/v1/proposals/{proposal.pk}/support/", HTTP_ACCEPT_LANGUAGE="fr", **headers)
    response = client.post(f"/api/v1/proposals/{proposal.pk}/support/", HTTP_ACCEPT_LANGUAGE="fr", **headers)
    assert response.json() == {"code": "already_done", "detail": "Vous soutenez déjà cette proposition."}


def test_session_writes_need_the_csrf_token(client):
    user = UserFactory()
    proposal = ProposalFactory(process=ProcessFactory(with_phase="debate"), state="in_debate")
    client.handler.enforce_csrf_checks = True
    client.force_login(user)
    response = client.post(f"/api/v1/proposals/{proposal.pk}/support/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert response.json()["detail"].startswith("CSRF Failed")
    assert Support.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/api/v1/processes/a%00b/", "/api/v1/voters/a%00b/", "/api/v1/processes/a%00b/follow/"]
)
def test_a_slug_with_a_nul_character_is_404_on_every_database(api, path):
    headers = bearer(token_for(UserFactory()))
    response = api.post(path, **headers) if path.endswith("follow/") else api.get(path, **headers)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
