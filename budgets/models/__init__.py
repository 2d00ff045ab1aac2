from .ballots import Ballot, BallotChannel, BallotSelection, Basket, PaperBallotEntry, PaperEntryStatus
from .budgets import AllocationRule, BallotRule, Budget, BudgetProject
from .census import Census, CensusEntry, Voter, VotingCode, VotingCodeBatch
from .results import BudgetOutcome, ProjectResult

__all__ = [
    "AllocationRule",
    "Ballot",
    "BallotChannel",
    "BallotRule",
    "BallotSelection",
    "Basket",
    "Budget",
    "BudgetOutcome",
    "BudgetProject",
    "Census",
    "CensusEntry",
    "PaperBallotEntry",
    "PaperEntryStatus",
    "ProjectResult",
    "Voter",
    "VotingCode",
    "VotingCodeBatch",
]
