"""The named permissions of the budgets domain, built from `budgets.predicates`. Services enforce them with
`participation.permissions.require_perm`; views and templates only ask (`{% has_perm %}`).

Phase conditions are part of the rules so that a page never offers what the service would refuse; services
check the phase first anyway to answer with a precise `DomainError`. Imported at start-up by
`rules.apps.AutodiscoverRulesConfig`."""

import rules

from .predicates import (
    budget_is_counted,
    census_required,
    funded_project_accepts_expenses,
    funded_project_is_open,
    funded_project_is_public,
    is_association_manager,
    is_carrying_member,
    is_desk_agent,
    is_funded_projects_staff,
    is_process_admin,
    is_staff_member,
    is_verified_resident,
    may_vote_in_budget,
    process_is_published,
    results_have_started,
    vote_has_ended,
    vote_is_open,
)


@rules.predicate
def _has_object(user, obj) -> bool:
    return obj is not None


# Members of an association carrying the funded project, and staff.
_reporter = is_carrying_member | is_funded_projects_staff

PERMISSIONS = {
    # Residents ----------------------------------------------------------------------------------------------
    # obj budget: a verified resident who is a voter of the process (census-verified when there is a census)
    # and of the budget's area, while the vote is open. Voters identified by a voting code have no account:
    # the services check them directly (see `budgets.services.voters.require_may_vote`).
    "budgets.vote": is_verified_resident & process_is_published & vote_is_open & may_vote_in_budget,
    # obj process: prove one's eligibility against the census, until the vote is over.
    "budgets.verify_eligibility": (
        is_verified_resident & process_is_published & census_required & ~vote_has_ended
    ),
    # obj budget: public once the results phase has started and the votes are counted; staff earlier.
    "budgets.view_results": _has_object
    & ((process_is_published & results_have_started & budget_is_counted) | is_staff_member),
    # Staff (obj process) ------------------------------------------------------------------------------------
    "budgets.manage_budgets": is_process_admin,
    "budgets.manage_census": is_process_admin,
    "budgets.generate_codes": is_process_admin & ~vote_has_ended,
    "budgets.cast_at_desk": (is_desk_agent | is_process_admin) & vote_is_open,
    "budgets.enter_paper_ballots": is_desk_agent | is_process_admin,
    "budgets.resolve_paper_ballots": is_process_admin,
    "budgets.close_vote": is_process_admin,
    # Funded projects (obj funded project) -------------------------------------------------------------------
    # Public when outside any process or in a published one; staff always.
    "budgets.view_funded_project": _has_object & (funded_project_is_public | is_funded_projects_staff),
    # Like following a proposal or a process: a verified resident.
    "budgets.follow_funded_project": is_verified_resident & _has_object & funded_project_is_public,
    # Who reports on a project, whatever its state: members of a carrying association, and staff.
    "budgets.report_on_funded_project": _reporter,
    # The people who report on a project: members of a carrying association, and staff.
    "budgets.post_funded_project_update": _reporter & funded_project_is_open,
    "budgets.manage_milestones": _reporter & funded_project_is_open,
    "budgets.declare_expense": _reporter & funded_project_accepts_expenses,
    "budgets.set_funded_project_progress": _reporter & funded_project_is_open,
    # start, pause, resume, complete (the `permission=` of those transitions on `FundedProject`).
    "budgets.change_funded_project_state": is_carrying_member | is_funded_projects_staff,
    # cancel: staff only, with a public reason.
    "budgets.cancel_funded_project": is_funded_projects_staff,
    # Staff (no object): create funded projects and associations, link them.
    "budgets.manage_funded_projects": is_funded_projects_staff,
    # obj association: invite and remove members.
    "budgets.manage_association_members": is_association_manager | is_funded_projects_staff,
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
