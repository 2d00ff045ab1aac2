"""The debate: comments on proposals in debate, one level of replies."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import AlreadyDoneError, InvalidInputError, PhaseClosedError
from ..models import Comment, CommentAlignment, EventKind, Feature, Proposal, ProposalState
from ..models.comments import COMMENT_MAX_LENGTH
from ..permissions import require_perm
from .events import event_record
from .proposals import _clean_hide_reason, resolve_open_reports


def comment_create(*, actor, proposal: Proposal, body, alignment, parent: Comment | None = None) -> Comment:
    """`actor` comments on `proposal`, or replies to a top-level comment of it.

    Rule `participation.add_comment`: a verified resident, a proposal in debate and not hidden, while a phase
    opening comments is open (otherwise `PhaseClosedError`). The body is required (at most 5000 characters),
    the alignment one of for / against / neutral. A reply's parent must be a visible top-level comment of the
    same proposal: a reply to a reply is refused (`InvalidInputError`). Side effects: the comment,
    `comments_count` + 1 with `F()`, a `COMMENT_CREATED` event."""
    with transaction.atomic():
        proposal = Proposal.objects.select_related("process").get(pk=proposal.pk)
        if proposal.state != ProposalState.IN_DEBATE:
            raise PhaseClosedError(_("Only proposals in debate can be commented on."))
        if not proposal.process.feature_is_open(Feature.COMMENT):
            raise PhaseClosedError(_("Comments are only possible while the debate is open."))
        require_perm(actor, "participation.add_comment", proposal)
        body, alignment = _clean(body, alignment)
        if parent is not None:
            parent = Comment.objects.filter(pk=parent.pk).first()
            if parent is None or parent.proposal_id != proposal.pk:
                raise InvalidInputError(
                    _("The comment you are replying to is not on this proposal."),
                    field_errors={"parent": [_("Reply to a comment of this proposal.")]},
                )
            if parent.parent_id is not None:
                message = _(
                    "You can only reply to a comment, not to a reply: reply to the first comment instead."
                )
                raise InvalidInputError(message, field_errors={"parent": [message]})
            if not parent.is_visible:
                message = _("This comment was removed; it can no longer be replied to.")
                raise InvalidInputError(message, field_errors={"parent": [message]})
        comment = Comment.objects.create(
            proposal=proposal, author=actor, parent=parent, body=body, alignment=alignment
        )
        Proposal.objects.filter(pk=proposal.pk).update(comments_count=F("comments_count") + 1)
        event_record(
            kind=EventKind.COMMENT_CREATED,
            actor=actor,
            proposal=proposal,
            comment=comment,
            payload={"reply_to": parent.pk if parent else None},
        )
    return comment


def comment_update(*, actor, comment: Comment, body, alignment) -> Comment:
    """The author edits their comment while the debate is open (rule `participation.change_comment`); sets
    `edited_at`. Same validation as `comment_create`. No event (the comment's creation was announced)."""
    with transaction.atomic():
        comment = _locked(comment)
        if (
            not comment.proposal.process.feature_is_open(Feature.COMMENT)
            or comment.proposal.state != ProposalState.IN_DEBATE
        ):
            raise PhaseClosedError(_("Comments can only be edited while the debate is open."))
        require_perm(actor, "participation.change_comment", comment)
        comment.body, comment.alignment = _clean(body, alignment)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "alignment", "edited_at"])
    return comment


def comment_delete(*, actor, comment: Comment) -> Comment:
    """The author deletes their comment, at any time (rule `participation.delete_comment`). The row stays so
    replies keep their place; the text is erased and `deleted_at` set. `comments_count` - 1 when the comment
    was still counted (visible). Deleting twice raises `AlreadyDoneError`."""
    with transaction.atomic():
        comment = _locked(comment)
        if comment.deleted_at is not None:
            raise AlreadyDoneError(_("This comment is already deleted."))
        require_perm(actor, "participation.delete_comment", comment)
        was_counted = comment.hidden_at is None
        comment.deleted_at = timezone.now()
        comment.body = ""
        comment.save(update_fields=["deleted_at", "body"])
        if was_counted:
            _uncount(comment)
    return comment


def comment_hide(*, actor, comment: Comment, reason) -> Comment:
    """A moderator or process administrator hides a comment with a reason (rule `participation.hide_comment`).
    The text is kept for the record but leaves pages and feeds; the fact and the reason are shown. Hiding
    twice raises `AlreadyDoneError`. Side effects: `hidden_at`, `hidden_reason`, `comments_count` - 1 (if it
    was counted), the comment's open reports resolved as "hidden", a `COMMENT_HIDDEN` event."""
    with transaction.atomic():
        comment = _locked(comment)
        require_perm(actor, "participation.hide_comment", comment)
        if comment.hidden_at is not None:
            raise AlreadyDoneError(_("This comment is already hidden."))
        reason = _clean_hide_reason(reason)
        now = timezone.now()
        was_counted = comment.deleted_at is None
        comment.hidden_at = now
        comment.hidden_reason = reason
        comment.save(update_fields=["hidden_at", "hidden_reason"])
        if was_counted:
            _uncount(comment)
        resolve_open_reports(actor=actor, now=now, comment=comment)
        event_record(kind=EventKind.COMMENT_HIDDEN, actor=actor, comment=comment, payload={"reason": reason})
    return comment


def _locked(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",)).select_related("proposal__process").get(pk=comment.pk)
    )


def _uncount(comment: Comment) -> None:
    Proposal.objects.filter(pk=comment.proposal_id, comments_count__gt=0).update(
        comments_count=F("comments_count") - 1
    )


def _clean(body, alignment) -> tuple[str, str]:
    body = (body or "").strip()
    errors: dict[str, list] = {}
    if not body:
        errors["body"] = [_("Write your comment.")]
    elif len(body) > COMMENT_MAX_LENGTH:
        errors["body"] = [_("Use at most %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}]
    if alignment not in CommentAlignment.values:
        errors["alignment"] = [_("Choose for, against or neutral.")]
    if errors:
        raise InvalidInputError(field_errors=errors)
    return body, alignment
