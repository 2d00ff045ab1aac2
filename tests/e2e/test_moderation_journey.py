"""A moderator rejects a submitted proposal with a public reason; its author reads it on the timeline."""

import pytest
from playwright.sync_api import expect

from participation.models import ProposalState, ProposalTransition, RejectionReason
from participation.services.proposals import proposal_create, proposal_submit
from tests.factories import PASSWORD, AreaFactory, ProcessFactory, UserFactory

TITLE = "Une piste de ski sur le terril de Hamoir"
EXPLANATION = (
    "La commune ne peut pas aménager de piste de ski : le terril appartient à la Région wallonne. "
    "Proposez plutôt un aménagement sur un terrain communal."
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_moderator_rejects_a_proposal_and_its_author_sees_the_reason_on_the_timeline(new_tab):
    hamoir = AreaFactory(name="Hamoir")
    process = ProcessFactory(title="Budget participatif du Condroz 2026", with_phase="submission")
    process.areas.add(hamoir)
    author = UserFactory(email="jules.lambert@example.org", display_name="Jules L.", preferred_language="en")
    moderator = UserFactory(
        email="moderation@example.org",
        display_name="Claire (modération)",
        moderator=True,
        preferred_language="en",
    )
    proposal = proposal_create(
        actor=author, process=process, title=TITLE, body="Pour les enfants.", area=hamoir
    )
    proposal = proposal_submit(actor=author, proposal=proposal)

    # The moderator finds the proposal in the process's triage list and rejects it.
    staff = new_tab()
    staff.log_in(moderator.email, PASSWORD)
    staff.visit(process.get_absolute_url())
    staff.follow(staff.page.get_by_role("link", name="Review proposals (staff)"))
    staff.follow(staff.page.get_by_role("link", name=TITLE))
    assert staff.page.url == staff.url("staff_proposal_review", pk=proposal.pk)
    staff.page.get_by_label("Out of scope").check()
    staff.page.get_by_label("Public explanation").fill(EXPLANATION)
    staff.submit(staff.page.get_by_role("button", name="Reject the proposal"))
    expect(staff.page.get_by_role("status")).to_contain_text(
        "The proposal is rejected; the explanation is on its timeline."
    )

    proposal.refresh_from_db()
    assert (proposal.state, proposal.rejection_reason) == (
        ProposalState.REJECTED,
        RejectionReason.OUT_OF_SCOPE,
    )
    rejection = ProposalTransition.objects.get(proposal=proposal, to_state=ProposalState.REJECTED)
    assert (rejection.actor, rejection.from_state, rejection.reason_code, rejection.public_reason) == (
        moderator,
        ProposalState.SUBMITTED,
        RejectionReason.OUT_OF_SCOPE,
        EXPLANATION,
    )

    # The author logs in and reads why on the proposal's timeline.
    resident = new_tab()
    resident.log_in(author.email, PASSWORD)
    resident.visit(resident.url("my_proposals"))
    resident.follow(resident.page.get_by_role("link", name=TITLE))
    timeline = resident.page.get_by_role("region", name="History")
    expect(timeline).to_contain_text("Submitted → Rejected")
    expect(timeline).to_contain_text("Out of scope")
    expect(timeline).to_contain_text(EXPLANATION)
    outcome = resident.page.get_by_role("region", name="Why this proposal was rejected")
    expect(outcome).to_contain_text("Out of scope")
    expect(outcome).to_contain_text(EXPLANATION)
