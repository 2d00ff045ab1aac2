"""Asking for a PDF report: one row per content (a content key), rendered once, again only when what it
prints changed; the rule of the kind; the limit of reports a visitor may have waiting."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from participation.models import PdfReport, PdfReportState, ProposalState
from participation.pdf_reports import registry
from participation.services import pdf_reports
from participation.services.pdf_reports import (
    PENDING_LIMIT_PER_REQUESTER,
    TooManyReportsError,
    pdf_report_request,
    requester_key,
)
from participation.services.proposals import proposal_admit
from tests.factories import ProcessFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def test_asking_twice_for_unchanged_content_returns_the_same_report_and_renders_once(
    report_process, renders, django_capture_on_commit_callbacks
):
    process, _proposals = report_process

    with django_capture_on_commit_callbacks(execute=True):
        first = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
    with django_capture_on_commit_callbacks(execute=True):
        second = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)

    assert second.pk == first.pk
    assert PdfReport.objects.count() == 1
    assert len(renders) == 1
    report = PdfReport.objects.get()
    assert (report.state, report.progress) == (PdfReportState.READY, 100)
    assert report.filename == "condruses-report.pdf"
    assert report.file.read().startswith(b"%PDF-")
    assert report.size_bytes == report.file.size
    assert report.requested_by is None


def test_the_content_key_changes_when_a_proposal_changes_state_and_not_otherwise(report_process):
    process, proposals = report_process
    kind = registry.get("process")
    key = kind.key(process)

    # Nothing the report prints: a draft, another process, a new account.
    ProposalFactory(process=process, state=ProposalState.DRAFT, area=proposals["bench"].area)
    ProposalFactory(process=ProcessFactory(), state=ProposalState.IN_DEBATE)
    UserFactory()
    assert kind.key(process) == key

    submitted = ProposalFactory(process=process, state=ProposalState.SUBMITTED, area=proposals["bench"].area)
    with_submitted = kind.key(process)
    assert with_submitted != key

    proposal_admit(actor=UserFactory(moderator=True), proposal=submitted)

    assert kind.key(process) not in (key, with_submitted)


def test_a_changed_content_is_a_new_report_and_the_old_one_stays(
    report_process, renders, django_capture_on_commit_callbacks
):
    process, proposals = report_process
    with django_capture_on_commit_callbacks(execute=True):
        before = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
    type(proposals["path"]).objects.filter(pk=proposals["path"].pk).update(state=ProposalState.WITHDRAWN)

    with django_capture_on_commit_callbacks(execute=True):
        after = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)

    assert after.pk != before.pk
    assert after.content_key != before.content_key
    assert list(PdfReport.objects.values_list("state", flat=True)) == [PdfReportState.READY] * 2
    assert len(renders) == 2


def test_the_dossier_of_a_hidden_proposal_is_refused_and_nothing_is_created(report_process, busy_worker):
    _process, proposals = report_process

    with pytest.raises(PermissionDenied):
        pdf_report_request(actor=ANONYMOUS, kind="proposal", target=proposals["spam"])
    with pytest.raises(PermissionDenied):
        pdf_report_request(actor=UserFactory(), kind="proposal", target=proposals["draft"])

    assert PdfReport.objects.count() == 0
    assert busy_worker == []


def test_the_report_of_an_unpublished_process_is_for_staff_only(busy_worker):
    process = ProcessFactory(is_published=False)

    with pytest.raises(PermissionDenied):
        pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
    report = pdf_report_request(actor=UserFactory(process_admin=True), kind="process", target=process)

    assert PdfReport.objects.get().pk == report.pk
    assert busy_worker == [report.pk]


def test_a_visitor_may_have_only_a_few_reports_waiting(report_process, busy_worker):
    _process, proposals = report_process
    visitor = requester_key(address="203.0.113.7")
    public = [proposals[name] for name in ("bench", "path", "pool", "tower", "hall")]
    for proposal in public[:PENDING_LIMIT_PER_REQUESTER]:
        pdf_report_request(actor=ANONYMOUS, kind="proposal", target=proposal, requester=visitor)

    # The same content again is the same report: not refused, not counted.
    again = pdf_report_request(actor=ANONYMOUS, kind="proposal", target=public[0], requester=visitor)
    with pytest.raises(TooManyReportsError) as refusal:
        pdf_report_request(actor=ANONYMOUS, kind="proposal", target=public[3], requester=visitor)
    # Another visitor is not held back.
    other = pdf_report_request(
        actor=ANONYMOUS, kind="proposal", target=public[3], requester=requester_key(address="198.51.100.2")
    )

    assert PENDING_LIMIT_PER_REQUESTER == 3
    assert refusal.value.status == 429
    with translation.override("en"):
        assert "still being prepared" in str(refusal.value.message)
    assert again.target_id == public[0].pk
    assert PdfReport.objects.filter(requester_key=visitor).count() == 3
    assert other.target_id == public[3].pk
    assert len(busy_worker) == 4


def test_a_finished_report_no_longer_counts_against_the_visitor(report_process, busy_worker):
    _process, proposals = report_process
    visitor = requester_key(address="203.0.113.7")
    for name in ("bench", "path", "pool"):
        pdf_report_request(actor=ANONYMOUS, kind="proposal", target=proposals[name], requester=visitor)
    PdfReport.objects.filter(target_id=proposals["bench"].pk).update(state=PdfReportState.FAILED)

    report = pdf_report_request(
        actor=ANONYMOUS, kind="proposal", target=proposals["tower"], requester=visitor
    )

    assert report.state == PdfReportState.PENDING


def test_two_requests_racing_for_the_same_content_get_one_row(report_process, busy_worker, monkeypatch):
    """The second request read "no row" before the first inserted: the unique constraint refuses its insert
    and it returns the first one's row."""
    process, _proposals = report_process
    first = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
    real_filter = PdfReport.objects.filter
    calls = []

    def stale_read(*args, **kwargs):
        calls.append(kwargs)
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if len(calls) == 1 else queryset

    monkeypatch.setattr(PdfReport.objects, "filter", stale_read)
    second = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)

    assert second.pk == first.pk
    assert PdfReport.objects.count() == 1
    assert busy_worker == [first.pk]


def test_a_pending_report_whose_task_was_lost_is_queued_again(report_process, busy_worker, settings):
    process, _proposals = report_process
    report = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
    pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
    assert busy_worker == [report.pk]

    PdfReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    )
    pdf_report_request(actor=ANONYMOUS, kind="process", target=process)

    assert busy_worker == [report.pk, report.pk]


def test_placette_asks_without_a_rule_or_a_limit(busy_worker):
    process = ProcessFactory(is_published=False)

    report = pdf_reports.pdf_report_request_by_placette(kind="process", target=process)

    assert (report.requested_by, report.requester_key, report.state) == (None, "", PdfReportState.PENDING)


def test_the_reports_of_deleted_objects_are_purged_with_their_files(
    report_process, django_capture_on_commit_callbacks
):
    process, proposals = report_process
    with django_capture_on_commit_callbacks(execute=True):
        kept = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
        gone = pdf_report_request(actor=ANONYMOUS, kind="proposal", target=proposals["pool"])
    gone.refresh_from_db()
    storage, name = gone.file.storage, gone.file.name
    assert storage.exists(name)
    proposals["pool"].delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_reports.pdf_reports_purge_orphans() == 1

    assert list(PdfReport.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not storage.exists(name)
    assert pdf_reports.pdf_reports_purge_orphans() == 0


def test_pruning_keeps_the_newest_ready_report_and_deletes_superseded_and_failed_ones_after_a_month(
    report_process, django_capture_on_commit_callbacks
):
    process, proposals = report_process
    with django_capture_on_commit_callbacks(execute=True):
        old = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
    proposals["pool"].title = "Une piscine couverte"  # the printed content changes: a new report
    proposals["pool"].save(update_fields=["title"])
    with django_capture_on_commit_callbacks(execute=True):
        new = pdf_report_request(actor=ANONYMOUS, kind="process", target=process)
        dossier = pdf_report_request(actor=ANONYMOUS, kind="proposal", target=proposals["pool"])
    failed = PdfReport.objects.create(
        kind="proposal", target_id=proposals["pool"].pk, content_key="x" * 64, state=PdfReportState.FAILED
    )
    pending = PdfReport.objects.create(kind="process", target_id=process.pk, content_key="y" * 64)
    old.refresh_from_db()
    assert old.pk != new.pk and old.state == PdfReportState.READY
    storage, old_file = old.file.storage, old.file.name
    PdfReport.objects.update(created_at=timezone.now() - timedelta(days=31))

    # Within the month, a superseded report stays downloadable.
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_reports.pdf_reports_prune(now=timezone.now() - timedelta(days=2)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_reports.pdf_reports_prune() == 2

    assert set(PdfReport.objects.values_list("pk", flat=True)) == {new.pk, dossier.pk, pending.pk}
    assert not storage.exists(old_file)
    new.refresh_from_db()
    assert storage.exists(new.file.name)
    assert failed.pk not in set(PdfReport.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_reports.pdf_reports_prune() == 0
