"""samen's own search index (sources, passages, terms, words, postings), country codes, the
thesaurus' broader relations and label sources, and the re-import fingerprint of documents.

The old index (FTS5 on SQLite, a tsvector column on PostgreSQL) is dropped; the new index is
derived data that ``samen hub-reindex`` (and the app's post-migrate hook) fills. Country names
become ISO 3166 codes with the frozen table below. See docs/decisions/0011-hub-search-own-index.md.
"""

import re
import unicodedata

import django.db.models.deletion
from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS hub_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS hub_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS hub_searchentry_fts_update",
    "DROP TABLE IF EXISTS hub_search_fts",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS hub_searchentry_vector",
    "ALTER TABLE hub_searchentry DROP COLUMN IF EXISTS search_vector",
]

# Frozen: the country names met so far in profiles (in Dutch, English and French) and their
# ISO 3166 codes. A name not in the table is kept in the profile's "text not placed".
COUNTRY_CODES = {
    "nederland": "NL", "the netherlands": "NL", "netherlands": "NL", "pays bas": "NL",
    "holland": "NL", "nl": "NL",
    "belgie": "BE", "belgium": "BE", "belgique": "BE", "be": "BE",
    "france": "FR", "frankrijk": "FR", "fr": "FR",
    "united kingdom": "GB", "the united kingdom": "GB", "royaume uni": "GB",
    "verenigd koninkrijk": "GB", "uk": "GB", "gb": "GB",
    "germany": "DE", "allemagne": "DE", "duitsland": "DE", "deutschland": "DE",
    "luxembourg": "LU", "luxemburg": "LU",
    "denmark": "DK", "danemark": "DK", "denemarken": "DK",
    "sweden": "SE", "suede": "SE", "zweden": "SE",
    "norway": "NO", "norvege": "NO", "noorwegen": "NO",
    "spain": "ES", "espagne": "ES", "spanje": "ES",
    "italy": "IT", "italie": "IT", "italie ": "IT",
    "austria": "AT", "autriche": "AT", "oostenrijk": "AT",
    "switzerland": "CH", "suisse": "CH", "zwitserland": "CH",
    "canada": "CA", "united states": "US", "etats unis": "US", "verenigde staten": "US",
    "morocco": "MA", "maroc": "MA", "marokko": "MA",
    "tunisia": "TN", "tunisie": "TN", "tunesie": "TN",
    "kenya": "KE", "lebanon": "LB", "liban": "LB", "libanon": "LB",
    "jordan": "JO", "jordanie": "JO", "jordanie ": "JO",
}


def _key(name):
    decomposed = unicodedata.normalize("NFKD", name.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


def countries_to_codes(apps, schema_editor):
    CityProfile = apps.get_model("hub", "CityProfile")
    for profile in CityProfile.objects.all():
        name = profile.country or ""
        code = COUNTRY_CODES.get(_key(name), "")
        if not code and name.strip():
            note = f"Country: {name}"
            profile.unplaced_text = f"{profile.unplaced_text}\n\n{note}".strip()
        profile.country = code
        profile.save(update_fields=["country", "unplaced_text"])


def drop_old_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("hub", "0004_thesaurus")]

    operations = [
        migrations.RunPython(drop_old_index, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchEntry"),
        # Country names become codes (the data first, while the column is still wide).
        migrations.RunPython(countries_to_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cityprofile",
            name="country",
            field=models.CharField(
                blank=True, help_text="ISO 3166 country code, e.g. NL.", max_length=2,
                verbose_name="country",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="country",
            field=models.CharField(
                blank=True, help_text="ISO 3166 country code; the city's country when empty.",
                max_length=2, verbose_name="country",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="fingerprint",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="importrecord",
            name="document",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="imports",
                to="hub.document",
            ),
        ),
        migrations.AddField(
            model_name="importrecord",
            name="replaced",
            field=models.BooleanField(default=False),
        ),
        # The thesaurus: labels may be missing in a language, broader concepts, label sources.
        migrations.AlterField(
            model_name="concept", name="label_nl",
            field=models.CharField(blank=True, max_length=200, verbose_name="Dutch label"),
        ),
        migrations.AlterField(
            model_name="concept", name="label_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="English label"),
        ),
        migrations.AlterField(
            model_name="concept", name="label_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="French label"),
        ),
        migrations.AddField(
            model_name="concept",
            name="broader",
            field=models.ManyToManyField(
                blank=True,
                help_text="A search for this concept also finds its broader and narrower "
                "concepts, ranked below it.",
                related_name="narrower", to="hub.concept", verbose_name="broader concepts",
            ),
        ),
        migrations.AddField(
            model_name="concept",
            name="label_sources",
            field=models.JSONField(blank=True, default=dict, verbose_name="sources of the labels"),
        ),
        migrations.AddField(
            model_name="concept",
            name="shipped",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="concept",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        # The index.
        migrations.CreateModel(
            name="SearchSource",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("profile", "City profile"), ("practice", "Practice"), ("document", "Document")], max_length=10)),
                ("title", models.CharField(max_length=300)),
                ("language", models.CharField(blank=True, max_length=2)),
                ("city", models.CharField(blank=True, max_length=120)),
                ("country", models.CharField(blank=True, max_length=2)),
                ("document", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="hub.document")),
                ("keywords", models.ManyToManyField(blank=True, related_name="+", to="hub.keyword")),
                ("practice", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="hub.practice")),
                ("profile", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="hub.cityprofile")),
            ],
            options={
                "indexes": [
                    models.Index(fields=["kind"], name="hub_source_kind"),
                    models.Index(fields=["language"], name="hub_source_language"),
                    models.Index(fields=["country", "city"], name="hub_source_place"),
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("heading", models.CharField(blank=True, max_length=900)),
                ("body", models.TextField(blank=True)),
                ("length", models.PositiveIntegerField(default=0)),
                ("section", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="hub.section")),
                ("source", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="entries", to="hub.searchsource")),
            ],
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=100, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=100, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchPosting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tf", models.FloatField()),
                ("length", models.PositiveIntegerField()),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="postings", to="hub.searchentry")),
                ("source", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="hub.searchsource")),
                ("term", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="hub.searchterm")),
            ],
            options={
                "indexes": [
                    models.Index(fields=["term", "source", "entry", "tf", "length"], name="hub_posting_term"),
                ],
            },
        ),
    ]
