"""Casting ballots: online, at a desk, on paper (typed in twice), and finding one's ballot with a receipt.

One ballot per (budget, voter) across every channel. Two guards, both in the database: every path locks the
voter's row (`SELECT ... FOR UPDATE`) before checking and writing, so one person's requests run one after
the other; and the unique constraint `ballot_one_per_budget_and_voter` turns any write that would slip through
into `AlreadyVotedError`. A person is one voter whatever the channel: the census entry has one voter
(one-to-one), which the online verification and the desk both use.

The receipt code is returned in clear once; the ballot keeps its SHA-256 digest only (see `digests`).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.exceptions import PhaseClosedError
from participation.models import EventKind, Process
from participation.permissions import require_perm
from participation.services.events import event_record

from ..exceptions import (
    AlreadyVotedError,
    BallotNotFoundError,
    DomainError,
    InvalidInputError,
    NotEligibleError,
    PaperEntryError,
    VoteCountedError,
)
from ..models import (
    Ballot,
    BallotChannel,
    BallotSelection,
    Basket,
    Budget,
    BudgetProject,
    Census,
    PaperBallotEntry,
    PaperEntryStatus,
    Voter,
)
from ..predicates import vote_phase_is_open
from . import digests
from .ballot_rules import check_complete_ballot, clean_project_ids
from .census import census_find_entry, voter_for_census_entry
from .voters import require_may_vote

RECEIPT_LENGTH = 16
PAPER_NUMBER_MAX_LENGTH = PaperBallotEntry._meta.get_field("paper_number").max_length


def ballot_cast(
    *, actor, voter: Voter, budget: Budget, channel=BallotChannel.ONLINE, project_ids=None
) -> tuple[Ballot, str]:
    """`voter` casts their ballot in `budget` online: the projects `project_ids`, or their basket when None.

    Conditions (see `voters.require_may_vote`): the vote is open, the budget is the voter's, the actor is the
    voter. The full ballot rule is checked (`BallotRuleError`: duplicates, unknown projects, projects of
    another budget, too few or too many, over the envelope, under the minimum share). A second ballot of the
    same person in this budget, whatever its channel, raises `AlreadyVotedError`. Returns (ballot, receipt
    code in clear, "ABCD-EFGH-JKMN-PQRS": show it once). Side effects: the Ballot and its selections, the
    basket deleted, a `BALLOT_CAST` event (budget and channel; no choice, no receipt)."""
    if channel != BallotChannel.ONLINE:
        raise ValueError("desk and paper ballots go through ballot_cast_at_desk and paper_entry_record")
    with transaction.atomic():
        # Lock order, the same on every path: the budget (shared), then the census entry, then the voter.
        budget = budget_locked_for_casting(budget.pk)
        voter = Voter.objects.select_for_update().get(pk=voter.pk)
        require_may_vote(actor=actor, voter=voter, budget=budget)
        _require_no_ballot(voter, budget, _("You have already voted in this budget: a ballot is final."))
        if project_ids is None:
            basket = Basket.objects.filter(budget=budget, voter=voter).first()
            project_ids = list(basket.projects.values_list("pk", flat=True)) if basket else []
        projects = clean_project_ids(budget, project_ids)
        check_complete_ballot(budget, projects)
        return _cast(
            actor=actor,
            voter=voter,
            budget=budget,
            projects=projects,
            channel=BallotChannel.ONLINE,
            recorded_by=None,
        )


def ballot_cast_at_desk(
    *, actor, process: Process, budget: Budget, census_values: dict, project_ids
) -> tuple[Ballot, str]:
    """A desk agent casts the ballot of a resident who came in person, found in the census by `census_values`.

    Rule `budgets.cast_at_desk` (desk agents and process administrators, while the vote is open:
    `PhaseClosedError` otherwise). The person is found like an online verification (`InvalidInputError`,
    `CensusNoMatchError`); their voter is the one of their census entry (created if they never verified
    online), so a person who voted online cannot vote at a desk and the reverse (`AlreadyVotedError`); a
    budget of another area raises `NotEligibleError`; a paper ballot of this person being typed in raises
    `PaperEntryError`. Full ballot rule as online. The ballot records channel `desk` and `recorded_by` =
    actor. Returns (ballot, receipt code in clear, to hand to the person)."""
    with transaction.atomic():
        process = Process.objects.get(pk=process.pk)
        if not vote_phase_is_open(process):
            raise PhaseClosedError(_("Ballots can be cast at a desk only while the vote phase is open."))
        require_perm(actor, "budgets.cast_at_desk", process)
        budget = _budget_of(process, budget)
        voter = _census_voter(process, census_values)
        _require_voter_area(voter, budget)
        _require_no_ballot(
            voter, budget, _("This person has already voted in this budget (online, at a desk or on paper).")
        )
        if (
            PaperBallotEntry.objects.filter(budget=budget, voter=voter)
            .exclude(status=PaperEntryStatus.VOID)
            .exists()
        ):
            raise PaperEntryError(_("A paper ballot of this person is being typed in for this budget."))
        projects = clean_project_ids(budget, project_ids)
        check_complete_ballot(budget, projects)
        return _cast(
            actor=actor,
            voter=voter,
            budget=budget,
            projects=projects,
            channel=BallotChannel.DESK,
            recorded_by=actor,
        )


def paper_entry_record(
    *, actor, budget: Budget, paper_number, census_values: dict, project_ids
) -> PaperBallotEntry:
    """Types in a paper ballot. The first entry of a `paper_number` creates the entry (awaiting the second);
    the second, by ANOTHER staff member, is compared with it: same person and same projects → the ballot is
    counted (a `Ballot` of channel `paper`, recorded by the second agent; status matched); any difference →
    status mismatch, nothing counted, until a process administrator resolves it (`paper_entry_resolve`).

    Rule `budgets.enter_paper_ballots` (desk agents and process administrators), from the opening of the vote
    until the budget is counted (`PhaseClosedError`, `VoteCountedError`). Each entry is checked on its own:
    person found in the census, budget of their area, full ballot rule (`BallotRuleError`). Refusals: a person
    who already voted in this budget through any channel (`AlreadyVotedError`), or who has another paper
    ballot in it (`PaperEntryError`); a third entry, or a second entry by the first agent (`PaperEntryError`).
    Side effects: the entry, possibly the Ballot, a `PAPER_ENTRY_RECORDED` or `PAPER_ENTRY_MISMATCH` event."""
    with transaction.atomic():
        budget = budget_locked_for_casting(budget.pk)
        process = budget.process
        require_perm(actor, "budgets.enter_paper_ballots", process)
        _require_paper_period(budget)
        number = _clean_paper_number(paper_number)
        voter = _census_voter(process, census_values)
        _require_voter_area(voter, budget)
        projects = clean_project_ids(budget, project_ids)
        check_complete_ballot(budget, projects)
        selection = sorted(project.pk for project in projects)
        entry = (
            PaperBallotEntry.objects.select_for_update().filter(budget=budget, paper_number=number).first()
        )
        if entry is None:
            return _first_entry(actor, budget, number, voter, selection)
        return _second_entry(actor, entry, budget, voter, projects, selection)


def paper_entry_resolve(
    *, actor, entry: PaperBallotEntry, project_ids=None, void=False, use_second_voter=False
) -> PaperBallotEntry:
    """A process administrator settles a paper ballot after looking at the paper: `void=True` declares it void
    (never counted; also possible while it awaits its second entry), else `project_ids` is what the paper says
    and the ballot is counted (status resolved, recorded by the administrator) for the person of the first
    entry, or of the second one with `use_second_voter=True` when the two entries named different people.

    Rule `budgets.resolve_paper_ballots`. Only a mismatched entry can be resolved, an awaiting or mismatched
    one voided (`PaperEntryError`); not once the budget is counted (`VoteCountedError`). Full ballot rule;
    a person who voted meanwhile raises `AlreadyVotedError`. Side effects: the entry, possibly the Ballot, a
    `PAPER_ENTRY_RESOLVED` event."""
    with transaction.atomic():
        entry = PaperBallotEntry.objects.select_for_update().get(pk=entry.pk)
        budget = (
            Budget.objects.select_for_update(of=("self",)).select_related("process").get(pk=entry.budget_id)
        )
        require_perm(actor, "budgets.resolve_paper_ballots", budget.process)
        if budget.allocated_at is not None:
            raise VoteCountedError()
        if void:
            if entry.status not in (PaperEntryStatus.AWAITING_SECOND_ENTRY, PaperEntryStatus.MISMATCH):
                raise PaperEntryError(_("Only a paper ballot that is not counted can be declared void."))
            entry.status = PaperEntryStatus.VOID
            entry.save(update_fields=["status"])
        else:
            if entry.status != PaperEntryStatus.MISMATCH:
                raise PaperEntryError(_("Only a paper ballot whose two entries differ needs resolving."))
            if project_ids is None:
                raise InvalidInputError(
                    _("Choose the projects marked on the paper, or declare the ballot void.")
                )
            if use_second_voter and entry.second_voter_id is None:
                raise InvalidInputError(_("Both entries named the same person."))
            projects = clean_project_ids(budget, project_ids)
            check_complete_ballot(budget, projects)
            voter_id = entry.second_voter_id if use_second_voter else entry.voter_id
            voter = Voter.objects.select_for_update().get(pk=voter_id)
            _require_no_ballot(
                voter,
                budget,
                _(
                    "This person has already voted in this budget: this paper ballot cannot count. "
                    "Declare it void."
                ),
            )
            if (
                voter.pk != entry.voter_id
                and PaperBallotEntry.objects.filter(budget=budget, voter=voter)
                .exclude(status=PaperEntryStatus.VOID)
                .exists()
            ):
                raise PaperEntryError(_("This person has another paper ballot in this budget."))
            ballot, _receipt = _cast(
                actor=actor,
                voter=voter,
                budget=budget,
                projects=projects,
                channel=BallotChannel.PAPER,
                recorded_by=actor,
                record_event=False,
            )
            entry.voter = voter
            entry.ballot = ballot
            entry.status = PaperEntryStatus.RESOLVED
            entry.save(update_fields=["voter", "ballot", "status"])
        event_record(
            kind=EventKind.PAPER_ENTRY_RESOLVED,
            actor=actor,
            process=budget.process,
            payload={"budget": budget.pk, "paper_entry": entry.pk, "status": entry.status},
        )
    return entry


def ballot_find_by_receipt(*, process: Process, receipt_code) -> Ballot:
    """The ballot of `process` whose receipt is `receipt_code` (dashes, spaces and case do not matter), with
    its budget. Raises `BallotNotFoundError` otherwise. No side effect."""
    normalised = digests.normalise_code(receipt_code)
    if len(normalised) != RECEIPT_LENGTH:
        raise BallotNotFoundError()
    ballot = (
        Ballot.objects.select_related("budget")
        .filter(budget__process=process, receipt_digest=digests.receipt_digest(normalised))
        .first()
    )
    if ballot is None:
        raise BallotNotFoundError()
    return ballot


# --- Helpers ------------------------------------------------------------------------------------------------


def _cast(
    *,
    actor,
    voter: Voter,
    budget: Budget,
    projects: list[BudgetProject],
    channel,
    recorded_by,
    record_event=True,
) -> tuple[Ballot, str]:
    """Writes the ballot (the voter's row is locked by the caller); the unique constraint is the last
    guard."""
    receipt = digests.random_code(RECEIPT_LENGTH)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                budget=budget,
                voter=voter,
                channel=channel,
                recorded_by=recorded_by,
                receipt_digest=digests.receipt_digest(digests.normalise_code(receipt)),
                total_cost_cents=sum(project.cost_cents for project in projects),
            )
    except IntegrityError as error:
        raise AlreadyVotedError() from error
    BallotSelection.objects.bulk_create(
        BallotSelection(ballot=ballot, project=project) for project in projects
    )
    Basket.objects.filter(budget=budget, voter=voter).delete()
    if record_event:
        event_record(
            kind=EventKind.BALLOT_CAST,
            actor=actor,
            process=budget.process,
            payload={"budget": budget.pk, "channel": str(channel)},
        )
    return ballot, receipt


def _require_no_ballot(voter: Voter, budget: Budget, message) -> None:
    if Ballot.objects.filter(budget=budget, voter=voter).exists():
        raise AlreadyVotedError(message)


def _require_voter_area(voter: Voter, budget: Budget) -> None:
    if budget.area_id is not None and budget.area_id != voter.area_id:
        raise NotEligibleError(_("This person does not live in the area of this budget."))


def budget_locked_for_casting(budget_pk: int) -> Budget:
    """The budget with its process, share-locked (PostgreSQL `FOR SHARE`) until the end of the transaction:
    ballots of many voters go on side by side, but `budget_allocate`'s claim (an UPDATE of the row) waits
    for every ballot being written, and a ballot started after the claim sees `allocated_at` and is refused
    (`VoteCountedError`): no ballot is written after its budget was counted. SQLite serialises writers
    anyway."""
    if connection.vendor == "postgresql":
        list(Budget.objects.raw("SELECT id FROM budgets_budget WHERE id = %s FOR SHARE", [budget_pk]))
    budget = Budget.objects.select_related("process").get(pk=budget_pk)
    if budget.allocated_at is not None:
        raise VoteCountedError()
    return budget


def _budget_of(process: Process, budget: Budget) -> Budget:
    budget = budget_locked_for_casting(budget.pk)
    if budget.process_id != process.pk:
        raise NotEligibleError(_("This budget belongs to another process."))
    budget.process = process
    return budget


def _census_voter(process: Process, census_values: dict) -> Voter:
    """The locked voter of the person of the census matching `census_values`."""
    census = Census.objects.filter(process=process).first()
    if census is None:
        raise DomainError(_("This process has no list of voters: people can only vote online."))
    entry = census_find_entry(census=census, values=census_values)
    entry = type(entry).objects.select_for_update().select_related("census").get(pk=entry.pk)
    return voter_for_census_entry(entry)


def _require_paper_period(budget: Budget) -> None:
    if not budget.process.phase_kind_has_started("vote"):
        raise PhaseClosedError(_("Paper ballots can be typed in once the vote has opened."))


def _clean_paper_number(paper_number) -> str:
    number = " ".join(str(paper_number or "").split())
    if not number:
        raise InvalidInputError(field_errors={"paper_number": [_("Enter the number written on the paper.")]})
    if len(number) > PAPER_NUMBER_MAX_LENGTH:
        raise InvalidInputError(
            field_errors={
                "paper_number": [_("Use at most %(max)d characters.") % {"max": PAPER_NUMBER_MAX_LENGTH}]
            }
        )
    return number


def _first_entry(actor, budget, number, voter, selection) -> PaperBallotEntry:
    _require_no_ballot(
        voter,
        budget,
        _(
            "This person has already voted in this budget (online, at a desk or on paper): this paper ballot "
            "does not count."
        ),
    )
    other = (
        PaperBallotEntry.objects.filter(budget=budget, voter=voter)
        .exclude(status=PaperEntryStatus.VOID)
        .first()
    )
    if other is not None:
        raise PaperEntryError(
            _("This person already has a paper ballot in this budget (number %(number)s).")
            % {"number": other.paper_number}
        )
    try:
        with transaction.atomic():
            entry = PaperBallotEntry.objects.create(
                budget=budget,
                paper_number=number,
                voter=voter,
                first_selection=selection,
                first_entered_by=actor,
            )
    except IntegrityError as error:
        raise PaperEntryError(
            _("This paper ballot was being typed in at the same time: try again.")
        ) from error
    event_record(
        kind=EventKind.PAPER_ENTRY_RECORDED,
        actor=actor,
        process=budget.process,
        payload={"budget": budget.pk, "paper_entry": entry.pk, "entry": 1},
    )
    return entry


def _second_entry(actor, entry, budget, voter, projects, selection) -> PaperBallotEntry:
    if entry.status != PaperEntryStatus.AWAITING_SECOND_ENTRY:
        raise PaperEntryError(
            _("Paper ballot %(number)s has already been typed in twice.") % {"number": entry.paper_number}
        )
    if entry.first_entered_by_id == getattr(actor, "pk", None):
        raise PaperEntryError(_("The second entry of a paper ballot must be made by another person."))
    entry.second_selection = selection
    entry.second_entered_by = actor
    entry.second_entered_at = timezone.now()
    fields = [
        "second_selection",
        "second_entered_by",
        "second_entered_at",
        "second_voter",
        "status",
        "ballot",
    ]
    if voter.pk == entry.voter_id and selection == sorted(entry.first_selection):
        _require_no_ballot(
            voter,
            budget,
            _(
                "This person has voted online or at a desk since the first entry: this paper ballot cannot "
                "count. "
                "Ask a process administrator to declare it void."
            ),
        )
        ballot, _receipt = _cast(
            actor=actor,
            voter=voter,
            budget=budget,
            projects=projects,
            channel=BallotChannel.PAPER,
            recorded_by=actor,
            record_event=False,
        )
        entry.ballot = ballot
        entry.status = PaperEntryStatus.MATCHED
        entry.save(update_fields=fields)
        event_record(
            kind=EventKind.PAPER_ENTRY_RECORDED,
            actor=actor,
            process=budget.process,
            payload={"budget": budget.pk, "paper_entry": entry.pk, "entry": 2, "status": entry.status},
        )
        return entry
    entry.second_voter = voter if voter.pk != entry.voter_id else None
    entry.status = PaperEntryStatus.MISMATCH
    entry.save(update_fields=fields)
    event_record(
        kind=EventKind.PAPER_ENTRY_MISMATCH,
        actor=actor,
        process=budget.process,
        payload={"budget": budget.pk, "paper_entry": entry.pk},
    )
    return entry


__all__ = [
    "PermissionDenied",
    "ballot_cast",
    "ballot_cast_at_desk",
    "ballot_find_by_receipt",
    "paper_entry_record",
    "paper_entry_resolve",
]
