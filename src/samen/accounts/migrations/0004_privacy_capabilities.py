"""Subject rights, retention and the register get capabilities of their own instead of
riding on "audit.view": the data protection officer keeps all three, the chair (coordinator)
watches retention, the administrator keeps the register. Data frozen as of this migration."""

from django.db import migrations

GRANTS = {
    "dpo": ["privacy.subject_rights", "privacy.retention", "privacy.register"],
    "chair": ["privacy.retention"],
    "administrator": ["privacy.register"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, added in GRANTS.items():
        for role in Role.objects.filter(code=code):
            missing = [c for c in added if c not in role.capabilities]
            if missing:
                role.capabilities = [*role.capabilities, *missing]
                role.save(update_fields=["capabilities"])


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, added in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in added]
            role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_chair_configures_casework")]

    operations = [migrations.RunPython(grant, revoke)]
