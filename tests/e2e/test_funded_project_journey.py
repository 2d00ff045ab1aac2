"""An association manager invites a member, who accepts, posts news with a photo and declares an expense; a
resident who follows the project reads the news in their notifications. Every page is checked by axe-core."""

import io
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from budgets.models import (
    Association,
    AssociationMembership,
    AssociationRole,
    FundedProject,
    FundedProjectExpense,
    FundedProjectPhoto,
)
from tests.factories import PASSWORD, AreaFactory, ProcessFactory, UserFactory

from .mailbox import links_to, plain_text

TITLE = "Restaurer le lavoir de Xhoris"


def _photo() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (320, 200), (46, 125, 50)).save(output, format="JPEG")
    return output.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_association_reports_and_a_follower_reads_the_news(new_tab, mailbox):
    area = AreaFactory(name="Xhoris", slug="xhoris")
    process = ProcessFactory(title="Budget participatif 2025", with_phase="implementation")
    association = Association.objects.create(
        name="Les Amis du Lavoir",
        slug="les-amis-du-lavoir",
        description="Nous restaurons le petit patrimoine.",
        contact_email="lavoir@example.org",
    )
    manager = UserFactory(email="claire@example.org", display_name="Claire L.", preferred_language="en")
    AssociationMembership.objects.create(association=association, user=manager, role=AssociationRole.MANAGER)
    project = FundedProject.objects.create(
        process=process,
        title=TITLE,
        allocated_cents=12_000_00,
        area=area,
        latitude="50.4200",
        longitude="5.5300",
        description="Remettre l'eau dans le lavoir.",
    )
    project.associations.add(association)
    newcomer = UserFactory(email="noe@example.org", display_name="Noé D.", preferred_language="en")
    resident = UserFactory(email="habitante@example.org", display_name="Aline R.", preferred_language="en")

    # The resident follows the project from its page.
    reader = new_tab()
    reader.log_in(resident.email, PASSWORD)
    reader.visit(reader.url("funded_project_overview"))
    reader.follow(reader.page.get_by_role("link", name=TITLE).first)
    reader.submit(reader.page.get_by_role("button", name="Follow this project"))
    expect(reader.page.get_by_role("status")).to_contain_text("You follow this project")

    # The manager invites a new member.
    staff = new_tab()
    staff.log_in(manager.email, PASSWORD)
    staff.visit(association.get_absolute_url())
    staff.follow(staff.page.get_by_role("link", name="Manage the members"))
    staff.page.get_by_label("E-mail address").fill(newcomer.email)
    staff.submit(staff.page.get_by_role("button", name="Send the invitation"))
    expect(staff.page.get_by_role("status")).to_contain_text("The invitation is sent to noe@example.org.")

    # The newcomer accepts with the link of the e-mail, then reports.
    [link] = links_to(plain_text(mailbox.single_message_to(newcomer.email)), "/associations/invitation/")
    # The e-mail links to the configured site (PLACETTE_SITE_URL); the test server listens elsewhere.
    link = urlsplit(link).path
    member = new_tab()
    member.log_in(newcomer.email, PASSWORD)
    member.visit(link)
    member.submit(member.page.get_by_role("button", name="Accept the invitation"))
    expect(member.page.get_by_role("status")).to_contain_text("Welcome to Les Amis du Lavoir.")
    assert AssociationMembership.objects.get(user=newcomer).role == AssociationRole.MEMBER

    member.visit(project.get_absolute_url())
    member.follow(member.page.get_by_role("link", name="Report on this project"))
    news = member.page.get_by_role("region", name="Post news")
    news.get_by_label("What happened").fill("Les pierres du bassin sont nettoyées.")
    news.get_by_label("Date").fill("2026-05-02")
    news.get_by_label("Photo 1", exact=True).set_input_files(
        files=[{"name": "bassin.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    news.get_by_label("Description of photo 1").fill("Le bassin du lavoir, nettoyé")
    member.submit(news.get_by_role("button", name="Publish the news"))
    expect(member.page.get_by_role("status")).to_contain_text("The news is published.")

    expense = member.page.get_by_role("region", name="Declare an expense")
    expense.get_by_label("Amount (€)").fill("1250.50")
    expense.get_by_label("Date").fill("2026-05-03")
    expense.get_by_label("What it paid for").fill("Location d'un nettoyeur haute pression")
    member.submit(expense.get_by_role("button", name="Record the expense"))
    expect(member.page.get_by_role("status")).to_contain_text("The expense is recorded.")
    assert list(FundedProjectExpense.objects.values_list("amount_cents", flat=True)) == [1_250_50]
    assert FundedProjectPhoto.objects.get().alt == "Le bassin du lavoir, nettoyé"

    member.visit(project.get_absolute_url())
    expect(member.page.get_by_role("img", name="Le bassin du lavoir, nettoyé")).to_be_visible()

    # The follower reads the news in their notifications.
    reader.visit(reader.url("notification_list"))
    expect(reader.page.get_by_role("main")).to_contain_text(f"News of the funded project “{TITLE}”")
