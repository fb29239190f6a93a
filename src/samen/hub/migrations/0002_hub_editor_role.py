from django.db import migrations


def create_role(apps, schema_editor):
    from samen.accounts.capabilities import DEFAULT_ROLES

    Role = apps.get_model("accounts", "Role")
    name, capabilities = DEFAULT_ROLES["hub_editor"]
    Role.objects.update_or_create(
        code="hub_editor", defaults={"name": name, "capabilities": [str(c) for c in capabilities]}
    )


def remove_role(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code="hub_editor").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_default_roles"), ("hub", "0001_initial")]

    operations = [migrations.RunPython(create_role, remove_role)]
