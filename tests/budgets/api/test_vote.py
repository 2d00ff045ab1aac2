"""Voting through the API, as on the pages: the basket, casting a ballot (final: a second one is refused with
409 through the API and on the page), proving one's eligibility against the census."""

import pytest

from budgets.models import Ballot, Basket, Voter
from tests.budgets.factories import census_person
from tests.budgets.services.conftest import make_scene
from tests.factories import AreaFactory, UserFactory
from tests.participation.api.world import bearer, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(db):
    north, south = AreaFactory(name="Nord", slug="nord"), AreaFactory(name="Sud", slug="sud")
    scene = make_scene("vote", north=north, south=south, census=False)
    scene["north"] = north
    return scene


def _post(api, url, data, headers):
    return api.post(url, data, content_type="application/json", **headers)


def test_the_basket_fills_and_empties_through_the_api(api, scene):
    resident = UserFactory(area=scene["north"])
    headers = bearer(token_for(resident))
    town = scene["town"]
    bikes, playground = scene["town_projects"][0], scene["town_projects"][1]
    response = _post(api, f"/api/v1/budgets/{town.pk}/basket/add/", {"project": bikes.pk}, headers)
    assert response.status_code == 200
    assert response.json() == {
        "budget": town.pk,
        "status": "can_vote",
        "project_ids": [bikes.pk],
        "total_cents": 60_000_00,
        "left_cents": 40_000_00,
        "picks_left": None,
        "projects_missing": 0,
        "share_missing_cents": 0,
        "is_complete": True,
    }
    _post(api, f"/api/v1/budgets/{town.pk}/basket/add/", {"project": playground.pk}, headers)
    response = _post(api, f"/api/v1/budgets/{town.pk}/basket/remove/", {"project": bikes.pk}, headers)
    assert response.json()["project_ids"] == [playground.pk]
    assert api.get(f"/api/v1/budgets/{town.pk}/basket/", **headers).json()["project_ids"] == [playground.pk]


def test_a_project_over_the_envelope_is_refused_with_the_ballot_rule_code(api, scene):
    headers = bearer(token_for(UserFactory(area=scene["north"])))
    town = scene["town"]
    _post(api, f"/api/v1/budgets/{town.pk}/basket/add/", {"project": scene["town_projects"][0].pk}, headers)
    response = _post(
        api, f"/api/v1/budgets/{town.pk}/basket/add/", {"project": scene["town_projects"][3].pk}, headers
    )
    assert response.status_code == 400
    assert response.json()["code"] == "ballot_rule"
    assert list(Basket.objects.get().projects.values_list("pk", flat=True)) == [scene["town_projects"][0].pk]


def test_a_ballot_cast_through_the_api_is_final_in_the_api_and_on_the_page(api, client, scene):
    resident = UserFactory(area=scene["north"], preferred_language="en")
    headers = bearer(token_for(resident))
    town = scene["town"]
    chosen = [scene["town_projects"][1].pk, scene["town_projects"][2].pk]
    response = _post(api, f"/api/v1/budgets/{town.pk}/ballot/", {"project_ids": chosen}, headers)
    assert response.status_code == 201
    body = response.json()
    assert (body["budget"], body["channel"], body["project_ids"]) == (town.pk, "online", sorted(chosen))
    assert len(body["receipt_code"]) == 19
    ballot = Ballot.objects.get()
    assert ballot.voter.user == resident

    again = _post(api, f"/api/v1/budgets/{town.pk}/ballot/", {"project_ids": chosen[:1]}, headers)
    assert again.status_code == 409
    assert again.json() == {
        "code": "already_voted",
        "detail": "You have already voted in this budget: a ballot is final.",
    }

    client.force_login(resident)
    page = client.get(
        f"/processes/{town.process.slug}/budgets/{town.slug}/checkout/",
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert page.redirect_chain[-1][0] == f"/processes/{town.process.slug}/budgets/"
    assert "You have already voted in this budget. A ballot is final." in page.content.decode()
    assert Ballot.objects.count() == 1


def test_a_ballot_without_project_ids_casts_the_basket(api, scene):
    headers = bearer(token_for(UserFactory(area=scene["north"])))
    town = scene["town"]
    _post(api, f"/api/v1/budgets/{town.pk}/basket/add/", {"project": scene["town_projects"][2].pk}, headers)
    response = _post(api, f"/api/v1/budgets/{town.pk}/ballot/", {}, headers)
    assert response.status_code == 201
    assert response.json()["project_ids"] == [scene["town_projects"][2].pk]
    assert Basket.objects.count() == 0


def test_a_budget_of_another_area_is_refused_with_not_eligible(api, scene):
    headers = bearer(token_for(UserFactory(area=AreaFactory(name="Est", slug="est"))))
    budget = scene["north_budget"]
    response = _post(
        api, f"/api/v1/budgets/{budget.pk}/ballot/", {"project_ids": [scene["north_projects"][0].pk]}, headers
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "not_eligible",
        "detail": "You cannot vote in this budget: it belongs to another area.",
    }
    assert Ballot.objects.count() == 0


def test_a_resident_proves_eligibility_against_the_census_then_votes(api, db):
    north, south = AreaFactory(name="Nord", slug="nord"), AreaFactory(name="Sud", slug="sud")
    scene = make_scene("vote", north=north, south=south)
    resident = UserFactory(area=north)
    headers = bearer(token_for(resident))
    process = scene["process"]
    standing = api.get(f"/api/v1/voters/{process.slug}/", **headers).json()
    assert standing == {
        "process": process.slug,
        "may_vote": False,
        "obstacle": "census",
        "has_census": True,
        "area": None,
        "voted_budget_ids": [],
    }
    refused = _post(
        api,
        f"/api/v1/budgets/{scene['town'].pk}/ballot/",
        {"project_ids": [scene["town_projects"][2].pk]},
        headers,
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_verified"

    wrong = _post(
        api,
        f"/api/v1/voters/{process.slug}/verify/",
        {"values": {"birth_date": "1900-01-01", "register_number": "00000000000"}},
        headers,
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "census_no_match"
    response = _post(
        api,
        f"/api/v1/voters/{process.slug}/verify/",
        {"values": census_person(scene["census"], area=north)},
        headers,
    )
    assert response.status_code == 200
    assert response.json()["may_vote"] is True and response.json()["area"] == north.pk
    assert Voter.objects.get(user=resident).area == north
    cast = _post(
        api,
        f"/api/v1/budgets/{scene['town'].pk}/ballot/",
        {"project_ids": [scene["town_projects"][2].pk]},
        headers,
    )
    assert cast.status_code == 201


def test_verification_of_a_process_without_census_is_404(api, scene):
    headers = bearer(token_for(UserFactory()))
    response = _post(api, f"/api/v1/voters/{scene['process'].slug}/verify/", {"values": {}}, headers)
    assert response.status_code == 404


def test_anonymous_votes_are_401(api, scene):
    town = scene["town"]
    assert _post(api, f"/api/v1/budgets/{town.pk}/ballot/", {}, {}).status_code == 401
    assert api.get(f"/api/v1/budgets/{town.pk}/basket/").status_code == 401
    assert Ballot.objects.count() == 0
