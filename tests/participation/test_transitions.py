"""Every transition of the proposal state machine: the allowed path records the timeline row and the domain
event in the same transaction; every forbidden path raises TransitionNotAllowedError and changes nothing."""

import pytest

from participation.exceptions import TransitionNotAllowedError
from participation.models import DomainEvent, EventKind, ProposalState, ProposalTransition
from participation.services import proposals
from tests.factories import ProcessFactory, ProposalFactory, UserFactory
from tests.participation.services.matrix import db_snapshot

pytestmark = pytest.mark.django_db

ALL_STATES = [state.value for state in ProposalState]


def _submit(proposal, author):
    return proposals.proposal_submit(actor=author, proposal=proposal)


def _admit(proposal, author):
    return proposals.proposal_admit(actor=UserFactory(moderator=True), proposal=proposal)


def _open_debate(proposal, author):
    moved = proposals.proposal_open_debate_in_bulk(process=proposal.process)
    if not moved:
        raise TransitionNotAllowedError()
    proposal.refresh_from_db()
    return proposal


def _withdraw(proposal, author):
    return proposals.proposal_withdraw(actor=author, proposal=proposal)


def _reject(proposal, author):
    return proposals.proposal_reject(
        actor=UserFactory(moderator=True),
        proposal=proposal,
        reason="out_of_scope",
        public_reason="Hors du périmètre communal.",
    )


def _accept(proposal, author):
    return proposals.proposal_accept(
        actor=UserFactory(evaluator=True),
        proposal=proposal,
        cost_estimate_cents=250_000,
        answer="Faisable cette année.",
    )


def _system(name):
    def run(proposal, author):
        return proposals.proposal_apply_system_transition(proposal=proposal, transition=name)

    return run


# name -> (sources, target, phase open while it runs, how to run it, actor recorded)
TRANSITIONS = {
    "submit": (["draft"], "submitted", "submission", _submit, "author"),
    "admit": (["submitted"], "in_debate", "submission", _admit, "other"),
    "open_debate": (["submitted"], "in_debate", "debate", _open_debate, None),
    "withdraw": (["submitted", "in_debate"], "withdrawn", "debate", _withdraw, "author"),
    "reject": (["submitted", "in_debate"], "rejected", "debate", _reject, "other"),
    "accept": (["in_debate"], "accepted", "evaluation", _accept, "other"),
    "put_on_ballot": (["accepted"], "on_ballot", "vote", _system("put_on_ballot"), None),
    "select": (["on_ballot"], "selected", "results", _system("select"), None),
    "mark_not_selected": (["on_ballot"], "not_selected", "results", _system("mark_not_selected"), None),
}

ALLOWED = [(name, source) for name, spec in TRANSITIONS.items() for source in spec[0]]
FORBIDDEN = [
    (name, state) for name, spec in TRANSITIONS.items() for state in ALL_STATES if state not in spec[0]
]


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_allowed_transition_changes_state_and_records_timeline_and_event(name, source):
    sources, target, phase, run, actor_kind = TRANSITIONS[name]
    author = UserFactory()
    proposal = ProposalFactory(state=source, author=author, process=ProcessFactory(with_phase=phase))

    result = run(proposal, author)

    result.refresh_from_db()
    assert result.state == target
    transition = ProposalTransition.objects.get(proposal=proposal)
    assert (transition.name, transition.from_state, transition.to_state) == (name, source, target)
    if actor_kind == "author":
        assert transition.actor == author
    elif actor_kind is None:
        assert transition.actor is None
    else:
        assert transition.actor is not None and transition.actor != author
    event = DomainEvent.objects.get(proposal=proposal)
    assert event.kind == EventKind.PROPOSAL_TRANSITION
    assert event.payload == {
        "transition": name,
        "from": source,
        "to": target,
        **({"reason": "out_of_scope"} if name == "reject" else {}),
    }
    assert event.process_id == proposal.process_id
    assert event.actor_id == transition.actor_id


@pytest.mark.parametrize(("name", "state"), FORBIDDEN)
def test_forbidden_transition_raises_and_changes_nothing(name, state):
    sources, target, phase, run, actor_kind = TRANSITIONS[name]
    author = UserFactory()
    proposal = ProposalFactory(state=state, author=author, process=ProcessFactory(with_phase=phase))
    before = db_snapshot()

    with pytest.raises(TransitionNotAllowedError):
        run(proposal, author)

    assert db_snapshot() == before
    proposal.refresh_from_db()
    assert proposal.state == state


def test_submit_sets_submitted_at():
    author = UserFactory()
    proposal = ProposalFactory(
        state="draft", author=author, submitted_at=None, process=ProcessFactory(with_phase="submission")
    )
    result = proposals.proposal_submit(actor=author, proposal=proposal)
    assert result.submitted_at is not None
    assert result.state_changed_at == result.submitted_at


def test_system_transitions_accept_only_the_budget_transitions():
    proposal = ProposalFactory(state="submitted")
    with pytest.raises(ValueError):
        proposals.proposal_apply_system_transition(proposal=proposal, transition="admit")
