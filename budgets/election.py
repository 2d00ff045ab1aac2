"""A stored budget as a `budgets.allocation` election: the pure allocation rules (and the pabulib writer)
read it; nothing here writes.

Amounts are integer cents (the rules are exact, so cents lose nothing). Project ids are the BudgetProject
primary keys as strings, so the rules' tie-breaking (project id compared as a string) is deterministic and
the same in a recount from the published files. Only counted ballots take part: online and desk ballots,
and paper ballots whose two entries matched or that an administrator resolved. Ballots come in the order of
their receipt digest (random), never in the order they were cast, so the published list says nothing about
who voted when."""

from django.db.models import Count, Q

from budgets.allocation.election import Election, Project
from budgets.allocation.election import Voter as ElectionVoter

from .models import Ballot, BallotChannel, BallotSelection, Budget, BudgetProject, PaperEntryStatus
from .services.digests import receipt_fingerprint

COUNTED_PAPER = (PaperEntryStatus.MATCHED, PaperEntryStatus.RESOLVED)


def counted_ballots(budget: Budget):
    """The ballots of `budget` that count, as a queryset."""
    return Ballot.objects.filter(budget=budget).filter(
        ~Q(channel=BallotChannel.PAPER) | Q(paper_entry__status__in=COUNTED_PAPER)
    )


def budget_election(*, budget: Budget, with_voters: bool = False) -> Election:
    """The election of `budget`: its envelope, its projects (in ballot order) and one approval set per counted
    ballot. `with_voters=True` adds one anonymised vote row per ballot (voter id = the receipt fingerprint the
    voter can look up), for the pabulib export. Three queries."""
    projects = {
        str(project.pk): Project(str(project.pk), project.cost_cents, name=project.title)
        for project in BudgetProject.objects.filter(budget=budget).order_by("position", "pk")
    }
    ballots = list(counted_ballots(budget).order_by("receipt_digest").values_list("pk", "receipt_digest"))
    chosen: dict[int, list[str]] = {pk: [] for pk, _digest in ballots}
    for ballot_id, project_id in (
        BallotSelection.objects.filter(ballot_id__in=chosen)
        .order_by("ballot_id", "project_id")
        .values_list("ballot_id", "project_id")
    ):
        chosen[ballot_id].append(str(project_id))
    approvals = tuple(frozenset(chosen[pk]) for pk, _digest in ballots)
    voters = None
    if with_voters:
        voters = tuple(
            ElectionVoter(voter_id=receipt_fingerprint(digest), vote=tuple(sorted(chosen[pk], key=int)))
            for pk, digest in ballots
        )
    meta = {
        "description": budget.title,
        "unit": budget.area.name if budget.area_id else budget.process.title,
        "instance": budget.process.slug,
        "num_projects": str(len(projects)),
        "num_votes": str(len(ballots)),
        "budget": str(budget.amount_cents),
        "vote_type": "approval",
        "rule": budget.allocation_rule,
        "currency": "EUR cents",
    }
    return Election(
        budget=budget.amount_cents, projects=projects, ballots=approvals, meta=meta, voters=voters
    )


def votes_per_channel(*, budget: Budget) -> dict[int, dict[str, int]]:
    """{project pk: {"online": n, "desk": n, "paper": n}} over the counted ballots, every project included.
    One query (plus one for the projects)."""
    counts = {
        pk: dict.fromkeys(BallotChannel.values, 0)
        for pk in BudgetProject.objects.filter(budget=budget).values_list("pk", flat=True)
    }
    rows = (
        BallotSelection.objects.filter(ballot__in=counted_ballots(budget))
        .values("project_id", "ballot__channel")
        .annotate(votes=Count("pk"))
    )
    for row in rows:
        counts[row["project_id"]][row["ballot__channel"]] = row["votes"]
    return counts
