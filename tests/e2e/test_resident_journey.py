"""A resident's first weeks: sign up, confirm the e-mail, submit a proposal, then debate and support."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from participation.models import (
    Comment,
    CommentAlignment,
    Phase,
    PhaseKind,
    Proposal,
    ProposalState,
    Support,
    User,
)
from participation.services.phases import process_advance
from tests.factories import AreaFactory, CategoryFactory, ProcessFactory, ProposalFactory

from .mailbox import links_to, plain_text

EMAIL = "amelie.dubois@example.org"
PASSWORD = "Tilleul-de-la-place-1848"
PROPOSAL_TITLE = "Des bancs à l'ombre sur la place d'Ouffet"
PROPOSAL_BODY = "Trois bancs sous les tilleuls, pour que les aînés puissent s'asseoir au retour du marché."
COMMENT = "Un abri pour les vélos à la gare aiderait aussi les navetteurs de Tinlot."


def time_passes_until_the_debate_opens(process):
    """Moves every phase of `process` back in time so that its debate phase opened a minute ago, then lets
    Placette apply what that means (what Celery beat does every minute)."""
    debate = process.phases.get(kind=PhaseKind.DEBATE)
    shift = debate.start_at - timezone.now() + timedelta(minutes=1)
    Phase.objects.filter(process=process).update(start_at=F("start_at") - shift, end_at=F("end_at") - shift)
    process_advance(process=process)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_resident_signs_up_submits_a_proposal_then_comments_and_supports_in_the_debate(tab, mailbox):
    page = tab.page
    ouffet, tinlot = AreaFactory(name="Ouffet"), AreaFactory(name="Tinlot")
    mobility = CategoryFactory(name="Mobilité")
    process = ProcessFactory(title="Budget participatif du Condroz 2026", with_phase="submission")
    process.areas.add(ouffet, tinlot)
    process.categories.add(mobility)
    neighbour_proposal = ProposalFactory(
        process=process,
        area=tinlot,
        category=mobility,
        state=ProposalState.SUBMITTED,
        title="Un abri couvert pour les vélos à la gare de Tinlot",
    )

    # Sign up.
    tab.visit(tab.url("account_signup"))
    page.get_by_label("Display name").fill("Amélie D.")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Where do you live?").select_option(label="Ouffet")
    page.get_by_role("main").get_by_label("Language").select_option(label="English")
    tab.submit(page.get_by_role("button", name="Create my account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your e-mail address")
    user = User.objects.get(email=EMAIL)
    assert (user.display_name, user.area, user.preferred_language, user.email_verified) == (
        "Amélie D.",
        ouffet,
        "en",
        False,
    )

    # Confirm the e-mail address with the link of the e-mail.
    message = mailbox.single_message_to(EMAIL)
    assert message["Subject"].startswith("[Placette] ")
    [link] = links_to(plain_text(message), "/accounts/confirm-email/")
    tab.visit(link)
    tab.submit(page.get_by_role("button", name="Confirm"))
    user.refresh_from_db()
    assert user.email_verified is True
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_be_visible()

    # Write a proposal and submit it.
    tab.visit(process.get_absolute_url())
    tab.follow(page.get_by_role("link", name="Submit a proposal"))
    page.get_by_label("Title").fill(PROPOSAL_TITLE)
    page.get_by_label("Your proposal").fill(PROPOSAL_BODY)
    page.get_by_label("Area").select_option(label="Ouffet")
    tab.submit(page.get_by_role("button", name="Save the draft"))
    expect(page.get_by_role("status")).to_contain_text("Your draft was saved.")
    proposal = Proposal.objects.get(author=user)
    assert (proposal.title, proposal.body, proposal.area, proposal.state) == (
        PROPOSAL_TITLE,
        PROPOSAL_BODY,
        ouffet,
        ProposalState.DRAFT,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(PROPOSAL_TITLE)
    tab.submit(page.get_by_role("button", name="Submit the proposal"))
    expect(page.get_by_role("status")).to_contain_text("Your proposal was submitted. Thank you!")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    expect(page.get_by_role("region", name="History")).to_contain_text("Draft → Submitted, by")

    # Time passes and the debate opens: both proposals are in debate.
    time_passes_until_the_debate_opens(process)
    assert set(Proposal.objects.values_list("state", flat=True)) == {ProposalState.IN_DEBATE}
    tab.visit(proposal.get_absolute_url())
    expect(page.get_by_role("region", name="History")).to_contain_text("Submitted → In debate")

    # Comment on the neighbour's proposal, for it, and support it.
    tab.visit(process.get_absolute_url())
    tab.follow(page.get_by_role("link", name=neighbour_proposal.title))
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_label("For", exact=True).check()
    tab.submit(page.get_by_role("button", name="Publish the comment"))
    expect(page.get_by_role("status")).to_contain_text("Your comment was published.")
    tab.submit(page.get_by_role("button", name="Support this proposal"))

    comment = Comment.objects.get(proposal=neighbour_proposal)
    assert (comment.author, comment.body, comment.alignment) == (user, COMMENT, CommentAlignment.FOR)
    assert Support.objects.filter(proposal=neighbour_proposal, user=user).count() == 1
    supports = page.get_by_role("region", name="Supports")
    expect(supports).to_contain_text(re.compile(r"(^|\D)1 support\b"))
    expect(supports).to_contain_text("You support this proposal.")
    my_comment = page.get_by_role("region", name="1 comment").get_by_role("article")
    expect(my_comment).to_contain_text("Amélie D.")
    expect(my_comment.locator(".alignment")).to_contain_text("For")
    expect(my_comment).to_contain_text(COMMENT)
