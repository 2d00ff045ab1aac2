"""The basket: a ballot being filled, saved on the server so it works without JavaScript."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..exceptions import AlreadyDoneError, AlreadyVotedError
from ..models import Ballot, Basket, BudgetProject, Voter
from .ballot_rules import check_addition
from .voters import require_may_vote


def basket_add(*, actor, voter: Voter, project: BudgetProject) -> Basket:
    """Puts `project` in the basket of `voter` for the project's budget (created on first use).

    Refusals, nothing changed: outside an open vote phase (`PhaseClosedError`); a budget the voter may not
    vote in (`NotEligibleError`) or an actor who is not the voter (`PermissionDenied`; see
    `voters.require_may_vote`); after casting in this budget (`AlreadyVotedError`); the project already in
    the basket (`AlreadyDoneError`); what the ballot rule forbids — more than `max_projects` projects, a total
    over the envelope for a knapsack ballot (`BallotRuleError`, saying what is left). The voter's row is
    locked, so concurrent additions of one person are serialised and the rule holds under any interleaving.
    Side effects: the basket and its project link."""
    with transaction.atomic():
        voter, project = _lock(voter, project)
        budget = project.budget
        require_may_vote(actor=actor, voter=voter, budget=budget)
        _require_not_cast(voter, budget)
        basket, _created = Basket.objects.get_or_create(budget=budget, voter=voter)
        chosen = list(basket.projects.all())
        if any(chosen_project.pk == project.pk for chosen_project in chosen):
            raise AlreadyDoneError(_("This project is already in your basket."))
        check_addition(budget, chosen, project)
        basket.projects.add(project)
        basket.save(update_fields=["updated_at"])
    return basket


def basket_remove(*, actor, voter: Voter, project: BudgetProject) -> Basket | None:
    """Takes `project` out of the voter's basket. Same conditions as `basket_add`; a project that is not in
    the basket raises `AlreadyDoneError`. Returns the basket. Side effects: the project link,
    `updated_at`."""
    with transaction.atomic():
        voter, project = _lock(voter, project)
        budget = project.budget
        require_may_vote(actor=actor, voter=voter, budget=budget)
        _require_not_cast(voter, budget)
        basket = Basket.objects.filter(budget=budget, voter=voter).first()
        if basket is None or not basket.projects.filter(pk=project.pk).exists():
            raise AlreadyDoneError(_("This project is not in your basket."))
        basket.projects.remove(project)
        basket.save(update_fields=["updated_at"])
    return basket


def _lock(voter: Voter, project: BudgetProject) -> tuple[Voter, BudgetProject]:
    # Every write of one voter (basket, casting, desk, paper) starts by locking the voter's row.
    voter = Voter.objects.select_for_update().get(pk=voter.pk)
    project = BudgetProject.objects.select_related("budget__process").get(pk=project.pk)
    return voter, project


def _require_not_cast(voter: Voter, budget) -> None:
    if Ballot.objects.filter(budget=budget, voter=voter).exists():
        raise AlreadyVotedError(_("You have already voted in this budget: a ballot is final."))
