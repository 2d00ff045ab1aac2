"""Phases: what opening and closing a phase means, applied once, whatever the number of runs."""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import PhaseClosedError
from ..models import EventKind, Phase, PhaseKind, Process
from ..permissions import require_perm
from .events import event_record
from .proposals import proposal_open_debate_in_bulk

logger = logging.getLogger(__name__)


def phase_close_early(*, actor, phase: Phase) -> Phase:
    """A process administrator closes an open phase now (rule `participation.close_phase`): `closed_at` = now.
    A phase that is not open raises `PhaseClosedError`. Then applies the closing (`process_advance`) in the
    same transaction, so the `PHASE_CLOSED` event is written with it."""
    with transaction.atomic():
        phase = Phase.objects.select_for_update(of=("self",)).select_related("process").get(pk=phase.pk)
        now = timezone.now()
        if not phase.is_open_at(now):
            raise PhaseClosedError(_("Only an open phase can be closed."))
        require_perm(actor, "participation.close_phase", phase)
        phase.closed_at = now
        phase.save(update_fields=["closed_at"])
        process_advance(process=phase.process, now=now)
        phase.refresh_from_db()
    return phase


def process_advance(*, process: Process, now=None) -> dict:
    """Applies what the clock says happened to the phases of `process`: for every phase that has started and
    whose opening was not applied yet, the opening (a debate phase moves every submitted proposal to in
    debate, see `proposal_open_debate_in_bulk`) and a `PHASE_OPENED` event; then, for every phase that has
    ended (or was closed early) and whose closing was not applied, a `PHASE_CLOSED` event.

    Idempotent and safe to run concurrently: each opening and closing is claimed by a conditional update of
    `opening_applied_at` / `closing_applied_at` (only the run whose update changed the row applies it), in
    the same transaction as its effects. Returns {"opened": [phase ids], "closed": [phase ids],
    "proposals_in_debate": n}."""
    now = now or timezone.now()
    report = {"opened": [], "closed": [], "proposals_in_debate": 0}
    phases = list(
        Phase.objects.filter(process=process).select_related("process").order_by("start_at", "position")
    )
    for phase in phases:
        if phase.start_at <= now and phase.opening_applied_at is None:
            with transaction.atomic():
                claimed = Phase.objects.filter(pk=phase.pk, opening_applied_at__isnull=True).update(
                    opening_applied_at=now
                )
                if claimed:
                    if phase.kind == PhaseKind.DEBATE:
                        report["proposals_in_debate"] += proposal_open_debate_in_bulk(process=phase.process)
                    event_record(kind=EventKind.PHASE_OPENED, phase=phase, payload={"kind": phase.kind})
                    report["opened"].append(phase.pk)
        if phase.is_past_at(now) and phase.closing_applied_at is None:
            with transaction.atomic():
                claimed = Phase.objects.filter(pk=phase.pk, closing_applied_at__isnull=True).update(
                    closing_applied_at=now
                )
                if claimed:
                    event_record(
                        kind=EventKind.PHASE_CLOSED,
                        phase=phase,
                        payload={"kind": phase.kind, "closed_early": phase.closed_at is not None},
                    )
                    report["closed"].append(phase.pk)
    return report


def advance_all_processes(*, now=None) -> dict:
    """Runs `process_advance` for every process with a phase opening or closing not yet applied. One process
    failing is logged and does not stop the others. Returns the number of processes advanced and the
    totals."""
    now = now or timezone.now()
    pending = Q(phases__start_at__lte=now, phases__opening_applied_at__isnull=True) | Q(
        Q(phases__end_at__lte=now) | Q(phases__closed_at__lte=now), phases__closing_applied_at__isnull=True
    )
    totals = {"processes": 0, "opened": 0, "closed": 0, "proposals_in_debate": 0, "failed": 0}
    for process in Process.objects.filter(pending).distinct().order_by("pk"):
        try:
            result = process_advance(process=process, now=now)
        except Exception:
            logger.exception("process_advance failed for process %s", process.pk)
            totals["failed"] += 1
            continue
        totals["processes"] += 1
        totals["opened"] += len(result["opened"])
        totals["closed"] += len(result["closed"])
        totals["proposals_in_debate"] += result["proposals_in_debate"]
    return totals
