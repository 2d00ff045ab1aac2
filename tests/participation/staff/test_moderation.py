"""The moderation queue: open reports grouped by what they target; hiding (with a mandatory reason) and
dismissing; the history of resolved reports."""

import pytest
from django.urls import reverse

from participation.models import ProposalState, Report, ReportResolution
from tests.factories import CommentFactory, ProposalFactory, UserFactory

from .conftest import messages_of

pytestmark = pytest.mark.django_db

QUEUE = "/staff/moderation/"


def report(*, reason="spam", details="", proposal=None, comment=None, reporter=None):
    return Report.objects.create(
        reporter=reporter or UserFactory(), reason=reason, details=details, proposal=proposal, comment=comment
    )


@pytest.fixture
def reported_proposal(debate_process):
    proposal = ProposalFactory(
        process=debate_process,
        state=ProposalState.IN_DEBATE,
        title="Vendez vos voitures ici",
        body="Achat de voitures cash, appelez le 0470 00 00 00.",
    )
    report(proposal=proposal, reason="spam")
    report(proposal=proposal, reason="spam", details="C'est de la publicité.")
    report(proposal=proposal, reason="off_topic")
    return proposal


@pytest.fixture
def reported_comment(debate_process):
    comment = CommentFactory(
        proposal=ProposalFactory(process=debate_process, state=ProposalState.IN_DEBATE),
        body="Vous êtes tous des idiots.",
    )
    report(comment=comment, reason="offensive")
    return comment


def test_the_queue_groups_open_reports_by_target_with_count_reasons_and_text(
    login, reported_proposal, reported_comment
):
    response = login("moderator").get(QUEUE)

    queue = response.context["queue"]
    assert [(item.kind, item.count) for item in queue] == [("proposal", 3), ("comment", 1)]
    assert queue[0].proposal == reported_proposal
    assert queue[0].reason_counts == [("Spam or advertising", 2), ("Off topic", 1)]
    assert queue[1].comment == reported_comment
    html = response.content.decode()
    assert "Achat de voitures cash, appelez le 0470 00 00 00." in html
    assert "Vous êtes tous des idiots." in html
    assert "C&#x27;est de la publicité." in html
    assert f'for="id_hide_proposal-{reported_proposal.pk}_reason"' in html
    assert f'for="id_hide_comment-{reported_comment.pk}_reason"' in html


def test_the_queue_is_empty_without_open_reports(login, reported_proposal):
    Report.objects.update(resolved_at="2025-01-01T00:00:00Z", resolution=ReportResolution.DISMISSED)

    response = login("moderator").get(QUEUE)

    assert response.context["queue"] == []
    assert "Nothing to moderate: no report is waiting." in response.content.decode()
    assert len(response.context["history"]) == 3


def test_hiding_a_proposal_hides_it_resolves_its_reports_and_goes_back_to_the_queue(
    login, people, reported_proposal
):
    response = login("moderator").post(
        reverse("moderation_hide_proposal", kwargs={"pk": reported_proposal.pk}), {"reason": "Publicité"}
    )

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    reported_proposal.refresh_from_db()
    assert reported_proposal.hidden_at is not None
    assert reported_proposal.hidden_reason == "Publicité"
    assert set(Report.objects.values_list("resolution", "resolved_by")) == {
        (ReportResolution.HIDDEN, people["moderator"].pk)
    }
    page = login("moderator").get(QUEUE)
    assert page.context["queue"] == []
    assert "<strong>Hidden</strong>" in page.content.decode()


def test_hiding_a_comment_hides_it_and_resolves_its_reports(login, reported_comment):
    response = login("admin").post(
        reverse("moderation_hide_comment", kwargs={"pk": reported_comment.pk}),
        {"reason": "Insultes"},
        follow=True,
    )

    assert messages_of(response) == ["The comment is hidden and its reports are resolved."]
    reported_comment.refresh_from_db()
    assert (reported_comment.hidden_reason, reported_comment.hidden_at is not None) == ("Insultes", True)
    assert list(Report.objects.values_list("resolution", flat=True)) == [ReportResolution.HIDDEN]


@pytest.mark.parametrize("reason", ["", "   "])
def test_hiding_without_a_reason_shows_an_error_on_that_form_and_changes_nothing(
    login, reported_proposal, reported_comment, reason
):
    response = login("moderator").post(
        reverse("moderation_hide_proposal", kwargs={"pk": reported_proposal.pk}), {"reason": reason}
    )

    assert response.status_code == 200
    item = response.context["queue"][0]
    assert item.hide_form.errors == {"reason": ["This field is required."]}
    assert response.context["queue"][1].hide_form.errors == {}
    reported_proposal.refresh_from_db()
    assert reported_proposal.hidden_at is None
    assert Report.objects.filter(resolved_at__isnull=True).count() == 4


def test_hiding_twice_shows_the_services_message_and_changes_nothing(login, reported_proposal):
    login("moderator").post(
        reverse("moderation_hide_proposal", kwargs={"pk": reported_proposal.pk}), {"reason": "Publicité"}
    )
    reported_proposal.refresh_from_db()
    hidden_at = reported_proposal.hidden_at

    response = login("moderator").post(
        reverse("moderation_hide_proposal", kwargs={"pk": reported_proposal.pk}), {"reason": "Encore"}
    )

    assert response.status_code == 200
    assert "This proposal is already hidden." in response.content.decode()
    reported_proposal.refresh_from_db()
    assert (reported_proposal.hidden_at, reported_proposal.hidden_reason) == (hidden_at, "Publicité")


@pytest.mark.parametrize("role", ["resident", "evaluator"])
def test_hiding_is_refused_to_non_moderators_and_changes_nothing(
    login, reported_proposal, reported_comment, role
):
    client = login(role)

    proposal_response = client.post(
        reverse("moderation_hide_proposal", kwargs={"pk": reported_proposal.pk}), {"reason": "Non"}
    )
    comment_response = client.post(
        reverse("moderation_hide_comment", kwargs={"pk": reported_comment.pk}), {"reason": "Non"}
    )

    assert (proposal_response.status_code, comment_response.status_code) == (403, 403)
    reported_proposal.refresh_from_db()
    reported_comment.refresh_from_db()
    assert (reported_proposal.hidden_at, reported_comment.hidden_at) == (None, None)
    assert Report.objects.filter(resolved_at__isnull=True).count() == 4


def test_hiding_unknown_content_answers_404(login):
    client = login("moderator")

    assert (
        client.post(reverse("moderation_hide_proposal", kwargs={"pk": 999999}), {"reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("moderation_hide_comment", kwargs={"pk": 999999}), {"reason": "x"}).status_code
        == 404
    )
    assert client.post(reverse("moderation_dismiss_report", kwargs={"pk": 999999})).status_code == 404


def test_dismissing_a_report_resolves_it_and_keeps_the_content(login, people, reported_comment):
    open_report = Report.objects.get()

    response = login("moderator").post(
        reverse("moderation_dismiss_report", kwargs={"pk": open_report.pk}), follow=True
    )

    assert messages_of(response) == ["The report is dismissed; the content stays visible."]
    open_report.refresh_from_db()
    assert (open_report.resolution, open_report.resolved_by) == (
        ReportResolution.DISMISSED,
        people["moderator"],
    )
    reported_comment.refresh_from_db()
    assert reported_comment.hidden_at is None
    assert response.context["queue"] == []


def test_dismissing_a_resolved_report_says_so_and_changes_nothing(login, people, reported_comment):
    open_report = Report.objects.get()
    login("moderator").post(reverse("moderation_dismiss_report", kwargs={"pk": open_report.pk}))
    open_report.refresh_from_db()
    resolved_at = open_report.resolved_at

    response = login("admin").post(
        reverse("moderation_dismiss_report", kwargs={"pk": open_report.pk}), follow=True
    )

    assert messages_of(response) == ["This report was already dealt with."]
    open_report.refresh_from_db()
    assert (open_report.resolved_at, open_report.resolved_by) == (resolved_at, people["moderator"])


def test_dismissing_is_refused_to_evaluators_and_changes_nothing(login, reported_comment):
    open_report = Report.objects.get()

    response = login("evaluator").post(reverse("moderation_dismiss_report", kwargs={"pk": open_report.pk}))

    assert response.status_code == 403
    open_report.refresh_from_db()
    assert open_report.resolved_at is None


def test_a_safe_next_url_brings_the_moderator_back_to_the_page_they_came_from(login, reported_proposal):
    back = reverse(
        "proposal_detail", kwargs={"slug": reported_proposal.process.slug, "pk": reported_proposal.pk}
    )

    response = login("moderator").post(
        reverse("moderation_hide_proposal", kwargs={"pk": reported_proposal.pk}),
        {"reason": "Spam", "next": back},
    )

    assert response["Location"] == back


def test_an_outside_next_url_is_ignored(login, reported_proposal):
    response = login("moderator").post(
        reverse("moderation_hide_proposal", kwargs={"pk": reported_proposal.pk}),
        {"reason": "Spam", "next": "https://evil.example.com/"},
    )

    assert response["Location"] == QUEUE


def test_reported_text_is_escaped_in_the_queue(login, debate_process):
    comment = CommentFactory(body="<script>alert('x')</script>")
    report(comment=comment, details="<img src=x onerror=alert(1)>")

    html = login("moderator").get(QUEUE).content.decode()

    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_the_queue_runs_the_same_queries_for_3_and_30_reported_items(
    login, debate_process, django_assert_num_queries, rows
):
    for index in range(rows):
        if index % 2:
            report(
                comment=CommentFactory(proposal=ProposalFactory(process=debate_process, state="in_debate"))
            )
        else:
            report(proposal=ProposalFactory(process=debate_process, state="in_debate"))
        resolved = report(proposal=ProposalFactory(process=debate_process, state="in_debate"))
        Report.objects.filter(pk=resolved.pk).update(
            resolved_at="2025-01-01T00:00:00Z", resolution=ReportResolution.DISMISSED
        )
    client = login("moderator")

    # session, user, the viewer's permissions (direct, through groups), the open reports with their targets,
    # the resolved reports with theirs.
    with django_assert_num_queries(6):
        response = client.get(QUEUE)

    assert len(response.context["queue"]) == rows
    assert len(response.context["history"]) == rows
