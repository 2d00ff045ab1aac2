import pytest

from participation.models import Report
from tests.factories import CommentFactory, ProposalFactory, UserFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db


def url_of(proposal) -> str:
    return f"/processes/{proposal.process.slug}/proposals/{proposal.pk}/"


def test_a_resident_reports_a_proposal(resident_client, resident, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    form_page = resident_client.get(url_of(proposal) + "report/")
    response = resident_client.post(
        url_of(proposal) + "report/", {"reason": "spam", "details": "Publicité"}, follow=True
    )

    assert form_page.status_code == 200
    assert "Why are you reporting this?" in form_page.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.proposal, report.comment, report.reason, report.details) == (
        resident,
        proposal,
        None,
        "spam",
        "Publicité",
    )
    assert response.redirect_chain == [(url_of(proposal), 302)]
    assert messages_of(response) == ["Thank you. The moderators will look at your report."]


def test_a_resident_reports_a_comment(resident_client, resident, debate_process):
    comment = CommentFactory(proposal=ProposalFactory(process=debate_process, state="in_debate"))

    response = resident_client.post(f"/comments/{comment.pk}/report/", {"reason": "offensive", "details": ""})

    report = Report.objects.get()
    assert (report.comment, report.proposal, report.reason) == (comment, None, "offensive")
    assert response["Location"] == f"{url_of(comment.proposal)}#comment-{comment.pk}"


def test_reason_is_required_and_other_needs_details(resident_client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    missing = resident_client.post(url_of(proposal) + "report/", {"reason": "", "details": ""})
    other = resident_client.post(url_of(proposal) + "report/", {"reason": "other", "details": ""})
    too_long = resident_client.post(url_of(proposal) + "report/", {"reason": "spam", "details": "x" * 1001})

    assert missing.context["form"].errors["reason"] == ["This field is required."]
    assert other.context["form"].errors["details"] == ["Tell the moderators what the problem is."]
    assert too_long.context["form"].errors["details"] == [
        "Ensure this value has at most 1000 characters (it has 1001)."
    ]
    assert Report.objects.count() == 0


def test_reporting_twice_shows_a_message_and_keeps_one_report(resident_client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")
    resident_client.post(url_of(proposal) + "report/", {"reason": "spam"})

    response = resident_client.post(url_of(proposal) + "report/", {"reason": "spam"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["You have already reported this."]
    assert Report.objects.count() == 1


def test_authors_cannot_report_their_own_proposal(client, debate_process):
    author = UserFactory()
    proposal = ProposalFactory(process=debate_process, author=author, state="in_debate")
    client.force_login(author)

    assert client.get(url_of(proposal) + "report/").status_code == 403
    assert client.post(url_of(proposal) + "report/", {"reason": "spam"}).status_code == 403
    assert Report.objects.count() == 0


def test_reporting_needs_an_account(client, debate_process):
    proposal = ProposalFactory(process=debate_process, state="in_debate")

    response = client.get(url_of(proposal) + "report/")

    assert response["Location"] == f"/accounts/login/?next={url_of(proposal)}report/"
