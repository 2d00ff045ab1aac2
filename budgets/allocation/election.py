"""The data an allocation rule reads and what it answers: an election (budget, projects with exact costs,
approval ballots) and an outcome (the funded projects and their total cost).

Pure Python, no Django: the rules run the same on a budget stored by Placette and on a pabulib file.
Money is exact: an ``int`` when it is a whole number, otherwise a ``Fraction`` (costs such as ``1234.50``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from types import MappingProxyType
from typing import TypeAlias

Money: TypeAlias = int | Fraction
ProjectId: TypeAlias = str

_DIGITS = re.compile(r"(\d+)")


def natural_key(project_id: str) -> tuple:
    """Sort key putting "c2" before "c10" (digit runs compare as numbers), as natsort does for project ids.
    Only for display; rules break ties by the id compared as a plain string ("13" < "3")."""
    parts = _DIGITS.split(project_id)
    # re.split alternates text and digit runs, always starting with text: positions never mix types.
    return (tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), project_id)


def natural_sorted(project_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(project_ids, key=natural_key))


def as_money(value: int | Fraction) -> Money:
    """The same number as an ``int`` when it is whole, else as a ``Fraction``."""
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else value


def _frozen(mapping: Mapping[str, str | None] | None) -> Mapping[str, str | None]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Project:
    """A project on the ballot. ``fields`` holds the file's other columns (name excepted) as text, ``None``
    for a missing value."""

    project_id: ProjectId
    cost: Money
    name: str | None = None
    fields: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.project_id, str) or not self.project_id:
            raise ValueError(f"a project id is a non-empty string, not {self.project_id!r}")
        if isinstance(self.cost, bool) or not isinstance(self.cost, int | Fraction):
            raise TypeError(f"project {self.project_id}: the cost must be an int or a Fraction (exact)")
        if self.cost < 0:
            raise ValueError(f"project {self.project_id}: the cost is negative ({self.cost})")
        object.__setattr__(self, "cost", as_money(self.cost))
        object.__setattr__(self, "fields", _frozen(self.fields))

    def __hash__(self) -> int:
        return hash((self.project_id, self.cost))


@dataclass(frozen=True)
class Voter:
    """One row of a pabulib VOTES section, kept for exports and round trips. ``vote`` is the projects in the
    file's order (a ranking for ordinal ballots); ``points`` the matching points text, if the file has
    them."""

    voter_id: str | None
    vote: tuple[ProjectId, ...]
    points: tuple[str, ...] | None = None
    fields: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vote", tuple(self.vote))
        if self.points is not None:
            object.__setattr__(self, "points", tuple(self.points))
        object.__setattr__(self, "fields", _frozen(self.fields))

    def __hash__(self) -> int:
        return hash((self.voter_id, self.vote))


@dataclass(frozen=True, eq=False)
class Election:
    """What the allocation rules read: the envelope, the projects by id, and one approval set per ballot.

    Invariants (checked on construction): every project in a ballot is a project of the election; ``budget``
    and costs are exact non-negative numbers. Ordinal, cumulative and choose-1 ballots are given to the rules
    as the set of projects they name (ranks and points ignored). An empty ballot is a ballot: it counts in the
    number of voters. ``voters`` (optional) keeps the file's vote rows in order; when given, ``ballots`` must
    be their approval sets.
    """

    budget: Money
    projects: Mapping[ProjectId, Project]
    ballots: tuple[frozenset[ProjectId], ...]
    meta: Mapping[str, str] = field(default_factory=dict)
    vote_type: str = "approval"
    voters: tuple[Voter, ...] | None = None
    project_columns: tuple[str, ...] = ("project_id", "cost", "name")
    vote_columns: tuple[str, ...] = ("voter_id", "vote")

    def __post_init__(self) -> None:
        if isinstance(self.budget, bool) or not isinstance(self.budget, int | Fraction):
            raise TypeError("the budget must be an int or a Fraction (exact)")
        if self.budget < 0:
            raise ValueError(f"the budget is negative ({self.budget})")
        object.__setattr__(self, "budget", as_money(self.budget))
        projects = dict(self.projects)
        for project_id, project in projects.items():
            if project.project_id != project_id:
                raise ValueError(f"project {project.project_id} is filed under the id {project_id}")
        object.__setattr__(self, "projects", MappingProxyType(projects))
        ballots = tuple(frozenset(ballot) for ballot in self.ballots)
        for index, ballot in enumerate(ballots):
            unknown = ballot - projects.keys()
            if unknown:
                raise ValueError(f"ballot {index + 1} names unknown projects: {sorted(unknown)}")
        object.__setattr__(self, "ballots", ballots)
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))
        if self.voters is not None:
            voters = tuple(self.voters)
            if len(voters) != len(ballots) or any(
                frozenset(voter.vote) != ballot for voter, ballot in zip(voters, ballots, strict=True)
            ):
                raise ValueError("the ballots are not the approval sets of the voters' rows")
            object.__setattr__(self, "voters", voters)
        object.__setattr__(self, "project_columns", tuple(self.project_columns))
        object.__setattr__(self, "vote_columns", tuple(self.vote_columns))

    @classmethod
    def from_approvals(
        cls,
        budget: int | Fraction,
        costs: Mapping[ProjectId, int | Fraction],
        ballots: Iterable[Iterable[ProjectId]],
    ) -> Election:
        """A bare election, for tests and for callers that hold plain data (for example a stored budget)."""
        return cls(
            budget=budget,
            projects={project_id: Project(project_id, cost) for project_id, cost in costs.items()},
            ballots=tuple(frozenset(ballot) for ballot in ballots),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Election):
            return NotImplemented
        return (
            self.budget == other.budget
            and dict(self.projects) == dict(other.projects)
            and list(self.projects) == list(other.projects)
            and self.ballots == other.ballots
            and list(self.meta.items()) == list(other.meta.items())
            and self.vote_type == other.vote_type
            and self.voters == other.voters
            and self.project_columns == other.project_columns
            and self.vote_columns == other.vote_columns
        )

    def vote_counts(self) -> dict[ProjectId, int]:
        """Number of ballots approving each project (zero included), in project order."""
        counts = dict.fromkeys(self.projects, 0)
        counts.update(Counter(chain.from_iterable(self.ballots)))  # counted in C: ten times faster
        return counts

    def total_cost(self, project_ids: Iterable[ProjectId]) -> Money:
        return as_money(sum((self.projects[project_id].cost for project_id in project_ids), 0))


@dataclass(frozen=True)
class Outcome:
    """The funded projects, natural-sorted (set semantics: order carries no meaning), and their total cost."""

    selected: tuple[ProjectId, ...]
    total_cost: Money

    @classmethod
    def of(cls, election: Election, project_ids: Iterable[ProjectId]) -> Outcome:
        chosen = set(project_ids)
        return cls(selected=natural_sorted(chosen), total_cost=election.total_cost(chosen))
