"""The permission matrix of the participation domain: for every action, who may do it before, during and after
the phase that allows it. Shared by tests/participation/test_rules.py (what `has_perm` answers) and
tests/participation/services/test_permission_matrix.py (what the service does).

Each action arranges its object in a process whose open phase is the one named for the timing, then names the
roles allowed at that timing. Roles: anonymous, unverified (signed in, e-mail not confirmed), resident,
author (of the proposal or comment acted on; a resident), moderator, process_admin, evaluator.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser

from participation.models import (
    Comment,
    DomainEvent,
    Follow,
    Phase,
    Proposal,
    ProposalTransition,
    Report,
    Support,
)
from participation.services import comments, follows, phases, proposals, reports, supports
from tests.factories import (
    AreaFactory,
    CommentFactory,
    ProcessFactory,
    ProposalFactory,
    UserFactory,
)

ROLES = ("anonymous", "unverified", "resident", "author", "moderator", "process_admin", "evaluator")
VERIFIED = frozenset({"resident", "author", "moderator", "process_admin", "evaluator"})
STAFF = frozenset({"moderator", "process_admin"})
NOBODY: frozenset[str] = frozenset()
TIMINGS = ("before", "during", "after")


@dataclass(frozen=True)
class Action:
    perm: str
    # The open phase kind for each timing.
    phases: dict[str, str]
    # Roles allowed at each timing.
    allowed: dict[str, frozenset[str]]
    # What the arranged object is: "process", "draft", "submitted", "in_debate", "comment", "phase", "none",
    # or a dict timing -> proposal state.
    target: Any = "in_debate"


def _same(roles):
    return {timing: frozenset(roles) for timing in TIMINGS}


def _only_during(roles):
    return {"before": NOBODY, "during": frozenset(roles), "after": NOBODY}


ANY_TIME = {"before": "submission", "during": "debate", "after": "evaluation"}

ACTIONS = {
    "add_proposal": Action(
        "participation.add_proposal",
        {"before": "information", "during": "submission", "after": "debate"},
        _only_during(VERIFIED),
        target="process",
    ),
    "submit_proposal": Action(
        "participation.submit_proposal",
        {"before": "information", "during": "submission", "after": "debate"},
        _only_during({"author"}),
        target="draft",
    ),
    "change_proposal": Action(
        "participation.change_proposal",
        {"before": "information", "during": "submission", "after": "debate"},
        _same({"author"}),
        target="submitted",
    ),
    "withdraw_proposal": Action(
        "participation.withdraw_proposal",
        {"before": "submission", "during": "debate", "after": "vote"},
        {"before": frozenset({"author"}), "during": frozenset({"author"}), "after": NOBODY},
        target={"before": "submitted", "during": "in_debate", "after": "in_debate"},
    ),
    "admit_proposal": Action("participation.admit_proposal", ANY_TIME, _same(STAFF), target="submitted"),
    "reject_proposal": Action(
        "participation.reject_proposal",
        {"before": "debate", "during": "evaluation", "after": "vote"},
        {"before": STAFF, "during": STAFF | {"evaluator"}, "after": STAFF},
    ),
    "evaluate_proposal": Action(
        "participation.evaluate_proposal",
        {"before": "debate", "during": "evaluation", "after": "vote"},
        _only_during({"evaluator", "process_admin"}),
    ),
    "hide_proposal": Action("participation.hide_proposal", ANY_TIME, _same(STAFF)),
    "add_comment": Action(
        "participation.add_comment",
        {"before": "submission", "during": "debate", "after": "evaluation"},
        _only_during(VERIFIED),
    ),
    "change_comment": Action(
        "participation.change_comment",
        {"before": "submission", "during": "debate", "after": "evaluation"},
        _only_during({"author"}),
        target="comment",
    ),
    "delete_comment": Action("participation.delete_comment", ANY_TIME, _same({"author"}), target="comment"),
    "hide_comment": Action("participation.hide_comment", ANY_TIME, _same(STAFF), target="comment"),
    "support_proposal": Action(
        "participation.support_proposal",
        {"before": "submission", "during": "debate", "after": "evaluation"},
        _only_during(VERIFIED),
    ),
    "follow_proposal": Action("participation.follow_proposal", ANY_TIME, _same(VERIFIED)),
    "follow_process": Action("participation.follow_process", ANY_TIME, _same(VERIFIED), target="process"),
    "report_content": Action("participation.report_content", ANY_TIME, _same(VERIFIED - {"author"})),
    "access_moderation": Action("participation.access_moderation", ANY_TIME, _same(STAFF), target="none"),
    "access_evaluation": Action(
        "participation.access_evaluation", ANY_TIME, _same({"evaluator", "process_admin"}), target="none"
    ),
    # The phase acted on is the submission phase: to come, open, over.
    "close_phase": Action(
        "participation.close_phase",
        {"before": "information", "during": "submission", "after": "debate"},
        _only_during({"process_admin"}),
        target="phase",
    ),
}


@dataclass
class Arranged:
    actor: Any
    obj: Any
    process: Any
    author: Any
    report: Any = None


def make_actor(role: str, author):
    if role == "anonymous":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory(unverified=True)
    if role == "resident":
        return UserFactory()
    if role == "author":
        return author
    return UserFactory(**{role: True})


def arrange(action_name: str, timing: str, role: str) -> Arranged:
    action = ACTIONS[action_name]
    process = ProcessFactory(with_phase=action.phases[timing])
    author = UserFactory()
    target = action.target[timing] if isinstance(action.target, dict) else action.target
    if target in ("draft", "submitted", "in_debate"):
        obj = ProposalFactory(process=process, author=author, state=target)
    elif target == "comment":
        proposal = ProposalFactory(process=process, state="in_debate")
        obj = CommentFactory(proposal=proposal, author=author)
    elif target == "phase":
        obj = Phase.objects.get(process=process, kind="submission")
    elif target == "process":
        obj = process
    else:
        obj = None
    report = None
    if action_name == "access_moderation":
        report = Report.objects.create(
            reporter=UserFactory(), proposal=ProposalFactory(process=process), reason="spam"
        )
    return Arranged(actor=make_actor(role, author), obj=obj, process=process, author=author, report=report)


def perform(action_name: str, arranged: Arranged):
    """Calls the service behind the action (the one place the rule is enforced)."""
    actor, obj = arranged.actor, arranged.obj
    if action_name == "add_proposal":
        return proposals.proposal_create(
            actor=actor,
            process=obj,
            title="Réparer le lavoir du village",
            body="Le lavoir tombe en ruine.",
            area=AreaFactory(),
        )
    if action_name == "submit_proposal":
        return proposals.proposal_submit(actor=actor, proposal=obj)
    if action_name == "change_proposal":
        return proposals.proposal_update(
            actor=actor,
            proposal=obj,
            title="Un nouveau titre plus clair",
            body="Un texte revu.",
            area=obj.area,
            category=None,
            latitude=None,
            longitude=None,
        )
    if action_name == "withdraw_proposal":
        return proposals.proposal_withdraw(actor=actor, proposal=obj)
    if action_name == "admit_proposal":
        return proposals.proposal_admit(actor=actor, proposal=obj)
    if action_name == "reject_proposal":
        return proposals.proposal_reject(
            actor=actor,
            proposal=obj,
            reason="not_feasible",
            public_reason="Le terrain n'appartient pas à la commune.",
        )
    if action_name == "evaluate_proposal":
        return proposals.proposal_accept(
            actor=actor, proposal=obj, cost_estimate_cents=1_200_000, answer="Faisable pour 12 000 euros."
        )
    if action_name == "hide_proposal":
        return proposals.proposal_hide(actor=actor, proposal=obj, reason="Propos injurieux.")
    if action_name == "add_comment":
        return comments.comment_create(actor=actor, proposal=obj, body="Bonne idée.", alignment="for")
    if action_name == "change_comment":
        return comments.comment_update(actor=actor, comment=obj, body="Idée revue.", alignment="against")
    if action_name == "delete_comment":
        return comments.comment_delete(actor=actor, comment=obj)
    if action_name == "hide_comment":
        return comments.comment_hide(actor=actor, comment=obj, reason="Hors sujet et insultant.")
    if action_name == "support_proposal":
        return supports.support_add(actor=actor, proposal=obj)
    if action_name == "follow_proposal":
        return follows.follow_add(actor=actor, proposal=obj)
    if action_name == "follow_process":
        return follows.follow_add(actor=actor, process=obj)
    if action_name == "report_content":
        return reports.report_create(actor=actor, proposal=obj, reason="spam")
    if action_name == "access_moderation":
        return reports.report_dismiss(actor=actor, report=arranged.report)
    if action_name == "close_phase":
        return phases.phase_close_early(actor=actor, phase=obj)
    raise LookupError(action_name)


def has_service(action_name: str) -> bool:
    return action_name != "access_evaluation"


def db_snapshot() -> dict:
    """Everything a refused action must leave untouched."""
    return {
        "proposals": list(
            Proposal.objects.order_by("pk").values_list(
                "pk",
                "state",
                "title",
                "body",
                "edited_at",
                "hidden_at",
                "supports_count",
                "comments_count",
                "cost_estimate_cents",
                "rejection_reason",
            )
        ),
        "comments": list(
            Comment.objects.order_by("pk").values_list(
                "pk", "body", "alignment", "edited_at", "deleted_at", "hidden_at"
            )
        ),
        "phases": list(
            Phase.objects.order_by("pk").values_list(
                "pk", "closed_at", "opening_applied_at", "closing_applied_at"
            )
        ),
        "reports": list(Report.objects.order_by("pk").values_list("pk", "resolved_at", "resolution")),
        "transitions": ProposalTransition.objects.count(),
        "events": DomainEvent.objects.count(),
        "supports": Support.objects.count(),
        "follows": Follow.objects.count(),
    }


def matrix_cases():
    for action_name, action in ACTIONS.items():
        for timing in TIMINGS:
            for role in ROLES:
                yield action_name, timing, role, role in action.allowed[timing]
