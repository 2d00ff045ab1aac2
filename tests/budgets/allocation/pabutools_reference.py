"""The reference implementation: pabutools 1.2.x, run on a Placette ``Election``.

pabutools is a test-only dependency. Importing it must not fail silently: a test that needs it and cannot
import it fails with the message below (a skipped comparison would hide exactly what these tests are for).
"""

from __future__ import annotations

from budgets.allocation.election import Election

try:
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.fractions import frac
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
except ImportError as error:  # pragma: no cover - the message is the point
    IMPORT_ERROR: ImportError | None = error
else:
    IMPORT_ERROR = None

MISSING = (
    "pabutools is not importable ({error}). It is a test-only dependency: install the dev group "
    "(uv sync --all-groups) or `.venv/bin/uv pip install --python .venv/bin/python pabutools==1.2.3`."
)


def require_pabutools() -> None:
    if IMPORT_ERROR is not None:
        raise AssertionError(MISSING.format(error=IMPORT_ERROR))


def _instance_and_profile(election: Election):
    require_pabutools()
    projects = {}
    instance = Instance(
        budget_limit=frac(election.budget.numerator, election.budget.denominator)
        if hasattr(election.budget, "denominator")
        else frac(election.budget)
    )
    for project_id, project in election.projects.items():
        cost = project.cost
        projects[project_id] = Project(project_id, frac(cost.numerator, cost.denominator))
        instance.add(projects[project_id])
    profile = ApprovalProfile([ApprovalBallot(projects[p] for p in ballot) for ballot in election.ballots])
    return instance, profile


def reference_outcomes(election: Election) -> dict[str, set[str]]:
    """pabutools' outcome of each Placette rule, as sets of project ids."""
    instance, profile = _instance_and_profile(election)
    greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    plain = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    add1 = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    completed = add1
    if not instance.is_exhaustive(add1):
        completed = greedy_utilitarian_welfare(
            instance, profile, sat_class=Cost_Sat, initial_budget_allocation=add1
        )
    return {
        "greedy": {p.name for p in greedy},
        "equal-shares-plain": {p.name for p in plain},
        "equal-shares-add1": {p.name for p in add1},
        "equal-shares": {p.name for p in completed},
    }
