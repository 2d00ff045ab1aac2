"""Follows (idempotent) and reports (one per reporter and target, dismissed by moderators)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from participation.exceptions import AlreadyDoneError, InvalidInputError
from participation.models import DomainEvent, EventKind, Follow, Report
from participation.services import follows, reports
from tests.factories import CommentFactory, ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_following_twice_keeps_one_follow():
    proposal = ProposalFactory(state="in_debate")
    user = UserFactory()
    first = follows.follow_add(actor=user, proposal=proposal)
    assert follows.follow_add(actor=user, proposal=proposal) == first
    assert Follow.objects.count() == 1


def test_following_and_unfollowing_a_process():
    process = ProcessFactory()
    user = UserFactory()
    follows.follow_add(actor=user, process=process)
    assert Follow.objects.filter(user=user, process=process).count() == 1
    follows.follow_remove(actor=user, process=process)
    follows.follow_remove(actor=user, process=process)
    assert Follow.objects.count() == 0


def test_a_draft_cannot_be_followed_by_others():
    with pytest.raises(PermissionDenied):
        follows.follow_add(actor=UserFactory(), proposal=ProposalFactory(state="draft"))


def test_unfollowing_needs_a_signed_in_person():
    with pytest.raises(PermissionDenied):
        follows.follow_remove(actor=AnonymousUser(), process=ProcessFactory())


def test_follow_needs_exactly_one_target():
    with pytest.raises(ValueError):
        follows.follow_add(actor=UserFactory(), proposal=ProposalFactory(), process=ProcessFactory())


def test_a_report_is_recorded_once_per_reporter_and_target():
    comment = CommentFactory()
    reporter = UserFactory()
    report = reports.report_create(actor=reporter, reason="offensive", comment=comment)
    assert (report.reporter, report.comment, report.resolved_at) == (reporter, comment, None)
    assert DomainEvent.objects.filter(kind=EventKind.REPORT_CREATED).count() == 1
    with pytest.raises(AlreadyDoneError):
        reports.report_create(actor=reporter, reason="spam", comment=comment)
    assert Report.objects.count() == 1
    assert DomainEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("reason", "details", "field"),
    [("nonsense", "", "reason"), ("other", "  ", "details"), ("spam", "x" * 1001, "details")],
)
def test_bad_reports_are_refused(reason, details, field):
    with pytest.raises(InvalidInputError) as raised:
        reports.report_create(
            actor=UserFactory(), reason=reason, details=details, proposal=ProposalFactory(state="in_debate")
        )
    assert field in raised.value.field_errors
    assert Report.objects.count() == 0


def test_a_moderator_dismisses_a_report_once():
    report = Report.objects.create(reporter=UserFactory(), proposal=ProposalFactory(), reason="spam")
    moderator = UserFactory(moderator=True)
    reports.report_dismiss(actor=moderator, report=report)
    report.refresh_from_db()
    assert (report.resolution, report.resolved_by) == ("dismissed", moderator)
    with pytest.raises(AlreadyDoneError):
        reports.report_dismiss(actor=moderator, report=report)
