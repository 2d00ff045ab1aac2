"""Throttling per account and per IP address, with the rates of the settings (PLACETTE_API_RATE_USER,
PLACETTE_API_RATE_IP): past the rate, 429 in the usual error shape with `Retry-After`."""

import pytest

from tests.factories import UserFactory

from .world import bearer, token_for

pytestmark = pytest.mark.django_db


def test_an_account_past_its_rate_gets_429_throttled(api, settings):
    settings.PLACETTE_API_RATE_USER = "3/minute"
    headers = bearer(token_for(UserFactory()))
    statuses = [api.get("/api/v1/areas/", **headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/areas/", **headers)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled"
    assert body["detail"].startswith("Request was throttled.")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_account_rate_is_counted_per_account(api, settings):
    settings.PLACETTE_API_RATE_USER = "2/minute"
    first, second = bearer(token_for(UserFactory())), bearer(token_for(UserFactory()))
    assert [api.get("/api/v1/areas/", **first).status_code for _ in range(3)] == [200, 200, 429]
    assert api.get("/api/v1/areas/", **second).status_code == 200


def test_an_ip_address_past_its_rate_gets_429_signed_in_or_not(api, settings):
    settings.PLACETTE_API_RATE_IP = "2/minute"
    assert [api.get("/api/v1/areas/").status_code for _ in range(3)] == [200, 200, 429]
    headers = bearer(token_for(UserFactory()))
    assert api.get("/api/v1/areas/", **headers).status_code == 429
    assert api.get("/api/v1/areas/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_throttled_writes_change_nothing(api, settings):
    from participation.models import Support
    from tests.factories import ProcessFactory, ProposalFactory

    settings.PLACETTE_API_RATE_USER = "1/minute"
    proposal = ProposalFactory(process=ProcessFactory(with_phase="debate"), state="in_debate")
    headers = bearer(token_for(UserFactory()))
    api.get("/api/v1/areas/", **headers)
    response = api.post(f"/api/v1/proposals/{proposal.pk}/support/", **headers)
    assert response.status_code == 429
    assert Support.objects.count() == 0
