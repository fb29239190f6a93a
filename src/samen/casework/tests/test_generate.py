"""`samen generate` builds fictional data at scale with a valid audit chain. (The benchmark
that runs on it has its own end-to-end test: operations/tests/test_bench.py.)"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.test import override_settings

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework.actions import intake as intake_actions
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    Action,
    AgendaItem,
    Case,
    CaseParticipation,
    Decision,
    Meeting,
    Signal,
    Weighing,
)

pytestmark = pytest.mark.django_db

SMALL = {"municipalities": 2, "signals": 60, "cases": 15, "meetings": 3, "audit_entries": 500}


def generate(**counts: int) -> str:
    out = StringIO()
    call_command("generate", **(SMALL | counts), stdout=out)
    return out.getvalue()


def test_generate_builds_the_requested_data_set_in_every_state() -> None:
    output = generate()

    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert municipalities.count() == 2
    assert Signal.objects.count() == 60
    assert Case.objects.count() == 15
    assert Meeting.objects.count() == 3
    assert AuditEntry.objects.count() == 500
    assert "60 signals" in output and "500 audit entries" in output
    assert set(Signal.objects.values_list("status", flat=True)) == set(Signal.Status.values)
    assert set(Case.objects.values_list("phase", flat=True)) == set(Phase.values)
    # Each municipality has its partners (most signed the covenant) and the default accounts.
    for municipality in municipalities:
        assert municipality.partners.filter(covenant_signed=True).count() >= 6
        assert municipality.partners.filter(covenant_signed=False).exists()
        coordinator = User.objects.get(
            username__startswith="coordinator.", organisation=municipality
        )
        roles = set(coordinator.roles.values_list("code", flat=True))
        assert roles == {"advisor", "weighing_team", "chair", "case_manager"}
    # Admitted signals became cases; every other weighed signal has its weighing.
    assert Signal.objects.filter(status=Signal.Status.ADMITTED).count() == 15
    assert Weighing.objects.count() == Signal.objects.exclude(status=Signal.Status.NEW).count()
    assert all(case.origin.subject_name == case.subject_name for case in Case.objects.all())
    # The municipality holds direction, so it takes part in each of its cases.
    assert not Case.objects.exclude(participations__organisation=F("municipality")).exists()
    assert AgendaItem.objects.exists() and Decision.objects.exists() and Action.objects.exists()


def test_references_are_unique_and_personal_data_is_encrypted() -> None:
    generate()

    signals = list(Signal.objects.values_list("reference", flat=True))
    cases = list(Case.objects.values_list("reference", flat=True))
    assert len(set(signals)) == len(signals) and len(set(cases)) == len(cases)
    assert all(re.fullmatch(r"S-\d{4}-\d{5,}", ref) for ref in signals)
    assert all(re.fullmatch(r"C-\d{4}-\d{5,}", ref) for ref in cases)
    hashes = list(Signal.objects.values_list("receipt_code_hash", flat=True))
    assert len(set(hashes)) == len(hashes)
    with connection.cursor() as cursor:
        cursor.execute("SELECT observation, subject_name FROM casework_signal")
        for observation, subject_name in cursor.fetchall():
            assert observation.startswith("fernet:")
            assert subject_name == "" or subject_name.startswith("fernet:")


def test_audit_chain_continues_and_verifies_after_repeated_runs() -> None:
    record(Actor.system(), "accounts.login")  # an existing chain to continue
    generate(municipalities=1, signals=20, cases=5, meetings=2, audit_entries=300)
    generate(municipalities=1, signals=20, cases=5, meetings=2, audit_entries=200)

    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "501 entries verified" in out.getvalue()
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 2
    # New rows after the generated ones get fresh keys (PostgreSQL sequences were moved on).
    municipality = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).first()
    assert municipality is not None
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=municipality,
        channel="phone",
        observation="x",
        anonymous=True,
    ).signal
    assert signal.pk > max(Signal.objects.exclude(pk=signal.pk).values_list("pk", flat=True))
    record(Actor.system(), "accounts.login")
    call_command("audit_verify", stdout=StringIO())
    assert CaseParticipation.objects.filter(case__municipality=municipality).exists()


def test_generate_is_refused_in_production_without_force() -> None:
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="production"):
        generate()
    assert not Signal.objects.exists()


def test_generate_refuses_more_cases_than_signals() -> None:
    with pytest.raises(CommandError, match="cannot exceed"):
        generate(signals=5, cases=6)
