"""PDF reports under real concurrency (PostgreSQL, one connection per thread, released together): many
visitors asking for the same report get one row; many deliveries of the same task render it once."""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser

from participation.models import PdfReport, PdfReportState
from participation.services.pdf_reports import pdf_report_render, pdf_report_request
from tests.concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_twenty_visitors_asking_at_once_for_the_same_report_get_one_row(report_process, busy_worker):
    process, _proposals = report_process
    rows = []

    def ask():
        rows.append(pdf_report_request(actor=AnonymousUser(), kind="process", target=process).pk)

    outcomes = run_at_once([ask] * 20)

    assert outcomes == Counter({"ok": 20})
    assert PdfReport.objects.count() == 1
    assert set(rows) == {PdfReport.objects.get().pk}
    assert busy_worker == [PdfReport.objects.get().pk]


def test_five_deliveries_of_the_same_task_at_once_render_once(report_process, busy_worker, renders):
    process, _proposals = report_process
    report = pdf_report_request(actor=AnonymousUser(), kind="process", target=process)

    outcomes = run_at_once([lambda: pdf_report_render(report_id=report.pk)] * 5)

    assert outcomes == Counter({"ok": 5})
    assert len(renders) == 1
    assert PdfReport.objects.get().state == PdfReportState.READY
