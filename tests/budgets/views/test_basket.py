import pytest

from budgets.models import Basket, Voter
from budgets.services.census import census_configure
from tests.factories import ProcessFactory, UserFactory

from .conftest import make_ballot, make_budget, make_project, messages_of, put_in_basket, voter_of

pytestmark = pytest.mark.django_db


def url_of(budget, verb="add") -> str:
    return f"/processes/{budget.process.slug}/budgets/{budget.slug}/basket/{verb}/"


def basket_ids(budget) -> set[int]:
    return {
        pk
        for basket in Basket.objects.filter(budget=budget)
        for pk in basket.projects.values_list("pk", flat=True)
    }


def test_a_resident_adds_then_removes_a_project(resident_client, resident, vote_process):
    budget = make_budget(vote_process)
    project = make_project(budget, title="Piste cyclable")

    added = resident_client.post(url_of(budget), {"project": project.pk}, follow=True)

    assert added.redirect_chain == [
        (f"/processes/{vote_process.slug}/budgets/commune/#project-{project.pk}", 302)
    ]
    assert messages_of(added) == ["“Piste cyclable” is in your basket."]
    assert basket_ids(budget) == {project.pk}
    assert Voter.objects.get(user=resident).area == resident.area

    removed = resident_client.post(url_of(budget, "remove"), {"project": project.pk}, follow=True)

    assert messages_of(removed) == ["“Piste cyclable” is no longer in your basket."]
    assert basket_ids(budget) == set()


def test_the_redirect_keeps_the_filters_of_the_page(resident_client, vote_process):
    budget = make_budget(vote_process)
    project = make_project(budget)
    here = f"/processes/{vote_process.slug}/budgets/commune/?sort=cheapest&q=banc"

    response = resident_client.post(url_of(budget), {"project": project.pk, "next": here})

    assert response["Location"] == f"{here}#project-{project.pk}"


def test_a_next_address_on_another_site_is_ignored(resident_client, vote_process):
    budget = make_budget(vote_process)
    project = make_project(budget)

    response = resident_client.post(url_of(budget), {"project": project.pk, "next": "https://evil.example/"})

    assert response["Location"] == f"/processes/{vote_process.slug}/budgets/commune/#project-{project.pk}"


def test_adding_over_the_envelope_is_refused_and_changes_nothing(resident_client, resident, vote_process):
    budget = make_budget(vote_process, amount_cents=50_000_00)
    chosen = make_project(budget, cost_cents=40_000_00)
    too_much = make_project(budget, title="Salle des fêtes", cost_cents=20_000_00)
    put_in_basket(voter_of(resident, vote_process), chosen)

    response = resident_client.post(url_of(budget), {"project": too_much.pk}, follow=True)

    assert len(messages_of(response)) == 1
    assert 'class="message message--error"' in response.content.decode()
    assert basket_ids(budget) == {chosen.pk}


@pytest.mark.parametrize("value", ["", "abc", "-3", "0", "1.5", "99999999999999999999999"])
def test_a_tampered_project_field_is_refused_and_changes_nothing(resident_client, vote_process, value):
    budget = make_budget(vote_process)
    make_project(budget)

    response = resident_client.post(url_of(budget), {"project": value}, follow=True)

    assert messages_of(response) == ["This project is not on the ballot of this budget."]
    assert Basket.objects.count() == 0


def test_a_project_of_another_budget_or_unknown_is_refused(resident_client, vote_process, north):
    budget = make_budget(vote_process)
    other = make_project(make_budget(vote_process, slug="nord", area=north))

    for project_id in (other.pk, other.pk + 1000):
        response = resident_client.post(url_of(budget), {"project": project_id}, follow=True)
        assert messages_of(response) == ["This project is not on the ballot of this budget."]
    assert Basket.objects.count() == 0


def test_a_budget_of_another_area_refuses_the_basket(resident_client, vote_process, south):
    budget = make_budget(vote_process, slug="sud", area=south)
    project = make_project(budget)

    response = resident_client.post(url_of(budget), {"project": project.pk}, follow=True)

    assert messages_of(response) == ["You cannot vote in this budget: it belongs to another area."]
    assert Basket.objects.count() == 0


def test_after_casting_the_basket_is_refused(resident_client, resident, vote_process):
    budget = make_budget(vote_process)
    project = make_project(budget)
    make_ballot(budget, voter_of(resident, vote_process), [])

    response = resident_client.post(url_of(budget), {"project": project.pk}, follow=True)

    assert messages_of(response) == ["You have already voted in this budget: a ballot is final."]
    assert Basket.objects.count() == 0


def test_outside_the_vote_the_basket_is_refused(resident_client):
    budget = make_budget(ProcessFactory(with_phase="debate"))
    project = make_project(budget)

    response = resident_client.post(url_of(budget), {"project": project.pk}, follow=True)

    assert messages_of(response) == ["Voting is only possible while the vote phase is open."]
    assert Basket.objects.count() == 0


def test_an_unverified_resident_of_a_census_process_is_refused(resident_client, vote_process):
    budget = make_budget(vote_process)
    project = make_project(budget)
    census_configure(
        actor=UserFactory(process_admin=True),
        process=vote_process,
        match_fields=["birth_date"],
        minimum_age=16,
    )

    response = resident_client.post(url_of(budget), {"project": project.pk}, follow=True)

    assert messages_of(response) == ["Prove that you are on the list of voters before voting."]
    assert Basket.objects.count() == 0 and Voter.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in_then_back_to_the_budget(client, vote_process):
    budget = make_budget(vote_process)
    project = make_project(budget)

    response = client.post(url_of(budget), {"project": project.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/processes/{vote_process.slug}/budgets/commune/"
    assert Basket.objects.count() == 0


def test_basket_urls_answer_405_to_get_and_404_for_unknown_budgets(resident_client, vote_process):
    budget = make_budget(vote_process)

    assert resident_client.get(url_of(budget)).status_code == 405
    assert (
        resident_client.post(url_of(budget).replace("commune", "inconnu"), {"project": 1}).status_code == 404
    )
