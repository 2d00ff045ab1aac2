import pytest

from tests.factories import ProcessFactory

from .conftest import make_ballot, make_budget, make_project, voter_of

pytestmark = pytest.mark.django_db


def url_of(process) -> str:
    return f"/processes/{process.slug}/vote/lookup/"


def test_a_voter_finds_their_ballot_with_the_receipt_code(client, resident, vote_process):
    budget = make_budget(vote_process)
    project = make_project(budget, title="Piste cyclable")
    ballot = make_ballot(budget, voter_of(resident, vote_process), [project])

    response = client.post(
        url_of(vote_process), {"receipt_code": ballot.receipt_code.lower().replace("-", " ")}
    )

    page = response.content.decode()
    assert response.context["ballot"].pk == ballot.pk
    assert f"<code>{ballot.receipt_digest[:16]}</code>" in page
    assert "Piste cyclable" in page
    assert "Your ballot in “Budget de la commune”" in page


def test_an_unknown_receipt_code_is_refused(client, vote_process):
    response = client.post(url_of(vote_process), {"receipt_code": "AAAA-BBBB-CCCC-DDDD"})

    assert response.context["ballot"] is None
    assert "No ballot of this process has this receipt code." in response.content.decode()


def test_a_receipt_of_another_process_is_not_found_here(client, resident, vote_process):
    other = ProcessFactory(with_phase="vote")
    ballot = make_ballot(make_budget(other), voter_of(resident, other), [])

    response = client.post(url_of(vote_process), {"receipt_code": ballot.receipt_code})

    assert response.context["ballot"] is None


def test_an_empty_code_is_reported_on_the_field(client, vote_process):
    response = client.post(url_of(vote_process), {"receipt_code": "   "})

    assert response.context["form"].errors["receipt_code"] == ["This field is required."]


def test_the_lookup_page_is_not_cached(client, vote_process):
    response = client.get(url_of(vote_process))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
