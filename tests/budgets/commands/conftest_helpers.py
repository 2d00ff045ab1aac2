"""Rows the command tests arrange directly."""

from budgets.models import Ballot, Budget, Voter
from budgets.services import digests


def real_ballot(process, user) -> Ballot:
    """A ballot cast online by a resident (no project), in a budget of `process`."""
    budget = Budget.objects.create(process=process, slug="reel", title="Réel", amount_cents=1000_00)
    voter = Voter.objects.create(process=process, user=user)
    return Ballot.objects.create(
        budget=budget,
        voter=voter,
        channel="online",
        receipt_digest=digests.receipt_digest(digests.normalise_code(digests.random_code(16))),
    )
