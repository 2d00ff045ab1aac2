"""The pages of the PDF reports: the button on the process and proposal pages asks for a report (POST), the
status page follows it (progress, refresh without JavaScript, an accessible status text), then offers the
download; a failed report can be retried; `latest.pdf` serves the report of the current content."""

import re

import pytest
from django.urls import reverse

from participation.models import PdfReport, PdfReportState, ProposalState
from participation.services import pdf_reports
from tests.factories import ProposalFactory, UserFactory

from .conftest import flat, pdf_pages

pytestmark = pytest.mark.django_db


def request_url(kind, target):
    return reverse("pdf_report_request", kwargs={"kind": kind, "target_id": target.pk})


def status_url(report):
    return reverse("pdf_report_status", kwargs={"pk": report.pk})


def test_the_process_page_offers_the_process_report(client, report_process):
    process, _proposals = report_process

    html = client.get(process.get_absolute_url()).content.decode()

    assert f'action="{request_url("process", process)}"' in html
    assert "Process report (PDF)" in html


def test_the_proposal_page_offers_its_dossier(client, report_process):
    _process, proposals = report_process

    html = client.get(proposals["bench"].get_absolute_url()).content.decode()

    assert f'action="{request_url("proposal", proposals["bench"])}"' in html
    assert "Proposal dossier (PDF)" in html


def test_a_visitor_asks_for_the_process_report_follows_it_and_downloads_it(
    client, report_process, django_capture_on_commit_callbacks
):
    process, _proposals = report_process

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url("process", process))

    report = PdfReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    status = client.get(response["Location"])
    html = status.content.decode()
    assert status.status_code == 200
    assert 'http-equiv="refresh"' not in client.get(response["Location"] + "?auto=1").content.decode()
    assert re.search(r'<div role="status"[^>]*>\s*<p>The report is ready', html)
    download_url = reverse("pdf_report_download", kwargs={"pk": report.pk})
    assert f'href="{download_url}"' in html

    download = client.get(download_url)

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="condruses-report.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    pdf = b"".join(download.streaming_content)
    assert "Budget participatif des Condruses" in flat(" ".join(pdf_pages(pdf)))


def test_while_the_report_renders_the_status_page_shows_the_progress_and_refreshes_if_asked(
    client, report_process, busy_worker
):
    process, _proposals = report_process
    client.post(request_url("process", process))
    report = PdfReport.objects.get()
    PdfReport.objects.filter(pk=report.pk).update(state=PdfReportState.RENDERING, progress=25)

    html = client.get(status_url(report)).content.decode()
    # A page that reloads by itself unasked fails WCAG 2.2.1: the visitor turns it on.
    assert 'http-equiv="refresh"' not in html
    assert f'href="{status_url(report)}?auto=1">Reload this page by itself every 3 seconds</a>' in html
    assert f'<a class="button" href="{status_url(report)}">Check again</a>' in html
    refreshing = client.get(status_url(report) + "?auto=1").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in refreshing
    assert f'<a href="{status_url(report)}">Stop reloading</a>' in refreshing

    assert 'role="status"' in html
    assert "The report is being prepared: 25% done. Laying out the pages…" in html
    assert "pdf_report_download" not in html and "/download/" not in html
    assert client.get(reverse("pdf_report_download", kwargs={"pk": report.pk})).status_code == 404


def test_a_failed_report_says_so_and_can_be_retried(
    client, report_process, busy_worker, django_capture_on_commit_callbacks
):
    process, _proposals = report_process
    client.post(request_url("process", process))
    report = PdfReport.objects.get()
    PdfReport.objects.filter(pk=report.pk).update(state=PdfReportState.FAILED, error="ValueError: boom")

    html = client.get(status_url(report)).content.decode()
    assert "The report could not be generated." in html
    assert "boom" not in html  # the error is for staff (the admin), not for visitors
    retry_url = reverse("pdf_report_retry", kwargs={"pk": report.pk})
    assert f'action="{retry_url}"' in html

    busy_worker.clear()
    response = client.post(retry_url)

    assert response["Location"] == status_url(report)
    report.refresh_from_db()
    assert (report.state, report.error) == (PdfReportState.PENDING, "")
    assert busy_worker == [report.pk]


def test_the_dossier_of_a_hidden_proposal_does_not_exist_for_the_public(client, report_process, busy_worker):
    _process, proposals = report_process
    hidden = proposals["spam"]
    staff_report = pdf_reports.pdf_report_request_by_placette(kind="proposal", target=hidden)

    assert client.post(request_url("proposal", hidden)).status_code == 404
    assert client.get(status_url(staff_report)).status_code == 404
    assert client.get(reverse("pdf_report_download", kwargs={"pk": staff_report.pk})).status_code == 404
    assert (
        client.get(
            reverse("pdf_report_latest", kwargs={"kind": "proposal", "target_id": hidden.pk})
        ).status_code
        == 404
    )
    assert list(PdfReport.objects.values_list("pk", flat=True)) == [staff_report.pk]


def test_an_unknown_kind_or_object_answers_404(client, report_process):
    process, _proposals = report_process

    assert (
        client.post(reverse("pdf_report_request", kwargs={"kind": "nope", "target_id": 1})).status_code == 404
    )
    assert (
        client.post(
            reverse("pdf_report_request", kwargs={"kind": "process", "target_id": process.pk + 100})
        ).status_code
        == 404
    )
    assert client.get(reverse("pdf_report_status", kwargs={"pk": 4242})).status_code == 404
    assert client.get(request_url("process", process)).status_code == 405
    assert PdfReport.objects.count() == 0


def test_a_visitor_with_too_many_reports_waiting_gets_a_clear_refusal(client, report_process, busy_worker):
    _process, proposals = report_process
    for name in ("bench", "path", "pool"):
        client.post(request_url("proposal", proposals[name]))

    response = client.post(request_url("proposal", proposals["tower"]))

    assert response.status_code == 429
    html = response.content.decode()
    assert "You have already asked for several reports that are still being prepared." in html
    assert f'href="{proposals["tower"].get_absolute_url()}"' in html
    assert PdfReport.objects.count() == 3


def test_latest_pdf_starts_a_report_then_serves_it(
    client, report_process, django_capture_on_commit_callbacks, monkeypatch
):
    _process, proposals = report_process
    url = reverse("pdf_report_latest", kwargs={"kind": "proposal", "target_id": proposals["bench"].pk})
    queued = []
    monkeypatch.setattr(pdf_reports, "_queue", queued.append)

    first = client.get(url)

    report = PdfReport.objects.get()
    assert first.status_code == 503
    assert first["Retry-After"] == "60"
    assert f'href="{status_url(report)}"' in first.content.decode()
    monkeypatch.undo()
    pdf_reports.pdf_report_render(report_id=report.pk)

    second = client.get(url)

    assert second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == (
        f'attachment; filename="condruses-proposal-{proposals["bench"].pk}.pdf"'
    )
    assert PdfReport.objects.count() == 1


# --- Query counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_asking_for_the_process_report_costs_the_same_queries_whatever_the_number_of_proposals(
    client, report_process, busy_worker, django_assert_num_queries, rows
):
    process, proposals = report_process
    for number in range(rows):
        ProposalFactory(
            process=process,
            area=proposals["bench"].area,
            state=ProposalState.IN_DEBATE,
            title=f"Proposition de banc numéro {number}",
        )
    client.get(process.get_absolute_url())  # the session

    # 1 the process (kind.load); 2 the session (the rule asks who the user is); the content key builds the
    # report: 3 the process, 4 its phases, 5 its areas, 6 the counts of its proposals, 7 the listed ones;
    # 8 the report of that content (none); 9 the requester's reports waiting; 10-12 savepoint, insert,
    # release.
    with django_assert_num_queries(12):
        response = client.post(request_url("process", process))

    assert response.status_code == 302


@pytest.mark.parametrize("comments", [3, 30])
def test_the_status_page_of_a_dossier_costs_the_same_queries_whatever_the_number_of_comments(
    client, report_process, busy_worker, django_assert_num_queries, comments
):
    from tests.factories import CommentFactory

    _process, proposals = report_process
    for _number in range(comments):
        CommentFactory(proposal=proposals["bench"])
    report = pdf_reports.pdf_report_request_by_placette(kind="proposal", target=proposals["bench"])
    resident = UserFactory()
    client.force_login(resident)

    # 1 the report; 2 the proposal with its process (kind.load); 3 the session, 4 the user (the rule asks);
    # 5-6 the user's permissions and their groups' (has_perm: is_staff_member).
    with django_assert_num_queries(6):
        response = client.get(status_url(report))

    assert response.status_code == 200
