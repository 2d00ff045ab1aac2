"""The task `render_pdf_report` on the `reports` queue: a claim by conditional update makes it idempotent (a
message delivered twice renders once), a rendering whose worker died is claimed again after the time limit,
an error is kept for staff and a failed report can be retried."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from config.celery import app
from participation.models import PdfReport, PdfReportState
from participation.services import pdf_reports
from participation.services.pdf_reports import pdf_report_render, pdf_report_request, pdf_report_retry
from participation.tasks import render_pdf_report

from .conftest import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(report_process, busy_worker):
    process, _proposals = report_process
    return pdf_report_request(actor=AnonymousUser(), kind="process", target=process)


def test_the_report_task_goes_to_the_reports_queue():
    route = app.amqp.router.route({}, render_pdf_report.name, args=(1,), kwargs={})

    assert route["queue"].name == "reports"


def test_the_task_queued_after_the_request_is_routed_to_the_reports_queue(
    report_process, monkeypatch, django_capture_on_commit_callbacks
):
    process, _proposals = report_process
    sent = []
    monkeypatch.setattr(
        render_pdf_report, "apply_async", lambda args=None, **options: sent.append((args, options["queue"]))
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = pdf_report_request(actor=AnonymousUser(), kind="process", target=process)

    assert sent == [((report.pk,), "reports")]


def test_running_the_task_twice_renders_once_and_stores_one_file(pending, renders):
    render_pdf_report.apply(args=(pending.pk,))
    render_pdf_report.apply(args=(pending.pk,))

    report = PdfReport.objects.get()
    assert len(renders) == 1
    assert (report.state, report.progress, report.attempts) == (PdfReportState.READY, 100, 1)
    directory, name = pdf_reports.report_path(report).rsplit("/", 1)
    assert directory == f"reports/process/{report.target_id}"
    assert report.file.name == f"{directory}/{name}"
    assert report.file.storage.listdir(directory) == ([], [name])
    assert "Budget participatif des Condruses" in " ".join(pdf_pages(report.file.read()))


def test_a_rendering_in_progress_is_not_claimed_by_a_second_message(pending, renders):
    PdfReport.objects.filter(pk=pending.pk).update(state=PdfReportState.RENDERING, claimed_at=timezone.now())

    assert pdf_report_render(report_id=pending.pk) is None

    assert renders == []
    assert PdfReport.objects.get().state == PdfReportState.RENDERING


def test_a_rendering_whose_worker_died_is_claimed_again_after_the_time_limit(pending, renders, settings):
    died_at = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    PdfReport.objects.filter(pk=pending.pk).update(
        state=PdfReportState.RENDERING, claimed_at=died_at, progress=25, attempts=1
    )

    report = pdf_report_render(report_id=pending.pk)

    assert (report.state, report.progress, report.attempts) == (PdfReportState.READY, 100, 2)
    assert len(renders) == 1


def test_a_crash_in_the_middle_of_a_rendering_leaves_a_row_that_is_claimed_again(
    pending, monkeypatch, settings
):
    """The worker is killed while WeasyPrint lays the pages out (a BaseException, not an error the service
    catches): the row stays `rendering`; after the time limit the message delivered again renders it."""

    def killed(html, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf_reports, "html_to_pdf", killed)
    with pytest.raises(KeyboardInterrupt):
        pdf_report_render(report_id=pending.pk)
    crashed = PdfReport.objects.get()
    assert (crashed.state, crashed.progress, crashed.file.name) == (PdfReportState.RENDERING, 25, "")
    monkeypatch.undo()

    assert pdf_report_render(report_id=pending.pk) is None  # the time limit has not passed
    PdfReport.objects.filter(pk=pending.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    )
    report = pdf_report_render(report_id=pending.pk)

    assert (report.state, report.attempts) == (PdfReportState.READY, 2)


def test_an_error_marks_the_report_failed_for_staff_and_a_retry_renders_it(pending, monkeypatch, renders):
    def broken(html, **kwargs):
        raise ValueError("The layout went wrong.")

    monkeypatch.setattr(pdf_reports, "html_to_pdf", broken)
    render_pdf_report.apply(args=(pending.pk,))
    failed = PdfReport.objects.get()
    assert (failed.state, failed.error, failed.file.name) == (
        PdfReportState.FAILED,
        "ValueError: The layout went wrong.",
        "",
    )
    monkeypatch.undo()

    report = pdf_report_retry(actor=AnonymousUser(), report=failed)
    assert report.state == PdfReportState.PENDING
    render_pdf_report.apply(args=(pending.pk,))

    report.refresh_from_db()
    assert (report.state, report.error, report.attempts) == (PdfReportState.READY, "", 2)


def test_a_storage_error_puts_the_report_back_to_pending_for_a_retry(pending, monkeypatch):
    from django.core.files.storage import default_storage

    def full_disk(name, content, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(default_storage, "save", full_disk)

    with pytest.raises(OSError):
        pdf_report_render(report_id=pending.pk, transient_errors=(OSError,))

    report = PdfReport.objects.get()
    assert (report.state, report.progress) == (PdfReportState.PENDING, 0)


def test_a_report_of_a_deleted_object_fails_with_a_reason(pending):
    from participation.models import Process

    Process.objects.filter(pk=pending.target_id).delete()

    report = pdf_report_render(report_id=pending.pk)

    assert report.state == PdfReportState.FAILED
    assert report.error == f"ReportTargetMissingError: process #{pending.target_id} no longer exists."


def test_an_unknown_report_id_renders_nothing(renders):
    assert pdf_report_render(report_id=987654) is None
    assert renders == []


def test_a_storage_error_is_retried_by_a_worker_and_the_last_attempt_marks_the_report_failed(
    pending, monkeypatch
):
    from celery.exceptions import Retry
    from django.core.files.storage import default_storage

    from participation.tasks import RENDER_MAX_RETRIES

    def full_disk(name, content, **kwargs):
        raise OSError("No space left on device")

    retries = []

    def retry(exc=None, countdown=None, **options):
        retries.append((str(exc), countdown))
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(default_storage, "save", full_disk)
    monkeypatch.setattr(render_pdf_report, "retry", retry)

    for attempt in (0, RENDER_MAX_RETRIES):
        render_pdf_report.push_request(retries=attempt, is_eager=False)
        try:
            if attempt < RENDER_MAX_RETRIES:
                with pytest.raises(Retry):
                    render_pdf_report.run(pending.pk)
                assert PdfReport.objects.get().state == PdfReportState.PENDING
            else:
                render_pdf_report.run(pending.pk)
        finally:
            render_pdf_report.pop_request()

    assert retries == [("No space left on device", 2)]
    report = PdfReport.objects.get()
    assert (report.state, report.error) == (PdfReportState.FAILED, "OSError: No space left on device")
    assert report.attempts == 2


def test_without_a_worker_a_storage_error_marks_the_report_failed_at_once(pending, monkeypatch):
    from django.core.files.storage import default_storage

    def full_disk(name, content, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(default_storage, "save", full_disk)

    render_pdf_report.apply(args=(pending.pk,))

    report = PdfReport.objects.get()
    assert (report.state, report.attempts) == (PdfReportState.FAILED, 1)


def test_the_file_name_cannot_be_worked_out_from_the_content(pending):
    """The media folder is served by the proxy: only the download page, which checks the rule, may lead to a
    report. The content key is a hash of public text; the file name is keyed with the secret key."""
    path = pdf_reports.report_path(pending)

    assert pending.content_key[:16] not in path
    assert re.fullmatch(rf"reports/process/{pending.target_id}/[0-9a-f]{{32}}\.pdf", path)
