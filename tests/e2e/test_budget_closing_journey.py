"""A process administrator closes the vote early and counts it; the results appear, first to staff, then to
everyone once the results phase opens."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from budgets.models import AllocationRule, Ballot, BallotChannel, Budget, BudgetOutcome, ProjectResult
from budgets.services.ballots import ballot_cast, ballot_cast_at_desk
from budgets.services.census import voter_verify_with_census
from budgets.services.lifecycle import budgets_advance
from participation.models import Phase, PhaseKind, ProposalState
from participation.services.phases import process_advance
from tests.budgets.factories import desk_agent
from tests.factories import PASSWORD, ProposalFactory, UserFactory

from .budget_village import CAMILLE, DOMINIQUE, SACHA, village_voting_now

# Accepted proposals of the area Sud, with their cost estimates. Sud has no budget of its own: they go on the
# ballot of the territory-wide budget (100 000 €) when the vote opens.
PROPOSALS = {
    "benches": ("Des bancs sur la place de Havelange", 5_000_00),
    "path": ("Un sentier cyclable vers Barvaux", 40_000_00),
    "playground": ("Une plaine de jeux à Méan", 30_000_00),
    "hall": ("Une salle de village à Porcheresse", 80_000_00),
}


def time_passes_until_the_results_phase_opens(process):
    """Moves every phase of `process` back in time so that its results phase opened a minute ago, then lets
    Placette apply what that means (what Celery beat does every minute)."""
    results = process.phases.get(kind=PhaseKind.RESULTS)
    shift = results.start_at - timezone.now() + timedelta(minutes=1)
    Phase.objects.filter(process=process).update(start_at=F("start_at") - shift, end_at=F("end_at") - shift)
    process_advance(process=process)
    budgets_advance(process=process)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_administrator_closes_the_vote_early_and_the_results_appear(new_tab, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the results report (PDF) is stored there
    village = village_voting_now(with_projects=False)
    process, commune = village.process, village.commune
    Budget.objects.filter(pk=commune.pk).update(allocation_rule=AllocationRule.GREEDY)
    proposals = {
        key: ProposalFactory(
            process=process,
            area=village.south,
            state=ProposalState.ACCEPTED,
            title=title,
            cost_estimate_cents=cost,
        )
        for key, (title, cost) in PROPOSALS.items()
    }
    # The vote is open: the accepted proposals go on the ballot (what Celery beat does every minute).
    report = budgets_advance(process=process)
    assert sorted(report["on_ballot"]) == sorted(proposal.pk for proposal in proposals.values())
    projects = {key: proposal.budget_projects.get() for key, proposal in proposals.items()}

    # Three residents voted: two online, one at the desk of the town hall.
    def project_ids(*keys):
        return [projects[key].pk for key in keys]

    for details, email, keys in [
        (CAMILLE, "camille.dupont@example.org", ("benches", "hall")),
        (SACHA, "sacha.henrard@example.org", ("path", "playground", "benches")),
    ]:
        resident = UserFactory(email=email)
        voter = voter_verify_with_census(actor=resident, process=process, values=details)
        ballot_cast(actor=resident, voter=voter, budget=commune, project_ids=project_ids(*keys))
    agent = desk_agent(email="accueil@havelange.example.org")
    ballot_cast_at_desk(
        actor=agent,
        process=process,
        budget=commune,
        census_values=DOMINIQUE,
        project_ids=project_ids("path", "playground"),
    )
    assert sorted(Ballot.objects.values_list("channel", flat=True)) == [
        BallotChannel.DESK,
        BallotChannel.ONLINE,
        BallotChannel.ONLINE,
    ]
    administrator = UserFactory(
        email="echevine@havelange.example.org",
        display_name="Échevine de la participation",
        process_admin=True,
        preferred_language="en",
    )

    # Before the count, the results are nobody's business.
    visitor = new_tab()
    results_url = visitor.url("budget_results", slug=process.slug, budget_slug=commune.slug)
    assert visitor.page.request.get(results_url).status == 404

    # The administrator closes the vote ahead of time from the vote's staff pages.
    staff = new_tab()
    staff.log_in(administrator.email, PASSWORD)
    staff.visit(staff.url("staff_vote_dashboard", slug=process.slug))
    staff.follow(staff.page.get_by_role("main").get_by_role("link", name="Close and count"))
    page = staff.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Close and count the vote")
    counted = page.get_by_role("region", name=re.compile(r"^Budget de la commune"))
    expect(counted).to_contain_text("Not counted yet.")
    staff.submit(page.get_by_role("button", name="Close the vote and count it"))
    assert page.url == staff.url("staff_vote_close", slug=process.slug)
    expect(page.get_by_role("status")).to_contain_text("The vote is closed.")
    expect(page.get_by_role("status")).to_contain_text("The votes are counted. The results are below.")
    expect(page.get_by_role("button", name="Close the vote and count it")).to_have_count(0)

    vote_phase = process.phases.get(kind=PhaseKind.VOTE)
    assert vote_phase.closed_at is not None and vote_phase.closed_at <= timezone.now()
    assert vote_phase.closing_applied_at is not None
    assert Budget.objects.filter(process=process, allocated_at__isnull=True).count() == 0
    outcome = BudgetOutcome.objects.get(budget=commune)
    assert (outcome.rule, outcome.ballots_count, outcome.total_cost_cents) == (
        AllocationRule.GREEDY,
        3,
        75_000_00,
    )
    results = {result.project_id: result for result in ProjectResult.objects.filter(project__budget=commune)}
    assert {
        key: (result.votes_online, result.votes_desk, result.votes_paper, result.votes_total, result.selected)
        for key, result in ((key, results[projects[key].pk]) for key in projects)
    } == {
        "benches": (2, 0, 0, 2, True),
        "path": (1, 1, 0, 2, True),
        "playground": (1, 1, 0, 2, True),
        "hall": (1, 0, 0, 1, False),
    }
    for proposal in proposals.values():
        proposal.refresh_from_db()
    states = {key: proposal.state for key, proposal in proposals.items()}
    assert states == {
        "benches": ProposalState.SELECTED,
        "path": ProposalState.SELECTED,
        "playground": ProposalState.SELECTED,
        "hall": ProposalState.NOT_SELECTED,
    }

    # The closing page shows the count of each budget.
    counted = page.get_by_role("region", name=re.compile(r"^Budget de la commune"))
    expect(counted).to_contain_text("3 ballots.")
    expect(counted).to_contain_text("Funded: 75,000 €.")
    ranked = counted.get_by_role("table", name="Projects, by rank").get_by_role("row")
    expect(ranked.nth(4)).to_contain_text(PROPOSALS["hall"][0])
    expect(ranked.nth(4)).to_contain_text("No")

    # The results report (PDF) was prepared in the background.
    report_link = counted.get_by_role("link", name="Results report (PDF)")
    answer = page.request.get(staff.base_url + report_link.get_attribute("href"))
    assert (answer.status, answer.headers["content-type"]) == (200, "application/pdf")
    assert answer.body().startswith(b"%PDF-")

    # Staff see the results page before the results phase opens.
    staff.follow(counted.get_by_role("link", name="Results page"))
    assert page.url == results_url
    the_results_page_shows_the_winners_the_chart_and_the_turnout(page)
    assert visitor.page.request.get(results_url).status == 404

    # The results phase opens: everyone sees them.
    time_passes_until_the_results_phase_opens(process)
    visitor.visit(visitor.url("budget_list", slug=process.slug))
    visitor.follow(visitor.page.get_by_role("link", name="Results of “Budget de la commune”"))
    assert visitor.page.url == results_url
    the_results_page_shows_the_winners_the_chart_and_the_turnout(visitor.page)
    assert Ballot.objects.count() == 3


def the_results_page_shows_the_winners_the_chart_and_the_turnout(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Results of “Budget de la commune”")
    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text(re.compile(r"Ballots counted\s*3\b"))
    expect(summary).to_contain_text(re.compile(r"Funded\s*75,000 € \(75% of the envelope\)"))
    expect(summary).to_contain_text(re.compile(r"Left in the envelope\s*25,000 €"))
    expect(summary).to_contain_text(re.compile(r"Projects funded\s*3 / 4"))

    winners = page.get_by_role("table", name="3 projects funded")
    expect(winners.get_by_role("rowheader")).to_have_text(
        [PROPOSALS["benches"][0], PROPOSALS["path"][0], PROPOSALS["playground"][0]]
    )
    expect(winners).not_to_contain_text(PROPOSALS["hall"][0])

    chart = page.get_by_role("img", name="Votes for each project; funded projects have a hatched bar")
    expect(chart).to_have_count(1)
    expect(chart.locator("desc")).to_contain_text(f"{PROPOSALS['hall'][0]} (not funded): 1")
    expect(chart.locator("desc")).to_contain_text(f"{PROPOSALS['benches'][0]} (funded): 2")

    by_channel = page.get_by_role("table", name="Ballots by channel")
    expect(by_channel.get_by_role("row")).to_have_text(
        [
            re.compile(r"Channel\s*Ballots\s*Share"),
            re.compile(r"Online\s*2\s*66%"),  # shares are rounded down (budget_tags.percent_of)
            re.compile(r"At a desk\s*1\s*33%"),
            re.compile(r"On paper\s*0\s*0%"),
        ]
    )
