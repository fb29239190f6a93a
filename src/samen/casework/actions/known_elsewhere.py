"""Known elsewhere, told actively (issue 11, point 2): on a hit, the other municipality's
coordinators are told once per signal, by a link-only e-mail and a notice on their start page."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction

from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.models import KnownElsewhereNotice, Signal
from samen.casework.tasks import notify_known_elsewhere


def tell_municipalities(
    actor: Actor, signal: Signal, municipalities: Iterable[Organisation]
) -> list[KnownElsewhereNotice]:
    """Tell each municipality that knows the person of ``signal`` (``policy.municipalities_
    knowing``), at most once per signal and municipality. Recorded in both municipalities'
    audit logs; the e-mail carries a link only."""
    told: list[KnownElsewhereNotice] = []
    already = set(
        KnownElsewhereNotice.objects.filter(signal=signal).values_list("municipality_id", flat=True)
    )
    for municipality in municipalities:
        if municipality.pk in already:
            continue
        try:
            with transaction.atomic():
                notice = KnownElsewhereNotice.objects.create(
                    signal=signal,
                    from_municipality_id=signal.municipality_id,
                    municipality=municipality,
                )
                label = f"{signal.reference}: told {municipality.name}"
                record(actor, "casework.person.known_elsewhere_notice", signal, object_label=label)
                record(
                    actor,
                    "casework.person.known_elsewhere_notice",
                    notice,
                    object_label=f"{notice.pk}: from another municipality",
                    municipality_id=municipality.pk,
                )
        except IntegrityError:  # told in the meantime by another request
            continue
        transaction.on_commit(partial(notify_known_elsewhere.enqueue, notice.pk))
        told.append(notice)
    return told
