"""The review page of one proposal and its three decisions: admit to the debate, reject with a reason and a
public explanation, accept with a cost estimate and a public answer."""

import pytest
from django.urls import reverse

from participation.models import ProposalState, RejectionReason
from tests.factories import ProposalFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db


def review_url(proposal):
    return reverse("staff_proposal_review", kwargs={"pk": proposal.pk})


def action_url(name, proposal):
    return reverse(f"staff_proposal_{name}", kwargs={"pk": proposal.pk})


def snapshot(proposal) -> tuple:
    proposal.refresh_from_db()
    return (
        proposal.state,
        proposal.rejection_reason,
        proposal.duplicate_of_id,
        proposal.cost_estimate_cents,
        proposal.answer,
        proposal.transitions.count(),
    )


# --- The page -----------------------------------------------------------------------------------------------


def test_the_page_shows_the_proposal_its_timeline_and_its_reports(login, people, submission_process):
    proposal = ProposalFactory(
        process=submission_process,
        state=ProposalState.SUBMITTED,
        title="Un abri vélo à la gare",
        body="Couvert et éclairé.",
    )
    login("moderator").post(
        action_url("reject", proposal), {"reason": "out_of_scope", "public_reason": "Ce n'est pas communal."}
    )

    html = login("admin").get(review_url(proposal)).content.decode()

    assert "<h1>Un abri vélo à la gare</h1>" in html
    assert "Couvert et éclairé." in html
    assert "Submitted → <strong>Rejected</strong>" in html
    assert "Maxime Moderator" in html
    assert "Reason: Out of scope" in html
    assert "Ce n&#x27;est pas communal." in html


def test_a_moderator_sees_admit_and_reject_but_not_accept_for_a_submitted_proposal(login, submission_process):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)

    html = login("moderator").get(review_url(proposal)).content.decode()

    assert f'action="{action_url("admit", proposal)}"' in html
    assert f'action="{action_url("reject", proposal)}"' in html
    assert f'action="{action_url("accept", proposal)}"' not in html


def test_an_evaluator_sees_accept_and_a_not_feasible_rejection_during_evaluation(login, evaluation_process):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.IN_DEBATE)

    response = login("evaluator").get(review_url(proposal))

    html = response.content.decode()
    assert f'action="{action_url("accept", proposal)}"' in html
    assert f'action="{action_url("reject", proposal)}"' in html
    assert f'action="{action_url("admit", proposal)}"' not in html
    assert response.context["reject_form"].fields["reason"].choices == [("not_feasible", "Not feasible")]
    assert "duplicate_of" not in response.context["reject_form"].fields


def test_an_evaluator_sees_no_decision_outside_the_evaluation_phase(login, debate_process):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.IN_DEBATE)

    html = login("evaluator").get(review_url(proposal)).content.decode()

    assert "No decision of yours is possible on this proposal" in html
    assert '<form method="post" action="/staff/proposals/' not in html


def test_the_duplicate_choice_offers_the_other_public_proposals_of_the_process(login, submission_process):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)
    sibling = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)
    ProposalFactory(process=submission_process, state=ProposalState.DRAFT)
    ProposalFactory(state=ProposalState.SUBMITTED)  # another process

    response = login("moderator").get(review_url(proposal))

    assert list(response.context["reject_form"].fields["duplicate_of"].queryset) == [sibling]


def test_unknown_proposals_answer_404(login):
    assert login("moderator").get(reverse("staff_proposal_review", kwargs={"pk": 999999})).status_code == 404


def test_an_evaluator_gets_a_404_for_a_draft_and_staff_who_may_see_it_get_the_page(login, submission_process):
    draft = ProposalFactory(process=submission_process, state=ProposalState.DRAFT)

    assert login("evaluator").get(review_url(draft)).status_code == 404
    assert (
        login("evaluator")
        .post(action_url("accept", draft), {"cost_estimate": "1", "answer": "x"})
        .status_code
        == 404
    )
    assert login("moderator").get(review_url(draft)).status_code == 200


# --- Admit --------------------------------------------------------------------------------------------------


def test_a_moderator_admits_a_submitted_proposal_to_the_debate(login, people, submission_process):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)

    response = login("moderator").post(action_url("admit", proposal), follow=True)

    assert response.redirect_chain == [(review_url(proposal), 302)]
    assert messages_of(response) == ["The proposal is admitted to the debate."]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.IN_DEBATE
    transition = proposal.transitions.get()
    assert (transition.actor, transition.from_state, transition.to_state) == (
        people["moderator"],
        ProposalState.SUBMITTED,
        ProposalState.IN_DEBATE,
    )


def test_admitting_a_proposal_already_in_debate_shows_an_error_and_changes_nothing(login, debate_process):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.IN_DEBATE)
    before = snapshot(proposal)

    response = login("moderator").post(action_url("admit", proposal))

    assert response.status_code == 200
    assert response.context["admit_form"].non_field_errors() == [
        "This proposal cannot make that change in its current state."
    ]
    assert "This proposal cannot make that change in its current state." in response.content.decode()
    assert snapshot(proposal) == before


def test_an_evaluator_may_not_admit_and_nothing_changes(login, submission_process):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)
    before = snapshot(proposal)

    response = login("evaluator").post(action_url("admit", proposal))

    assert response.status_code == 403
    assert snapshot(proposal) == before


# --- Reject -------------------------------------------------------------------------------------------------


def test_a_moderator_rejects_as_a_duplicate_of_another_proposal(login, submission_process):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)
    original = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)

    response = login("moderator").post(
        action_url("reject", proposal),
        {
            "reason": "duplicate",
            "duplicate_of": str(original.pk),
            "public_reason": "  Déjà proposé.  ",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == review_url(proposal)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.rejection_reason, proposal.duplicate_of) == (
        ProposalState.REJECTED,
        RejectionReason.DUPLICATE,
        original,
    )
    transition = proposal.transitions.get()
    assert (transition.reason_code, transition.public_reason) == ("duplicate", "Déjà proposé.")


@pytest.mark.parametrize("reason", ["inadmissible", "out_of_scope", "not_feasible", "other"])
def test_a_moderator_rejects_for_each_reason_with_a_public_explanation(login, submission_process, reason):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)
    other = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)

    login("moderator").post(
        action_url("reject", proposal),
        {
            "reason": reason,
            "duplicate_of": str(other.pk),
            "public_reason": "Explication publique.",
        },
    )

    proposal.refresh_from_db()
    assert (proposal.state, proposal.rejection_reason, proposal.duplicate_of) == (
        ProposalState.REJECTED,
        reason,
        None,
    )


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"reason": "out_of_scope", "public_reason": ""}, {"public_reason": ["This field is required."]}),
        ({"reason": "out_of_scope", "public_reason": "   "}, {"public_reason": ["This field is required."]}),
        ({"reason": "", "public_reason": "Non."}, {"reason": ["This field is required."]}),
        (
            {"reason": "because", "public_reason": "Non."},
            {"reason": ["Select a valid choice. because is not one of the available choices."]},
        ),
        (
            {"reason": "duplicate", "public_reason": "Doublon."},
            {"duplicate_of": ["Choose the proposal this one duplicates."]},
        ),
        (
            {"reason": "duplicate", "duplicate_of": "999999", "public_reason": "Doublon."},
            {"duplicate_of": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"reason": "out_of_scope", "public_reason": "x" * 2001},
            {"public_reason": ["Ensure this value has at most 2000 characters (it has 2001)."]},
        ),
    ],
)
def test_a_rejection_with_bad_input_shows_the_error_and_changes_nothing(
    login, submission_process, data, errors
):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)
    before = snapshot(proposal)

    response = login("moderator").post(action_url("reject", proposal), data)

    assert response.status_code == 200
    assert response.context["reject_form"].errors == errors
    assert 'class="error-summary"' in response.content.decode()
    assert snapshot(proposal) == before


def test_a_duplicate_of_itself_is_refused(login, submission_process):
    proposal = ProposalFactory(process=submission_process, state=ProposalState.SUBMITTED)
    before = snapshot(proposal)

    response = login("moderator").post(
        action_url("reject", proposal),
        {
            "reason": "duplicate",
            "duplicate_of": str(proposal.pk),
            "public_reason": "Doublon.",
        },
    )

    assert response.status_code == 200
    assert "duplicate_of" in response.context["reject_form"].errors
    assert snapshot(proposal) == before


def test_an_evaluator_rejects_as_not_feasible_during_evaluation(login, evaluation_process):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.IN_DEBATE)

    login("evaluator").post(
        action_url("reject", proposal),
        {"reason": "not_feasible", "public_reason": "Trop cher pour la commune."},
    )

    proposal.refresh_from_db()
    assert (proposal.state, proposal.rejection_reason) == (ProposalState.REJECTED, "not_feasible")


def test_an_evaluator_may_not_reject_for_another_reason_and_nothing_changes(login, evaluation_process):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.IN_DEBATE)
    before = snapshot(proposal)

    response = login("evaluator").post(
        action_url("reject", proposal), {"reason": "out_of_scope", "public_reason": "Non."}
    )

    assert response.status_code == 200
    assert response.context["reject_form"].errors == {
        "reason": ["Select a valid choice. out_of_scope is not one of the available choices."]
    }
    assert snapshot(proposal) == before


def test_an_evaluator_may_not_reject_a_submitted_proposal_and_nothing_changes(login, evaluation_process):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.SUBMITTED)
    before = snapshot(proposal)

    response = login("evaluator").post(
        action_url("reject", proposal), {"reason": "not_feasible", "public_reason": "Non."}
    )

    assert response.status_code == 403
    assert snapshot(proposal) == before


def test_rejecting_a_withdrawn_proposal_shows_an_error_and_changes_nothing(login, debate_process):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.WITHDRAWN)
    before = snapshot(proposal)

    response = login("moderator").post(
        action_url("reject", proposal), {"reason": "out_of_scope", "public_reason": "Non."}
    )

    assert response.status_code == 200
    assert response.context["reject_form"].non_field_errors() == [
        "This proposal cannot make that change in its current state."
    ]
    assert snapshot(proposal) == before


# --- Accept -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1 234,56", 123456),
        ("1234.56", 123456),
        ("1234", 123400),
        ("1.234,5", 123450),
        ("12 500 €", 1250000),
        ("0", 0),
    ],
)
def test_an_evaluator_accepts_with_a_cost_estimate_stored_in_cents(
    login, people, evaluation_process, typed, cents
):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.IN_DEBATE)

    response = login("evaluator").post(
        action_url("accept", proposal), {"cost_estimate": typed, "answer": " Faisable en 2026. "}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.cost_estimate_cents, proposal.answer) == (
        ProposalState.ACCEPTED,
        cents,
        "Faisable en 2026.",
    )
    transition = proposal.transitions.get()
    assert (transition.actor, transition.to_state, transition.public_reason) == (
        people["evaluator"],
        ProposalState.ACCEPTED,
        "Faisable en 2026.",
    )


def test_a_process_administrator_accepts_too(login, evaluation_process):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.IN_DEBATE)

    login("admin").post(action_url("accept", proposal), {"cost_estimate": "500", "answer": "Oui."})

    proposal.refresh_from_db()
    assert (proposal.state, proposal.cost_estimate_cents) == (ProposalState.ACCEPTED, 50000)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"cost_estimate": "-5", "answer": "Oui."}, {"cost_estimate": ["The amount cannot be negative."]}),
        (
            {"cost_estimate": "beaucoup", "answer": "Oui."},
            {
                "cost_estimate": [
                    "Write the amount in euros with at most two decimals, for example 1 234,56 or 1234.56."
                ]
            },
        ),
        ({"cost_estimate": "12.345", "answer": "Oui."}, None),  # 12 345 € (grouped thousands): accepted
        (
            {"cost_estimate": "1234.567", "answer": "Oui."},
            {
                "cost_estimate": [
                    "Write the amount in euros with at most two decimals, for example 1 234,56 or 1234.56."
                ]
            },
        ),
        ({"cost_estimate": "", "answer": "Oui."}, {"cost_estimate": ["This field is required."]}),
        ({"cost_estimate": "100", "answer": "  "}, {"answer": ["This field is required."]}),
        (
            {"cost_estimate": "99999999999", "answer": "Oui."},
            {"cost_estimate": ["This amount is too large."]},
        ),
    ],
)
def test_an_acceptance_with_bad_input_shows_the_error_and_changes_nothing(
    login, evaluation_process, data, errors
):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.IN_DEBATE)
    before = snapshot(proposal)

    response = login("evaluator").post(action_url("accept", proposal), data)

    if errors is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert response.context["accept_form"].errors == errors
    assert snapshot(proposal) == before


def test_accepting_outside_the_evaluation_phase_shows_the_services_message_and_changes_nothing(
    login, debate_process
):
    proposal = ProposalFactory(process=debate_process, state=ProposalState.IN_DEBATE)
    before = snapshot(proposal)

    response = login("admin").post(action_url("accept", proposal), {"cost_estimate": "100", "answer": "Oui."})

    assert response.status_code == 200
    assert response.context["accept_form"].non_field_errors() == [
        "Proposals can only be evaluated while the evaluation phase is open."
    ]
    assert snapshot(proposal) == before


def test_a_moderator_may_not_accept_and_nothing_changes(login, evaluation_process):
    proposal = ProposalFactory(process=evaluation_process, state=ProposalState.IN_DEBATE)
    before = snapshot(proposal)

    response = login("moderator").post(
        action_url("accept", proposal), {"cost_estimate": "100", "answer": "Oui."}
    )

    assert response.status_code == 403
    assert snapshot(proposal) == before
