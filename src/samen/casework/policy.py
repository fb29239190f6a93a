"""The one gate for personal data: every visibility rule of casework and privacy, in one place.

Each rule is a function named for what it decides. Lists return a queryset of what the user may
see (empty for anyone not allowed); single objects are fetched with the ``get_*_for`` getters,
which answer the same 404 whether the object does not exist or may not be seen, record the
denied attempt in the audit log, and record the allowed read. Capability and visibility are
both checked here, so a view's ``requires_any`` decorator is the first gate, not the only one.

Nothing else in samen filters personal data for a user: ``test_policy_is_the_only_gate`` fails
on a view, API, form or query module that reaches a personal-data model's manager itself.
Each condition is its own line; no role, flag or superuser bypasses any of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from samen.accounts import scope
from samen.accounts.capabilities import Capability
from samen.accounts.models import Organisation
from samen.accounts.scope import municipality_ids
from samen.audit.actor import Actor
from samen.audit.denials import record_denial
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    Action,
    AgendaItem,
    Case,
    CaseLink,
    CaseNote,
    CaseParticipation,
    CaseTransfer,
    Expert,
    ExpertOrder,
    KnownElsewhereNotice,
    LegalHold,
    Meeting,
    Person,
    Referral,
    ReporterFeedback,
    Review,
    Signal,
)
from samen.casework.models.cases import CaseQuerySet
from samen.casework.models.transfer import TransferQuerySet
from samen.core.blind_index import blind_index
from samen.programme.models import (
    BudgetLine,
    CommunicationMoment,
    ContactPerson,
    Criterion,
    Delivery,
    DialogueMeeting,
    DistrictNetwork,
    Event,
    Goal,
    KeyFigure,
    MediaResponse,
    Outreach,
    Plan,
    PlanAction,
    Risk,
    Theme,
    Training,
    TrainingParticipant,
    TrainingSession,
)

M = TypeVar("M", bound=Model)


def _active(user: Any) -> bool:
    """A logged-in, active user: anonymous visitors and deactivated accounts see nothing."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _home_municipality_id(user: Any) -> int | None:
    return user.organisation.home_municipality_id


def _municipalities(user: Any) -> frozenset[int]:
    """The municipalities the user works for (regions: ``samen.accounts.scope``): the home
    municipality of their organisation and those given to a regional role."""
    return municipality_ids(user)


# --- the reporting point ---------------------------------------------------------------------


def signals_visible_to(user: Any) -> QuerySet[Signal]:
    """Signals reach the advisors and weighing team of the receiving municipality."""
    if not _active(user):
        return Signal.objects.none()
    if not user.can(Capability.INTAKE_SIGNALS):
        return Signal.objects.none()
    return Signal.objects.filter(municipality_id__in=_municipalities(user))


def signals_about_same_person(user: Any, signal: Signal) -> QuerySet[Signal]:
    """Other visible signals with the same name and date of birth (the blind index); shown side
    by side, never merged."""
    if not signal.subject_index:
        return Signal.objects.none()
    return signals_visible_to(user).filter(subject_index=signal.subject_index).exclude(pk=signal.pk)


def open_cases_of_same_person(user: Any, signal: Signal) -> CaseQuerySet:
    """Open cases of the signal's municipality about the person with the signal's name and
    date of birth (the blind index): the candidates for "add to the open case". The weighing
    team of that municipality sees only that such a case exists (reference, phase, opening
    date), even without a part in it; the case's content stays behind ``cases_visible_to``.
    A name alone never links; the weighing team decides, nothing is merged."""
    if not signal.subject_index:
        return Case.objects.none()
    if not signal.subject_birth_date:
        return Case.objects.none()
    if not _active(user):
        return Case.objects.none()
    if not user.can(Capability.WEIGH_SIGNALS):
        return Case.objects.none()
    if signal.municipality_id not in _municipalities(user):
        return Case.objects.none()
    return (
        Case.objects.open()
        .filter(municipality_id=signal.municipality_id)
        .filter(person__name_index=signal.subject_index)
    )


def municipalities_knowing(user: Any, signal: Signal) -> QuerySet[Organisation]:
    """Known elsewhere: the other municipalities of this installation in whose casework a
    person or a signal with the signal's name and date of birth (the blind index) is known.
    Only that fact and whom to contact: never which case, person or signal, nor content. For
    the intake and weighing team of the signal's municipality; a name alone never matches."""
    if not signal.subject_index:
        return Organisation.objects.none()
    if not signal.subject_birth_date:
        return Organisation.objects.none()
    if not _active(user):
        return Organisation.objects.none()
    if not user.can(Capability.INTAKE_SIGNALS):
        return Organisation.objects.none()
    if signal.municipality_id not in _municipalities(user):
        return Organisation.objects.none()
    persons = Person.objects.filter(name_index=signal.subject_index).values("municipality_id")
    signals = Signal.objects.filter(subject_index=signal.subject_index).values("municipality_id")
    return (
        Organisation.objects.filter(Q(pk__in=persons) | Q(pk__in=signals))
        .exclude(pk=signal.municipality_id)
        .order_by("name")
    )


def signal_for_follow_up(signal_pk: int | None) -> Signal | None:
    """The reporter's own signal, whose receipt code was entered in this session.

    Outside the user rules on purpose: the reporter proved the code, and the follow-up page
    shows only the reference, the date and a coarse state of this one signal."""
    if signal_pk is None:
        return None
    return Signal.objects.filter(pk=signal_pk).first()


# --- referrals ---------------------------------------------------------------------------------


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """Referrals reach the casework roles of the receiving organisation, in the municipalities
    the user works for. They see only what the referral carries (what is asked and why, and
    whom the referral is about), never the signal or the weighing behind it."""
    if not _active(user):
        return Referral.objects.none()
    if not user.has_casework_role:
        return Referral.objects.none()
    return Referral.objects.filter(organisation_id=user.organisation_id).filter(
        municipality_id__in=_municipalities(user)
    )


def referrals_followed_by(user: Any) -> QuerySet[Referral]:
    """The weighing team of the referring municipality follows its referrals (whether they
    were accepted, and how long the open ones have waited)."""
    if not _active(user):
        return Referral.objects.none()
    if not user.can(Capability.WEIGH_SIGNALS):
        return Referral.objects.none()
    return Referral.objects.filter(municipality_id__in=_municipalities(user))


def feedback_for_follow_up(signal: Signal) -> QuerySet[ReporterFeedback]:
    """The feedback the reporter reads with the receipt code (``signal_for_follow_up``): none
    for an anonymous report, which learns only the coarse state."""
    if signal.anonymous:
        return ReporterFeedback.objects.none()
    return ReporterFeedback.objects.filter(signal=signal)


# --- cases -------------------------------------------------------------------------------------


def _sees_cases(user: Any) -> bool:
    """Whether the user may see any case at all (``cases_visible_to``)."""
    return bool(_active(user) and user.has_casework_role and user.organisation.covenant_signed)


def cases_visible_to(user: Any) -> CaseQuerySet:
    """A case is visible to casework roles of the organisations taking part in it now, in the
    municipalities the user works for (a partner serving two municipalities takes part in
    cases of both; each of its users sees those of the municipalities they were given). A
    machine client is a user of its organisation with its scopes."""
    if not _sees_cases(user):
        return Case.objects.none()
    # One filter() call: both conditions hold for the same participation row, so a removed
    # participant loses sight of the case at once.
    return Case.objects.filter(
        participations__organisation_id=user.organisation_id,
        participations__removed_at__isnull=True,
    ).filter(municipality_id__in=_municipalities(user))


def notes_visible_to(user: Any) -> QuerySet[CaseNote]:
    """Contributions of visible cases; a restricted one only for the organisation that wrote it
    and the organisations it was restricted to (professional secrecy)."""
    organisation_id = getattr(user, "organisation_id", None)
    return (
        CaseNote.objects.filter(case__in=cases_visible_to(user).values("pk"))
        .filter(
            Q(restricted=False)
            | Q(organisation_id=organisation_id)
            | Q(restricted_to=organisation_id)
        )
        .distinct()
    )


def reviews_visible_to(user: Any) -> QuerySet[Review]:
    """The reviews of visible cases."""
    # An EXISTS per review (there are few; by the index on the case) instead of building the
    # set of every case the user sees first: 6.9 -> 3.0 ms on the national data set.
    return Review.objects.filter(Exists(cases_visible_to(user).filter(pk=OuterRef("case_id"))))


def case_links_visible_to(user: Any, case: Case) -> QuerySet[CaseLink]:
    """Family and group links of a case the user sees, only where the user may see the other
    case too: a link never reveals a case the user has no part in."""
    visible = cases_visible_to(user).values("pk")
    return CaseLink.objects.filter(
        Q(case=case, to_case__in=visible) | Q(to_case=case, case__in=visible)
    )


# --- transfer to another municipality ---------------------------------------------------------
#
# The coordinator of a municipality: a user of the municipality itself (not of a partner, not a
# regional role elsewhere), who chairs its case table (``meeting.chair``) and holds a casework
# role. Only the coordinators of the two municipalities see a transfer; before acceptance the
# receiving side sees only the fact, the case's reference, the sending municipality and the
# reason, never the case (that stays behind ``cases_visible_to``).


def _coordinates(user: Any) -> bool:
    """Whether the user coordinates casework for the municipality they belong to."""
    if not _active(user):
        return False
    if not user.has_casework_role:
        return False
    if not user.can(Capability.CHAIR_MEETINGS):
        return False
    return bool(user.organisation.kind == Organisation.Kind.MUNICIPALITY)


def directs_case(user: Any, case: Case) -> bool:
    """Whether the user is the coordinator of the municipality directing ``case`` (a case the
    policy already returned to the user): who may propose to transfer it while it is open."""
    if not _coordinates(user):
        return False
    if case.municipality_id != user.organisation_id:
        return False
    return case.phase != Phase.CLOSED


def cases_transferable_by(user: Any) -> CaseQuerySet:
    """Open cases the user sees and whose municipality the user coordinates."""
    if not _coordinates(user):
        return Case.objects.none()
    return cases_visible_to(user).open().filter(municipality_id=user.organisation_id)


def municipalities_to_transfer_to(case: Case) -> QuerySet[Organisation]:
    """The other municipalities of this installation a case can move to: those that signed the
    covenant (no personal data)."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .filter(covenant_signed=True)
        .exclude(pk=case.municipality_id)
    )


def transfers_addressed_to(user: Any) -> TransferQuerySet:
    """Transfers proposed to the municipality the user coordinates (every state)."""
    if not _coordinates(user):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(to_municipality_id=user.organisation_id)


def transfers_sent_by(user: Any) -> TransferQuerySet:
    """Transfers the municipality the user coordinates proposed (every state)."""
    if not _coordinates(user):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(from_municipality_id=user.organisation_id)


def transfers_visible_to(user: Any) -> TransferQuerySet:
    """Both sides of a transfer: the coordinators of the sending and the receiving
    municipality, nobody else."""
    if not _coordinates(user):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(
        Q(from_municipality_id=user.organisation_id) | Q(to_municipality_id=user.organisation_id)
    )


# --- experts and providers ----------------------------------------------------------------------
#
# The register is the municipality's, kept by its coordinator. An order goes to one entry of the
# register; the expert (the entry's account, with the capability ``expert.orders``) sees that
# order, and only while it is open and its access period lasts: never the case, the person, the
# signals or other orders. After delivery, withdrawal or the end of the access period the order
# is answered like any object the user may not see (404, recorded as a denied read).


def register_kept_by(user: Any) -> int | None:
    """The municipality whose register of experts and providers the user keeps: the one the
    user coordinates; None for anyone else."""
    if not _coordinates(user):
        return None
    return int(user.organisation_id)


def may_order(user: Any, case: Case) -> bool:
    """Whether the user may order from an expert on ``case``, a case the policy returned to the
    user (so one the user sees): the rule of ``_orders_cases`` for that case, without a query."""
    if not _active(user):
        return False
    if case.phase == Phase.CLOSED:
        return False
    if user.can(Capability.MANAGE_CASES):
        return True
    if not _coordinates(user):
        return False
    return bool(case.municipality_id == user.organisation_id)


def experts_kept_by(user: Any) -> QuerySet[Expert]:
    """The register of the municipality the user coordinates (every entry, active or not)."""
    if not _coordinates(user):
        return Expert.objects.none()
    return Expert.objects.filter(municipality_id=user.organisation_id)


def _orders_cases(user: Any) -> CaseQuerySet:
    """Open cases on which the user may order an assessment or intervention: the case manager
    on the cases they may manage, the coordinator on the cases of their municipality they see."""
    if not _active(user):
        return Case.objects.none()
    if user.can(Capability.MANAGE_CASES):
        return cases_visible_to(user).open()
    if _coordinates(user):
        return cases_visible_to(user).open().filter(municipality_id=user.organisation_id)
    return Case.objects.none()


def cases_orderable_by(user: Any) -> CaseQuerySet:
    """Open cases on which the user may order from (or withdraw an order to) an expert."""
    return _orders_cases(user)


def experts_for_case(case: Case) -> QuerySet[Expert]:
    """The active entries of the register of the case's municipality, whose account is active
    (no personal data of the case: the professionals the coordinator registered)."""
    return Expert.objects.filter(
        municipality_id=case.municipality_id, active=True, user__is_active=True
    ).select_related("user")


def orders_of_case_visible_to(user: Any, case: Case) -> QuerySet[ExpertOrder]:
    """The orders of a case the user sees (``case`` came from ``get_case_for``)."""
    return ExpertOrder.objects.filter(case=case, case__in=cases_visible_to(user).values("pk"))


def orders_withdrawable_by(user: Any) -> QuerySet[ExpertOrder]:
    """Open orders on the cases the user may order on."""
    return ExpertOrder.objects.filter(
        status=ExpertOrder.Status.ORDERED, case__in=_orders_cases(user).values("pk")
    )


def orders_open_to_expert(user: Any) -> QuerySet[ExpertOrder]:
    """The expert's own orders: given to a register entry of the user's account that is still
    in the register, open (not delivered or withdrawn), and within the access period (up to and
    including ``access_until``). Nothing else of a case, ever."""
    if not _active(user):
        return ExpertOrder.objects.none()
    if not user.can(Capability.EXPERT_ORDERS):
        return ExpertOrder.objects.none()
    return (
        ExpertOrder.objects.filter(expert__user_id=user.pk)
        .filter(expert__active=True)
        .filter(status=ExpertOrder.Status.ORDERED)
        .filter(access_until__gte=timezone.localdate())
    )


# --- known elsewhere, told actively ---------------------------------------------------------


def known_elsewhere_notices_for(user: Any) -> QuerySet[KnownElsewhereNotice]:
    """The notices told to the municipality the user coordinates: that another municipality
    has a signal about a person known here, and whom to contact there. Only that fact."""
    if not _coordinates(user):
        return KnownElsewhereNotice.objects.none()
    return KnownElsewhereNotice.objects.filter(municipality_id=user.organisation_id)


# --- persons -----------------------------------------------------------------------------------


def persons_visible_to(user: Any) -> QuerySet[Person]:
    """A person is visible through a case the user may see; nothing else opens a person."""
    return Person.objects.filter(cases__in=cases_visible_to(user).values("pk")).distinct()


def persons_named(persons: QuerySet[Person], name: str, birth_date: date | None) -> Any:
    """Exact look-up by name (and date of birth) through the blind index, among ``persons``
    (a queryset this module returned)."""
    if birth_date:
        return persons.filter(name_index=blind_index(name, birth_date.isoformat()))
    return persons.filter(name_only_index=blind_index(name))


# --- the case table ----------------------------------------------------------------------------


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Meetings of the user's municipality, for case-table members; their items are filtered
    by ``agenda_items_visible_to``."""
    if not _active(user):
        return Meeting.objects.none()
    if not user.can(Capability.VIEW_MEETINGS):
        return Meeting.objects.none()
    return Meeting.objects.filter(municipality_id__in=_municipalities(user))


def agenda_items_visible_to(user: Any) -> QuerySet[AgendaItem]:
    """Only the items about cases the user may see: sitting at the table does not widen
    need-to-know."""
    return AgendaItem.objects.filter(case__in=cases_visible_to(user).values("pk"))


def cases_for_agenda(user: Any, meeting: Meeting) -> CaseQuerySet:
    """Open visible cases of the meeting's municipality that are not on its agenda yet."""
    on_agenda = AgendaItem.objects.filter(meeting=meeting).values("case_id")
    return (
        cases_visible_to(user)
        .open()
        .filter(municipality_id=meeting.municipality_id)
        .exclude(pk__in=on_agenda)
    )


def actions_owned_by(user: Any) -> QuerySet[Action]:
    """ "My actions": the actions the case table gave to the user's organisation, on cases the
    user may see."""
    if not _sees_cases(user):
        return Action.objects.none()
    organisation_id = user.organisation_id
    # The rules of ``cases_visible_to``, applied to each action's own case by its keys: the
    # case's municipality, and a current participation of the organisation probed in the
    # partial index on organisation and case. At national size PostgreSQL planned the earlier
    # EXISTS over the visible cases as a hash of every agenda item of them (5,761 for the
    # coordinator's 610 actions): my actions' query 8.8 -> 5.4 ms.
    taking_part = CaseParticipation.objects.filter(
        case_id=OuterRef("agenda_item__case_id"),
        organisation_id=organisation_id,
        removed_at__isnull=True,
    )
    return Action.objects.filter(
        owner_id=organisation_id,
        agenda_item__case__municipality_id__in=_municipalities(user),
    ).filter(Exists(taking_part))


# --- privacy: the controller's own records -------------------------------------------------------


def subjects_for(user: Any) -> QuerySet[Person]:
    """Persons whose requests the user answers: the data protection officer of the controller
    (the user's home municipality), without taking part in their cases."""
    if not _active(user):
        return Person.objects.none()
    if not user.can(Capability.SUBJECT_RIGHTS):
        return Person.objects.none()
    return Person.objects.filter(municipality_id__in=_municipalities(user))


def cases_under_retention_of(user: Any) -> CaseQuerySet:
    """Cases whose retention the user watches and may pause with a legal hold: those of the
    user's home municipality, for the coordinator and the data protection officer. Only the
    reference and dates are shown."""
    if not _active(user):
        return Case.objects.none()
    if not user.can(Capability.MANAGE_RETENTION):
        return Case.objects.none()
    return Case.objects.filter(municipality_id__in=_municipalities(user))


def holds_visible_to(user: Any) -> QuerySet[LegalHold]:
    """Legal holds on the cases whose retention the user watches."""
    return LegalHold.objects.filter(case__in=cases_under_retention_of(user).values("pk"))


def retention_scope(user: Any) -> int | None:
    """The municipality whose retention preview the user sees, or None for nobody."""
    if not _active(user) or not user.can(Capability.MANAGE_RETENTION):
        return None
    return _home_municipality_id(user)


# --- the prevention programme -------------------------------------------------------------------
#
# The plan, its budget, trainings, events and communication hold no personal data of the
# persons casework is about; they are read by who reads or keeps the programme of the user's
# home municipality. The network (contact persons, key figures, district networks, named
# training participants) is personal data: only who keeps the network sees it. Nothing in the
# programme opens casework, and no programme capability opens a case.


def _programme_municipality(user: Any, *capabilities: Capability) -> int | None:
    """The home municipality of an active user who holds one of ``capabilities``."""
    if not _active(user):
        return None
    if not any(user.can(c) for c in capabilities):
        return None
    return _home_municipality_id(user)


# How each programme model without personal data hangs from its municipality.
PROGRAMME_SCOPE: dict[type[Model], str] = {
    Plan: "municipality_id",
    Theme: "plan__municipality_id",
    Goal: "theme__plan__municipality_id",
    Risk: "plan__municipality_id",
    PlanAction: "theme__plan__municipality_id",
    BudgetLine: "plan__municipality_id",
    Criterion: "municipality_id",
    Training: "municipality_id",
    TrainingSession: "training__municipality_id",
    Event: "municipality_id",
    Outreach: "municipality_id",
    Delivery: "outreach__municipality_id",
    CommunicationMoment: "municipality_id",
    DialogueMeeting: "municipality_id",
    MediaResponse: "municipality_id",
}


def programme_visible_to(user: Any, model: type[M]) -> QuerySet[M]:
    """Plans, themes, budget lines, trainings, events and communication of the user's home
    municipality, for who reads (``programme.view``) or keeps (``programme.manage``) the
    programme. Changing them needs ``programme.manage`` as well (the view's decorator)."""
    manager = model._default_manager
    municipality_id = _programme_municipality(
        user, Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME
    )
    if municipality_id is None:
        return manager.none()
    return manager.filter(**{PROGRAMME_SCOPE[model]: municipality_id})


def who_is_trained_scope(user: Any) -> tuple[int | None, int | None]:
    """What the page of who is trained reads for the user: the municipality whose network the
    user keeps (the participants by name and the designated officers,
    ``training_participants_visible_to`` and ``contact_persons_visible_to``) and the one whose
    programme the user reads (the headcounts, ``programme_visible_to``); None where the user
    may read neither. The key of the counts kept for the user."""
    return (
        _programme_municipality(user, Capability.MANAGE_NETWORK),
        _programme_municipality(user, Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME),
    )


def programme_counted_in(user: Any) -> int | None:
    """The municipality whose programme the user may count (``programme_counted_for``,
    ``network_counts_for``): the home municipality of who reads the programme and of its
    analysts (``reports.view``); None for anyone else. What those counts depend on besides the
    data, so the key of the counts kept for the user."""
    return _programme_municipality(
        user, Capability.VIEW_STATISTICS, Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME
    )


def programme_counted_for(user: Any, model: type[M]) -> QuerySet[M]:
    """The same rows for anonymous numbers: who reads the programme and the analysts
    (``reports.view``) of the municipality. Pages show these as suppressed counts only."""
    manager = model._default_manager
    municipality_id = programme_counted_in(user)
    if municipality_id is None:
        return manager.none()
    return manager.filter(**{PROGRAMME_SCOPE[model]: municipality_id})


def account_municipality_for(user: Any) -> int | None:
    """The municipality whose yearly account to the council the user may read: the home
    municipality of the coordinator (who reads the programme) and of its analysts
    (``reports.view``). The account holds only disclosure-controlled counts."""
    return _programme_municipality(
        user, Capability.VIEW_STATISTICS, Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME
    )


def account_texts_writable_by(user: Any) -> int | None:
    """The municipality whose account texts (what we wanted, did, conclude) the user writes
    and finalises: the coordinator, who keeps the programme."""
    return _programme_municipality(user, Capability.MANAGE_PROGRAMME)


def network_counts_for(user: Any) -> dict[str, int]:
    """How big the network is, as counts only (the analyst's numbers); nothing for others."""
    municipality_id = programme_counted_in(user)
    contacts = ContactPerson.objects.filter(
        municipality_id=municipality_id or 0, left_on__isnull=True
    )
    return {
        "contacts": contacts.count(),
        "officers": contacts.filter(designated_officer=True).count(),
        "key_figures": KeyFigure.objects.filter(municipality_id=municipality_id or 0).count(),
    }


def plan_actions_led_by(user: Any) -> QuerySet[PlanAction]:
    """ "What is ours to do": the actions the user leads, or the user's organisation leads."""
    if not _active(user):
        return PlanAction.objects.none()
    if not any(
        user.can(c)
        for c in (Capability.LEAD_ACTIONS, Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME)
    ):
        return PlanAction.objects.none()
    return PlanAction.objects.filter(
        Q(lead_user_id=user.pk) | Q(lead_organisation_id=user.organisation_id)
    )


def plan_actions_visible_to(user: Any) -> QuerySet[PlanAction]:
    """Every action of the programme for who reads it; for a lead ("trekker") without that,
    only the actions they or their organisation lead."""
    municipality_id = _programme_municipality(
        user, Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME
    )
    if municipality_id is not None:
        return PlanAction.objects.filter(theme__plan__municipality_id=municipality_id)
    return plan_actions_led_by(user)


def plan_actions_updatable_by(user: Any) -> QuerySet[PlanAction]:
    """Progress is reported by who keeps the programme, on any of its actions, and by a lead
    on the actions the lead leads personally, nothing else."""
    municipality_id = _programme_municipality(user, Capability.MANAGE_PROGRAMME)
    if municipality_id is not None:
        return PlanAction.objects.filter(theme__plan__municipality_id=municipality_id)
    if not _active(user):
        return PlanAction.objects.none()
    if not user.can(Capability.LEAD_ACTIONS):
        return PlanAction.objects.none()
    return PlanAction.objects.filter(lead_user_id=user.pk)


def contact_persons_visible_to(user: Any) -> QuerySet[ContactPerson]:
    """Contact persons of the municipality's partners, for who keeps the network."""
    municipality_id = _programme_municipality(user, Capability.MANAGE_NETWORK)
    if municipality_id is None:
        return ContactPerson.objects.none()
    return ContactPerson.objects.filter(municipality_id=municipality_id)


def key_figures_visible_to(user: Any) -> QuerySet[KeyFigure]:
    """Key figures of the municipality, for who keeps the network."""
    municipality_id = _programme_municipality(user, Capability.MANAGE_NETWORK)
    if municipality_id is None:
        return KeyFigure.objects.none()
    return KeyFigure.objects.filter(municipality_id=municipality_id)


def district_networks_visible_to(user: Any) -> QuerySet[DistrictNetwork]:
    """District networks (their members are contact persons and key figures), for who keeps
    the network."""
    municipality_id = _programme_municipality(user, Capability.MANAGE_NETWORK)
    if municipality_id is None:
        return DistrictNetwork.objects.none()
    return DistrictNetwork.objects.filter(municipality_id=municipality_id)


def training_participants_visible_to(user: Any) -> QuerySet[TrainingParticipant]:
    """Participants registered by name at the municipality's trainings, for who keeps the
    network; everyone who reads the programme sees their numbers only."""
    municipality_id = _programme_municipality(user, Capability.MANAGE_NETWORK)
    if municipality_id is None:
        return TrainingParticipant.objects.none()
    return TrainingParticipant.objects.filter(session__training__municipality_id=municipality_id)


def programme_subjects_for(user: Any) -> dict[str, QuerySet[Any]]:
    """The programme's records about persons (by registry root) whose requests the user
    answers: the data protection officer of the controller (the user's home municipality)."""
    municipality_id = _programme_municipality(user, Capability.SUBJECT_RIGHTS)
    return programme_records_of(municipality_id)


def programme_records_of(municipality_id: int | None) -> dict[str, QuerySet[Any]]:
    """The programme's records about persons of one municipality, by registry root (nothing
    for ``None``)."""
    if municipality_id is None:
        return {
            "contact_person": ContactPerson.objects.none(),
            "key_figure": KeyFigure.objects.none(),
            "training_participant": TrainingParticipant.objects.none(),
        }
    return {
        "contact_person": ContactPerson.objects.filter(municipality_id=municipality_id),
        "key_figure": KeyFigure.objects.filter(municipality_id=municipality_id),
        "training_participant": TrainingParticipant.objects.filter(
            session__training__municipality_id=municipality_id
        ),
    }


def programme_records_named(
    records: dict[str, QuerySet[Any]], name: str, email: str = ""
) -> dict[str, QuerySet[Any]]:
    """Exact look-up through the blind index among ``records`` (querysets this module
    returned): the same name, unless both sides hold an e-mail address and they differ; or
    the same e-mail address."""
    name_index = blind_index(name)
    email_index = blind_index(email) if email else ""
    condition = Q(pk__in=[])
    if name_index and email_index:
        condition |= Q(name_index=name_index, email_index__in=["", email_index])
    elif name_index:
        condition |= Q(name_index=name_index)
    if email_index:
        condition |= Q(email_index=email_index)
    return {root: queryset.filter(condition) for root, queryset in records.items()}


# --- the audit log and the accounts of a region ----------------------------------------------


def audit_entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """The audit log for its reader (the data protection officer): the entries that concern
    the municipalities the reader works for, and the installation-wide ones that concern no
    municipality (failed logins of unknown names, operators' commands). Another
    municipality's entries never."""
    if not _active(user):
        return AuditEntry.objects.none()
    if not user.can(Capability.VIEW_AUDIT_LOG):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(
        Q(municipality_id__in=_municipalities(user)) | Q(municipality_id__isnull=True)
    )


# The rules of the accounts pages (users, organisations, requests waiting for approval) live in
# ``samen.accounts.scope``, below casework in the layers, so that the accounts app can use them;
# they start from the same ``municipality_ids``. Named here so that every rule is found from
# this module.
users_administered_by = scope.users_administered_by
organisations_administered_by = scope.organisations_administered_by
requests_decidable_by = scope.requests_decidable_by


# --- one object ----------------------------------------------------------------------------------


def _get_for(
    actor: Actor,
    visible: QuerySet[M],
    pk: int,
    read_action: str,
    audit_read: bool,
) -> M:
    obj = visible.filter(pk=pk).first()
    if obj is None:
        # Probes of many ids are one entry and a count per window (samen.audit.denials).
        record_denial(
            actor,
            read_action,
            object_type=visible.model._meta.label_lower,
            object_id=str(pk),
        )
        raise Http404
    if audit_read:
        record(actor, read_action, obj)
    return obj


def get_signal_for(actor: Actor, pk: int, *, audit_read: bool = True) -> Signal:
    visible = signals_visible_to(actor.user).select_related(
        "municipality", "reporting_organisation", "reporter_user", "district"
    )
    return _get_for(actor, visible, pk, "casework.signal.view", audit_read)


def get_referral_for(actor: Actor, pk: int, *, audit_read: bool = True) -> Referral:
    """One referral to the user's organisation."""
    visible = referrals_visible_to(actor.user).select_related(
        "signal__municipality", "organisation", "referred_by__organisation", "decided_by"
    )
    return _get_for(actor, visible, pk, "casework.referral.view", audit_read)


def get_case_for(actor: Actor, pk: int, *, audit_read: bool = True) -> Case:
    visible = cases_visible_to(actor.user).select_related(
        "municipality", "origin", "person", "case_manager"
    )
    return _get_for(actor, visible, pk, "casework.case.view", audit_read)


def get_case_to_transfer_for(actor: Actor, pk: int) -> Case:
    """An open case whose municipality the user coordinates (the proposal form); the action
    records the change."""
    visible = cases_transferable_by(actor.user).select_related(
        "municipality", "origin", "person", "case_manager"
    )
    return _get_for(actor, visible, pk, "casework.case.view", audit_read=False)


def get_transfer_for(actor: Actor, pk: int, *, audit_read: bool = True) -> CaseTransfer:
    """A transfer seen by either coordinator (its page)."""
    visible = transfers_visible_to(actor.user).select_related(
        "case", "from_municipality", "to_municipality", "proposed_by", "decided_by"
    )
    return _get_for(actor, visible, pk, "casework.transfer.view", audit_read)


def get_transfer_to_decide_for(actor: Actor, pk: int) -> CaseTransfer:
    """A pending transfer to the municipality the user coordinates."""
    visible = (
        transfers_addressed_to(actor.user)
        .pending()
        .select_related("case", "from_municipality", "to_municipality", "proposed_by")
    )
    return _get_for(actor, visible, pk, "casework.transfer.view", audit_read=False)


def get_transfer_to_withdraw_for(actor: Actor, pk: int) -> CaseTransfer:
    """A pending transfer the municipality the user coordinates proposed."""
    visible = (
        transfers_sent_by(actor.user)
        .pending()
        .select_related("case", "from_municipality", "to_municipality")
    )
    return _get_for(actor, visible, pk, "casework.transfer.view", audit_read=False)


def get_expert_kept_for(actor: Actor, pk: int) -> Expert:
    """One entry of the register the user keeps (no personal data of a case: not recorded as a
    read; a denied attempt is)."""
    visible = experts_kept_by(actor.user).select_related("user")
    return _get_for(actor, visible, pk, "casework.expert.list", audit_read=False)


def get_case_to_order_for(actor: Actor, pk: int) -> Case:
    """An open case on which the user may order (the order form); the action records it."""
    visible = cases_orderable_by(actor.user).select_related("municipality", "person")
    return _get_for(actor, visible, pk, "casework.case.view", audit_read=False)


def get_order_to_withdraw_for(actor: Actor, pk: int) -> ExpertOrder:
    visible = orders_withdrawable_by(actor.user).select_related("case", "expert")
    return _get_for(actor, visible, pk, "casework.order.withdraw", audit_read=False)


def get_order_for_expert(actor: Actor, pk: int, *, audit_read: bool = True) -> ExpertOrder:
    """One of the expert's open orders; every read is recorded (``casework.order.view``), and
    so is a refused one (expired, withdrawn, delivered or not theirs: the same 404)."""
    visible = orders_open_to_expert(actor.user).select_related(
        "case__municipality", "expert", "ordered_by"
    )
    return _get_for(actor, visible, pk, "casework.order.view", audit_read)


def get_meeting_for(actor: Actor, pk: int, *, audit_read: bool = True) -> Meeting:
    visible = meetings_visible_to(actor.user).select_related("chair", "municipality")
    return _get_for(actor, visible, pk, "casework.meeting.view", audit_read)


def get_person_for(actor: Actor, pk: int, *, audit_read: bool = True) -> Person:
    return _get_for(actor, persons_visible_to(actor.user), pk, "casework.person.view", audit_read)


def get_agenda_item_for(actor: Actor, meeting: Meeting, pk: int) -> AgendaItem:
    """An item of a meeting the getter above returned, about a case the user may see."""
    visible = (
        agenda_items_visible_to(actor.user)
        .filter(meeting=meeting)
        .select_related("case", "meeting")
    )
    return _get_for(actor, visible, pk, "casework.meeting.view", audit_read=False)


def get_owned_action_for(actor: Actor, pk: int) -> Action:
    """One of "my actions"."""
    return _get_for(actor, actions_owned_by(actor.user), pk, "casework.my_actions", False)


def get_subject_for(actor: Actor, pk: int, *, read_action: str = "") -> Person:
    """One person for the data protection officer; the read is recorded under ``read_action``
    (a form's POST records its change instead)."""
    audited = read_action or "privacy.subject_access.view"
    return _get_for(actor, subjects_for(actor.user), pk, audited, audit_read=bool(read_action))


def get_case_under_retention_for(actor: Actor, reference: str) -> Case | None:
    """A case of the user's retention scope by its reference (the legal-hold form)."""
    return cases_under_retention_of(actor.user).filter(reference=reference.strip()).first()


def get_open_hold_for(actor: Actor, pk: int) -> LegalHold:
    visible = holds_visible_to(actor.user).filter(lifted_at__isnull=True).select_related("case")
    return _get_for(actor, visible, pk, "privacy.hold.list", audit_read=False)


def get_programme_object_for(actor: Actor, model: type[M], pk: int) -> M:
    """One plan, theme, budget line, training, event or communication record of the user's
    programme (no personal data: the read is not recorded, a denied attempt is)."""
    return _get_for(
        actor, programme_visible_to(actor.user, model), pk, "programme.record.view", False
    )


def get_plan_action_for(actor: Actor, pk: int) -> PlanAction:
    visible = plan_actions_visible_to(actor.user).select_related(
        "theme__plan", "goal", "lead_organisation", "lead_user"
    )
    return _get_for(actor, visible, pk, "programme.record.view", audit_read=False)


def get_updatable_action_for(actor: Actor, pk: int) -> PlanAction:
    """An action whose progress the user may report (the coordinator's, or the lead's own)."""
    visible = plan_actions_updatable_by(actor.user).select_related("theme__plan")
    return _get_for(actor, visible, pk, "programme.action.progress", audit_read=False)


def get_contact_person_for(actor: Actor, pk: int, *, audit_read: bool = True) -> ContactPerson:
    visible = contact_persons_visible_to(actor.user).select_related("organisation")
    return _get_for(actor, visible, pk, "programme.contact.view", audit_read)


def get_key_figure_for(actor: Actor, pk: int, *, audit_read: bool = True) -> KeyFigure:
    return _get_for(
        actor, key_figures_visible_to(actor.user), pk, "programme.key_figure.view", audit_read
    )


def get_district_network_for(actor: Actor, pk: int, *, audit_read: bool = True) -> DistrictNetwork:
    return _get_for(
        actor, district_networks_visible_to(actor.user), pk, "programme.district.view", audit_read
    )
