from .api_tokens import ApiToken
from .comments import Comment, CommentAlignment
from .events import DomainEvent, EventKind
from .follows import Follow
from .pdf_reports import PdfReport, PdfReportState
from .processes import Area, Category, Feature, Phase, PhaseKind, Process
from .proposals import Proposal, ProposalState, ProposalTransition, RejectionReason
from .reports import Report, ReportReason, ReportResolution
from .supports import Support
from .users import User

__all__ = [
    "ApiToken",
    "Area",
    "Category",
    "Comment",
    "CommentAlignment",
    "DomainEvent",
    "EventKind",
    "Feature",
    "Follow",
    "PdfReport",
    "PdfReportState",
    "Phase",
    "PhaseKind",
    "Process",
    "Proposal",
    "ProposalState",
    "ProposalTransition",
    "RejectionReason",
    "Report",
    "ReportReason",
    "ReportResolution",
    "Support",
    "User",
]
