"""Writes on proposals: creating and editing drafts, every state transition, hiding.

Every transition follows the same steps, in one transaction: re-read the proposal with a row lock; refuse with
`TransitionNotAllowedError` when the state machine has no such transition from the current state; refuse with
`PhaseClosedError` when the process's phase does not allow it; `require_perm` (PermissionDenied); validate the
input (`InvalidInputError`); call the FSM method (in-memory only); save; write one `ProposalTransition` (the
public timeline) and one `PROPOSAL_TRANSITION` domain event. A refusal changes nothing.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed, can_proceed

from ..coordinates import clean_coordinates
from ..exceptions import AlreadyDoneError, InvalidInputError, PhaseClosedError, TransitionNotAllowedError
from ..models import (
    Area,
    Category,
    DomainEvent,
    EventKind,
    Feature,
    PhaseKind,
    Process,
    Proposal,
    ProposalState,
    ProposalTransition,
    RejectionReason,
    Report,
    ReportResolution,
)
from ..models.proposals import PUBLIC_STATES, TITLE_MAX_LENGTH, TITLE_MIN_LENGTH
from ..permissions import require_perm
from ..predicates import is_staff_member
from .events import event_record
from .follows import follow_proposal_for_author

BODY_MAX_LENGTH = 10_000
PUBLIC_REASON_MAX_LENGTH = 2_000
ANSWER_MAX_LENGTH = 5_000
HIDDEN_REASON_MAX_LENGTH = Proposal._meta.get_field("hidden_reason").max_length

# Transitions driven by the budgets app (no person asks for them directly).
SYSTEM_TRANSITIONS = ("put_on_ballot", "select", "mark_not_selected")


# --- Drafts -------------------------------------------------------------------------------------------------


def proposal_create(
    *, actor, process: Process, title, body, area=None, category=None, latitude=None, longitude=None
) -> Proposal:
    """Creates a draft proposal written by `actor` in `process`, and makes the author follow it.

    Rule `participation.add_proposal` on the process (a verified resident while a submission phase is open).
    A draft may be unfinished: the title (10–150 characters) is required now, the body and the area only to
    submit. Area and category must be among the process's (when it lists some). Latitude and longitude come
    together or not at all. Invalid input raises `InvalidInputError` with `field_errors` and writes nothing.
    Side effects: the proposal row and the author's follow. No domain event: a draft is private."""
    fields = _clean_fields(
        process=process,
        title=title,
        body=body,
        area=area,
        category=category,
        latitude=latitude,
        longitude=longitude,
    )
    with transaction.atomic():
        process = Process.objects.get(pk=process.pk)
        if not process.feature_is_open(Feature.SUBMIT):
            raise PhaseClosedError(_("Proposals can only be written while the submission phase is open."))
        require_perm(actor, "participation.add_proposal", process)
        proposal = Proposal(process=process, author=actor, **fields)
        proposal.save()
        follow_proposal_for_author(proposal=proposal)
    return proposal


def proposal_update(
    *, actor, proposal: Proposal, title, body, area, category, latitude, longitude
) -> Proposal:
    """Changes the text, area, category and location of a proposal and sets `edited_at`.

    Rule `participation.change_proposal`: the author, while the proposal is a draft or submitted (once in
    debate, the text people discuss no longer changes). Same validation as `proposal_create`. Side effects:
    the row; a `PROPOSAL_EDITED` event when the proposal is public (a draft's edits concern nobody else)."""
    with transaction.atomic():
        proposal = _locked(proposal)
        if not proposal.is_editable_state:
            raise TransitionNotAllowedError(
                _("A proposal can only be edited while it is a draft or submitted.")
            )
        require_perm(actor, "participation.change_proposal", proposal)
        fields = _clean_fields(
            process=proposal.process,
            title=title,
            body=body,
            area=area,
            category=category,
            latitude=latitude,
            longitude=longitude,
        )
        for name, value in fields.items():
            setattr(proposal, name, value)
        proposal.edited_at = timezone.now()
        proposal.save(update_fields=[*fields, "edited_at"])
        if proposal.state in PUBLIC_STATES:
            event_record(kind=EventKind.PROPOSAL_EDITED, actor=actor, proposal=proposal)
    return proposal


# --- Transitions asked for by people ------------------------------------------------------------------------


def proposal_submit(*, actor, proposal: Proposal) -> Proposal:
    """draft → submitted. Rule `participation.submit_proposal`: the author, while a submission phase is open.
    The proposal must be complete (title 10–150 characters, a body, an area): otherwise `InvalidInputError`
    with `field_errors`. Sets `submitted_at`; records the transition and its event."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_source(proposal, "submit")
        if not proposal.process.feature_is_open(Feature.SUBMIT):
            raise PhaseClosedError(_("Proposals can only be submitted while the submission phase is open."))
        require_perm(actor, "participation.submit_proposal", proposal)
        field_errors = _completeness_errors(proposal)
        if field_errors:
            raise InvalidInputError(
                _("Complete your proposal before submitting it."), field_errors=field_errors
            )
        now = timezone.now()
        _run(proposal, "submit")
        proposal.submitted_at = now
        _save_and_record(
            proposal,
            actor=actor,
            name="submit",
            from_state=ProposalState.DRAFT,
            now=now,
            extra_fields=["submitted_at"],
        )
    return proposal


def proposal_admit(*, actor, proposal: Proposal) -> Proposal:
    """submitted → in_debate before the debate phase opens. Rule `participation.admit_proposal`: a moderator
    or a process administrator. Records the transition and its event."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_source(proposal, "admit")
        require_perm(actor, "participation.admit_proposal", proposal)
        _run(proposal, "admit")
        _save_and_record(proposal, actor=actor, name="admit", from_state=ProposalState.SUBMITTED)
    return proposal


def proposal_withdraw(*, actor, proposal: Proposal) -> Proposal:
    """submitted | in_debate → withdrawn. Rule `participation.withdraw_proposal`: the author, as long as no
    vote phase of the process has started. Records the transition and its event."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_source(proposal, "withdraw")
        if proposal.process.phase_kind_has_started(PhaseKind.VOTE):
            raise PhaseClosedError(_("A proposal can no longer be withdrawn once the vote has opened."))
        require_perm(actor, "participation.withdraw_proposal", proposal)
        from_state = proposal.state
        _run(proposal, "withdraw")
        _save_and_record(proposal, actor=actor, name="withdraw", from_state=from_state)
    return proposal


def proposal_reject(*, actor, proposal: Proposal, reason, public_reason, duplicate_of=None) -> Proposal:
    """submitted | in_debate → rejected, with a reason code and a mandatory public reason.

    Rule `participation.reject_proposal`: a moderator or a process administrator, for any reason; or an
    evaluator while an evaluation phase is open, for a proposal in debate, with the reason "not feasible"
    only. "duplicate" needs `duplicate_of`: another public proposal of the same process (it is linked).
    Invalid input raises `InvalidInputError` with `field_errors`. Records the transition (with the reason
    code and the public reason) and its event."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_source(proposal, "reject")
        require_perm(actor, "participation.reject_proposal", proposal)
        public_reason = (public_reason or "").strip()
        field_errors: dict[str, list] = {}
        if reason not in RejectionReason.values:
            field_errors["reason"] = [_("Choose a reason for the rejection.")]
        elif reason != RejectionReason.NOT_FEASIBLE and not is_staff_member(actor):
            field_errors["reason"] = [_("Evaluators can only reject a proposal as not feasible.")]
        if not public_reason:
            field_errors["public_reason"] = [
                _("Explain the rejection: the author and the public will read it.")
            ]
        elif len(public_reason) > PUBLIC_REASON_MAX_LENGTH:
            field_errors["public_reason"] = [_max_length_message(PUBLIC_REASON_MAX_LENGTH)]
        if reason == RejectionReason.DUPLICATE:
            duplicate_error = _duplicate_error(proposal, duplicate_of)
            if duplicate_error:
                field_errors["duplicate_of"] = [duplicate_error]
        if field_errors:
            raise InvalidInputError(field_errors=field_errors)
        from_state = proposal.state
        _run(
            proposal,
            "reject",
            reason=reason,
            duplicate_of=duplicate_of if reason == RejectionReason.DUPLICATE else None,
        )
        _save_and_record(
            proposal,
            actor=actor,
            name="reject",
            from_state=from_state,
            reason_code=reason,
            public_reason=public_reason,
            extra_fields=["rejection_reason", "duplicate_of"],
        )
    return proposal


def proposal_accept(*, actor, proposal: Proposal, cost_estimate_cents, answer) -> Proposal:
    """in_debate → accepted, with a cost estimate (whole cents, 0 or more) and a public answer.

    Rule `participation.evaluate_proposal`: an evaluator or a process administrator while an evaluation phase
    is open. Invalid input raises `InvalidInputError` with `field_errors`. Records the transition (the answer
    as its public reason) and its event."""
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_source(proposal, "accept")
        if not proposal.process.feature_is_open(Feature.EVALUATE):
            raise PhaseClosedError(_("Proposals can only be evaluated while the evaluation phase is open."))
        require_perm(actor, "participation.evaluate_proposal", proposal)
        answer = (answer or "").strip()
        field_errors: dict[str, list] = {}
        if isinstance(cost_estimate_cents, bool) or not isinstance(cost_estimate_cents, int):
            field_errors["cost_estimate_cents"] = [_("Enter the estimated cost.")]
        elif cost_estimate_cents < 0:
            field_errors["cost_estimate_cents"] = [_("The estimated cost cannot be negative.")]
        if not answer:
            field_errors["answer"] = [_("Write the public answer to the proposal.")]
        elif len(answer) > ANSWER_MAX_LENGTH:
            field_errors["answer"] = [_max_length_message(ANSWER_MAX_LENGTH)]
        if field_errors:
            raise InvalidInputError(field_errors=field_errors)
        _run(proposal, "accept", cost_estimate_cents=cost_estimate_cents, answer=answer)
        _save_and_record(
            proposal,
            actor=actor,
            name="accept",
            from_state=ProposalState.IN_DEBATE,
            public_reason=answer,
            extra_fields=["cost_estimate_cents", "answer"],
        )
    return proposal


# --- Transitions made by Placette itself --------------------------------------------------------------------


def proposal_open_debate_in_bulk(*, process: Process) -> int:
    """Moves every submitted proposal of `process` to in_debate through the `open_debate` transition (the
    debate phase opened). Returns how many moved. Call it inside the transaction that claims the phase opening
    (`phases.process_advance`). Side effects: the proposals (locked, one UPDATE), one `ProposalTransition` per
    proposal with no actor and the public reason "The debate phase opened", one event per proposal. Running it
    again finds no submitted proposal and changes nothing."""
    with transaction.atomic():
        proposals = list(
            Proposal.objects.select_for_update(of=("self",))
            .select_related("process")
            .filter(process=process, state=ProposalState.SUBMITTED)
            .order_by("pk")
        )
        if not proposals:
            return 0
        now = timezone.now()
        public_reason = _in_site_language(_("The debate phase opened."))
        for proposal in proposals:
            _run(proposal, "open_debate")
            proposal.state_changed_at = now
        Proposal.objects.bulk_update(proposals, ["state", "state_changed_at"])
        ProposalTransition.objects.bulk_create(
            ProposalTransition(
                proposal=proposal,
                actor=None,
                name="open_debate",
                from_state=ProposalState.SUBMITTED,
                to_state=ProposalState.IN_DEBATE,
                public_reason=public_reason,
            )
            for proposal in proposals
        )
        DomainEvent.objects.bulk_create(
            DomainEvent(
                kind=EventKind.PROPOSAL_TRANSITION,
                process=process,
                proposal=proposal,
                payload=_transition_payload("open_debate", ProposalState.SUBMITTED, ProposalState.IN_DEBATE),
            )
            for proposal in proposals
        )
    return len(proposals)


def proposal_apply_system_transition(
    *, proposal: Proposal, transition: str, public_reason="", actor=None
) -> Proposal:
    """Applies one of the transitions the budgets app drives (`put_on_ballot`, `select`,
    `mark_not_selected`). No permission check: the caller is a service that already checked its own rule.
    Records the transition and its event; an impossible transition raises `TransitionNotAllowedError`."""
    if transition not in SYSTEM_TRANSITIONS:
        raise ValueError(f"{transition!r} is not a system transition")
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_source(proposal, transition)
        from_state = proposal.state
        _run(proposal, transition)
        _save_and_record(
            proposal,
            actor=actor,
            name=transition,
            from_state=from_state,
            public_reason=(public_reason or "").strip(),
        )
    return proposal


# --- Moderation ---------------------------------------------------------------------------------------------


def proposal_hide(*, actor, proposal: Proposal, reason) -> Proposal:
    """Hides a proposal: its text leaves every page and feed, the fact that it was hidden (and why) stays.

    Rule `participation.hide_proposal`: a moderator or a process administrator. The reason is required
    (at most 500 characters). Hiding twice raises `AlreadyDoneError`. Side effects: `hidden_at` and
    `hidden_reason`; the proposal's open reports are resolved as "hidden"; a `PROPOSAL_HIDDEN` event."""
    with transaction.atomic():
        proposal = _locked(proposal)
        require_perm(actor, "participation.hide_proposal", proposal)
        if proposal.hidden_at is not None:
            raise AlreadyDoneError(_("This proposal is already hidden."))
        reason = _clean_hide_reason(reason)
        now = timezone.now()
        proposal.hidden_at = now
        proposal.hidden_reason = reason
        proposal.save(update_fields=["hidden_at", "hidden_reason"])
        resolve_open_reports(actor=actor, now=now, proposal=proposal)
        event_record(
            kind=EventKind.PROPOSAL_HIDDEN, actor=actor, proposal=proposal, payload={"reason": reason}
        )
    return proposal


def resolve_open_reports(*, actor, now, proposal=None, comment=None) -> int:
    """Marks the open reports of a proposal or a comment as resolved by hiding. Returns how many."""
    reports = Report.objects.filter(resolved_at__isnull=True)
    reports = reports.filter(proposal=proposal) if proposal is not None else reports.filter(comment=comment)
    return reports.update(resolved_at=now, resolved_by=actor, resolution=ReportResolution.HIDDEN)


# --- Helpers ------------------------------------------------------------------------------------------------


def _locked(proposal: Proposal) -> Proposal:
    """A fresh copy of the proposal, its row locked until the end of the transaction."""
    return Proposal.objects.select_for_update(of=("self",)).select_related("process").get(pk=proposal.pk)


def _require_source(proposal: Proposal, name: str) -> None:
    if not can_proceed(getattr(proposal, name), check_conditions=False):
        raise TransitionNotAllowedError()


def _run(proposal: Proposal, name: str, **kwargs) -> None:
    try:
        getattr(proposal, name)(**kwargs)
    except TransitionNotAllowed as error:
        raise TransitionNotAllowedError() from error


def _save_and_record(
    proposal, *, actor, name, from_state, now=None, reason_code="", public_reason="", extra_fields=()
):
    now = now or timezone.now()
    proposal.state_changed_at = now
    proposal.save(update_fields=["state", "state_changed_at", *extra_fields])
    ProposalTransition.objects.create(
        proposal=proposal,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        name=name,
        from_state=from_state,
        to_state=proposal.state,
        reason_code=reason_code,
        public_reason=public_reason,
    )
    payload = _transition_payload(name, from_state, proposal.state)
    if reason_code:
        payload["reason"] = reason_code
    event_record(kind=EventKind.PROPOSAL_TRANSITION, actor=actor, proposal=proposal, payload=payload)


def _transition_payload(name, from_state, to_state) -> dict:
    return {"transition": name, "from": str(from_state), "to": str(to_state)}


def _clean_fields(*, process, title, body, area, category, latitude, longitude) -> dict:
    """The validated values of a proposal's editable fields, or `InvalidInputError` with every field error."""
    errors: dict[str, list] = {}
    title = (title or "").strip()
    body = (body or "").strip()
    if not title:
        errors["title"] = [_("Give your proposal a title.")]
    elif not TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH:
        errors["title"] = [
            _("The title needs between %(min)d and %(max)d characters.")
            % {"min": TITLE_MIN_LENGTH, "max": TITLE_MAX_LENGTH}
        ]
    if len(body) > BODY_MAX_LENGTH:
        errors["body"] = [_max_length_message(BODY_MAX_LENGTH)]
    if area is not None:
        if not isinstance(area, Area):
            errors["area"] = [_("Choose one of the areas offered.")]
        else:
            allowed = {allowed.pk for allowed in process.areas.all()}
            if allowed and area.pk not in allowed:
                errors["area"] = [_("This area is not part of the process.")]
    if category is not None:
        if not isinstance(category, Category):
            errors["category"] = [_("Choose one of the categories offered.")]
        else:
            allowed = {allowed.pk for allowed in process.categories.all()}
            if allowed and category.pk not in allowed:
                errors["category"] = [_("This category is not part of the process.")]
    coordinates, coordinate_errors = clean_coordinates(latitude, longitude)
    errors.update(coordinate_errors)
    latitude, longitude = coordinates["latitude"], coordinates["longitude"]
    if errors:
        raise InvalidInputError(field_errors=errors)
    return {
        "title": title,
        "body": body,
        "area": area,
        "category": category,
        "latitude": latitude,
        "longitude": longitude,
    }


def _completeness_errors(proposal: Proposal) -> dict[str, list]:
    """What a draft lacks to be submitted (the condition `proposal_is_complete` of the state machine)."""
    errors: dict[str, list] = {}
    title = (proposal.title or "").strip()
    if not TITLE_MIN_LENGTH <= len(title) <= TITLE_MAX_LENGTH:
        errors["title"] = [
            _("The title needs between %(min)d and %(max)d characters.")
            % {"min": TITLE_MIN_LENGTH, "max": TITLE_MAX_LENGTH}
        ]
    if not (proposal.body or "").strip():
        errors["body"] = [_("Describe your proposal before submitting it.")]
    if proposal.area_id is None:
        errors["area"] = [_("Choose the area your proposal is for before submitting it.")]
    return errors


def _duplicate_error(proposal: Proposal, duplicate_of):
    if duplicate_of is None:
        return _("Choose the proposal this one duplicates.")
    if not isinstance(duplicate_of, Proposal):
        return _("Choose one of the proposals offered.")
    if duplicate_of.pk == proposal.pk:
        return _("A proposal cannot be a duplicate of itself.")
    original = Proposal.objects.filter(pk=duplicate_of.pk).values("process_id", "state").first()
    if original is None or original["process_id"] != proposal.process_id:
        return _("The original proposal must belong to the same process.")
    if original["state"] not in PUBLIC_STATES:
        return _("The original proposal must be public.")
    return None


def _clean_hide_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInputError(
            field_errors={"reason": [_("Say why this is hidden: the fact is shown publicly.")]}
        )
    if len(reason) > HIDDEN_REASON_MAX_LENGTH:
        raise InvalidInputError(field_errors={"reason": [_max_length_message(HIDDEN_REASON_MAX_LENGTH)]})
    return reason


def _max_length_message(limit: int):
    return _("Use at most %(max)d characters.") % {"max": limit}


def _in_site_language(message) -> str:
    """Text stored for everyone (a system transition's public reason) is written in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)
