"""PDF reports rendered in the background (process report, proposal dossier, budget results...). Not to be
confused with `reports.py`, the moderation reports residents file against content.

One row per (kind, target, content): `content_key` hashes everything the report prints, so a report is
rendered again only when what it prints has changed, and asking twice for the same content returns the same
row (the unique constraint makes concurrent requests create one). The kinds are in
`participation.pdf_reports.registry`; the writes in `participation.services.pdf_reports`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PdfReportState(models.TextChoices):
    PENDING = "pending", _("Waiting to be rendered")
    RENDERING = "rendering", _("Being rendered")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PdfReport(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("target id"))
    content_key = models.CharField(_("content key"), max_length=64)
    state = models.CharField(
        _("state"), max_length=20, choices=PdfReportState.choices, default=PdfReportState.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    # For staff only (the admin): why the last rendering failed.
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who asked first, as a hash of their session or address: limits the renderings one visitor can queue.
    requester_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("rendering started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("PDF report")
        verbose_name_plural = _("PDF reports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_id", "content_key"], name="pdf_report_one_per_content"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[state.value for state in PdfReportState]),
                name="pdf_report_state_valid",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pdf_report_progress_percent"),
            models.CheckConstraint(
                condition=~Q(state=PdfReportState.READY) | ~Q(file=""), name="pdf_report_ready_has_file"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "target_id", "-created_at"]),
            models.Index(fields=["requester_key", "state"]),
        ]

    def __str__(self):
        return self.title or f"{self.kind} #{self.target_id}"

    @property
    def is_ready(self) -> bool:
        return self.state == PdfReportState.READY

    @property
    def is_failed(self) -> bool:
        return self.state == PdfReportState.FAILED

    @property
    def is_in_progress(self) -> bool:
        return self.state in (PdfReportState.PENDING, PdfReportState.RENDERING)
