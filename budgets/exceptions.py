"""Refusals of the budgets domain: each is a `participation.exceptions.DomainError` (pages show `message`,
the API answers `status` with {"code": ..., "detail": ...}). Permission refusals stay Django's
`PermissionDenied`."""

from django.utils.translation import gettext_lazy as _

from participation.exceptions import AlreadyDoneError, DomainError, InvalidInputError, PhaseClosedError

__all__ = [
    "AlreadyDoneError",
    "AlreadyVerifiedError",
    "AlreadyVotedError",
    "BallotNotFoundError",
    "BallotRuleError",
    "BudgetsError",
    "CensusEntryTakenError",
    "CensusNoMatchError",
    "DomainError",
    "InvalidInputError",
    "InvalidVotingCodeError",
    "NotEligibleError",
    "NotVerifiedError",
    "PaperEntryError",
    "PhaseClosedError",
    "TooManyAttemptsError",
    "VoteCountedError",
]


class BudgetsError(DomainError):
    code = "budgets_error"


class NotVerifiedError(BudgetsError):
    """The person is not (yet) a voter of the process: e-mail not confirmed, or not found in the census."""

    code = "not_verified"
    status = 403
    default_message = _("You must prove that you may vote in this process first.")


class CensusNoMatchError(BudgetsError):
    code = "census_no_match"
    default_message = _(
        "No one on the list of voters matches these details. Check them against your identity card, or "
        "contact the town hall."
    )


class CensusEntryTakenError(BudgetsError):
    code = "census_entry_taken"
    status = 409
    default_message = _(
        "This person has already been verified with another account. If it was not you, contact the town "
        "hall."
    )


class AlreadyVerifiedError(BudgetsError):
    code = "already_verified"
    status = 409
    default_message = _("Your account is already verified for this process, as another person of the list.")


class TooManyAttemptsError(BudgetsError):
    code = "too_many_attempts"
    status = 429
    default_message = _("Too many wrong attempts. Wait an hour before trying again.")


class InvalidVotingCodeError(BudgetsError):
    code = "invalid_voting_code"
    default_message = _("This voting code is not valid for this process. Check the code on your card.")


class NotEligibleError(BudgetsError):
    """The voter may not vote in this budget (another area's budget, another process)."""

    code = "not_eligible"
    status = 403
    default_message = _("You cannot vote in this budget: it belongs to another area.")


class BallotRuleError(BudgetsError):
    """The choice breaks the ballot rule of the budget (envelope, number of projects, minimum share) or names
    projects that are not on this ballot."""

    code = "ballot_rule"
    default_message = _("This choice does not follow the rule of the ballot.")


class AlreadyVotedError(BudgetsError):
    code = "already_voted"
    status = 409
    default_message = _("A ballot has already been cast for this person in this budget. A ballot is final.")


class VoteCountedError(BudgetsError):
    code = "vote_counted"
    status = 409
    default_message = _("The votes of this budget have already been counted.")


class PaperEntryError(BudgetsError):
    code = "paper_entry"
    status = 409
    default_message = _("This paper ballot cannot be entered.")


class BallotNotFoundError(BudgetsError):
    code = "ballot_not_found"
    status = 404
    default_message = _("No ballot of this process has this receipt code. Check the code on your receipt.")
