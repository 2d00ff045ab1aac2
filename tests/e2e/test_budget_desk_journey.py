"""A desk agent votes for a resident who came to the town hall; the same resident, online later, is told that
they already voted in that budget."""

import re

import pytest
from playwright.sync_api import expect

from budgets.models import Ballot, BallotChannel, CensusEntry, Voter
from budgets.services import digests
from tests.budgets.factories import desk_agent
from tests.factories import PASSWORD, UserFactory

from .budget_village import BIRTH_DATE, DOMINIQUE, POSTAL_CODE, village_voting_now

RECEIPT_CODE = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_desk_agent_votes_for_a_resident_who_then_cannot_vote_online_in_that_budget(new_tab):
    village = village_voting_now()
    projects = village.projects
    agent = desk_agent(
        email="accueil@havelange.example.org",
        display_name="Accueil de la maison communale",
        preferred_language="en",
    )
    dominique = UserFactory(
        email="dominique.lejeune@example.org", display_name="Dominique L.", preferred_language="en"
    )

    # The desk agent opens the vote's staff pages and the desk.
    desk = new_tab()
    desk.log_in(agent.email, PASSWORD)
    desk.visit(desk.url("staff_vote_dashboard", slug=village.process.slug))
    desk.follow(desk.page.get_by_role("main").get_by_role("link", name="Vote at a desk"))
    page = desk.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Vote at a desk")

    # Dominique shows her identity card: the agent finds her on the census.
    find = page.get_by_role("form", name="1. Find the resident")
    find.get_by_label(BIRTH_DATE).fill(DOMINIQUE["birth_date"])
    find.get_by_label(POSTAL_CODE).fill(DOMINIQUE["postal_code"])
    desk.submit(find.get_by_role("button", name="Find"))
    expect(page.get_by_role("main")).to_contain_text("Found on the census, area Nord.")
    commune = page.get_by_role("region", name=re.compile(r"^Budget de la commune"))
    expect(page.get_by_role("region", name=re.compile(r"^Budget de Nord"))).to_have_count(1)

    # She chooses two projects of the territory-wide budget; the agent ticks them and casts.
    commune.get_by_label(re.compile(re.escape(projects["path"].title))).check()
    commune.get_by_label(re.compile(re.escape(projects["library"].title))).check()
    desk.submit(commune.get_by_role("button", name="Cast the ballot in “Budget de la commune”"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ballot cast")
    expect(page.get_by_role("status")).to_contain_text(
        "The ballot is cast. Give the receipt code to the resident."
    )
    receipt = page.get_by_role("region", name="Receipt code to give to the resident")
    receipt_code = receipt.locator(".receipt__code").inner_text().strip()
    assert RECEIPT_CODE.match(receipt_code), receipt_code
    expect(page.get_by_role("main").get_by_role("listitem")).to_have_text(
        [projects["path"].title, projects["library"].title]
    )

    ballot = Ballot.objects.get()
    entry = CensusEntry.objects.get(census=village.census, voter=ballot.voter)
    assert (ballot.budget, ballot.channel, ballot.recorded_by, ballot.total_cost_cents) == (
        village.commune,
        BallotChannel.DESK,
        agent,
        41_500_00,
    )
    assert (ballot.voter.user, ballot.voter.area, entry.user) == (None, village.north, None)
    assert ballot.receipt_digest == digests.receipt_digest(digests.normalise_code(receipt_code))
    assert set(ballot.selections.values_list("project", flat=True)) == {
        projects["path"].pk,
        projects["library"].pk,
    }

    # Back to her budgets: the desk now says she voted in that one, not in the one of Nord.
    desk.submit(page.get_by_role("button", name="Back to this resident's budgets"))
    commune = page.get_by_role("region", name=re.compile(r"^Budget de la commune"))
    expect(commune).to_contain_text("Already voted in this budget.")
    expect(commune.get_by_role("button")).to_have_count(0)
    nord = page.get_by_role("region", name=re.compile(r"^Budget de Nord"))
    expect(nord.get_by_role("button", name="Cast the ballot in “Budget de Nord”")).to_have_count(1)

    # At home, Dominique logs in and proves who she is online: the same person of the census.
    home = new_tab()
    home.log_in(dominique.email, PASSWORD)
    home.visit(home.url("vote_verify", slug=village.process.slug))
    home.page.get_by_label(BIRTH_DATE).fill(DOMINIQUE["birth_date"])
    home.page.get_by_label(POSTAL_CODE).fill(DOMINIQUE["postal_code"])
    home.submit(home.page.get_by_role("button", name="Check my details"))
    expect(home.page.get_by_role("status")).to_contain_text("You are on the list of voters: you may vote.")
    voter = Voter.objects.get(process=village.process, user=dominique)
    assert voter == ballot.voter
    assert CensusEntry.objects.get(pk=entry.pk).user == dominique

    # She is told she already voted in the territory-wide budget; she may still vote in the one of Nord.
    budgets = (
        home.page.get_by_role("main")
        .get_by_role("listitem")
        .filter(has=home.page.get_by_role("heading", level=2))
    )
    expect(budgets.filter(has_text="Budget de la commune")).to_contain_text("You have voted in this budget.")
    expect(budgets.filter(has_text="Budget de Nord")).to_contain_text("You may vote in this budget.")
    home.follow(home.page.get_by_role("link", name="See the projects of “Budget de la commune”"))
    expect(home.page.get_by_role("main")).to_contain_text("You have voted in this budget.")
    expect(home.page.get_by_role("main").get_by_role("button", name=re.compile("basket"))).to_have_count(0)

    # Even the checkout address answers that a ballot is final.
    home.visit(home.url("budget_checkout", slug=village.process.slug, budget_slug=village.commune.slug))
    assert home.page.url == home.url("budget_list", slug=village.process.slug)
    expect(home.page.get_by_role("status")).to_contain_text(
        "You have already voted in this budget. A ballot is final."
    )
    assert list(Ballot.objects.values_list("channel", "recorded_by", "voter")) == [
        (BallotChannel.DESK, agent.pk, voter.pk)
    ]
