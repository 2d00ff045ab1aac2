"""Allocation rules for participatory budgets: pure Python (no Django, no ORM), exact arithmetic.

``RULES`` maps a rule's name (the values of ``budgets.models.AllocationRule``) to a pure function
``Election -> Outcome``:

- ``greedy``: projects by votes, each funded if it still fits (``greedy.greedy``);
- ``equal-shares``: Method of Equal Shares with cost utilities, add1 completion then greedy
  (``equal_shares.equal_shares``);
- ``equal-shares-plain``: Method of Equal Shares with cost utilities, no completion
  (``equal_shares.equal_shares_plain``).

All three give the outcomes of pabutools 1.2.x with its default tie-breaking (project id compared as a
string). The submodules keep their names (``budgets.allocation.equal_shares`` is the module, not the
function).
"""

from collections.abc import Callable

from budgets.allocation.election import Election, Outcome, Project, Voter
from budgets.allocation.equal_shares import equal_shares as _equal_shares
from budgets.allocation.equal_shares import equal_shares_plain as _equal_shares_plain
from budgets.allocation.greedy import greedy as _greedy

RULES: dict[str, Callable[[Election], Outcome]] = {
    "greedy": _greedy,
    "equal-shares": _equal_shares,
    "equal-shares-plain": _equal_shares_plain,
}

__all__ = ["RULES", "Election", "Outcome", "Project", "Voter"]
