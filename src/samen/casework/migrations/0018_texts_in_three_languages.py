# Decision trees and weighing criteria in Dutch, English and French: the existing (Dutch)
# column is renamed to its _nl column, the English and French columns are added empty.

from django.db import migrations, models


def _three(model: str, name: str, label: str, field: type, **options: object) -> list:
    nl = f"{label} in Dutch"
    return [
        migrations.RenameField(model_name=model, old_name=name, new_name=f"{name}_nl"),
        migrations.AlterField(
            model_name=model, name=f"{name}_nl", field=field(verbose_name=nl, **options)
        ),
        migrations.AddField(
            model_name=model,
            name=f"{name}_en",
            field=field(blank=True, verbose_name=f"{label} in English", **options),
        ),
        migrations.AddField(
            model_name=model,
            name=f"{name}_fr",
            field=field(blank=True, verbose_name=f"{label} in French", **options),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0017_hand_overs"),
    ]

    operations = [
        *_three("guidancetree", "title", "title", models.CharField, max_length=200),
        *_three("guidancenode", "text", "text", models.TextField),
        *_three("guidanceanswer", "label", "answer", models.CharField, max_length=200),
        *_three("weighingcriterion", "text", "criterion", models.CharField, max_length=300),
        migrations.AlterModelOptions(
            name="guidancetree",
            options={
                "ordering": ["audience", "title_nl"],
                "verbose_name": "decision tree",
                "verbose_name_plural": "decision trees",
            },
        ),
        migrations.AddField(
            model_name="signal",
            name="guidance_language",
            field=models.CharField(blank=True, default="", editable=False, max_length=2),
        ),
    ]
