"""The prevention programme: the chair (coordinator) keeps the plan, its budget, trainings and
network; a new role for the lead of an action ("trekker") updates the progress of their own
actions. Data frozen as of this migration."""

from django.db import migrations

GRANTS = {"chair": ["programme.view", "programme.manage", "programme.network"]}
ROLES = {"programme_lead": ("Action lead (trekker)", ["programme.lead"])}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, added in GRANTS.items():
        for role in Role.objects.filter(code=code):
            missing = [c for c in added if c not in role.capabilities]
            if missing:
                role.capabilities = [*role.capabilities, *missing]
                role.save(update_fields=["capabilities"])
    for code, (name, capabilities) in ROLES.items():
        Role.objects.get_or_create(code=code, defaults={"name": name, "capabilities": capabilities})


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, added in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in added]
            role.save(update_fields=["capabilities"])
    Role.objects.filter(code__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_privacy_capabilities")]

    operations = [migrations.RunPython(grant, revoke)]
