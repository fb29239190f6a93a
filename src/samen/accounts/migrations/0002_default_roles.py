"""The roles samen shipped with first. The data is frozen here as it was then: later changes
of the roles are later migrations (0003, 0004, hub 0002), so a fresh and an upgraded database
end the same."""

from django.db import migrations

ROLES = {
    "reporter": ("Reporter", ["signal.report"]),
    "advisor": ("Advisor (intake)", ["signal.intake", "signal.report"]),
    "weighing_team": ("Weighing team", ["signal.intake", "signal.weigh"]),
    "case_table_member": ("Case-table member", ["case.view", "meeting.view"]),
    "case_manager": ("Case manager", ["case.view", "case.manage", "meeting.view"]),
    "chair": ("Chair", ["case.view", "meeting.view", "meeting.chair"]),
    "analyst": ("Analyst", ["reports.view"]),
    "administrator": ("Administrator", ["users.manage"]),
    "dpo": ("Data protection officer", ["audit.view"]),
}


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (name, capabilities) in ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "capabilities": capabilities}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
