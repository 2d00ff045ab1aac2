"""Supports: a resident backs a proposal in debate."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import AlreadyDoneError, PhaseClosedError, SupportLimitReachedError
from ..models import EventKind, Feature, Proposal, ProposalState, Support, User
from ..permissions import require_perm
from .events import event_record


def support_add(*, actor, proposal: Proposal) -> Support:
    """`actor` supports `proposal`.

    Rule `participation.support_proposal`: a verified resident, a proposal in debate and not hidden, while a
    phase opening supports is open (otherwise `PhaseClosedError`). Invariants, safe under concurrency:
    - one support per (proposal, user): the unique constraint decides; a second one raises `AlreadyDoneError`;
    - at most `process.support_limit_per_user` supports per user and process: the user's row is locked
      (`SELECT ... FOR UPDATE`) before counting, so two requests of one person are serialised
      (`SupportLimitReachedError`);
    - `supports_count` moves with `F()`; `threshold_reached_at` is set once, by a conditional update, and the
      `SUPPORT_THRESHOLD_REACHED` event is recorded by the request that set it, and only by it.
    Side effects: the Support row, the counter, possibly the threshold date and event."""
    with transaction.atomic():
        if getattr(actor, "is_authenticated", False):
            # Serialises this person's supports: the limit count below cannot race with another request.
            User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).get()
        proposal = _read(proposal)
        _require_open(proposal)
        require_perm(actor, "participation.support_proposal", proposal)
        process = proposal.process
        limit = process.support_limit_per_user
        if limit is not None:
            used = Support.objects.filter(user=actor, process=process).count()
            if used >= limit:
                raise SupportLimitReachedError(
                    _("You have used all your %(limit)d supports in this process.") % {"limit": limit}
                )
        try:
            with transaction.atomic():
                support = Support.objects.create(proposal=proposal, user=actor, process=process)
        except IntegrityError as error:
            raise AlreadyDoneError(_("You already support this proposal.")) from error
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
        threshold = process.support_threshold
        if threshold is not None:
            now = timezone.now()
            crossed = Proposal.objects.filter(
                pk=proposal.pk, threshold_reached_at__isnull=True, supports_count__gte=threshold
            ).update(threshold_reached_at=now)
            if crossed:
                event_record(
                    kind=EventKind.SUPPORT_THRESHOLD_REACHED,
                    actor=None,
                    proposal=proposal,
                    payload={"threshold": threshold},
                )
    return support


def support_remove(*, actor, proposal: Proposal) -> None:
    """`actor` withdraws their support, while the support phase is still open (same rule as `support_add`).
    Raises `AlreadyDoneError` when there is no support to withdraw. `supports_count` moves with `F()`;
    `threshold_reached_at` stays (the proposal did reach the threshold once)."""
    with transaction.atomic():
        if getattr(actor, "is_authenticated", False):
            User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).get()
        proposal = _read(proposal)
        _require_open(proposal)
        require_perm(actor, "participation.support_proposal", proposal)
        deleted, _per_model = Support.objects.filter(proposal=proposal, user=actor).delete()
        if not deleted:
            raise AlreadyDoneError(_("You do not support this proposal."))
        Proposal.objects.filter(pk=proposal.pk, supports_count__gt=0).update(
            supports_count=F("supports_count") - 1
        )


def _read(proposal: Proposal) -> Proposal:
    # Locks the proposal so its state cannot change (withdrawn, rejected) while the support is written.
    return Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=proposal.pk)


def _require_open(proposal: Proposal) -> None:
    if proposal.state != ProposalState.IN_DEBATE:
        raise PhaseClosedError(_("Only proposals in debate can be supported."))
    if not proposal.process.feature_is_open(Feature.SUPPORT):
        raise PhaseClosedError(_("Supports are only possible while the support phase is open."))
