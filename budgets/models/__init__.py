from .associations import Association, AssociationInvitation, AssociationMembership, AssociationRole
from .ballots import Ballot, BallotChannel, BallotSelection, Basket, PaperBallotEntry, PaperEntryStatus
from .budgets import AllocationRule, BallotRule, Budget, BudgetProject
from .census import Census, CensusEntry, Voter, VotingCode, VotingCodeBatch
from .funded_projects import (
    SPENDING_STATES,
    FundedProject,
    FundedProjectExpense,
    FundedProjectFollow,
    FundedProjectMilestone,
    FundedProjectPhoto,
    FundedProjectState,
    FundedProjectTransition,
    FundedProjectUpdate,
    ProgressMode,
    ReceiptKind,
)
from .results import BudgetOutcome, ProjectResult

__all__ = [
    "SPENDING_STATES",
    "Association",
    "AssociationInvitation",
    "AssociationMembership",
    "AssociationRole",
    "FundedProject",
    "FundedProjectExpense",
    "FundedProjectFollow",
    "FundedProjectMilestone",
    "FundedProjectPhoto",
    "FundedProjectState",
    "FundedProjectTransition",
    "FundedProjectUpdate",
    "ProgressMode",
    "ReceiptKind",
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
