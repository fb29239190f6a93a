from django.db import migrations


def load_thesaurus(apps, schema_editor):
    from samen.hub.thesaurus import SEED_CONCEPTS

    Concept = apps.get_model("hub", "Concept")
    for code, (nl, en, fr, alt) in SEED_CONCEPTS.items():
        Concept.objects.update_or_create(
            code=code,
            defaults={
                "label_nl": nl,
                "label_en": en,
                "label_fr": fr,
                "alt_labels": "\n".join(alt),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("hub", "0003_search_index")]

    operations = [migrations.RunPython(load_thesaurus, migrations.RunPython.noop)]
