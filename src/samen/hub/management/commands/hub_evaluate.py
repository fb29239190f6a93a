"""Measure the hub search against the relevance set, beside a plain ranked baseline.

Runs in a scratch database (Django's test database for the configured one: SQLite in memory,
or a ``test_…`` database on the PostgreSQL server of DATABASE_URL), loads the demo content and
the seeds, and prints MRR, recall@5, nDCG@10 and the zero-result count per language and
overall. Never touches the configured database itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

GOALS = {"mrr": 0.85, "recall@5": 0.8}


class Command(BaseCommand):
    help = "Evaluate the knowledge hub search (MRR, recall@5, nDCG@10) in a scratch database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--seeds",
            type=Path,
            help="folder with the public source documents named in the relevance set",
        )
        parser.add_argument("--relevance", type=Path, help="another relevance set (JSON)")
        parser.add_argument("--details", action="store_true", help="print every query")
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("run hub-evaluate with SAMEN_MODE=test or demo")
        from samen.hub import evaluation

        data = evaluation.relevance_set(options["relevance"] or evaluation.RELEVANCE)
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            from samen.hub.demo import load_hub_demo_data

            load_hub_demo_data()
            available = {evaluation.source_key(s) for s in self._sources()}
            if options["seeds"]:
                if not options["seeds"].is_dir():
                    raise CommandError(f"{options['seeds']} is not a folder")
                available |= set(evaluation.load_seeds(options["seeds"], data["seeds"]))
            results = evaluation.evaluate(data, available)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if options["json"]:
            self.stdout.write(json.dumps(results, indent=1, ensure_ascii=False))
            return
        self._print(results, connection.vendor, options["details"])

    def _sources(self) -> Any:
        from samen.hub.models import SearchSource

        return SearchSource.objects.select_related("profile", "practice", "document")

    def _print(self, results: dict[str, Any], vendor: str, details: bool) -> None:
        if details:
            for row in results["details"]:
                self.stdout.write(f"{row['id']} {row['query']!r}")
                self.stdout.write(f"    samen:    {', '.join(row['samen'])}")
                self.stdout.write(f"    baseline: {', '.join(row['baseline'])}")
        summary = results["summary"]
        self.stdout.write(
            f"database: {vendor}; queries skipped (seeds not loaded): {results['skipped']}"
        )
        header = (
            f"{'system':10} {'lang':4} {'n':>3} {'MRR':>6} {'R@5':>6} {'nDCG10':>7} "
            f"{'zero':>5} {'ms':>6}"
        )
        self.stdout.write(header)
        for name in ("samen", "baseline"):
            for language in ("en", "nl", "fr", "all"):
                s = summary[name].get(language)
                if not s:
                    continue
                self.stdout.write(
                    f"{name:10} {language:4} {s['queries']:>3} {s['mrr']:>6.3f} "
                    f"{s['recall@5']:>6.3f} {s['ndcg@10']:>7.3f} {s['zero']:>5} "
                    f"{s['median_ms']:>6.1f}"
                )
        total = summary["samen"].get("all")
        if total:
            english = summary["samen"].get("en", {}).get("mrr", 0.0)
            french = summary["samen"].get("fr", {}).get("mrr", 0.0)
            met = (
                total["mrr"] >= GOALS["mrr"]
                and total["recall@5"] >= GOALS["recall@5"]
                and total["zero"] == 0
                and english - french <= 0.05
            )
            self.stdout.write(
                f"goals (MRR >= 0.85, recall@5 >= 0.8, no zero results, French MRR within 0.05 "
                f"of English): {'met' if met else 'NOT met'}"
            )
