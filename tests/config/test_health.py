from unittest import mock

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from config.health import healthz


@pytest.mark.django_db
def test_healthz_is_served_at_slash_healthz_and_answers_ok(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails():
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = healthz(RequestFactory().get("/healthz"))
    assert response.status_code == 503
    assert response.content == b"database unavailable"


def test_healthz_refuses_writes_without_touching_the_database():
    response = healthz(RequestFactory().post("/healthz"))
    assert response.status_code == 405
