"""The named permissions of Placette's participation domain, built from `predicates`. Services enforce them
with `permissions.require_perm`; views and templates only ask (`{% has_perm %}`) to show or hide a button.

State and phase conditions are part of the rules so that a template never shows a button the service would
refuse; services check the state and the phase first anyway, to answer with a precise `DomainError`.
Imported at start-up by `rules.apps.AutodiscoverRulesConfig`.
"""

import rules

from .predicates import (
    DRAFT,
    IN_DEBATE,
    SUBMITTED,
    is_author,
    is_deleted,
    is_evaluator,
    is_hidden,
    is_process_admin,
    is_public_state,
    is_staff_member,
    is_verified_resident,
    phase_allows,
    phase_is_open,
    process_is_published,
    state_in,
    vote_has_started,
)


@rules.predicate
def _has_object(user, obj) -> bool:
    return obj is not None


@rules.predicate
def _is_public_content(user, obj) -> bool:
    """A comment, or a proposal that left the draft state."""
    return obj is not None and (not hasattr(obj, "state") or is_public_state(user, obj))


PERMISSIONS = {
    # Proposals ----------------------------------------------------------------------------------------------
    "participation.view_proposal": _has_object
    & ((is_public_state & process_is_published) | is_author | is_staff_member),
    "participation.add_proposal": is_verified_resident & process_is_published & phase_allows("submit"),
    "participation.change_proposal": is_verified_resident & is_author & state_in(DRAFT, SUBMITTED),
    "participation.submit_proposal": (
        is_verified_resident & is_author & state_in(DRAFT) & phase_allows("submit")
    ),
    "participation.withdraw_proposal": is_author & state_in(SUBMITTED, IN_DEBATE) & ~vote_has_started,
    "participation.admit_proposal": is_staff_member & state_in(SUBMITTED),
    "participation.reject_proposal": (
        (is_staff_member & state_in(SUBMITTED, IN_DEBATE))
        | (is_evaluator & state_in(IN_DEBATE) & phase_allows("evaluate"))
    ),
    "participation.evaluate_proposal": (
        (is_evaluator | is_process_admin) & state_in(IN_DEBATE) & phase_allows("evaluate")
    ),
    "participation.hide_proposal": _has_object & is_staff_member,
    # Debate -------------------------------------------------------------------------------------------------
    "participation.add_comment": (
        is_verified_resident & state_in(IN_DEBATE) & ~is_hidden & phase_allows("comment")
    ),
    "participation.change_comment": (
        is_verified_resident
        & is_author
        & ~is_deleted
        & ~is_hidden
        & state_in(IN_DEBATE)
        & phase_allows("comment")
    ),
    # Removing one's own words is always possible, whatever the phase.
    "participation.delete_comment": is_author & ~is_deleted,
    "participation.hide_comment": _has_object & is_staff_member,
    # Supports and follows -----------------------------------------------------------------------------------
    "participation.support_proposal": (
        is_verified_resident & state_in(IN_DEBATE) & ~is_hidden & phase_allows("support")
    ),
    "participation.follow_proposal": is_verified_resident & is_public_state & process_is_published,
    "participation.follow_process": is_verified_resident & process_is_published,
    "participation.report_content": (
        is_verified_resident & _is_public_content & ~is_author & ~is_hidden & ~is_deleted
    ),
    # PDF reports (participation.pdf_reports): public documents, asked for and downloaded by anyone who may
    # see what they print; a hidden proposal has no public dossier. -----------------------------------------
    "participation.view_process_report": _has_object & (process_is_published | is_staff_member),
    "participation.view_proposal_dossier": _has_object
    & ~is_hidden
    & ((is_public_state & process_is_published) | is_staff_member),
    # Staff pages --------------------------------------------------------------------------------------------
    "participation.access_moderation": is_staff_member,
    "participation.access_evaluation": is_evaluator | is_process_admin,
    "participation.close_phase": is_process_admin & phase_is_open,
    # Notification e-mails that failed: moderators and process administrators see them and send them again.
    "participation.view_failed_notifications": is_staff_member,
    "participation.retry_notification_email": is_staff_member,
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
