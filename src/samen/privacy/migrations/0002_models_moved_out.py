"""LegalHold moves to casework and RetainedStatistic to reports: privacy forgets them (state
only); their tables are renamed by the receiving apps' migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("casework", "0009_legalhold_moved_from_privacy"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="retainedstatistic", name="municipality"),
                migrations.DeleteModel(name="LegalHold"),
                migrations.DeleteModel(name="RetainedStatistic"),
            ]
        ),
    ]
