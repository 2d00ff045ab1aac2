import pytest

from budgets.models import Ballot, CensusEntry, Voter
from budgets.services.census import census_configure, census_import
from budgets.services.codes import voting_codes_generate
from tests.factories import ProcessFactory, UserFactory

from .conftest import make_budget, make_project, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def census(vote_process, north):
    admin = UserFactory(process_admin=True)
    census = census_configure(
        actor=admin,
        process=vote_process,
        match_fields=["birth_date", "postal_code", "register_number"],
        minimum_age=16,
    )
    report = census_import(
        actor=admin,
        census=census,
        rows=[
            {
                "birth_date": "1980-01-31",
                "postal_code": "5370",
                "register_number": "80.01.31-123.45",
                "area": "nord",
            },
        ],
    )
    assert report["created"] == 1
    return census


def verify_url(process) -> str:
    return f"/processes/{process.slug}/vote/verify/"


def code_url(process) -> str:
    return f"/processes/{process.slug}/vote/code/"


# --- Census verification ----------------------------------------------------------------------------------


def test_the_verification_form_asks_the_census_fields_with_labels_and_help(
    resident_client, vote_process, census
):
    page = resident_client.get(verify_url(vote_process)).content.decode()

    assert '<label for="id_birth_date">Date of birth</label>' in page
    assert '<label for="id_postal_code">Postal code</label>' in page
    assert '<label for="id_register_number">National register number</label>' in page
    assert "11 digits, on the back of your identity card" in page
    assert 'autocomplete="bday"' in page
    assert page.index("id_birth_date") < page.index("id_postal_code") < page.index("id_register_number")


def test_a_resident_on_the_census_is_verified_and_may_vote(
    resident_client, resident, vote_process, census, north
):
    make_budget(vote_process)

    response = resident_client.post(
        verify_url(vote_process),
        {
            "birth_date": "31/01/1980",
            "postal_code": "5370",
            "register_number": "80013112345",
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"/processes/{vote_process.slug}/budgets/", 302)]
    assert messages_of(response) == ["You are on the list of voters: you may vote."]
    assert CensusEntry.objects.get().user == resident
    assert Voter.objects.get(user=resident).area == north
    assert [budget.status for budget in response.context["budgets"]] == ["can_vote"]


def test_details_not_on_the_census_are_refused_and_bind_nothing(resident_client, vote_process, census):
    response = resident_client.post(
        verify_url(vote_process),
        {
            "birth_date": "01/02/1990",
            "postal_code": "5370",
            "register_number": "90020112345",
        },
    )

    assert response.status_code == 200
    assert "No one on the list of voters matches these details." in response.content.decode()
    assert CensusEntry.objects.get().user is None
    assert Voter.objects.count() == 0


def test_a_malformed_date_is_reported_on_its_field(resident_client, vote_process, census):
    response = resident_client.post(
        verify_url(vote_process),
        {
            "birth_date": "31 janvier",
            "postal_code": "5370",
            "register_number": "80013112345",
        },
    )

    assert response.context["form"].errors["birth_date"] == [
        "Enter the date as day/month/year, for example 31/01/1980."
    ]
    assert CensusEntry.objects.get().user is None


def test_too_many_wrong_guesses_are_refused(resident_client, vote_process, census):
    wrong = {"birth_date": "01/02/1990", "postal_code": "5370", "register_number": "1"}
    for _attempt in range(5):
        resident_client.post(verify_url(vote_process), wrong)

    response = resident_client.post(
        verify_url(vote_process),
        {
            "birth_date": "31/01/1980",
            "postal_code": "5370",
            "register_number": "80013112345",
        },
    )

    assert "Too many wrong attempts." in response.content.decode()
    assert CensusEntry.objects.get().user is None


def test_an_already_verified_resident_is_told_so(resident_client, resident, vote_process, census):
    resident_client.post(
        verify_url(vote_process),
        {
            "birth_date": "1980-01-31",
            "postal_code": "5370",
            "register_number": "80013112345",
        },
    )

    page = resident_client.get(verify_url(vote_process)).content.decode()

    assert "Your account is already on the list of voters of this process" in page


def test_verification_needs_an_account_and_a_census(client, vote_process):
    assert client.get(verify_url(vote_process))["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get(verify_url(vote_process)).status_code == 404


# --- Voting codes -----------------------------------------------------------------------------------------


@pytest.fixture
def code(vote_process, south):
    _batch, codes = voting_codes_generate(
        actor=UserFactory(process_admin=True), process=vote_process, area=south, count=1
    )
    return codes[0]


def test_a_visitor_with_a_voting_code_may_vote_without_an_account(client, vote_process, south, code):
    make_budget(vote_process, slug="sud", area=south)

    response = client.post(code_url(vote_process), {"code": code.lower().replace("-", " ")}, follow=True)

    assert response.redirect_chain == [(f"/processes/{vote_process.slug}/budgets/", 302)]
    assert messages_of(response) == ["Your voting code is valid: you may vote."]
    voter = Voter.objects.get()
    assert voter.area == south and voter.user is None
    assert [budget.status for budget in response.context["budgets"]] == ["can_vote"]
    assert "You are voting with a voting code on this device." in response.content.decode()


def test_a_code_voter_fills_a_basket_and_casts(client, vote_process, south, code):
    budget = make_budget(vote_process, slug="sud", area=south)
    project = make_project(budget)
    client.post(code_url(vote_process), {"code": code})

    client.post(f"/processes/{vote_process.slug}/budgets/sud/basket/add/", {"project": project.pk})
    response = client.post(
        f"/processes/{vote_process.slug}/budgets/sud/checkout/",
        {"confirm": "on", "selection": str(project.pk)},
        follow=True,
    )

    ballot = Ballot.objects.get()
    assert ballot.voter.voting_code is not None
    assert response.redirect_chain[-1] == (f"/processes/{vote_process.slug}/vote/receipt/", 302)


def test_a_wrong_code_is_refused(client, vote_process, code):
    response = client.post(code_url(vote_process), {"code": "AAAA-BBBB-CCCC"})

    assert "This voting code is not valid for this process." in response.content.decode()
    assert Voter.objects.count() == 0


def test_forgetting_the_code_ends_voting_with_it_on_this_device(client, vote_process, code):
    make_budget(vote_process)
    client.post(code_url(vote_process), {"code": code}, follow=True)

    response = client.post(f"/processes/{vote_process.slug}/vote/code/forget/", follow=True)

    assert messages_of(response) == ["This device no longer votes with your voting code."]
    assert [budget.status for budget in response.context["budgets"]] == ["login"]


def test_codes_are_refused_outside_the_vote(client):
    process = ProcessFactory(with_phase="debate")

    response = client.post(code_url(process), {"code": "AAAA-BBBB-CCCC"})

    assert "Voting codes can only be used while the vote phase is open." in response.content.decode()
    assert Voter.objects.count() == 0
