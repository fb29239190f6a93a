from django.db import migrations

# Frozen: the role as it was when this migration was written. Later changes to the default
# roles reach existing databases through `samen sync-defaults`, not by editing this file.
ROLE_CODE = "hub_editor"
ROLE_NAME = "Hub editor"
ROLE_CAPABILITIES = ["hub.edit"]


def create_role(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Role.objects.update_or_create(
        code=ROLE_CODE, defaults={"name": ROLE_NAME, "capabilities": list(ROLE_CAPABILITIES)}
    )


def remove_role(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code=ROLE_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_default_roles"), ("hub", "0001_initial")]

    operations = [migrations.RunPython(create_role, remove_role)]
