"""Voting at a desk: the agent finds the resident by their census details, sees the budgets they may vote in
and whether they already voted, ticks projects and casts; the answer shows the receipt code to hand over."""

import pytest
from django.urls import reverse

from budgets.models import Ballot, BallotChannel, Voter
from budgets.services.ballots import ballot_find_by_receipt

from .conftest import CAMILLE, SACHA, census_fields, make_ballot

pytestmark = pytest.mark.django_db


def desk_url(process):
    return reverse("staff_desk", kwargs={"slug": process.slug})


def find(client, process, values):
    return client.post(desk_url(process), {"action": "find", **census_fields(values)})


def cast(client, process, budget, values, projects):
    prefix = f"budget{budget.pk}-"
    return client.post(
        desk_url(process),
        {
            "action": "cast",
            "budget": budget.slug,
            **census_fields(values, prefix),
            f"{prefix}projects": [project.pk for project in projects],
        },
    )


def test_the_agent_finds_a_resident_and_sees_the_budgets_of_their_area(login, vote_process, budgets, census):
    response = find(login("desk"), vote_process, CAMILLE)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row.budget.slug, row.has_voted) for row in rows] == [("commune", False), ("nord", False)]
    html = response.content.decode()
    assert "Found on the census, area Nord." in html
    assert "Cast the ballot in “Budget de la commune”" in html


def test_a_resident_of_another_area_does_not_see_the_budget_of_nord(login, vote_process, budgets, census):
    response = find(login("desk"), vote_process, SACHA)

    assert [row.budget.slug for row in response.context["rows"]] == ["commune"]


def test_the_agent_casts_a_ballot_and_gets_the_receipt_code(login, vote_process, budgets, census, people):
    response = cast(
        login("desk"), vote_process, budgets["commune"], CAMILLE, [budgets["bench"], budgets["path"]]
    )

    assert response.status_code == 200
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.recorded_by, ballot.budget) == (
        BallotChannel.DESK,
        people["desk"],
        budgets["commune"],
    )
    assert sorted(ballot.selections.values_list("project_id", flat=True)) == sorted(
        [budgets["bench"].pk, budgets["path"].pk]
    )
    receipt = response.context["receipt_code"]
    assert receipt in response.content.decode()
    assert ballot_find_by_receipt(process=vote_process, receipt_code=receipt) == ballot
    assert "Un sentier" in response.content.decode()


def test_a_resident_who_already_voted_online_is_shown_as_such_and_cannot_vote_again(
    login, vote_process, budgets, census, people
):
    entry = census.entries.order_by("pk").first()
    voter = Voter.objects.create(
        process=vote_process, census_entry=entry, area=entry.area, user=people["resident"]
    )
    make_ballot(budgets["commune"], voter, [budgets["bench"]])
    client = login("desk")

    found = find(client, vote_process, CAMILLE)
    response = cast(client, vote_process, budgets["commune"], CAMILLE, [budgets["path"]])

    assert [(row.budget.slug, row.has_voted) for row in found.context["rows"]] == [
        ("commune", True),
        ("nord", False),
    ]
    assert "Already voted in this budget." in found.content.decode()
    assert response.status_code == 400
    assert "This person has already voted in this budget (online, at a desk or on paper)." in (
        response.content.decode()
    )
    assert Ballot.objects.count() == 1


def test_unknown_details_say_so_and_change_nothing(login, vote_process, budgets, census):
    response = find(login("desk"), vote_process, {"birth_date": "01/01/1950", "postal_code": "9999"})

    assert response.status_code == 400
    assert "No one on the list of voters matches these details." in response.content.decode()
    assert Voter.objects.count() == 0


def test_a_malformed_date_is_an_error_on_its_field(login, vote_process, budgets, census):
    response = find(login("desk"), vote_process, {"birth_date": "yesterday", "postal_code": "5370"})

    assert response.status_code == 400
    assert response.context["find_form"].errors["census_birth_date"] == ["Enter a date as DD/MM/YYYY."]


def test_a_ballot_breaking_the_rule_is_refused_with_its_reason_and_nothing_is_cast(
    login, vote_process, budgets, census
):
    response = cast(
        login("desk"), vote_process, budgets["commune"], CAMILLE, [budgets["path"], budgets["hall"]]
    )  # 120 000 € > 100 000 €

    assert response.status_code == 400
    assert response.context["failed_form"].errors
    assert Ballot.objects.count() == 0


def test_outside_the_vote_phase_the_agent_can_look_up_but_not_cast(login, north, south, people):
    from budgets.services.census import census_configure, census_import

    from .conftest import CENSUS_CSV, make_budget, make_process, make_project

    process = make_process("evaluation", north, south, slug="bientot")
    budget = make_budget(process)
    project = make_project(budget)
    import io

    census = census_configure(
        actor=people["admin"], process=process, match_fields=["birth_date", "postal_code"], minimum_age=16
    )
    census_import(actor=people["admin"], census=census, rows=io.StringIO(CENSUS_CSV))
    client = login("desk")

    page = client.get(desk_url(process))
    found = find(client, process, CAMILLE)
    response = cast(client, process, budget, CAMILLE, [project])

    assert "The vote is not open: ballots cannot be cast now." in page.content.decode()
    assert "Cast the ballot" not in found.content.decode()
    assert response.status_code == 400
    assert "Ballots can be cast at a desk only while the vote phase is open." in response.content.decode()
    assert Ballot.objects.count() == 0


def test_a_process_without_census_says_desk_voting_needs_one(login, vote_process, budgets):
    response = login("admin").get(desk_url(vote_process))

    assert response.status_code == 200
    assert "This process has no census" in response.content.decode()


def test_casting_in_a_budget_of_another_process_answers_404(login, vote_process, budgets, census):
    response = login("desk").post(desk_url(vote_process), {"action": "cast", "budget": "nope"})

    assert response.status_code == 404
