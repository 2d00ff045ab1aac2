"""The three staff roles as groups carrying one permission each (plus, for process administrators, the model
permissions the Django admin needs to manage processes, phases, areas and categories). Idempotent: running it
on a database that already has the groups only adds what is missing."""

from django.db import migrations

from participation.roles import ROLE_GROUPS, ensure_role_groups


def create_role_groups(apps, schema_editor):
    ensure_role_groups(apps=apps, using=schema_editor.connection.alias)


def delete_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=list(ROLE_GROUPS)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0002_model_permissions_are_rules"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
