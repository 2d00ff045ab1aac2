import pytest

from budgets.services.census import census_configure
from tests.factories import ProcessFactory, UserFactory

from .conftest import make_ballot, make_budget, make_project, voter_of

pytestmark = pytest.mark.django_db


def url_of(process) -> str:
    return f"/processes/{process.slug}/budgets/"


def statuses(response) -> dict[str, str]:
    return {budget.slug: budget.status for budget in response.context["budgets"]}


def test_a_resident_sees_which_budgets_they_may_vote_in(resident_client, vote_process, north, south):
    make_budget(vote_process, slug="commune", title="Budget de la commune")
    make_budget(vote_process, slug="nord", title="Budget du Nord", area=north)
    make_budget(vote_process, slug="sud", title="Budget du Sud", area=south)

    response = resident_client.get(url_of(vote_process))

    assert response.status_code == 200
    assert statuses(response) == {"commune": "can_vote", "nord": "can_vote", "sud": "other_area"}
    page = response.content.decode()
    assert "Vote in “Budget du Nord”" in page
    assert "This budget is for the residents of Sud." in page


def test_a_budget_already_voted_in_says_so_and_links_to_the_ballot_lookup(
    resident_client, resident, vote_process
):
    budget = make_budget(vote_process)
    make_ballot(budget, voter_of(resident, vote_process), [make_project(budget)])

    response = resident_client.get(url_of(vote_process))

    assert statuses(response) == {"commune": "voted"}
    assert f'href="/processes/{vote_process.slug}/vote/lookup/"' in response.content.decode()
    assert "You have voted in this budget." in response.content.decode()


def test_an_anonymous_visitor_is_offered_to_log_in_or_enter_a_voting_code(client, vote_process):
    make_budget(vote_process)

    response = client.get(url_of(vote_process))

    page = response.content.decode()
    assert statuses(response) == {"commune": "login"}
    assert f'href="/accounts/login/?next=/processes/{vote_process.slug}/budgets/"' in page
    assert f'href="/processes/{vote_process.slug}/vote/code/"' in page


def test_an_unconfirmed_account_is_asked_to_confirm_its_address(client, vote_process):
    make_budget(vote_process)
    client.force_login(UserFactory(unverified=True))

    response = client.get(url_of(vote_process))

    assert statuses(response) == {"commune": "email"}
    assert "Confirm your e-mail address to vote" in response.content.decode()


def test_with_a_census_an_unverified_resident_is_sent_to_the_verification(resident_client, vote_process):
    make_budget(vote_process)
    census_configure(
        actor=UserFactory(process_admin=True),
        process=vote_process,
        match_fields=["birth_date", "postal_code"],
        minimum_age=16,
    )

    response = resident_client.get(url_of(vote_process))

    assert statuses(response) == {"commune": "census"}
    assert f'href="/processes/{vote_process.slug}/vote/verify/"' in response.content.decode()


@pytest.mark.parametrize(("phase", "status"), [("debate", "not_yet"), ("results", "over")])
def test_outside_the_vote_phase_nobody_may_vote(resident_client, phase, status):
    process = ProcessFactory(with_phase=phase)
    make_budget(process)

    response = resident_client.get(url_of(process))

    assert statuses(response) == {"commune": status}
    assert "Vote in" not in response.content.decode()


def test_titles_are_escaped(resident_client, vote_process):
    make_budget(vote_process, title="<script>alert(1)</script>")

    page = resident_client.get(url_of(vote_process)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unpublished_or_unknown_process_answers_404(resident_client):
    hidden = ProcessFactory(with_phase="vote", is_published=False)
    make_budget(hidden)

    assert resident_client.get(url_of(hidden)).status_code == 404
    assert resident_client.get("/processes/nope/budgets/").status_code == 404


def test_a_process_without_budgets_says_so(resident_client, vote_process):
    response = resident_client.get(url_of(vote_process))

    assert "This process has no budget yet." in response.content.decode()


@pytest.mark.parametrize(
    ("phase", "label"),
    [
        ("vote", "Vote: choose the projects"),
        ("results", "Vote / budgets and results"),
        ("debate", "Vote / budgets"),
    ],
)
def test_the_process_page_links_to_its_budgets(client, phase, label):
    process = ProcessFactory(with_phase=phase)

    page = client.get(f"/processes/{process.slug}/").content.decode()

    assert page.count(f'href="/processes/{process.slug}/budgets/"') == 1
    assert label in page


def test_a_process_without_vote_phase_has_no_budgets_link(client):
    process = ProcessFactory()

    page = client.get(f"/processes/{process.slug}/").content.decode()

    assert "/budgets/" not in page
