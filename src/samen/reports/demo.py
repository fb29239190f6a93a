"""Demo data for the yearly account: the anonymous counts of three earlier years (as if
retention had removed their signals and cases; the signals per year follow Rotterdam's
reporting point, 16, 20 and 40) and the coordinator's final text on last year, so that the
account shows a trend and a finished year."""

from __future__ import annotations

from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.reports.actions import save_text
from samen.reports.models import AccountText, RetainedStatistic

# Years ago -> signal counts by (status, outcome, district), case counts by (phase, reason,
# ideology, age band, district).
SIGNALS = {
    3: [("closed", "no_concern", "Centrum", 7), ("referred", "refer_care", "Rivierstad-Noord", 5),
        ("admitted", "admit", "Haven", 4)],
    2: [("closed", "no_concern", "Centrum", 8), ("referred", "refer_care", "Rivierstad-Noord", 6),
        ("admitted", "admit", "Haven", 6)],
    1: [("closed", "no_concern", "Centrum", 15), ("referred", "refer_care", "Rivierstad-Noord", 12),
        ("admitted", "admit", "Haven", 8), ("police", "acute", "Centrum", 5)],
}  # fmt: skip
CASES = {
    3: [("closed", "goals_reached", "jihadist", "18-22", "Haven", 4)],
    2: [("closed", "goals_reached", "jihadist", "18-22", "Haven", 6)],
    1: [("closed", "goals_reached", "right_wing", "12-17", "Haven", 5),
        ("closed", "regular_care", "jihadist", "23-29", "Haven", 5)],
}  # fmt: skip


def load_account_demo_data(municipality: Organisation, coordinator: User) -> None:
    year = timezone.localdate().year
    for ago, rows in SIGNALS.items():
        for status, outcome, district, count in rows:
            RetainedStatistic.objects.create(
                municipality=municipality,
                year=year - ago,
                kind=RetainedStatistic.Kind.SIGNAL,
                status=status,
                outcome=outcome,
                district=district,
                count=count,
            )
    for ago, case_rows in CASES.items():
        for phase, reason, ideology, band, district, count in case_rows:
            RetainedStatistic.objects.create(
                municipality=municipality,
                year=year - ago,
                kind=RetainedStatistic.Kind.CASE,
                status=phase,
                outcome=reason,
                ideology=ideology,
                age_band=band,
                district=district,
                count=count,
            )
    if not AccountText.objects.filter(municipality=municipality, year=year - 1).exists():
        save_text(
            Actor.for_user(coordinator, "demo"),
            municipality.pk,
            year - 1,
            None,
            wanted="Signalen vroeg herkennen en wegen; professionals en sleutelfiguren toerusten.",
            did="Het meldpunt ontving meer signalen dan ooit; de casustafel kwam zeswekelijks "
            "bijeen; 150 professionals volgden een training en 250 bezochten de themadag.",
            conclude="Meer bekendheid leidt tot meer meldingen. Wij houden het ritme van de "
            "casustafel vast en breiden de training uit naar het onderwijs.",
            finalise=True,
        )
