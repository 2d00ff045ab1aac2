"""Who votes: the `Voter` of a person in a process, and which budgets they vote in."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.exceptions import PhaseClosedError
from participation.models import Process
from participation.permissions import require_perm
from participation.predicates import is_verified_resident

from ..exceptions import NotEligibleError, NotVerifiedError
from ..models import Budget, Census, Voter
from ..predicates import vote_phase_is_open


def voter_for_user(*, user, process: Process) -> Voter:
    """The voter of a signed-in resident in `process`.

    A process with a census: the voter bound by `voter_verify_with_census`, else `NotVerifiedError`. Without a
    census: any verified resident is a voter; created on first use (`get_or_create`, safe under concurrency
    thanks to the unique (process, user) constraint) with the area of their profile, then frozen, so changing
    one's area later does not open another area's budget. A user who is not a verified resident raises
    `NotVerifiedError`. Side effect: possibly the Voter row."""
    if not is_verified_resident(user):
        raise NotVerifiedError(_("Sign in with a confirmed e-mail address to vote."))
    voter = Voter.objects.filter(process=process, user=user).first()
    if voter is not None:
        return voter
    if Census.objects.filter(process=process).exists():
        raise NotVerifiedError(_("Prove that you are on the list of voters before voting."))
    with transaction.atomic():
        voter, _created = Voter.objects.get_or_create(
            process=process, user=user, defaults={"area_id": user.area_id}
        )
    return voter


def budgets_for_voter(*, voter: Voter) -> list[Budget]:
    """The budgets `voter` votes in: the territory-wide ones and the ones of their area, in order."""
    return list(
        Budget.objects.filter(process_id=voter.process_id)
        .filter(Q(area__isnull=True) | Q(area_id=voter.area_id))
        .select_related("area")
        .order_by("position", "pk")
    )


def require_may_vote(*, actor, voter: Voter, budget: Budget) -> None:
    """The checks shared by the basket and the online ballot, in the order that gives the most useful
    refusal: the vote is open (`PhaseClosedError`); the budget is of the voter's process and of their area or
    territory-wide (`NotEligibleError`); the actor is the voter — the account of an account voter (rule
    `budgets.vote`), whoever holds the session of a voting-code voter (the page that redeemed the code); a
    census voter without an account (created at a desk) cannot vote online (`PermissionDenied`)."""
    process = budget.process
    if not vote_phase_is_open(process):
        raise PhaseClosedError(_("Voting is only possible while the vote phase is open."))
    if budget.process_id != voter.process_id or (
        budget.area_id is not None and budget.area_id != voter.area_id
    ):
        raise NotEligibleError()
    if voter.user_id is not None:
        if getattr(actor, "pk", None) != voter.user_id:
            raise PermissionDenied("budgets.vote")
        require_perm(actor, "budgets.vote", budget)
    elif voter.voting_code_id is None or not process.is_published:
        raise PermissionDenied("budgets.vote")
