"""A resident with an account proves they are on the census, fills a basket, casts it, keeps the receipt and
finds their ballot with it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from budgets.models import Ballot, BallotChannel, Basket, CensusEntry, Voter
from budgets.services import digests
from tests.factories import PASSWORD, UserFactory

from .budget_village import BIRTH_DATE, CAMILLE, POSTAL_CODE, village_voting_now

RECEIPT_CODE = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$")


def button_name(action: str, project) -> re.Pattern:
    """A basket button's accessible name: the action, then (visually hidden) the project's title."""
    return re.compile(rf"^{re.escape(action)}\s*: {re.escape(project.title)}$")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_resident_verifies_fills_the_basket_casts_and_finds_the_ballot_with_the_receipt(tab):
    page = tab.page
    village = village_voting_now()
    projects = village.projects
    camille = UserFactory(
        email="camille.dupont@example.org", display_name="Camille D.", preferred_language="en"
    )

    # Camille logs in and opens the budgets of the process: she must first show she may vote.
    tab.log_in(camille.email, PASSWORD)
    tab.visit(tab.url("budget_list", slug=village.process.slug))
    expect(page.get_by_role("heading", level=1)).to_have_text("Budgets and vote")
    tab.follow(page.get_by_role("main").get_by_role("link", name="Check that I may vote"))

    # She types her details as on her identity card; they match the census.
    page.get_by_label(BIRTH_DATE).fill(CAMILLE["birth_date"])
    page.get_by_label(POSTAL_CODE).fill(CAMILLE["postal_code"])
    tab.submit(page.get_by_role("button", name="Check my details"))
    expect(page.get_by_role("status")).to_contain_text("You are on the list of voters: you may vote.")
    entry = CensusEntry.objects.get(census=village.census, user=camille)
    voter = Voter.objects.get(process=village.process, user=camille)
    assert (voter.census_entry, voter.area) == (entry, village.north)
    assert entry.bound_at is not None

    # She may vote in the territory-wide budget and in the one of Nord, where the census says she lives.
    tab.follow(page.get_by_role("link", name="Vote in “Budget de la commune”"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Budget de la commune")
    expect(page.get_by_role("main")).to_contain_text("You may vote in this budget.")
    basket = page.get_by_role("complementary", name="Your basket")
    expect(basket).to_contain_text("100,000 € left of 100,000 €")

    # Three projects in the basket, then she changes her mind about one.
    for key in ("benches", "path", "playground"):
        tab.submit(page.get_by_role("button", name=button_name("Add to my basket", projects[key])))
        expect(page.get_by_role("status")).to_contain_text(f"“{projects[key].title}” is in your basket.")
    expect(basket).to_contain_text("25,000 € left of 100,000 €")
    # The village hall (80 000 €) no longer fits: the page says why instead of offering the button.
    hall = page.locator(f"#project-{projects['hall'].pk}")
    expect(hall.get_by_role("button")).to_have_count(0)
    expect(hall).to_contain_text("Costs more than what is left in your basket (25,000 €)")
    tab.submit(page.get_by_role("button", name=button_name("Remove from my basket", projects["path"])))
    expect(page.get_by_role("status")).to_contain_text(
        f"“{projects['path'].title}” is no longer in your basket."
    )
    expect(basket).to_contain_text("65,000 € left of 100,000 €")
    expect(basket.get_by_role("listitem")).to_have_text(
        [
            re.compile(re.escape(projects["benches"].title)),
            re.compile(re.escape(projects["playground"].title)),
        ]
    )
    saved = Basket.objects.get(budget=village.commune, voter=voter)
    assert set(saved.projects.all()) == {projects["benches"], projects["playground"]}
    assert Ballot.objects.count() == 0

    # Checkout: she reviews her choice, confirms it is final and casts.
    tab.follow(basket.get_by_role("link", name="Review and cast my ballot"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and cast your ballot")
    choice = page.get_by_role("table", name="2 projects chosen")
    expect(choice).to_contain_text(projects["benches"].title)
    expect(choice).to_contain_text(projects["playground"].title)
    expect(choice).to_contain_text("35,000 €")
    page.get_by_label(
        "I have checked my choice and I understand that my ballot cannot be changed once cast."
    ).check()
    tab.submit(page.get_by_role("button", name="Cast my ballot — this is final"))

    # The receipt.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your receipt")
    expect(page.get_by_role("status")).to_contain_text("Your ballot was cast. Thank you for voting!")
    receipt = page.get_by_role("region", name="Budget de la commune")
    receipt_code = receipt.locator(".receipt__code").inner_text().strip()
    assert RECEIPT_CODE.match(receipt_code), receipt_code
    ballot = Ballot.objects.get()
    assert (ballot.budget, ballot.voter, ballot.channel, ballot.recorded_by, ballot.total_cost_cents) == (
        village.commune,
        voter,
        BallotChannel.ONLINE,
        None,
        35_000_00,
    )
    assert ballot.receipt_digest == digests.receipt_digest(digests.normalise_code(receipt_code))
    assert set(ballot.selections.values_list("project", flat=True)) == {
        projects["benches"].pk,
        projects["playground"].pk,
    }
    assert not Basket.objects.filter(budget=village.commune, voter=voter).exists()

    # The PDF receipt: the browser saves it; asked again, the page answers a PDF.
    pdf_link = page.get_by_role("link", name="Download my receipt (PDF)")
    with page.expect_download() as got:
        pdf_link.click()
    download = got.value
    assert download.suggested_filename == f"receipt-{village.process.slug}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    response = page.request.get(tab.base_url + pdf_link.get_attribute("href"))
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    assert response.body().startswith(b"%PDF-")

    # Later, she checks with her receipt code that her ballot is counted.
    tab.visit(tab.url("budget_list", slug=village.process.slug))
    tab.follow(page.get_by_role("link", name="Find my ballot with my receipt code"))
    page.get_by_label("Your receipt code").fill(receipt_code.lower().replace("-", " "))
    tab.submit(page.get_by_role("button", name="Find my ballot"))
    found = page.get_by_role("region", name="Your ballot in “Budget de la commune”")
    expect(found).to_contain_text("Online")
    expect(found).to_contain_text("Counted")
    expect(found.get_by_role("listitem")).to_have_text(
        [
            re.compile(re.escape(projects["benches"].title)),
            re.compile(re.escape(projects["playground"].title)),
        ]
    )
    assert Ballot.objects.count() == 1
