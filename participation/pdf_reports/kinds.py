"""The report kinds of the participation app: the process report and the proposal dossier. Registered by
`ParticipationConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from .. import charts, selectors
from ..models import CommentAlignment, Process, Proposal
from .registry import ReportKind, register

PROCESS_REPORT = "process"
PROPOSAL_DOSSIER = "proposal"
# A dossier with at least this many comment threads gets a table of contents.
LONG_DOSSIER_COMMENTS = 8


def process_report_context(process) -> dict:
    """The process report: phases, key numbers, proposals by state and by area (tables and bar charts), the
    list of public proposals by state. Four queries (`selectors.process_report_data`)."""
    data = selectors.process_report_data(process=process)
    return {
        "process": data.process,
        "data": data,
        "state_chart": charts.bars(data.by_state),
        "area_chart": charts.bars(data.by_area),
    }


def proposal_dossier_context(proposal) -> dict:
    """The proposal dossier: text, timeline with public reasons, answer, comments with their alignment
    (hidden and deleted ones left out). See `selectors.proposal_dossier_data` for the queries."""
    data = selectors.proposal_dossier_data(proposal=proposal)
    return {
        "process": data.proposal.process,
        "proposal": data.proposal,
        "data": data,
        "long_dossier_comments": LONG_DOSSIER_COMMENTS,
        "alignment_chart": charts.shares(
            [
                (CommentAlignment.FOR.value, CommentAlignment.FOR.label, data.count_for),
                (CommentAlignment.AGAINST.value, CommentAlignment.AGAINST.label, data.count_against),
                (CommentAlignment.NEUTRAL.value, CommentAlignment.NEUTRAL.label, data.count_neutral),
            ]
        ),
    }


def _process_report_title(process) -> str:
    return str(_("Report on the process “%(title)s”") % {"title": process.title})


def _dossier_title(proposal) -> str:
    return str(_("Dossier of the proposal “%(title)s”") % {"title": proposal.title})


def register_kinds() -> None:
    register(
        ReportKind(
            name=PROCESS_REPORT,
            label=_("Process report"),
            perm="participation.view_process_report",
            load=lambda pk: selectors.process_for_report(pk=pk),
            context=process_report_context,
            template="reports/process.html",
            title=_process_report_title,
            filename=lambda process: f"{process.slug}-report.pdf",
            page_url=lambda process: process.get_absolute_url(),
            model=Process,
        )
    )
    register(
        ReportKind(
            name=PROPOSAL_DOSSIER,
            label=_("Proposal dossier"),
            perm="participation.view_proposal_dossier",
            load=lambda pk: selectors.proposal_for_report(pk=pk),
            context=proposal_dossier_context,
            template="reports/proposal.html",
            title=_dossier_title,
            filename=lambda proposal: f"{proposal.process.slug}-proposal-{proposal.pk}.pdf",
            page_url=lambda proposal: proposal.get_absolute_url(),
            model=Proposal,
        )
    )
