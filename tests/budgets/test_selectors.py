"""The reads of the budgets resident pages (`budgets.selectors`): who the viewer votes as, why they may or may
not vote in a budget, the basket's arithmetic, and the anonymised list of ballots."""

import pytest
from django.contrib.auth.models import AnonymousUser

from budgets import selectors
from budgets.models import Voter
from budgets.services.census import census_configure
from budgets.services.codes import voter_from_code, voting_codes_generate
from tests.factories import AreaFactory, ProcessFactory, UserFactory

from .views.conftest import make_ballot, make_budget, make_project, put_in_basket, voter_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(db):
    return AreaFactory(name="Nord", slug="nord")


@pytest.fixture
def process(db):
    return selectors.process_for_budgets(slug=ProcessFactory(with_phase="vote", slug="vote").slug)


def test_the_vote_status_follows_the_vote_phase(db):
    for phase, status in [("debate", "not_yet"), ("vote", "open"), ("results", "over")]:
        process = ProcessFactory(with_phase=phase)
        assert selectors.process_for_budgets(slug=process.slug).vote_status == status
    assert selectors.process_for_budgets(slug=ProcessFactory().slug).vote_status == "none"


def test_an_unpublished_process_is_not_found(db):
    hidden = ProcessFactory(with_phase="vote", is_published=False)

    with pytest.raises(type(hidden).DoesNotExist):
        selectors.process_for_budgets(slug=hidden.slug)


def test_the_viewer_context_names_what_stops_them(process, north):
    census_process = ProcessFactory(with_phase="vote")
    census_configure(
        actor=UserFactory(process_admin=True),
        process=census_process,
        match_fields=["birth_date"],
        minimum_age=16,
    )
    census_process = selectors.process_for_budgets(slug=census_process.slug)
    resident = UserFactory(area=north)

    assert selectors.voter_context(process=process, viewer=AnonymousUser()).obstacle == "login"
    assert selectors.voter_context(process=process, viewer=UserFactory(unverified=True)).obstacle == "email"
    assert selectors.voter_context(process=census_process, viewer=resident).obstacle == "census"
    context = selectors.voter_context(process=process, viewer=resident)
    assert (context.obstacle, context.voter, context.area_id) == ("", None, north.pk)


def test_a_code_voter_of_this_browser_comes_before_the_account(process, north):
    _batch, [code] = voting_codes_generate(
        actor=UserFactory(process_admin=True), process=process, area=north, count=1
    )
    code_voter = voter_from_code(process=process, code=code, client_key="test")
    account_voter = voter_of(UserFactory(), process)

    context = selectors.voter_context(process=process, viewer=account_voter.user, code_voter_id=code_voter.pk)
    assert context.voter == code_voter and context.via_code
    # A stale id (another process's voter, an account voter) is ignored.
    context = selectors.voter_context(
        process=process, viewer=account_voter.user, code_voter_id=account_voter.pk
    )
    assert context.voter == account_voter and not context.via_code
    assert Voter.objects.count() == 2


def test_budget_status_puts_voted_first_then_phase_then_area(process, north):
    south = AreaFactory(name="Sud", slug="sud")
    resident = UserFactory(area=north)
    territory, own, other = (
        make_budget(process, slug="a"),
        make_budget(process, slug="b", area=north),
        make_budget(process, slug="c", area=south),
    )
    make_ballot(own, voter_of(resident, process), [])

    context = selectors.voter_context(process=process, viewer=resident)

    assert [
        selectors.budget_status(process=process, budget=budget, context=context)
        for budget in (territory, own, other)
    ] == ["can_vote", "voted", "other_area"]
    assert [
        budget.slug for budget in selectors.budget_list_for_process(process=process, context=context)
    ] == ["a", "b", "c"]


def test_the_knapsack_basket_counts_money_left_and_minimum_share(process):
    budget = make_budget(process, amount_cents=1_001, min_share_percent=50, max_projects=3)
    first, second = make_project(budget, cost_cents=300), make_project(budget, cost_cents=100)
    voter = voter_of(UserFactory(), process)
    put_in_basket(voter, first, second)

    basket = selectors.basket_summary(budget=budget, voter=voter)

    assert (basket.total_cents, basket.left_cents, basket.picks_left) == (400, 601, 1)
    assert basket.min_share_cents == 501  # rounded up
    assert basket.share_missing_cents == 101
    assert basket.percent_used == 39
    assert not basket.is_complete
    assert basket.fits(make_project(budget, cost_cents=601))
    assert not basket.fits(make_project(budget, cost_cents=602))


def test_the_approval_basket_counts_picks(process):
    budget = make_budget(process, ballot_rule="approval", max_projects=2, min_projects=1)
    projects = [make_project(budget) for _number in range(3)]
    voter = voter_of(UserFactory(), process)
    put_in_basket(voter, *projects[:2])

    basket = selectors.basket_summary(budget=budget, voter=voter)

    assert (basket.picks, basket.picks_left, basket.percent_used, basket.is_complete) == (2, 0, 100, True)
    assert not basket.fits(projects[2])
    assert selectors.basket_summary(budget=budget, voter=None).projects == []


def test_anonymous_ballots_are_ordered_by_fingerprint_and_name_no_one(process):
    budget = make_budget(process)
    projects = [make_project(budget) for _number in range(3)]
    for number in range(6):
        make_ballot(budget, voter_of(UserFactory(), process), projects[: number % 3 + 1])

    ballots = list(selectors.anonymous_ballots(budget=budget, chunk_size=2))

    assert [ballot.fingerprint for ballot in ballots] == sorted(
        digest[:16] for digest in budget.ballots.values_list("receipt_digest", flat=True)
    )
    assert sorted(len(ballot.project_ids) for ballot in ballots) == [1, 1, 2, 2, 3, 3]
    assert all(ballot.project_ids == tuple(sorted(ballot.project_ids)) for ballot in ballots)


def test_project_filters_ignore_other_budgets(process, north):
    budget, other = make_budget(process, slug="a"), make_budget(process, slug="b")
    make_project(budget, title="Banc du parc", area=north)
    make_project(other, title="Banc de la gare", area=north)

    projects = selectors.project_list_for_budget(
        budget=budget, filters=selectors.ProjectFilters(area_id=north.pk, text="banc")
    )

    assert [project.title for project in projects] == ["Banc du parc"]
    assert selectors.project_in_budget(budget=budget, pk=other.projects.get().pk) is None
