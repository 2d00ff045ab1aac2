"""Who may open the staff pages: anonymous visitors go to the login page, residents get a 403, each staff role
gets the pages of its rights (rules `participation.access_moderation`, `participation.access_evaluation`,
process administrators for closing a phase)."""

import pytest
from django.urls import reverse

from participation.models import PhaseKind, ProposalState
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

ALLOWED = {
    # page: the roles that get a 200 (the others, signed in, get a 403)
    "staff_evaluation": {"moderator", "evaluator", "admin"},
    "moderation_queue": {"moderator", "admin"},
    "staff_process_proposals": {"moderator", "evaluator", "admin"},
    "staff_proposal_review": {"moderator", "evaluator", "admin"},
    "staff_phase_close": {"admin"},
}
ROLES = ["resident", "moderator", "evaluator", "admin"]


@pytest.fixture
def urls(debate_process):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.IN_DEBATE)
    phase = debate_process.phases.get(kind=PhaseKind.DEBATE)
    return {
        "staff_evaluation": reverse("staff_evaluation"),
        "moderation_queue": reverse("moderation_queue"),
        "staff_process_proposals": reverse("staff_process_proposals", kwargs={"slug": debate_process.slug}),
        "staff_proposal_review": reverse("staff_proposal_review", kwargs={"pk": proposal.pk}),
        "staff_phase_close": reverse("staff_phase_close", kwargs={"pk": phase.pk}),
    }


def test_the_staff_urls_are_the_ones_of_the_contract(urls, debate_process):
    assert urls["moderation_queue"] == "/staff/moderation/"
    assert urls["staff_process_proposals"] == f"/staff/processes/{debate_process.slug}/"
    assert urls["staff_proposal_review"].startswith("/staff/proposals/")
    assert urls["staff_phase_close"].startswith("/staff/phases/")
    assert urls["staff_phase_close"].endswith("/close/")


@pytest.mark.parametrize("page", list(ALLOWED))
def test_anonymous_visitors_are_sent_to_the_login_page(login, urls, page):
    response = login(None).get(urls[page])

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={urls[page]}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(ALLOWED))
def test_each_role_gets_the_staff_pages_of_its_rights_and_a_403_elsewhere(login, urls, page, role):
    response = login(role).get(urls[page])

    assert response.status_code == (200 if role in ALLOWED[page] else 403)


@pytest.mark.parametrize(
    "action",
    ["moderation_hide_proposal", "staff_proposal_admit", "staff_proposal_reject", "staff_proposal_accept"],
)
def test_residents_get_a_403_on_every_staff_action_and_nothing_changes(login, debate_process, action):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.SUBMITTED)

    response = login("resident").post(
        reverse(action, kwargs={"pk": proposal.pk}),
        {"reason": "out_of_scope", "public_reason": "Non.", "cost_estimate": "10", "answer": "Oui."},
    )

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert (proposal.state, proposal.hidden_at) == (ProposalState.SUBMITTED, None)
    assert proposal.transitions.count() == 0


@pytest.mark.parametrize("action", ["staff_proposal_admit", "staff_proposal_reject", "staff_proposal_accept"])
def test_an_anonymous_post_goes_to_the_login_page_and_changes_nothing(login, debate_process, action):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.SUBMITTED)

    response = login(None).post(reverse(action, kwargs={"pk": proposal.pk}), {})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_staff_actions_answer_only_post(login, debate_process):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.SUBMITTED)

    response = login("moderator").get(reverse("staff_proposal_admit", kwargs={"pk": proposal.pk}))

    assert response.status_code == 405


def test_the_navigation_shows_the_staff_entries_of_the_role(login):
    moderator_html = login("moderator").get(reverse("staff_evaluation")).content.decode()
    evaluator_html = login("evaluator").get(reverse("staff_evaluation")).content.decode()

    assert f'href="{reverse("moderation_queue")}"' in moderator_html
    assert f'href="{reverse("moderation_queue")}"' not in evaluator_html
    assert f'href="{reverse("staff_evaluation")}"' in evaluator_html
