"""PDF reports: asking for one, rendering it in the background, retrying a failed one.

A report is one `PdfReport` row per (kind, target, content key): asking again for a report whose printed
content has not changed returns the same row — pending, rendering, ready or failed — and renders nothing
(the unique constraint makes concurrent requests create one row). The rendering runs in the task
`participation.tasks.render_pdf_report` on the `reports` queue, which claims the row with a conditional
update, so a message delivered twice renders once, and a rendering whose worker died is claimed again once
the task time limit has passed."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..exceptions import DomainError
from ..models import PdfReport, PdfReportState
from ..pdf import html_to_pdf
from ..pdf_reports import registry
from ..pdf_reports.registry import (
    PROGRESS_CLAIMED,
    PROGRESS_DATA_READ,
    PROGRESS_DONE,
    PROGRESS_LAID_OUT,
    PROGRESS_WRITTEN,
    ReportKind,
)
from ..permissions import require_perm

logger = logging.getLogger(__name__)

REPORTS_QUEUE = "reports"
# How many reports one visitor (a signed-in person, else an address) may have waiting or rendering at once.
# Asking for a report whose content is unchanged returns the existing row and does not count again.
PENDING_LIMIT_PER_REQUESTER = 3
IN_PROGRESS = (PdfReportState.PENDING, PdfReportState.RENDERING)


class TooManyReportsError(DomainError):
    code = "too_many_reports"
    status = 429
    default_message = _(
        "You have already asked for several reports that are still being prepared. Wait until they are "
        "ready, then try again."
    )


class ReportTargetMissingError(Exception):
    """The object of a report was deleted after the report was asked for."""


def requester_key(*, user=None, address: str = "") -> str:
    """The throttle key of whoever asks: the account when signed in, else the address (a visitor can drop
    their session cookie, not their address). Hashed: the row keeps no address."""
    raw = f"user:{user.pk}" if user is not None and user.is_authenticated else f"address:{address}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _kind(kind) -> ReportKind:
    return kind if isinstance(kind, ReportKind) else registry.get(kind)


def pdf_report_request(*, actor, kind, target, requester: str = "") -> PdfReport:
    """`actor` (a user, possibly anonymous) asks for the report `kind` of `target`. Rule: the kind's `perm`
    on `target`. Returns the row for the report's current content: the existing one when the content is
    unchanged (ready, pending, rendering or failed: nothing is rendered again), else a new pending row,
    queued on the `reports` queue after commit. A pending or rendering row whose task was lost (older than
    the task time limit) is queued again. Refuses with `TooManyReportsError` when `requester` (see
    `requester_key`) already has `PENDING_LIMIT_PER_REQUESTER` reports waiting, and creates nothing.
    Side effects: at most one PdfReport row, one task."""
    kind = _kind(kind)
    require_perm(actor, kind.perm, target)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return _request(kind, target, requested_by=user, requester=requester)


def pdf_report_request_by_placette(*, kind, target) -> PdfReport:
    """Placette itself asks for a report (the budgets' count asks for the results report, so that it is
    ready when the results are published): as `pdf_report_request`, without a permission or a throttle."""
    return _request(_kind(kind), target, requested_by=None, requester="")


def _request(kind: ReportKind, target, *, requested_by, requester: str) -> PdfReport:
    with translation.override(settings.LANGUAGE_CODE):
        content_key = kind.key(target)
        title = kind.title(target)
    lookup = {"kind": kind.name, "target_id": target.pk, "content_key": content_key}
    existing = PdfReport.objects.filter(**lookup).first()
    if existing is not None:
        if _is_stale(existing):
            _queue(existing.pk)
        return existing
    # A soft limit (two simultaneous requests may both pass): it bounds the work a visitor can cause.
    if requester and (
        PdfReport.objects.filter(requester_key=requester, state__in=IN_PROGRESS).count()
        >= PENDING_LIMIT_PER_REQUESTER
    ):
        raise TooManyReportsError
    try:
        with transaction.atomic():
            report = PdfReport.objects.create(
                **lookup, title=title[:300], requested_by=requested_by, requester_key=requester
            )
    except IntegrityError:
        # Another request created the row for the same content between our read and our insert.
        return PdfReport.objects.get(**lookup)
    _queue(report.pk)
    return report


def pdf_report_retry(*, actor, report: PdfReport) -> PdfReport:
    """Queues a failed report again (rule: the kind's `perm` on its target). A report that is not failed is
    returned unchanged (idempotent). Side effects: the row back to pending, one task."""
    kind = _kind(report.kind)
    target = kind.load(report.target_id)
    require_perm(actor, kind.perm, target)
    if PdfReport.objects.filter(pk=report.pk, state=PdfReportState.FAILED).update(
        state=PdfReportState.PENDING, progress=0, error="", created_at=timezone.now()
    ):
        _queue(report.pk)
    report.refresh_from_db()
    return report


def _time_limit() -> timedelta:
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def _is_stale(report: PdfReport) -> bool:
    """A pending row whose message was lost, or a rendering whose worker died: older than the time limit."""
    limit = timezone.now() - _time_limit()
    if report.state == PdfReportState.PENDING:
        return report.created_at < limit
    if report.state == PdfReportState.RENDERING:
        return report.claimed_at is None or report.claimed_at < limit
    return False


def _queue(report_id: int) -> None:
    from ..tasks import render_pdf_report

    render_pdf_report.apply_async_on_commit(args=(report_id,), queue=REPORTS_QUEUE)


def report_path(report: PdfReport) -> str:
    """Where the file of `report` is stored: one path per row, the same for every run (a leftover of a crashed
    run is replaced, never duplicated). The name is a keyed hash: the proxy serves the media folder, and a
    report must only be reachable through its download page, which checks the rule (a proposal hidden
    since)."""
    name = salted_hmac("placette.pdf_reports.path", f"{report.pk}:{report.content_key}").hexdigest()[:32]
    return f"reports/{report.kind}/{report.target_id}/{name}.pdf"


def pdf_report_render(*, report_id: int, transient_errors: tuple = ()) -> PdfReport | None:
    """Renders and stores the report `report_id`. Claims the row first (pending → rendering, or a rendering
    older than the task time limit) with a conditional update: if the claim fails (already ready or failed,
    being rendered, deleted) nothing happens and None is returned, so a duplicate message renders nothing.
    Then reads the data, renders in the site's language with the generation date, stores the file at
    `report_path` (replacing a leftover of a crashed run) and marks the row ready with it. Any error marks
    the row failed with the error for staff — except `transient_errors` (storage errors the task retries),
    which put the row back to pending and are raised again. Progress is written at each step. Only the
    claimer (same `claimed_at`) may finish the row."""
    now = timezone.now()
    claimed = (
        PdfReport.objects.filter(pk=report_id)
        .filter(
            Q(state=PdfReportState.PENDING)
            | Q(state=PdfReportState.RENDERING, claimed_at__lt=now - _time_limit())
            | Q(state=PdfReportState.RENDERING, claimed_at__isnull=True)
        )
        .update(
            state=PdfReportState.RENDERING,
            claimed_at=now,
            progress=PROGRESS_CLAIMED,
            attempts=F("attempts") + 1,
            error="",
        )
    )
    if claimed != 1:
        logger.info("PDF report %s: nothing to render (done, rendering elsewhere or deleted).", report_id)
        return None
    mine = PdfReport.objects.filter(pk=report_id, state=PdfReportState.RENDERING, claimed_at=now)
    report = PdfReport.objects.get(pk=report_id)
    try:
        kind = registry.get(report.kind)
        target = kind.load(report.target_id)
        if target is None:
            raise ReportTargetMissingError(f"{report.kind} #{report.target_id} no longer exists.")
        with translation.override(settings.LANGUAGE_CODE):
            context = kind.context(target)
            mine.update(progress=PROGRESS_DATA_READ)
            html = kind.html(target, context=context, generated_at=now)
            pdf = html_to_pdf(html, progress=lambda _step: mine.update(progress=PROGRESS_LAID_OUT))
            filename = kind.filename(target)
        mine.update(progress=PROGRESS_WRITTEN)
        path = report_path(report)
        if default_storage.exists(path):  # left by a run that died after storing
            default_storage.delete(path)
        stored = default_storage.save(path, ContentFile(pdf))
    except transient_errors:
        mine.update(state=PdfReportState.PENDING, progress=0)
        raise
    except Exception as error:
        logger.exception("PDF report %s failed.", report_id)
        mine.update(
            state=PdfReportState.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return PdfReport.objects.get(pk=report_id)
    finished = mine.update(
        state=PdfReportState.READY,
        file=stored,
        filename=filename,
        size_bytes=len(pdf),
        progress=PROGRESS_DONE,
        finished_at=timezone.now(),
    )
    if finished != 1:
        # Our time limit passed and another worker claimed the row again: it owns the file now.
        logger.warning("PDF report %s was claimed again while rendering; dropping this run.", report_id)
        return None
    return PdfReport.objects.get(pk=report_id)


def pdf_reports_purge_orphans() -> int:
    """Deletes the reports whose object no longer exists (a deleted process, proposal or budget: the row
    keeps only the id), and their files once the transaction commits. Idempotent; returns how many rows
    were deleted. Called when the demo is deleted; safe to run at any time."""
    deleted = 0
    for kind in registry.all_kinds():
        if kind.model is None:
            continue
        orphans = PdfReport.objects.filter(kind=kind.name).exclude(
            target_id__in=kind.model.objects.values("pk")
        )
        files = [name for name in orphans.exclude(file="").values_list("file", flat=True)]
        deleted += orphans.delete()[0]
        for name in files:
            transaction.on_commit(lambda name=name: default_storage.delete(name))
    return deleted


# A report replaced by a newer one (its content changed) stays downloadable this long, so a link someone
# shared keeps working for a while; failed reports are kept as long for staff to read their error.
SUPERSEDED_REPORTS_KEPT_FOR = timedelta(days=30)


def pdf_reports_prune(*, now=None, kept_for: timedelta = SUPERSEDED_REPORTS_KEPT_FOR) -> int:
    """Deletes the reports nobody needs any more, and their files once the transaction commits: the reports
    of deleted objects (`pdf_reports_purge_orphans`), and, older than `kept_for`, every finished report of a
    (kind, target) that is not its newest ready one — a report whose content changed since, or a failure.
    The newest ready report of each target is always kept, whatever its age, and nothing pending or
    rendering is touched. Idempotent (run daily by Celery beat); returns how many rows were deleted."""
    now = now or timezone.now()
    deleted = pdf_reports_purge_orphans()
    newest_ready = (
        PdfReport.objects.filter(
            kind=OuterRef("kind"), target_id=OuterRef("target_id"), state=PdfReportState.READY
        )
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    with transaction.atomic():
        superseded = (
            PdfReport.objects.filter(
                state__in=[PdfReportState.READY, PdfReportState.FAILED], created_at__lt=now - kept_for
            )
            .annotate(newest_ready=Subquery(newest_ready))
            .filter(Q(newest_ready__isnull=True) | ~Q(pk=F("newest_ready")))
        )
        files = list(superseded.exclude(file="").values_list("file", flat=True))
        deleted += PdfReport.objects.filter(pk__in=list(superseded.values_list("pk", flat=True))).delete()[0]
        for name in files:
            transaction.on_commit(lambda name=name: default_storage.delete(name))
    return deleted
