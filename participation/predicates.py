"""Permission predicates (django-rules). Each answers one question about (user, object) without side effects.

Cost: role predicates read the user's permissions once per user instance (Django's `_perm_cache`); phase
predicates read the process's phases once per Process instance (`Process.phase_list`), so asking `has_perm`
for every proposal of one process's list page costs no query per row when the proposals share their process
instance (`prefetch_related("process__phases")` or assigning `proposal.process = process`). The active phase
is computed from the clock at every call.
"""

import rules

from .models import Comment, Phase, PhaseKind, Process, Proposal, ProposalState
from .models.proposals import PUBLIC_STATES

# --- Who ----------------------------------------------------------------------------------------------------


@rules.predicate
def is_verified_resident(user) -> bool:
    """A resident: an active, signed-in account whose e-mail address is confirmed."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "email_verified", False))


@rules.predicate
def is_moderator(user) -> bool:
    """Holds `participation.moderate` (group "Moderators"; superusers hold every role permission)."""
    return bool(user.is_authenticated and user.has_perm("participation.moderate"))


@rules.predicate
def is_process_admin(user) -> bool:
    """Holds `participation.administer_processes` (group "Process administrators") or is a superuser."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("participation.administer_processes"))
    )


@rules.predicate
def is_evaluator(user) -> bool:
    """Holds `participation.evaluate` (group "Evaluators")."""
    return bool(user.is_authenticated and user.has_perm("participation.evaluate"))


is_staff_member = is_moderator | is_process_admin


@rules.predicate
def is_author(user, obj) -> bool:
    """The user wrote the object (a proposal or a comment)."""
    return bool(user.is_authenticated and obj is not None and getattr(obj, "author_id", None) == user.pk)


# --- What ---------------------------------------------------------------------------------------------------


def state_in(*states: str) -> rules.Predicate:
    """The proposal (or the proposal of a comment) is in one of `states`."""
    wanted = frozenset(states)
    names = "_".join(sorted(wanted))

    @rules.predicate(name=f"state_in_{names}")
    def predicate(user, obj) -> bool:
        proposal = _proposal_of(obj)
        return proposal is not None and proposal.state in wanted

    return predicate


@rules.predicate
def is_public_state(user, obj) -> bool:
    """The proposal left the draft state (anyone may see it once its process is published)."""
    return obj is not None and obj.state in PUBLIC_STATES


@rules.predicate
def is_hidden(user, obj) -> bool:
    """A moderator hid the object (a proposal or a comment), or the proposal of the comment is hidden."""
    if obj is None:
        return False
    if isinstance(obj, Comment):
        return obj.hidden_at is not None or obj.proposal.hidden_at is not None
    return getattr(obj, "hidden_at", None) is not None


@rules.predicate
def is_deleted(user, obj) -> bool:
    """The comment was deleted by its author."""
    return obj is not None and getattr(obj, "deleted_at", None) is not None


@rules.predicate
def process_is_published(user, obj) -> bool:
    """The object's process is published (visible to everyone)."""
    process = _process_of(obj)
    return process is not None and process.is_published


@rules.predicate
def phase_is_open(user, obj) -> bool:
    """The phase (obj) is open now: started, not ended, not closed early."""
    return isinstance(obj, Phase) and obj.is_open()


# --- When (the clock) ---------------------------------------------------------------------------------------


def phase_allows(feature: str) -> rules.Predicate:
    """A phase of the object's process that opens `feature` ("submit", "comment", "support", "evaluate",
    "vote") is open now. The object may be a process, a proposal, a comment or a phase."""

    @rules.predicate(name=f"phase_allows_{feature}")
    def predicate(user, obj) -> bool:
        process = _process_of(obj)
        return process is not None and process.feature_is_open(feature)

    return predicate


def phase_has_started(kind: str) -> rules.Predicate:
    """A phase of `kind` of the object's process has started (it is open, or over)."""

    @rules.predicate(name=f"phase_has_started_{kind}")
    def predicate(user, obj) -> bool:
        process = _process_of(obj)
        return process is not None and process.phase_kind_has_started(kind)

    return predicate


vote_has_started = phase_has_started(PhaseKind.VOTE)


def _proposal_of(obj) -> Proposal | None:
    if isinstance(obj, Proposal):
        return obj
    if isinstance(obj, Comment):
        return obj.proposal
    return None


def _process_of(obj) -> Process | None:
    if isinstance(obj, Process):
        return obj
    if isinstance(obj, Proposal | Phase):
        return obj.process
    if isinstance(obj, Comment):
        return obj.proposal.process
    return None


# Re-exported for rules.py, so that it reads as a list of sentences.
DRAFT, SUBMITTED, IN_DEBATE = ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.IN_DEBATE
