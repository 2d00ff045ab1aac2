"""Reports: residents point moderators at a proposal or a comment."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import AlreadyDoneError, InvalidInputError
from ..models import Comment, EventKind, Proposal, Report, ReportReason, ReportResolution
from ..permissions import require_perm
from .events import event_record

DETAILS_MAX_LENGTH = Report._meta.get_field("details").max_length


def report_create(
    *, actor, reason, details="", proposal: Proposal | None = None, comment: Comment | None = None
) -> Report:
    """`actor` reports exactly one of a proposal or a comment to the moderators.

    Rule `participation.report_content`: a verified resident, on someone else's public, visible content.
    The reason is one of `ReportReason`; "other" needs details (at most 1000 characters). One report per
    reporter and target (the unique constraint decides; again raises `AlreadyDoneError`). Side effects: the
    report and a `REPORT_CREATED` event."""
    if (proposal is None) == (comment is None):
        raise ValueError("Report exactly one proposal or one comment.")
    details = (details or "").strip()
    with transaction.atomic():
        if proposal is not None:
            target = Proposal.objects.select_related("process").get(pk=proposal.pk)
        else:
            target = Comment.objects.select_related("proposal__process").get(pk=comment.pk)
        require_perm(actor, "participation.report_content", target)
        errors: dict[str, list] = {}
        if reason not in ReportReason.values:
            errors["reason"] = [_("Choose why you are reporting this.")]
        if reason == ReportReason.OTHER and not details:
            errors["details"] = [_("Tell the moderators what the problem is.")]
        if len(details) > DETAILS_MAX_LENGTH:
            errors["details"] = [_("Use at most %(max)d characters.") % {"max": DETAILS_MAX_LENGTH}]
        if errors:
            raise InvalidInputError(field_errors=errors)
        target_fields = {"proposal": target} if proposal is not None else {"comment": target}
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    reporter=actor, reason=reason, details=details, **target_fields
                )
        except IntegrityError as error:
            raise AlreadyDoneError(_("You have already reported this.")) from error
        event_record(
            kind=EventKind.REPORT_CREATED,
            actor=actor,
            **target_fields,
            payload={"report": report.pk, "reason": reason},
        )
    return report


def report_dismiss(*, actor, report: Report) -> Report:
    """A moderator or process administrator closes a report without hiding anything (rule
    `participation.access_moderation`). Resolving twice raises `AlreadyDoneError`. Side effect: the report's
    resolution fields. No event: the reporter is not notified of a dismissal."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        require_perm(actor, "participation.access_moderation")
        if report.resolved_at is not None:
            raise AlreadyDoneError(_("This report was already dealt with."))
        report.resolved_at = timezone.now()
        report.resolved_by = actor
        report.resolution = ReportResolution.DISMISSED
        report.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return report
