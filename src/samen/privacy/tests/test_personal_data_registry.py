"""Every model that holds personal data is in the registry (or exempted with a reason), and
what reads the registry treats each of them the same way."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, models, transaction
from django.test.utils import isolate_apps

from samen.casework.models import Case, Person, Signal
from samen.core import personal_data
from samen.core.fields import EncryptedTextField
from samen.programme.models import ContactPerson, KeyFigure, TrainingParticipant

ROOTS = [Case, Person, Signal, ContactPerson, KeyFigure, TrainingParticipant]


def test_every_model_under_a_case_person_or_signal_is_registered() -> None:
    reachable = personal_data.reachable_from(ROOTS)
    assert personal_data.unregistered(reachable) == []
    # The walk does reach deep: decisions hang from agenda items that hang from cases; district
    # networks and their meetings link contact persons and key figures (exempted with reasons).
    assert {
        "casework.decision",
        "casework.action",
        "casework.personrelation",
        "programme.districtnetwork",
        "programme.districtmeeting",
    } <= {m._meta.label_lower for m in reachable}


@isolate_apps("samen.casework")
def test_a_new_model_under_a_root_that_is_not_registered_fails_the_check() -> None:
    class Root(models.Model):
        class Meta:
            app_label = "casework"

    class Child(models.Model):
        root = models.ForeignKey(Root, on_delete=models.PROTECT)
        note = models.TextField()

        class Meta:
            app_label = "casework"

    class Secret(models.Model):
        text = EncryptedTextField()

        class Meta:
            app_label = "casework"

    reachable = personal_data.reachable_from([Root])
    assert reachable == {Root, Child}
    everything = [Root, Child, Secret]
    # A model with an encrypted column needs its entry even when no root reaches it.
    assert personal_data.unregistered(reachable, everything) == [
        "casework.child",
        "casework.root",
        "casework.secret",
    ]
    personal_data.exempt("casework.root", "a test root without personal data")
    try:
        assert personal_data.unregistered(reachable, everything) == [
            "casework.child",
            "casework.secret",
        ]
    finally:
        del personal_data.EXEMPT["casework.root"]


def test_every_registered_model_is_exported_or_says_why_not() -> None:
    for entry in personal_data.entries():
        if entry.section or entry.is_root:
            assert callable(getattr(entry.model, "subject_data", None)), entry.label
        else:  # agenda items: exported through their decisions and actions
            assert not entry.encrypted_fields(), entry.label


def test_key_rotation_covers_every_encrypted_column() -> None:
    from samen.privacy.keys import encrypted_fields

    rotated = {model for model, _fields in encrypted_fields()}
    from django.apps import apps

    encrypted = {
        model
        for model in apps.get_models()
        if any(isinstance(f, EncryptedTextField) for f in model._meta.concrete_fields)
    }
    assert encrypted == rotated


def _identity_columns(person: Person) -> dict[str, list[tuple[Any, ...]]]:
    from samen.privacy.erasure import roots_of

    snapshot: dict[str, list[tuple[Any, ...]]] = {}
    for root, queryset in roots_of(person).items():
        for entry in personal_data.entries(root):
            if entry.identity:
                columns = sorted(entry.identity)
                snapshot[entry.label] = list(
                    entry.rows_of(queryset).order_by("pk").values_list("pk", *columns)
                )
    return snapshot


@pytest.mark.django_db
def test_retention_and_erasure_on_request_blank_the_same_identity_columns(world: Any) -> None:
    """Run both on the same data, each in a transaction that is rolled back afterwards, and
    compare what the identifying columns hold."""
    from samen.audit.actor import Actor
    from samen.casework.actions import persons as person_actions
    from samen.casework.lifecycle import Phase
    from samen.privacy import erasure, retention

    person = Person.objects.get(pk=world.case.person_id)
    person_actions.add_relation(
        Actor.for_user(world.users["case_manager"]), person, name="Zus", kind="sibling", note="n"
    )
    Case.objects.filter(pk=world.case.pk).update(phase=Phase.CLOSED)
    before = _identity_columns(person)
    results = []
    for erase in (
        lambda: retention._erase_person(person),
        lambda: erasure.erase_person(Actor.for_user(world.users["dpo"]), person, "Art. 17"),
    ):
        with transaction.atomic():
            erase()
            results.append(_identity_columns(person))
            transaction.set_rollback(True)
    assert results[0] == results[1]
    assert results[0] != before
    # Nothing identifying is left in them.
    flat = [value for rows in results[0].values() for row in rows for value in row[1:]]
    assert not {"Tweede Persoon", "Zus"} & set(flat)
    assert connection.vendor in {"sqlite", "postgresql"}
