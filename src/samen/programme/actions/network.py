"""The network: contact persons, key figures (with their consent), district networks and their
meetings. These are personal data: the blind indexes follow every change of a name or e-mail
address, and audit entries name ids only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.core import personal_data
from samen.core.blind_index import blind_index
from samen.programme.actions import ProgrammeError, apply, apply_m2m, changes, municipality_of
from samen.programme.models import ContactPerson, DistrictMeeting, DistrictNetwork, KeyFigure

CONTACT_FIELDS = (
    "organisation",
    "name",
    "function",
    "email",
    "phone",
    "district",
    "designated_officer",
    "left_on",
)
KEY_FIGURE_FIELDS = (
    "name",
    "community",
    "district",
    "email",
    "phone",
    "consent_given_on",
    "consent_scope",
    "retain_until",
    "note",
)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def default_retain_until(consent_given_on: date) -> date:
    """A key figure's own term, unless another is agreed with them."""
    return add_months(consent_given_on, settings.RETENTION_KEY_FIGURE_MONTHS)


def _index(row: ContactPerson | KeyFigure) -> None:
    row.name_index = blind_index(row.name)
    row.email_index = blind_index(row.email) if row.email else ""


def _partner_of(municipality_id: int, organisation: Organisation) -> None:
    if organisation.home_municipality_id != municipality_id:
        raise ProgrammeError("the organisation is not a partner of this municipality")


@transaction.atomic
def save_contact_person(
    actor: Actor, contact: ContactPerson | None, **values: Any
) -> ContactPerson:
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if contact is None:
        municipality_id = municipality_of(actor)
        _partner_of(municipality_id, values["organisation"])
        contact = ContactPerson(municipality_id=municipality_id, **values)
        _index(contact)
        contact.save()
        record(actor, "programme.contact.save", contact, object_label=changes(contact, [], True))
        return contact
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    if "organisation" in values:
        _partner_of(contact.municipality_id, values["organisation"])
    changed = apply(contact, values)
    _index(contact)
    contact.save()
    record(actor, "programme.contact.save", contact, object_label=changes(contact, changed, False))
    return contact


@transaction.atomic
def save_key_figure(actor: Actor, key_figure: KeyFigure | None, **values: Any) -> KeyFigure:
    """Add a key figure (with the consent they gave, its date and their own term) or change
    one; a renewed consent is a change of its date and term."""
    unknown = set(values) - set(KEY_FIGURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not values.get("retain_until") and values.get("consent_given_on"):
        values["retain_until"] = default_retain_until(values["consent_given_on"])
    until, given = values.get("retain_until"), values.get("consent_given_on")
    if until and given and until < given:
        raise ProgrammeError("the term ends before the consent was given")
    if key_figure is None:
        key_figure = KeyFigure(
            municipality_id=municipality_of(actor), added_by=actor.acting_user, **values
        )
        _index(key_figure)
        key_figure.save()
        record(
            actor,
            "programme.key_figure.save",
            key_figure,
            object_label=changes(key_figure, [], True),
        )
        return key_figure
    key_figure = KeyFigure.objects.select_for_update().get(pk=key_figure.pk)
    changed = apply(key_figure, values)
    _index(key_figure)
    key_figure.save()
    record(
        actor,
        "programme.key_figure.save",
        key_figure,
        object_label=changes(key_figure, changed, False),
    )
    return key_figure


@transaction.atomic
def withdraw_consent(actor: Actor, key_figure: KeyFigure) -> None:
    """The key figure withdrew consent: everything samen holds about them goes at once (their
    details, their memberships and attendance); the audit entry keeps the id only."""
    pk = key_figure.pk
    personal_data.remove("key_figure", KeyFigure.objects.filter(pk=pk))
    record(
        actor,
        "programme.key_figure.withdrawn",
        object_type="programme.keyfigure",
        object_id=str(pk),
        object_label=f"key figure {pk}",
    )


@transaction.atomic
def save_district_network(
    actor: Actor, *, name: str, district: str, description: str
) -> DistrictNetwork:
    network = DistrictNetwork.objects.create(
        municipality_id=municipality_of(actor),
        name=name,
        district=district,
        description=description,
    )
    record(actor, "programme.district.save", network, object_label=changes(network, [], True))
    return network


def _same_municipality(network: DistrictNetwork, people: Iterable[Any]) -> None:
    if any(person.municipality_id != network.municipality_id for person in people):
        raise ProgrammeError("a member belongs to another municipality")


@transaction.atomic
def set_district_members(
    actor: Actor,
    network: DistrictNetwork,
    *,
    contacts: Iterable[ContactPerson],
    key_figures: Iterable[KeyFigure],
) -> list[str]:
    contacts, key_figures = list(contacts), list(key_figures)
    _same_municipality(network, [*contacts, *key_figures])
    network = DistrictNetwork.objects.select_for_update().get(pk=network.pk)
    changed = apply_m2m(network, {"contact_members": contacts, "key_figure_members": key_figures})
    record(
        actor,
        "programme.district.members",
        network,
        object_label=f"{network.audit_label()}: {len(contacts)} contacts, "
        f"{len(key_figures)} key figures",
    )
    return changed


@transaction.atomic
def record_district_meeting(
    actor: Actor,
    network: DistrictNetwork,
    *,
    held_on: date,
    topics: str,
    contacts_present: Iterable[ContactPerson],
    key_figures_present: Iterable[KeyFigure],
    others_present: int,
    signals_reported: int,
) -> DistrictMeeting:
    contacts, key_figures = list(contacts_present), list(key_figures_present)
    _same_municipality(network, [*contacts, *key_figures])
    meeting = DistrictMeeting.objects.create(
        network=network,
        held_on=held_on,
        topics=topics,
        others_present=others_present,
        signals_reported=signals_reported,
        recorded_by=actor.acting_user,
    )
    meeting.contacts_present.set(contacts)
    meeting.key_figures_present.set(key_figures)
    record(
        actor,
        "programme.district.meeting",
        network,
        object_label=f"{meeting.audit_label()}: "
        f"{len(contacts) + len(key_figures) + others_present} present",
    )
    return meeting
