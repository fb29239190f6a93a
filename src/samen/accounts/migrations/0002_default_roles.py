from django.db import migrations


def create_roles(apps, schema_editor):
    from samen.accounts.capabilities import DEFAULT_ROLES

    Role = apps.get_model("accounts", "Role")
    for code, (name, capabilities) in DEFAULT_ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "capabilities": [str(c) for c in capabilities]}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
