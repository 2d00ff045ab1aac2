"""The "Desk agents" group (permission `budgets.staff_desk`) and the budgets admin permissions of the process
administrators. Idempotent: running it on a database that already has them only adds what is missing."""

from django.db import migrations

from budgets.roles import DESK_AGENTS, ensure_budget_role_groups


def create_groups(apps, schema_editor):
    ensure_budget_role_groups(apps=apps, using=schema_editor.connection.alias)


def delete_desk_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=DESK_AGENTS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0003_role_groups"),
        ("budgets", "0002_desk_permission_and_paper_second_voter"),
    ]

    operations = [migrations.RunPython(create_groups, delete_desk_group)]
