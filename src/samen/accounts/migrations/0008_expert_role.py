"""Experts and providers (issue 11, point 4): a role that sees only the orders given to its
holder. Data frozen as of this migration."""

from django.db import migrations

ROLES = {"expert": ("Expert or provider", ["expert.orders"])}


def create(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (name, capabilities) in ROLES.items():
        Role.objects.get_or_create(code=code, defaults={"name": name, "capabilities": capabilities})


def remove(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Role.objects.filter(code__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_approvals_and_client_scopes")]

    operations = [migrations.RunPython(create, remove)]
