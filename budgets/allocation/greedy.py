"""Greedy by votes: the rule most participatory budgets use.

Identical to pabutools 1.2.x ``greedy_utilitarian_welfare(sat_class=Cost_Sat)`` with its default
tie-breaking. With cost satisfaction a project's welfare per unit of cost is its number of votes, so the rule
goes down the projects by votes and funds each one that still fits.
"""

from __future__ import annotations

from collections.abc import Iterable

from budgets.allocation.election import Election, Outcome, ProjectId


def greedy_order(election: Election) -> list[ProjectId]:
    """The order in which greedy considers the projects: most votes first, ties by project id compared as a
    string ("13" before "3"). A project nobody approved, or that costs nothing, scores 0 (its cost
    satisfaction is 0) and comes last, still in id order."""
    votes = election.vote_counts()
    return sorted(
        election.projects,
        key=lambda project_id: (
            -(votes[project_id] if election.projects[project_id].cost > 0 else 0),
            project_id,
        ),
    )


def greedy(election: Election, initial: Iterable[ProjectId] = ()) -> Outcome:
    """Greedy by votes.

    Invariant: going down ``greedy_order``, a project is funded exactly when its cost is at most what is left
    of the budget at that moment; a project that does not fit is skipped and the rule goes on with the next
    one (a cheaper project further down may still fit). The total never exceeds the budget.

    ``initial`` is an allocation to complete (for example the outcome of the Method of Equal Shares): those
    projects are kept, their cost is taken off the budget first, and the others are considered as above.
    Pure function, no side effects.
    """
    chosen = set(initial)
    unknown = chosen - election.projects.keys()
    if unknown:
        raise ValueError(f"the initial allocation names unknown projects: {sorted(unknown)}")
    remaining = election.budget - election.total_cost(chosen)
    for project_id in greedy_order(election):
        if project_id in chosen:
            continue
        cost = election.projects[project_id].cost
        if cost <= remaining:
            chosen.add(project_id)
            remaining -= cost
    return Outcome.of(election, chosen)
