"""Follows: a resident hears about what happens to a proposal or a process."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from ..models import Follow, Process, Proposal
from ..permissions import require_perm


def follow_add(*, actor, proposal: Proposal | None = None, process: Process | None = None) -> Follow:
    """Makes `actor` follow exactly one of `proposal` or `process`; idempotent (following twice returns the
    existing follow). Rules `participation.follow_proposal` / `participation.follow_process` (a verified
    resident; a public proposal; a published process). The database's partial unique constraints make two
    concurrent calls create one row. Side effect: at most one Follow row."""
    _require_one_target(proposal, process)
    with transaction.atomic():
        if proposal is not None:
            proposal = Proposal.objects.select_related("process").get(pk=proposal.pk)
            require_perm(actor, "participation.follow_proposal", proposal)
        else:
            process = Process.objects.get(pk=process.pk)
            require_perm(actor, "participation.follow_process", process)
        return _get_or_create(user=actor, proposal=proposal, process=process)


def follow_remove(*, actor, proposal: Proposal | None = None, process: Process | None = None) -> None:
    """Stops `actor` following the proposal or the process; idempotent. Any signed-in person may stop
    following anything, whatever the phase or the state. Side effect: deletes at most one Follow row."""
    _require_one_target(proposal, process)
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("participation.follow")
    target = {"proposal": proposal} if proposal is not None else {"process": process}
    Follow.objects.filter(user=actor, **target).delete()


def follow_proposal_for_author(*, proposal: Proposal) -> Follow:
    """The author of a new proposal follows it. Idempotent; no permission check (part of
    `proposal_create`)."""
    return _get_or_create(user=proposal.author, proposal=proposal, process=None)


def _get_or_create(*, user, proposal, process) -> Follow:
    target = {"proposal": proposal} if proposal is not None else {"process": process}
    existing = Follow.objects.filter(user=user, **target).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, **target)
    except IntegrityError:
        # Another request created it between our read and our insert.
        return Follow.objects.get(user=user, **target)


def _require_one_target(proposal, process) -> None:
    if (proposal is None) == (process is None):
        raise ValueError("Follow exactly one proposal or one process.")
