import io

import pytest
from pypdf import PdfReader

from .conftest import make_budget, make_project, put_in_basket, voter_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(resident_client, resident, vote_process):
    """The resident cast a ballot for "Piste cyclable" in the budget "Budget de la commune"."""
    budget = make_budget(vote_process)
    project = make_project(budget, title="Piste cyclable")
    put_in_basket(voter_of(resident, vote_process), project)
    response = resident_client.post(
        f"/processes/{vote_process.slug}/budgets/commune/checkout/",
        {"confirm": "on", "selection": str(project.pk)},
        follow=True,
    )
    [receipt] = response.context["receipts"]
    return receipt["code"]


def receipt_url(process, suffix="/") -> str:
    return f"/processes/{process.slug}/vote/receipt{suffix}"


def test_the_receipt_page_explains_the_code_and_is_never_cached(resident_client, vote_process, cast):
    response = resident_client.get(receipt_url(vote_process))

    page = response.content.decode()
    assert cast in page
    assert "It does not show your choice to anyone else" in page
    assert "no-store" in response["Cache-Control"]
    assert "Piste cyclable" not in page


def test_the_pdf_receipt_has_the_code_and_not_the_choices(resident_client, vote_process, cast):
    response = resident_client.get(receipt_url(vote_process, ".pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{vote_process.slug}.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert cast in text
    assert "Budget de la commune" in text
    assert "Piste cyclable" not in text


def test_saying_the_code_is_noted_stops_showing_it(resident_client, vote_process, cast):
    response = resident_client.post(receipt_url(vote_process), follow=True)

    assert response.redirect_chain == [(f"/processes/{vote_process.slug}/budgets/", 302)]
    page = resident_client.get(receipt_url(vote_process)).content.decode()
    assert cast not in page
    assert "There is no receipt to show on this device." in page
    assert resident_client.get(receipt_url(vote_process, ".pdf")).status_code == 404


def test_another_visitor_sees_no_receipt(client, vote_process):
    response = client.get(receipt_url(vote_process))

    assert response.status_code == 200
    assert "There is no receipt to show on this device." in response.content.decode()
    assert client.get(receipt_url(vote_process, ".pdf")).status_code == 404
