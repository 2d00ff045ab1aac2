"""The vote dashboard: ballots per budget and channel, turnout against the census, code batches, paper entries
to finish; a fixed number of queries whatever the number of ballots and projects."""

import pytest
from django.urls import reverse

from budgets.models import BallotChannel, CensusEntry, Voter
from budgets.services.ballots import paper_entry_record
from tests.factories import UserFactory

from .conftest import DOMINIQUE, make_ballot, make_project

pytestmark = pytest.mark.django_db


def census_voter(census, index):
    entry = CensusEntry.objects.filter(census=census).order_by("pk")[index]
    return Voter.objects.create(process=census.process, census_entry=entry, area=entry.area)


def dashboard(client, process):
    return client.get(reverse("staff_vote_dashboard", kwargs={"slug": process.slug}))


def test_the_dashboard_shows_ballots_per_channel_turnout_and_paper_entries(
    login, vote_process, budgets, census, people
):
    make_ballot(budgets["commune"], census_voter(census, 0), [budgets["bench"]])
    make_ballot(
        budgets["nord"],
        Voter.objects.get(census_entry__census=census, pk__isnull=False),
        [budgets["tree"]],
        channel=BallotChannel.DESK,
    )
    make_ballot(budgets["commune"], census_voter(census, 2), [budgets["path"]], channel=BallotChannel.DESK)
    paper_entry_record(
        actor=people["desk"],
        budget=budgets["commune"],
        paper_number="A1",
        census_values=DOMINIQUE,
        project_ids=[budgets["bench"].pk],
    )

    response = dashboard(login("admin"), vote_process)

    assert response.status_code == 200
    rows = {budget.slug: budget for budget in response.context["dashboard"].budgets}
    assert (rows["commune"].ballots_online, rows["commune"].ballots_desk, rows["commune"].ballots_total) == (
        1,
        1,
        2,
    )
    assert (rows["nord"].ballots_desk, rows["nord"].ballots_total) == (1, 1)
    assert rows["commune"].paper_awaiting == 1
    data = response.context["dashboard"]
    assert (data.voters_who_voted, data.census.entries, data.turnout_percent) == (2, 3, 67)
    assert data.channels == [("online", "Online", 1), ("desk", "At a desk", 2), ("paper", "On paper", 0)]
    html = response.content.decode()
    assert "67 % of the 3 people of the census" in html
    assert "1 paper ballot awaits its second entry." in html


def test_the_dashboard_of_a_desk_agent_links_to_the_desk_and_paper_pages_only(login, vote_process, budgets):
    html = dashboard(login("desk"), vote_process).content.decode()

    assert reverse("staff_desk", kwargs={"slug": vote_process.slug}) in html
    assert reverse("staff_paper", kwargs={"slug": vote_process.slug}) in html
    assert reverse("staff_census", kwargs={"slug": vote_process.slug}) not in html
    assert reverse("staff_vote_close", kwargs={"slug": vote_process.slug}) not in html


def test_the_staff_process_page_links_to_the_vote_dashboard(login, vote_process):
    html = (
        login("admin")
        .get(reverse("staff_process_proposals", kwargs={"slug": vote_process.slug}))
        .content.decode()
    )

    assert reverse("staff_vote_dashboard", kwargs={"slug": vote_process.slug}) in html


@pytest.mark.parametrize("extra", [0, 5])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    login, vote_process, budgets, census, people, django_assert_num_queries, extra
):
    from budgets.services.codes import voting_codes_generate

    voting_codes_generate(actor=people["admin"], process=vote_process, area=None, count=2)
    for index in range(extra):
        project = make_project(budgets["commune"], title=f"Projet {index}", cost_cents=100_00)
        voter = Voter.objects.create(process=vote_process, user=UserFactory())
        make_ballot(
            budgets["commune"],
            voter,
            [project],
            channel=[BallotChannel.ONLINE, BallotChannel.DESK][index % 2],
        )
    make_ballot(budgets["nord"], census_voter(census, 1), [budgets["tree"]])
    client = login("admin")
    # Warm the session and the user's permissions caches the same way for both parametrisations.
    dashboard(client, vote_process)

    # session, user, the user's permissions (2: own, groups'), process + census, phases, budgets, ballots per
    # budget and channel, paper entries per budget and status, voters who voted, code batches, census counts
    with django_assert_num_queries(12):
        response = dashboard(client, vote_process)

    assert response.status_code == 200
