"""A visitor prints reports: the dossier of a proposal (rendered at once when no worker is configured) and
the report of a process while the worker is busy (the visitor lets the status page reload itself, without
JavaScript, until the report is ready). Every page visited passes axe-core, except the one reloading by
itself at the visitor's request (axe's "meta-refresh" cannot know the visitor asked for it)."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from participation.models import CommentAlignment, PdfReport, ProposalState
from participation.services import pdf_reports
from tests.factories import AreaFactory, CommentFactory, ProcessFactory, ProposalFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def process():
    process = ProcessFactory(title="Budget participatif du Condroz 2026", slug="condroz", with_phase="debate")
    ouffet = AreaFactory(name="Ouffet")
    process.areas.add(ouffet)
    bench = ProposalFactory(
        process=process,
        area=ouffet,
        state=ProposalState.IN_DEBATE,
        title="Des bancs à l'ombre sur la place d'Ouffet",
    )
    CommentFactory(proposal=bench, alignment=CommentAlignment.FOR, body="Oui, pour les aînés du village.")
    return process


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_downloads_the_dossier_of_a_proposal(tab, process):
    page = tab.page
    bench = process.proposals.get()

    tab.visit(bench.get_absolute_url())
    tab.submit(page.get_by_role("button", name="Proposal dossier (PDF)"))

    report = PdfReport.objects.get()
    assert page.url == tab.base_url + f"/reports/{report.pk}/"
    expect(page.get_by_role("status")).to_contain_text("The report is ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the report (PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"condroz-proposal-{bench.pk}.pdf"
    pages = PdfReader(io.BytesIO(download.path().read_bytes())).pages
    text = " ".join(" ".join(sheet.extract_text().split()) for sheet in pages)
    assert "Des bancs à l'ombre sur la place d'Ouffet" in text
    assert "Oui, pour les aînés du village." in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_status_page_refreshes_itself_until_the_process_report_is_ready(tab, process, monkeypatch):
    page = tab.page
    queued = []
    monkeypatch.setattr(pdf_reports, "_queue", queued.append)  # a busy worker

    tab.visit(process.get_absolute_url())
    tab.submit(page.get_by_role("button", name="Process report (PDF)"))

    expect(page.get_by_role("status")).to_contain_text("The report is being prepared: 0% done.")
    assert page.get_by_role("link", name="Download the report (PDF").count() == 0
    with page.expect_navigation():
        page.get_by_role("link", name="Reload this page by itself every 3 seconds").click()
    # The worker gets to it; the page, reloading itself every few seconds, shows the download link.
    pdf_reports.pdf_report_render(report_id=queued[0])
    expect(page.get_by_role("status")).to_contain_text("The report is ready", timeout=15_000)
    tab.check_page()  # ready: the page no longer reloads
    expect(page.get_by_role("link", name="Download the report (PDF")).to_be_visible()
