"""The outbox of domain events."""

from django.utils import timezone

from ..models import DomainEvent
from ..notifications.audiences import has_audience
from ..notifications.queue import publish_on_commit


def event_record(
    *, kind, actor=None, process=None, proposal=None, comment=None, phase=None, payload=None
) -> DomainEvent:
    """Writes one `DomainEvent` row. Call it inside the transaction of the change it describes, so the event
    exists if and only if the change was committed. The process defaults to the proposal's, the phase's or the
    comment's. An anonymous actor is stored as no actor. Side effects: one INSERT; if the kind has an
    audience (`notifications.audiences`), its fan-out is published after the commit — a rolled-back
    transaction publishes nothing, and a broker that is down leaves the event undispatched for the sweeper,
    without breaking the caller. A kind nobody hears about is recorded as dispatched."""
    if process is None:
        if proposal is not None:
            process = proposal.process
        elif phase is not None:
            process = phase.process
        elif comment is not None:
            process = comment.proposal.process
    if proposal is None and comment is not None:
        proposal = comment.proposal
    notified = has_audience(kind)
    event = DomainEvent.objects.create(
        kind=kind,
        actor=_actor_or_none(actor),
        process=process,
        proposal=proposal,
        comment=comment,
        phase=phase,
        payload=payload or {},
        dispatched_at=None if notified else timezone.now(),
    )
    if notified:
        from .. import tasks

        publish_on_commit(tasks.fan_out_event, event.pk)
    return event


def _actor_or_none(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor
