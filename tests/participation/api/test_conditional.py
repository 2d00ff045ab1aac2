"""Conditional GETs: every 200 of a GET carries `ETag` (hash of the body) and `Last-Modified` (when this body
was first served); a client whose copy is current gets 304 with `If-None-Match` or `If-Modified-Since`; a
change of the data (even a counter) changes the ETag."""

import pytest
from django.utils.http import http_date, parse_http_date

from participation.services.supports import support_add, support_remove
from tests.factories import ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(db):
    return ProposalFactory(process=ProcessFactory(with_phase="debate"), state="in_debate")


@pytest.mark.parametrize("url", ["/api/v1/proposals/", "/api/v1/processes/", "/api/v1/comments/"])
def test_a_list_answers_with_etag_and_last_modified(api, proposal, url):
    response = api.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    assert parse_http_date(response["Last-Modified"]) > 0


def test_if_none_match_with_the_current_etag_answers_304_without_a_body(api, proposal):
    first = api.get(f"/api/v1/proposals/{proposal.pk}/")
    again = api.get(f"/api/v1/proposals/{proposal.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_if_modified_since_the_last_modified_date_answers_304(api, proposal):
    first = api.get("/api/v1/proposals/")
    again = api.get("/api/v1/proposals/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_if_modified_since_an_earlier_date_answers_200(api, proposal):
    first = api.get("/api/v1/proposals/")
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 60)
    assert api.get("/api/v1/proposals/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_new_support_changes_the_etag_and_the_old_one_no_longer_matches(api, proposal):
    first = api.get(f"/api/v1/proposals/{proposal.pk}/")
    support_add(actor=UserFactory(), proposal=proposal)
    again = api.get(f"/api/v1/proposals/{proposal.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.json()["supports_count"] == 1


def test_a_changed_body_gets_a_later_last_modified_even_within_the_same_second(api, proposal):
    first = api.get(f"/api/v1/proposals/{proposal.pk}/")
    support_add(actor=UserFactory(), proposal=proposal)
    again = api.get(f"/api/v1/proposals/{proposal.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert parse_http_date(again["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_a_body_that_changes_back_is_still_modified_since_the_intermediate_one(api, proposal):
    supporter = UserFactory()
    api.get(f"/api/v1/proposals/{proposal.pk}/")
    support_add(actor=supporter, proposal=proposal)
    middle = api.get(f"/api/v1/proposals/{proposal.pk}/")
    support_remove(actor=supporter, proposal=proposal)
    back = api.get(f"/api/v1/proposals/{proposal.pk}/", HTTP_IF_MODIFIED_SINCE=middle["Last-Modified"])
    assert back.status_code == 200
    assert back.json()["supports_count"] == 0


def test_writes_and_errors_carry_no_etag(api, proposal):
    assert "ETag" not in api.get("/api/v1/proposals/999999/")
    assert "ETag" not in api.post(f"/api/v1/proposals/{proposal.pk}/support/")
