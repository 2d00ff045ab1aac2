"""Paper ballots: typed in twice by two people; the page says whether an entry was the first or the second and
the outcome (matched and counted, or mismatch flagged); administrators resolve mismatches after looking at
the paper."""

import pytest
from django.urls import reverse

from budgets.models import Ballot, BallotChannel, PaperBallotEntry, PaperEntryStatus

from .conftest import CAMILLE, DOMINIQUE, census_fields, make_desk_agent, messages_of

pytestmark = pytest.mark.django_db


def paper_url(process, budget_slug="commune"):
    return reverse("staff_paper", kwargs={"slug": process.slug}) + f"?budget={budget_slug}"


def enter(client, process, number, values, projects, budget_slug="commune"):
    return client.post(
        paper_url(process, budget_slug),
        {
            "paper_number": number,
            **census_fields(values),
            "projects": [project.pk for project in projects],
        },
        follow=True,
    )


@pytest.fixture
def second_agent(client):
    return make_desk_agent(display_name="Sam Second")


def test_two_matching_entries_count_the_ballot(
    login, client, vote_process, budgets, census, people, second_agent
):
    first = enter(login("desk"), vote_process, "17", CAMILLE, [budgets["bench"]])
    client.force_login(second_agent)
    second = enter(client, vote_process, " 17 ", CAMILLE, [budgets["bench"]])

    assert messages_of(first) == [
        "First entry of paper ballot 17 recorded. Another person must now type in the same paper: it is "
        "counted when both entries agree."
    ]
    assert messages_of(second) == [
        "Second entry of paper ballot 17: both entries match, the ballot is counted."
    ]
    entry = PaperBallotEntry.objects.get()
    assert entry.status == PaperEntryStatus.MATCHED
    assert (entry.ballot.channel, entry.ballot.recorded_by) == (BallotChannel.PAPER, second_agent)
    assert second.context["counts"]["matched"] == 1


def test_two_different_entries_are_flagged_and_listed_for_administrators(
    login, client, vote_process, budgets, census, second_agent
):
    enter(login("desk"), vote_process, "18", CAMILLE, [budgets["bench"]])
    client.force_login(second_agent)
    second = enter(client, vote_process, "18", CAMILLE, [budgets["path"]])

    assert messages_of(second) == [
        "Second entry of paper ballot 18: the two entries differ. The ballot is not counted; an "
        "administrator must check it against the paper."
    ]
    assert PaperBallotEntry.objects.get().status == PaperEntryStatus.MISMATCH
    assert Ballot.objects.count() == 0
    assert [entry.paper_number for entry in second.context["mismatches"]] == ["18"]
    admin_page = login("admin").get(paper_url(vote_process)).content.decode()
    entry = PaperBallotEntry.objects.get()
    assert reverse("staff_paper_resolve", kwargs={"slug": vote_process.slug, "pk": entry.pk}) in admin_page


def test_the_same_person_cannot_make_the_second_entry(login, vote_process, budgets, census):
    client = login("desk")
    enter(client, vote_process, "19", CAMILLE, [budgets["bench"]])

    response = enter(client, vote_process, "19", CAMILLE, [budgets["bench"]])

    assert response.status_code == 400
    assert "The second entry of a paper ballot must be made by another person." in response.content.decode()
    assert PaperBallotEntry.objects.get().status == PaperEntryStatus.AWAITING_SECOND_ENTRY


def test_an_administrator_resolves_a_mismatch_with_the_projects_on_the_paper(
    login, client, vote_process, budgets, census, second_agent, people
):
    enter(login("desk"), vote_process, "20", DOMINIQUE, [budgets["bench"]])
    client.force_login(second_agent)
    enter(client, vote_process, "20", DOMINIQUE, [budgets["path"]])
    entry = PaperBallotEntry.objects.get()
    url = reverse("staff_paper_resolve", kwargs={"slug": vote_process.slug, "pk": entry.pk})
    admin = login("admin")

    page = admin.get(url)
    response = admin.post(
        url, {"decision": "count", "projects": [budgets["bench"].pk, budgets["path"].pk]}, follow=True
    )

    assert [project.title for project in page.context["first_projects"]] == ["Un banc à l'église"]
    assert [project.title for project in page.context["second_projects"]] == ["Un sentier"]
    assert messages_of(response) == ["Paper ballot 20 is checked and counted."]
    entry.refresh_from_db()
    assert entry.status == PaperEntryStatus.RESOLVED
    assert sorted(entry.ballot.selections.values_list("project_id", flat=True)) == sorted(
        [budgets["bench"].pk, budgets["path"].pk]
    )
    assert entry.ballot.recorded_by == people["admin"]


def test_an_administrator_voids_a_paper_ballot(login, client, vote_process, budgets, census, second_agent):
    enter(login("desk"), vote_process, "21", CAMILLE, [budgets["bench"]])
    entry = PaperBallotEntry.objects.get()

    response = login("admin").post(
        reverse("staff_paper_resolve", kwargs={"slug": vote_process.slug, "pk": entry.pk}),
        {"decision": "void"},
        follow=True,
    )

    assert messages_of(response) == ["Paper ballot 21 is void: it is not counted."]
    entry.refresh_from_db()
    assert (entry.status, entry.ballot) == (PaperEntryStatus.VOID, None)


def test_an_awaiting_entry_cannot_be_counted_by_an_administrator(login, vote_process, budgets, census):
    enter(login("desk"), vote_process, "22", CAMILLE, [budgets["bench"]])
    entry = PaperBallotEntry.objects.get()

    response = login("admin").post(
        reverse("staff_paper_resolve", kwargs={"slug": vote_process.slug, "pk": entry.pk}),
        {"decision": "count", "projects": [budgets["bench"].pk]},
    )

    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.status == PaperEntryStatus.AWAITING_SECOND_ENTRY


def test_entries_naming_different_people_ask_whose_ballot_it_is(
    login, client, vote_process, budgets, census, second_agent
):
    enter(login("desk"), vote_process, "23", CAMILLE, [budgets["bench"]])
    client.force_login(second_agent)
    enter(client, vote_process, "23", DOMINIQUE, [budgets["bench"]])
    entry = PaperBallotEntry.objects.get()
    url = reverse("staff_paper_resolve", kwargs={"slug": vote_process.slug, "pk": entry.pk})
    admin = login("admin")

    missing = admin.post(url, {"decision": "count", "projects": [budgets["bench"].pk]})
    chosen = admin.post(url, {"decision": "count", "voter": "second", "projects": [budgets["bench"].pk]})

    assert missing.status_code == 400
    assert "Choose whose ballot this paper is." in missing.content.decode()
    assert chosen.status_code == 302
    entry.refresh_from_db()
    assert entry.ballot.voter.census_entry.pk == census.entries.order_by("pk")[1].pk


def test_a_malformed_entry_is_refused_and_nothing_is_recorded(login, vote_process, budgets, census):
    response = enter(login("desk"), vote_process, "", CAMILLE, [budgets["bench"]])

    assert response.status_code == 400
    assert PaperBallotEntry.objects.count() == 0


def test_the_ballot_chooser_lists_the_budgets(login, vote_process, budgets, census):
    response = login("desk").get(reverse("staff_paper", kwargs={"slug": vote_process.slug}))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert "?budget=nord" in response.content.decode()
