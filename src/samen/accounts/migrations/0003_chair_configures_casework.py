from django.db import migrations


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code="chair"):
        if "casework.configure" not in role.capabilities:
            role.capabilities = [*role.capabilities, "casework.configure"]
            role.save(update_fields=["capabilities"])


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code="chair"):
        role.capabilities = [c for c in role.capabilities if c != "casework.configure"]
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_default_roles")]

    operations = [migrations.RunPython(grant, revoke)]
