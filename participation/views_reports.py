"""Pages of the PDF reports (see `participation.pdf_reports`): ask for a report (POST), follow its rendering
on a status page that refreshes itself (works without JavaScript), download it, retry a failed one, or get
the latest report of an object in one GET. Whoever may see what a report prints may ask for it (the kind's
rule); for anyone else the report and its status page do not exist (404)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import selectors
from .models import PdfReport
from .pdf_reports import registry
from .services import pdf_reports as services

# Seconds between two automatic reloads of the status page while the report renders.
STATUS_REFRESH_SECONDS = 3


def _kind_or_404(name: str) -> registry.ReportKind:
    try:
        return registry.get(name)
    except registry.UnknownReportKindError as error:
        raise Http404 from error


def _target_or_404(kind: registry.ReportKind, target_id: int, user):
    """The target of a report if `user` may ask for it (the kind's rule); 404 otherwise."""
    target = kind.load(target_id)
    if target is None or not user.has_perm(kind.perm, target):
        raise Http404
    return target


def _report_or_404(pk: int, user) -> tuple[PdfReport, registry.ReportKind, object]:
    report = selectors.pdf_report_by_id(pk=pk)
    if report is None:
        raise Http404
    kind = _kind_or_404(report.kind)
    return report, kind, _target_or_404(kind, report.target_id, user)


def requester_of(request) -> str:
    return services.requester_key(user=request.user, address=request.META.get("REMOTE_ADDR", ""))


def _refused(request, kind, target, error):
    return render(
        request,
        "reports/refused.html",
        {"message": error.message, "kind": kind, "target": target, "back_url": kind.page_url(target)},
        status=error.status,
    )


@require_POST
def pdf_report_request(request, kind, target_id):
    """Asks for the report (`pdf_report_request`) and shows its status page; the same report when its
    content did not change."""
    kind = _kind_or_404(kind)
    target = _target_or_404(kind, target_id, request.user)
    try:
        report = services.pdf_report_request(
            actor=request.user, kind=kind, target=target, requester=requester_of(request)
        )
    except services.TooManyReportsError as error:
        return _refused(request, kind, target, error)
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("pdf_report_status", pk=report.pk)


@require_GET
def pdf_report_status(request, pk):
    """Where a report stands: waiting or rendering (with its progress; the page reloads itself), ready (a
    download link), failed (a message and a button to try again)."""
    report, kind, target = _report_or_404(pk, request.user)
    response = render(
        request,
        "reports/status.html",
        {
            "report": report,
            "kind": kind,
            "back_url": kind.page_url(target),
            "step": kind.step_text(report.progress),
            "refresh_seconds": STATUS_REFRESH_SECONDS,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _file_response(report: PdfReport) -> FileResponse:
    response = FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def pdf_report_download(request, pk):
    """The file of a ready report (404 while it is not ready)."""
    report, _kind, _target = _report_or_404(pk, request.user)
    if not report.is_ready:
        raise Http404
    return _file_response(report)


@require_POST
def pdf_report_retry(request, pk):
    report, _kind, _target = _report_or_404(pk, request.user)
    services.pdf_report_retry(actor=request.user, report=report)
    return redirect("pdf_report_status", pk=report.pk)


def latest_pdf_response(request, kind: registry.ReportKind, target, *, subject: str = ""):
    """The ready report of `target` for its current content, as a file; else asks for it and answers 503
    with a page saying the report of `subject` (default: the report's title) is being prepared (and
    `Retry-After`), linking to its status page."""
    try:
        report = services.pdf_report_request(
            actor=request.user, kind=kind, target=target, requester=requester_of(request)
        )
    except services.TooManyReportsError as error:
        return _refused(request, kind, target, error)
    except PermissionDenied as error:
        raise Http404 from error
    if report.is_ready:
        return _file_response(report)
    response = render(
        request,
        "reports/pending.html",
        {"report": report, "title": subject or report.title, "back_url": kind.page_url(target)},
        status=503,
    )
    response["Retry-After"] = "60"
    return response


@require_GET
def pdf_report_latest(request, kind, target_id):
    kind = _kind_or_404(kind)
    return latest_pdf_response(request, kind, _target_or_404(kind, target_id, request.user))
