"""Who may open the budgets staff pages: anonymous visitors go to the login page, people without a budgets
staff role get a 403, desk agents get the dashboard, the desk and the paper entry, process administrators
everything; an unknown process or object answers 404. Refused actions change nothing."""

import pytest
from django.urls import reverse

from budgets.models import Ballot, Census, PaperBallotEntry, VotingCode, VotingCodeBatch
from budgets.services.ballots import paper_entry_record
from budgets.services.codes import voting_codes_generate

from .conftest import CAMILLE, ROLES, census_fields, make_desk_agent

pytestmark = pytest.mark.django_db

ALLOWED = {
    "staff_vote_dashboard": {"desk", "admin"},
    "staff_census": {"admin"},
    "staff_codes": {"admin"},
    "staff_desk": {"desk", "admin"},
    "staff_paper": {"desk", "admin"},
    "staff_vote_close": {"admin"},
    "staff_paper_resolve": {"admin"},
    "staff_codes_sheet": {"admin"},
}


@pytest.fixture
def urls(vote_process, budgets, census, people, client):
    entry = paper_entry_record(
        actor=people["desk"],
        budget=budgets["commune"],
        paper_number="P-1",
        census_values=CAMILLE,
        project_ids=[budgets["bench"].pk],
    )
    # A batch with its sheet, made through the page.
    client.force_login(people["admin"])
    client.post(reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"area": "", "count": "2"})
    client.logout()
    batch = VotingCodeBatch.objects.get(process=vote_process)
    slug = {"slug": vote_process.slug}
    return {
        "staff_vote_dashboard": reverse("staff_vote_dashboard", kwargs=slug),
        "staff_census": reverse("staff_census", kwargs=slug),
        "staff_codes": reverse("staff_codes", kwargs=slug),
        "staff_desk": reverse("staff_desk", kwargs=slug),
        "staff_paper": reverse("staff_paper", kwargs=slug),
        "staff_vote_close": reverse("staff_vote_close", kwargs=slug),
        "staff_paper_resolve": reverse("staff_paper_resolve", kwargs={**slug, "pk": entry.pk}),
        "staff_codes_sheet": reverse("staff_codes_sheet", kwargs={**slug, "pk": batch.pk}),
    }


def test_the_staff_urls_are_the_ones_of_the_contract(vote_process):
    base = f"/staff/processes/{vote_process.slug}/vote/"
    assert reverse("staff_vote_dashboard", kwargs={"slug": vote_process.slug}) == base
    assert reverse("staff_census", kwargs={"slug": vote_process.slug}) == base + "census/"
    assert reverse("staff_codes", kwargs={"slug": vote_process.slug}) == base + "codes/"
    assert reverse("staff_desk", kwargs={"slug": vote_process.slug}) == base + "desk/"
    assert reverse("staff_paper", kwargs={"slug": vote_process.slug}) == base + "paper/"
    assert reverse("staff_paper_resolve", kwargs={"slug": vote_process.slug, "pk": 7}) == base + "paper/7/"
    assert reverse("staff_vote_close", kwargs={"slug": vote_process.slug}) == base + "close/"


@pytest.mark.parametrize("page", list(ALLOWED))
def test_anonymous_visitors_are_sent_to_the_login_page(login, urls, page):
    response = login(None).get(urls[page])

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={urls[page]}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(ALLOWED))
def test_each_role_gets_the_pages_of_its_rights_and_a_403_elsewhere(login, urls, page, role):
    response = login(role).get(urls[page])

    assert response.status_code == (200 if role in ALLOWED[page] else 403)


@pytest.mark.parametrize("role", ["desk", "admin"])
@pytest.mark.parametrize("page", ["staff_vote_dashboard", "staff_desk", "staff_paper"])
def test_an_unknown_process_answers_404_to_staff(login, role, page):
    response = login(role).get(reverse(page, kwargs={"slug": "nowhere"}))

    assert response.status_code == 404


def test_a_resident_gets_a_403_even_for_an_unknown_process(login):
    response = login("resident").get(reverse("staff_vote_dashboard", kwargs={"slug": "nowhere"}))

    assert response.status_code == 403


def test_objects_of_another_process_answer_404(login, urls, people, north, south, budgets, census):
    from .conftest import make_process

    other = make_process("vote", north, south, slug="ailleurs")
    batch = VotingCodeBatch.objects.get()
    entry = PaperBallotEntry.objects.get()
    client = login("admin")

    assert (
        client.get(reverse("staff_codes_sheet", kwargs={"slug": other.slug, "pk": batch.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("staff_paper_resolve", kwargs={"slug": other.slug, "pk": entry.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("staff_paper", kwargs={"slug": "havelange"}) + "?budget=nope").status_code == 404
    )


@pytest.mark.parametrize("role", ["resident", "moderator", "evaluator", "desk"])
def test_census_upload_by_others_than_administrators_is_refused_and_changes_nothing(
    login, vote_process, role
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(role).post(
        reverse("staff_census", kwargs={"slug": vote_process.slug}),
        {
            "match_fields": ["postal_code"],
            "minimum_age": "16",
            "file": SimpleUploadedFile("c.csv", b"postal_code;birth_date;area\n5370;1980-01-01;nord\n"),
        },
    )

    assert response.status_code == 403
    assert not Census.objects.exists()


@pytest.mark.parametrize("role", ["resident", "moderator", "evaluator", "desk"])
def test_code_generation_by_others_than_administrators_is_refused(login, vote_process, role):
    response = login(role).post(reverse("staff_codes", kwargs={"slug": vote_process.slug}), {"count": "3"})

    assert response.status_code == 403
    assert (VotingCodeBatch.objects.count(), VotingCode.objects.count()) == (0, 0)


@pytest.mark.parametrize("role", ["resident", "moderator", "evaluator"])
def test_desk_and_paper_actions_by_people_without_the_desk_role_are_refused(
    login, vote_process, budgets, census, role
):
    client = login(role)
    desk = client.post(
        reverse("staff_desk", kwargs={"slug": vote_process.slug}),
        {
            "action": "cast",
            "budget": "commune",
            **census_fields(CAMILLE, f"budget{budgets['commune'].pk}-"),
            f"budget{budgets['commune'].pk}-projects": [budgets["bench"].pk],
        },
    )
    paper = client.post(
        reverse("staff_paper", kwargs={"slug": vote_process.slug}) + "?budget=commune",
        {
            "paper_number": "9",
            **census_fields(CAMILLE),
            "projects": [budgets["bench"].pk],
        },
    )

    assert (desk.status_code, paper.status_code) == (403, 403)
    assert (Ballot.objects.count(), PaperBallotEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize("role", ["desk", "moderator"])
def test_closing_the_vote_by_others_than_administrators_is_refused(login, vote_process, budgets, role):
    response = login(role).post(
        reverse("staff_vote_close", kwargs={"slug": vote_process.slug}), {"action": "close"}
    )

    assert response.status_code == 403
    vote_phase = vote_process.phases.get(kind="vote")
    assert vote_phase.closed_at is None


def test_a_desk_agent_cannot_resolve_a_paper_ballot(login, vote_process, budgets, census, people):
    entry = paper_entry_record(
        actor=people["desk"],
        budget=budgets["commune"],
        paper_number="P-1",
        census_values=CAMILLE,
        project_ids=[budgets["bench"].pk],
    )
    other_agent = make_desk_agent()
    paper_entry_record(
        actor=other_agent,
        budget=budgets["commune"],
        paper_number="P-1",
        census_values=CAMILLE,
        project_ids=[budgets["path"].pk],
    )

    response = login("desk").post(
        reverse("staff_paper_resolve", kwargs={"slug": vote_process.slug, "pk": entry.pk}),
        {"decision": "void"},
    )

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == "mismatch"


def test_the_dashboard_counts_the_voting_codes_generated(login, vote_process, people):
    voting_codes_generate(actor=people["admin"], process=vote_process, area=None, count=3)

    response = login("admin").get(reverse("staff_vote_dashboard", kwargs={"slug": vote_process.slug}))

    assert response.status_code == 200
    assert "3 codes generated, 0 used." in response.content.decode()
