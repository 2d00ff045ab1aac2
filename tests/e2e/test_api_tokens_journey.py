"""A resident gives a program access to the API: creates a personal access token on the account page, the
program uses it, the resident revokes it. The documentation pages of the API load nothing from another host.
"""

import re

import pytest
from playwright.sync_api import expect

from participation.models import ApiToken
from tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_resident_creates_a_token_uses_it_and_revokes_it(tab):
    page = tab.page
    resident = UserFactory(email="camille@example.org", preferred_language="en")
    tab.log_in(resident.email, PASSWORD)
    tab.visit(tab.url("account_settings"))
    tab.follow(page.get_by_role("link", name="Personal access tokens for programs using Placette's API"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API access")
    page.get_by_label("Name of the token").fill("Carte du village")
    tab.submit(page.get_by_role("button", name="Create the token"))
    raw = page.locator("#new-token").inner_text().strip()
    assert re.fullmatch(r"plc_[A-Za-z0-9_-]{43}", raw)

    api = page.request
    answer = api.get(tab.base_url + "/api/v1/proposals/", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 200
    assert ApiToken.objects.get(user=resident).last_used_at is not None

    tab.visit(tab.url("api_tokens"))
    assert raw not in page.content()
    expect(page.get_by_role("row", name=re.compile("Carte du village"))).to_contain_text(raw[:12])
    tab.submit(page.get_by_role("button", name="Revoke the token “Carte du village”"))
    expect(page.get_by_role("row", name=re.compile("Carte du village"))).to_contain_text("Revoked on")
    answer = api.get(tab.base_url + "/api/v1/proposals/", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 401
    assert answer.json()["code"] == "authentication_failed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_loads_only_from_placette(tab, path):
    """Swagger UI and Redoc are third-party interfaces (not checked with axe): only their requests are."""
    page = tab.page
    page.goto(tab.base_url + path, wait_until="networkidle")
    assert tab._problems == []
    expect(page.get_by_text("Placette API").first).to_be_visible()
