"""The outbox of domain events."""

from ..models import DomainEvent


def event_record(*, kind, actor=None, process=None, proposal=None, comment=None, phase=None,
                 payload=None) -> DomainEvent:
    """Writes one `DomainEvent` row. Call it inside the transaction of the change it describes, so the event
    exists if and only if the change was committed. The process defaults to the proposal's, the phase's or the
    comment's. An anonymous actor is stored as no actor. Side effect: one INSERT."""
    if process is None:
        if proposal is not None:
            process = proposal.process
        elif phase is not None:
            process = phase.process
        elif comment is not None:
            process = comment.proposal.process
    if proposal is None and comment is not None:
        proposal = comment.proposal
    return DomainEvent.objects.create(
        kind=kind,
        actor=_actor_or_none(actor),
        process=process,
        proposal=proposal,
        comment=comment,
        phase=phase,
        payload=payload or {},
    )


def _actor_or_none(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor
