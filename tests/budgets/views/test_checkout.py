import pytest

from budgets.models import Ballot, BallotSelection, Basket
from budgets.services import digests
from tests.factories import ProcessFactory

from .conftest import make_ballot, make_budget, make_project, messages_of, put_in_basket, voter_of

pytestmark = pytest.mark.django_db


def url_of(budget) -> str:
    return f"/processes/{budget.process.slug}/budgets/{budget.slug}/checkout/"


@pytest.fixture
def budget(vote_process):
    return make_budget(vote_process, amount_cents=100_000_00, min_projects=1)


@pytest.fixture
def chosen(resident, vote_process, budget):
    projects = [
        make_project(budget, title="Piste cyclable", cost_cents=40_000_00),
        make_project(budget, title="Abri vélo", cost_cents=10_000_00),
    ]
    put_in_basket(voter_of(resident, vote_process), *projects)
    return projects


def selection(projects) -> str:
    return ",".join(str(pk) for pk in sorted(project.pk for project in projects))


def test_the_checkout_shows_the_choice_the_rule_and_a_final_button(resident_client, budget, chosen):
    response = resident_client.get(url_of(budget))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<caption>2 projects chosen</caption>" in page
    assert '<th scope="row">Piste cyclable</th><td class="number">40,000 €</td>' in page
    assert '<th scope="row">Total</th><td class="number">50,000 €</td>' in page
    assert "Once cast, your ballot is final: it cannot be changed." in page
    assert "Cast my ballot — this is final" in page
    assert f'name="selection" value="{selection(chosen)}"' in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_casting_records_the_ballot_and_shows_the_receipt_once(resident_client, resident, budget, chosen):
    response = resident_client.post(
        url_of(budget), {"confirm": "on", "selection": selection(chosen)}, follow=True
    )

    ballot = Ballot.objects.get()
    assert response.redirect_chain == [(f"/processes/{budget.process.slug}/vote/receipt/", 302)]
    assert messages_of(response) == ["Your ballot was cast. Thank you for voting!"]
    assert ballot.voter.user == resident and ballot.channel == "online"
    assert set(ballot.selections.values_list("project_id", flat=True)) == {project.pk for project in chosen}
    assert Basket.objects.count() == 0
    [receipt] = response.context["receipts"]
    assert ballot.receipt_digest == digests.receipt_digest(digests.normalise_code(receipt["code"]))
    assert f'<p class="receipt__code" translate="no">{receipt["code"]}</p>' in response.content.decode()


def test_casting_without_ticking_the_confirmation_casts_nothing(resident_client, budget, chosen):
    response = resident_client.post(url_of(budget), {"selection": selection(chosen)})

    assert response.status_code == 200
    assert "Tick the box to confirm that your choice is final." in response.content.decode()
    assert Ballot.objects.count() == 0


def test_a_basket_changed_since_the_review_is_not_cast(resident_client, budget, chosen):
    response = resident_client.post(
        url_of(budget), {"confirm": "on", "selection": str(chosen[0].pk)}, follow=True
    )

    assert response.redirect_chain == [(url_of(budget), 302)]
    assert messages_of(response) == [
        "Your basket changed since this page was shown. Check your choice again before casting your ballot."
    ]
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize("value", ["1,,2", "x", "1;2", "-1"])
def test_a_tampered_selection_is_not_cast(resident_client, budget, chosen, value):
    resident_client.post(url_of(budget), {"confirm": "on", "selection": value})

    assert Ballot.objects.count() == 0
    assert Basket.objects.get().projects.count() == 2


def test_a_ballot_breaking_the_rule_is_refused_with_the_reason(resident_client, resident, vote_process):
    budget = make_budget(vote_process, ballot_rule="approval", max_projects=3, min_projects=2)
    project = make_project(budget)
    put_in_basket(voter_of(resident, vote_process), project)

    response = resident_client.post(url_of(budget), {"confirm": "on", "selection": str(project.pk)})

    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert Ballot.objects.count() == 0


def test_an_empty_basket_offers_no_cast_and_a_forged_post_casts_nothing(resident_client, budget):
    page = resident_client.get(url_of(budget)).content.decode()
    response = resident_client.post(url_of(budget), {"confirm": "on", "selection": ""}, follow=True)

    assert "Cast my ballot" not in page
    assert messages_of(response) == ["Your basket is empty: choose projects before casting your ballot."]
    assert Ballot.objects.count() == 0


def test_voting_twice_is_refused_and_keeps_one_ballot(
    resident_client, resident, vote_process, budget, chosen
):
    make_ballot(budget, voter_of(resident, vote_process), chosen[:1])

    response = resident_client.post(
        url_of(budget), {"confirm": "on", "selection": selection(chosen)}, follow=True
    )

    assert messages_of(response) == ["You have already voted in this budget. A ballot is final."]
    assert Ballot.objects.count() == 1
    assert BallotSelection.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, budget):
    response = client.get(url_of(budget))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url_of(budget)}"


def test_outside_the_vote_the_checkout_sends_back_to_the_budgets(resident_client):
    budget = make_budget(ProcessFactory(with_phase="results"))

    response = resident_client.post(url_of(budget), {"confirm": "on", "selection": ""}, follow=True)

    assert messages_of(response) == ["The vote is over."]
    assert Ballot.objects.count() == 0


def test_a_budget_of_another_area_cannot_be_checked_out(resident_client, vote_process, south):
    budget = make_budget(vote_process, slug="sud", area=south)

    response = resident_client.get(url_of(budget), follow=True)

    assert messages_of(response) == ["You cannot vote in this budget: it belongs to another area."]
