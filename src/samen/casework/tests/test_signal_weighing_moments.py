"""A signal's last weighing and latest review date are kept by the database (migration 0027):
whatever writes the weighings (the weighing service, a change of a review date, a removal), and
a signal saved from an earlier read never writes them back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Signal, Weighing
from samen.casework.tests.factories import World, actor_for

pytestmark = pytest.mark.django_db


def _kept(signal: Signal) -> tuple[object, object]:
    signal.refresh_from_db(fields=["last_weighed_at", "latest_review_on"])
    return signal.last_weighed_at, signal.latest_review_on


def test_a_weighing_through_the_service_sets_them(world: World) -> None:
    signal = world.signal
    assert signal is not None
    assert _kept(signal) == (None, None)
    review = timezone.localdate() + timedelta(days=60)
    weighing = weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome=Weighing.Outcome.MORE_INFO,
        reasons="Nog onduidelijk",
        review_on=review,
    )
    assert _kept(signal) == (weighing.weighed_at, review)


def test_every_change_of_the_weighings_is_followed(world: World) -> None:
    signal = world.signal
    assert signal is not None
    team = world.users["weighing_team"]
    now = timezone.now()
    first = Weighing.objects.create(
        signal=signal, outcome=Weighing.Outcome.MORE_INFO, reasons="a", weighed_by=team
    )
    second = Weighing.objects.create(
        signal=signal,
        outcome=Weighing.Outcome.NO_CONCERN,
        reasons="b",
        weighed_by=team,
        review_on=now.date() + timedelta(days=30),
    )
    Weighing.objects.filter(pk=first.pk).update(weighed_at=now - timedelta(days=400))
    Weighing.objects.filter(pk=second.pk).update(weighed_at=now - timedelta(days=100))
    assert _kept(signal) == (now - timedelta(days=100), now.date() + timedelta(days=30))

    Weighing.objects.filter(pk=first.pk).update(review_on=now.date() + timedelta(days=90))
    assert _kept(signal)[1] == now.date() + timedelta(days=90)

    Weighing.objects.filter(pk=second.pk).delete()
    assert _kept(signal) == (now - timedelta(days=400), now.date() + timedelta(days=90))

    # A weighing moved to another signal leaves the first with what it still has.
    other = world.weighed_signal
    assert other is not None
    Weighing.objects.filter(pk=first.pk).update(signal=other)
    assert _kept(signal) == (None, None)
    assert _kept(other)[0] == max(w.weighed_at for w in other.weighings.all())


def test_a_signal_saved_from_an_earlier_read_does_not_write_them_back(world: World) -> None:
    signal = world.signal
    assert signal is not None
    read_before = Signal.objects.get(pk=signal.pk)
    weighing = Weighing.objects.create(
        signal=signal,
        outcome=Weighing.Outcome.MORE_INFO,
        reasons="a",
        weighed_by=world.users["weighing_team"],
    )
    read_before.observation = "Aangevuld"
    read_before.save()  # the whole signal, as a form's save does
    assert _kept(signal) == (weighing.weighed_at, None)
    assert Signal.objects.get(pk=signal.pk).observation == "Aangevuld"

    deferred = Signal.objects.only("pk", "status").get(pk=signal.pk)
    deferred.status = Signal.Status.CLOSED
    deferred.save()
    assert _kept(signal) == (weighing.weighed_at, None)
    assert Signal.objects.get(pk=signal.pk).observation == "Aangevuld"
