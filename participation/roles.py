"""The three staff roles, as groups carrying Django permissions that the predicates read.

`ensure_role_groups` is shared by the data migration (with the historical app registry) and by anything that
must restore the groups after a database flush (transactional tests), so the definition lives in one place."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ROLE_GROUPS = {
    "Moderators": ["moderate"],
    "Process administrators": [
        "administer_processes",
        *[
            f"{verb}_{model}"
            for model in ("process", "phase", "area", "category")
            for verb in ("add", "change", "delete", "view")
        ],
        "view_domainevent",
    ],
    "Evaluators": ["evaluate"],
}


def ensure_role_groups(*, apps=global_apps, using="default") -> None:
    """Creates the role groups and gives them their permissions; adds only what is missing (idempotent)."""
    ensure_groups(app_label="participation", role_groups=ROLE_GROUPS, apps=apps, using=using)


def ensure_groups(
    *, app_label: str, role_groups: dict[str, list[str]], apps=global_apps, using="default"
) -> None:
    """Gives each group of `role_groups` (created if missing) the permissions of `app_label` named by its
    codenames; adds only what is missing. Shared by every app that defines roles (budgets' desk agents)."""
    # Permissions are normally created after `migrate` finishes; the groups need them now.
    create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in role_groups.items():
        group, _created = Group.objects.using(using).get_or_create(name=group_name)
        permissions = Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for group {group_name}: {sorted(missing)}")
        group.permissions.add(*permissions)
