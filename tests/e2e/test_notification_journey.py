"""A resident hears that a moderator rejected their proposal: the header counts it, the list links to it, the
e-mail arrives in English with a one-click unsubscribe link; the settings page chooses what comes by e-mail.
Every page is checked with axe-core."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from participation.models import NotificationPreference
from participation.services.proposals import proposal_create, proposal_reject, proposal_submit
from tests.factories import PASSWORD, AreaFactory, ProcessFactory, UserFactory

from .mailbox import links_to, plain_text

TITLE = "Un potager partagé derrière l'école de Tinlot"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_resident_reads_the_notification_of_a_rejection_and_stops_the_e_mails_in_one_click(tab, mailbox):
    tinlot = AreaFactory(name="Tinlot")
    process = ProcessFactory(title="Budget participatif du Condroz 2026", with_phase="submission")
    process.areas.add(tinlot)
    author = UserFactory(email="lea.martin@example.org", display_name="Léa M.", preferred_language="en")
    moderator = UserFactory(email="moderation@example.org", moderator=True)
    proposal = proposal_create(
        actor=author, process=process, title=TITLE, body="Des bacs et de l'eau.", area=tinlot
    )
    proposal = proposal_submit(actor=author, proposal=proposal)
    # Committed: no broker in the tests, so the fan-out and the e-mail run in-process after the commit.
    proposal_reject(
        actor=moderator,
        proposal=proposal,
        reason="out_of_scope",
        public_reason="Le terrain n'appartient pas à la commune.",
    )

    # The e-mail, in the author's language, with its one-click unsubscribe link.
    message = mailbox.single_message_to(author.email)
    assert message["Subject"].strip() == f"[Placette] “{TITLE}” is now: Rejected"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [unsubscribe] = links_to(plain_text(message), "/notifications/unsubscribe/")
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"

    # The header counts the unread notification; the list links to the proposal.
    tab.log_in(author.email, PASSWORD)
    notifications = tab.page.get_by_role("banner").get_by_role("link", name="Notifications (1 unread)")
    tab.follow(notifications)
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(tab.page.get_by_role("link", name=f"“{TITLE}” is now: Rejected")).to_be_visible()
    tab.submit(tab.page.get_by_role("button", name=re.compile(rf"^Mark as read\W+“{re.escape(TITLE)}”")))
    expect(
        tab.page.get_by_role("banner").get_by_role("link", name="Notifications", exact=True)
    ).to_be_visible()

    # The settings page: news of what I follow, once a week.
    tab.follow(tab.page.get_by_role("link", name="Choose what you receive by e-mail"))
    tab.page.get_by_role(
        "group", name="News of what I follow (proposals, processes, funded projects)"
    ).get_by_label("Weekly digest").check()
    tab.submit(tab.page.get_by_role("button", name="Save"))
    expect(tab.page.get_by_role("status")).to_contain_text("Your notification settings are saved.")
    assert NotificationPreference.objects.get(user=author, topic="followed").frequency == "weekly"

    # The link of the e-mail asks first (a mail scanner following it changes nothing), then stops them.
    tab.visit(urlsplit(unsubscribe).path)  # PLACETTE_SITE_URL is not the test server's address
    assert NotificationPreference.objects.get(user=author, topic="my_proposal").frequency == "immediate"
    tab.submit(tab.page.get_by_role("button", name="Stop these e-mails"))
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("E-mails stopped")
    assert NotificationPreference.objects.get(user=author, topic="my_proposal").frequency == "off"
