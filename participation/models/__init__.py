from .api_tokens import ApiToken
from .comments import Comment, CommentAlignment
from .events import DomainEvent, EventKind
from .follows import Follow
from .notifications import (
    DEFAULT_FREQUENCY,
    EmailState,
    Notification,
    NotificationFrequency,
    NotificationPreference,
    NotificationTopic,
)
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
    "DEFAULT_FREQUENCY",
    "DomainEvent",
    "EmailState",
    "EventKind",
    "Feature",
    "Follow",
    "Notification",
    "NotificationFrequency",
    "NotificationPreference",
    "NotificationTopic",
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
