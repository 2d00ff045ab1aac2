import pytest
from django.template import loader
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

# Without a request no middleware picks the language: the page speaks the active one (French by default, now
# that the catalogue exists). Ask for English so that the assertions do not depend on the test order.


def test_the_500_page_renders_without_a_request_or_context_processors():
    with translation.override("en"):
        html = loader.get_template("500.html").render()

    assert "<h1>Something went wrong</h1>" in html
    assert 'href="/static/css/placette.css"' in html


def test_the_500_handler_answers_with_the_page():
    with translation.override("en"):
        response = defaults.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.django_db
def test_the_404_page_uses_the_site_layout(client):
    response = client.get("/processes/inexistant/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert '<a class="skip-link" href="#main">' in html


@pytest.mark.django_db
def test_the_403_page_explains_and_uses_the_site_layout(resident_client, debate_process):
    response = resident_client.get(f"/processes/{debate_process.slug}/proposals/new/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>You cannot do this</h1>" in html
    assert '<main id="main"' in html
