"""Personal access tokens: stored hashed, shown once, used with `Authorization: Bearer`, revoked on the
account page (then 401), `last_used_at` written at most once a minute."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from participation.models import ApiToken
from participation.services.api_tokens import api_token_create, api_token_touch
from tests.factories import ProposalFactory, UserFactory

from .world import bearer, token_for

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_as_its_sha256_hash_with_only_its_beginning_in_clear():
    user = UserFactory()
    token, raw = api_token_create(actor=user, name="carte du village")
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert raw.startswith("plc_") and len(raw) == 47
    assert stored["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert stored["prefix"] == raw[:12]
    assert all(raw not in str(value) for value in stored.values())


def test_a_bearer_token_authenticates_as_its_owner(api):
    author = UserFactory()
    draft = ProposalFactory(author=author, state="draft")
    response = api.get(f"/api/v1/proposals/{draft.pk}/", **bearer(token_for(author)))
    assert response.status_code == 200
    assert response.json()["state"] == "draft"
    assert api.get(f"/api/v1/proposals/{draft.pk}/").status_code == 404


def test_a_wrong_token_answers_401_and_never_falls_back_to_anonymous(api):
    response = api.get("/api/v1/processes/", HTTP_AUTHORIZATION="Bearer plc_not-a-real-token")
    assert response.status_code == 401
    assert response.json() == {
        "code": "authentication_failed",
        "detail": "This token is not valid, or it was revoked.",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_token_answers_401(api, client):
    user = UserFactory()
    raw = token_for(user)
    assert api.get("/api/v1/processes/", **bearer(raw)).status_code == 200
    client.force_login(user)
    token = ApiToken.objects.get(user=user)
    response = client.post(f"/me/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    client.logout()
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api.get("/api/v1/processes/", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_the_token_of_a_deactivated_account_answers_401(api):
    user = UserFactory()
    raw = token_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api.get("/api/v1/processes/", **bearer(raw)).status_code == 401


def test_last_used_at_is_written_on_first_use_then_at_most_once_a_minute(api):
    user = UserFactory()
    raw = token_for(user)
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is None
    api.get("/api/v1/areas/", **bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api.get("/api/v1/areas/", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first
    assert api_token_touch(token, now=first + timedelta(seconds=59)) is False
    assert api_token_touch(token, now=first + timedelta(seconds=61)) is True
    token.refresh_from_db()
    assert token.last_used_at == first + timedelta(seconds=61)


def test_the_account_page_creates_a_token_and_shows_it_once(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/me/api-tokens/", {"name": "Carte du village"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    raw = response.context["created"]["raw"]
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.prefix, token.token_hash) == (
        "Carte du village",
        raw[:12],
        hashlib.sha256(raw.encode()).hexdigest(),
    )
    listing = client.get("/me/api-tokens/").content.decode()
    assert raw not in listing
    assert "Carte du village" in listing and f"{raw[:12]}…" in listing


def test_the_account_page_lists_name_beginning_and_last_use(client, api):
    user = UserFactory()
    raw = token_for(user, name="Export hebdomadaire")
    api.get("/api/v1/areas/", **bearer(raw))
    client.force_login(user)
    page = client.get("/me/api-tokens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    token = ApiToken.objects.get(user=user)
    assert "Export hebdomadaire" in page
    assert f"<code>{token.prefix}…</code>" in page
    assert f'datetime="{timezone.localtime(token.last_used_at).isoformat()}"' in page
    assert "/api/v1/docs/" in page


def test_an_empty_name_is_refused_and_nothing_is_created(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/me/api-tokens/", {"name": "   "})
    assert response.status_code == 200
    assert response.context["created"] is None
    assert ApiToken.objects.count() == 0


def test_nobody_revokes_someone_elses_token(client):
    owner, other = UserFactory(), UserFactory()
    token_for(owner)
    token = ApiToken.objects.get(user=owner)
    client.force_login(other)
    assert client.post(f"/me/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_page_needs_a_signed_in_account(client):
    response = client.get("/me/api-tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/me/api-tokens/", {"name": "x"}).status_code == 302
    assert ApiToken.objects.count() == 0


def test_the_settings_page_links_to_the_token_page(client):
    client.force_login(UserFactory())
    assert 'href="/me/api-tokens/"' in client.get("/me/settings/").content.decode()


def test_process_administrators_see_tokens_in_the_admin_without_their_hash(client):
    owner = UserFactory()
    token_for(owner, name="Carte")
    token = ApiToken.objects.get(user=owner)
    client.force_login(UserFactory(process_admin=True, is_staff=True))
    page = client.get(f"/admin/participation/apitoken/{token.pk}/change/").content.decode()
    assert "Carte" in page and token.prefix in page
    assert token.token_hash not in page
    client.force_login(UserFactory(moderator=True, is_staff=True))
    assert client.get("/admin/participation/apitoken/").status_code == 403
