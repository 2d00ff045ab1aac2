"""The desk agent role, and what the process administrators need in the Django admin for budgets.

As in `participation.roles`: one definition shared by the data migration (historical app registry) and by
anything that must restore the groups after a database flush (transactional tests)."""

from django.apps import apps as global_apps

from participation.roles import ensure_groups

DESK_AGENTS = "Desk agents"
PROCESS_ADMINISTRATORS = "Process administrators"

BUDGET_ROLE_GROUPS = {
    # Cast ballots at a desk for residents who came in person, type in paper ballots.
    DESK_AGENTS: ["staff_desk"],
    # Process administrators may do everything in budgets (the rules say so); these model permissions only
    # open the Django admin pages of budgets and their projects to them.
    PROCESS_ADMINISTRATORS: [
        "staff_desk",
        *[
            f"{verb}_{model}"
            for model in ("budget", "budgetproject")
            for verb in ("add", "change", "delete", "view")
        ],
    ],
}


# Added with the funded projects (migration 0004): create associations and funded projects, link them, cancel
# a project; and their admin pages.
FUNDED_PROJECT_ROLE_GROUPS = {
    PROCESS_ADMINISTRATORS: [
        "staff_funded_projects",
        *[
            f"{verb}_{model}"
            for model in ("association", "associationmembership", "fundedproject")
            for verb in ("add", "change", "delete", "view")
        ],
    ],
}


def ensure_budget_role_groups(*, apps=global_apps, using="default") -> None:
    """Creates the "Desk agents" group and gives both groups their budgets permissions; adds only what is
    missing (idempotent). The "Process administrators" group is created here too if it does not exist yet."""
    ensure_groups(app_label="budgets", role_groups=BUDGET_ROLE_GROUPS, apps=apps, using=using)
    try:
        apps.get_model("budgets", "FundedProject")
    except LookupError:  # an older migration state, before funded projects existed
        return
    ensure_groups(app_label="budgets", role_groups=FUNDED_PROJECT_ROLE_GROUPS, apps=apps, using=using)
