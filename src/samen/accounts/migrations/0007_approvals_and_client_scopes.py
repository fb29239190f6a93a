"""Four eyes and machine clients: the administrator and the chair (coordinator) approve what
another administrator asked (``users.approve``), and a machine client's scopes are three roles.
Data frozen as of this migration."""

from django.db import migrations

GRANTS = {
    "administrator": ["users.approve"],
    "chair": ["users.approve"],
}

CLIENT_ROLES = {
    "client_submit_signals": ("Client scope: submit signals", ["signal.report"]),
    "client_read_cases": (
        "Client scope: read the cases the organisation takes part in",
        ["case.view"],
    ),
    "client_move_phases": (
        "Client scope: move cases between phases",
        ["case.view", "case.manage"],
    ),
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, added in GRANTS.items():
        for role in Role.objects.filter(code=code):
            missing = [c for c in added if c not in role.capabilities]
            if missing:
                role.capabilities = [*role.capabilities, *missing]
                role.save(update_fields=["capabilities"])
    for code, (name, capabilities) in CLIENT_ROLES.items():
        Role.objects.get_or_create(code=code, defaults={"name": name, "capabilities": capabilities})


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, added in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.capabilities = [c for c in role.capabilities if c not in added]
            role.save(update_fields=["capabilities"])
    Role.objects.filter(code__in=CLIENT_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_regions_four_eyes_clients")]

    operations = [migrations.RunPython(grant, revoke)]
