"""Retention: data past its term is gone, anonymous counts stay, holds pause it, the
coordinator and the data protection officer see what will go, the audit log names no one."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import verify_chain
from samen.casework import attachments
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import persons as person_actions
from samen.casework.actions import plan as plan_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.lifecycle import add_months
from samen.casework.models import (
    AgendaItem,
    Attachment,
    Case,
    CaseNote,
    LegalHold,
    Person,
    PersonRelation,
    PhaseChange,
    Signal,
    Weighing,
)
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.privacy import retention
from samen.privacy.retention import apply_retention
from samen.privacy.tasks import apply_retention_task
from samen.reports.models import RetainedStatistic
from samen.reports.statistics import suppressed_statistics

pytestmark = pytest.mark.django_db


def _by_year(municipality_id: int) -> list[Any]:
    """Signals and cases per year, as the statistics show them, computed anew."""
    return suppressed_statistics(municipality_id, fresh=True)["by_year"]  # type: ignore[no-any-return]


NAMES = ("Test Persoon", "Tweede Persoon", "Melder", "melder@example.invalid", "Zus")


def close(world: World, case: Case) -> None:
    """Close a case the way the case table does: proposed by one, approved by a second."""
    case_actions.set_concern(
        actor_for(world.users["case_manager"]),
        case,
        ideology="right_wing",
        level="low",
        reasons="Zorgen over Tweede Persoon",
    )
    case_actions.request_closure(
        actor_for(world.users["case_manager"]),
        case,
        closing_reason="goals_reached",
        explanation="Doelen bereikt",
    )
    case_actions.decide_closure(actor_for(world.users["chair"]), case, approve=True)


def enrich(world: World) -> None:
    """History on the world's case: a decision, an action, notes, a related person."""
    chair = actor_for(world.users["chair"])
    meeting_actions.record_decision(chair, world.item, text="Besluit over Tweede Persoon")
    meeting_actions.record_action(
        chair,
        world.item,
        description="Gesprek",
        owner=world.police,
        due_date=timezone.localdate(),
    )
    case_actions.add_note(chair, world.case, text="Bijdrage", restricted_to=[world.police])
    case_actions.add_note(chair, world.case, text="Gedeeld", agenda_item=world.item)
    plan_actions.add_goal(chair, world.case, text="Doel")
    person_actions.add_relation(
        actor_for(world.users["case_manager"]),
        world.case.person,
        name="Zus",
        kind="sibling",
        note="",
    )


def years_later(years: int, days: int = 1) -> date:
    return add_months(timezone.localdate(), 12 * years) + timedelta(days=days)


def backdate_closure(case: Case, days_ago: int) -> None:
    PhaseChange.objects.filter(case=case, to_phase="closed").update(
        changed_at=timezone.now() - timedelta(days=days_ago)
    )


def assert_no_names_in_audit_log() -> None:
    for entry in AuditEntry.objects.all():
        for name in NAMES:
            assert name not in entry.object_label
            assert name not in entry.reason


def test_closed_case_past_its_term_is_removed_and_counts_remain(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    capture_on_commit = django_capture_on_commit_callbacks
    enrich(world)
    close(world, world.case)
    case_pk, person_pk = world.case.pk, world.case.person_id
    signal_pk = world.weighed_signal.pk
    file = attachments.storage_dir() / world.attachment.storage_name
    assert file.exists()
    year = timezone.localdate(world.case.opened_at).year

    # The day before the term passes, nothing goes.
    assert apply_retention(years_later(5, days=-1)).counts()["cases"] == 0
    assert Case.objects.filter(pk=case_pk).exists()

    with capture_on_commit(execute=True):
        report = apply_retention(years_later(5))

    assert report.cases == [world.case.reference]
    assert not Case.objects.filter(pk=case_pk).exists()
    assert not Signal.objects.filter(pk=signal_pk).exists()
    assert not Person.objects.filter(pk=person_pk).exists()
    assert not PersonRelation.objects.filter(person_id=person_pk).exists()
    assert not Attachment.objects.filter(case_id=case_pk).exists()
    assert not AgendaItem.objects.filter(case_id=case_pk).exists()
    assert not CaseNote.objects.filter(case_id=case_pk).exists()
    assert not Weighing.objects.filter(signal_id=signal_pk).exists()
    assert not file.exists()
    # The meeting itself (no personal data) stays; the other signal too.
    assert world.meeting.__class__.objects.filter(pk=world.meeting.pk).exists()
    assert Signal.objects.filter(pk=world.signal.pk).exists()

    case_row = RetainedStatistic.objects.get(kind="case")
    assert (case_row.year, case_row.status, case_row.count) == (year, "closed", 1)
    assert (case_row.outcome, case_row.ideology) == ("goals_reached", "right_wing")
    signal_row = RetainedStatistic.objects.get(kind="signal")
    assert (signal_row.status, signal_row.outcome, signal_row.count) == ("admitted", "admit", 1)
    # Reporting over the year still counts the removed signal and case (before suppression).
    assert (
        RetainedStatistic.objects.filter(municipality=world.municipality, year=year).aggregate(
            n=Sum("count")
        )["n"]
        == 2
    )
    assert _by_year(world.municipality.pk)[0][0] == year

    removed = AuditEntry.objects.filter(action="privacy.retention.removed")
    assert {(e.object_type, e.object_id) for e in removed} == {
        ("casework.case", str(case_pk)),
        ("casework.signal", str(signal_pk)),
        ("casework.person", str(person_pk)),
    }
    assert AuditEntry.objects.filter(action="privacy.retention.run").count() == 2
    assert_no_names_in_audit_log()
    assert verify_chain().intact


def test_counts_add_up_across_removals(world: World) -> None:
    """Removed cases count as before: the yearly numbers do not drop when data is removed."""
    chair = actor_for(world.users["chair"])
    for i in range(5):
        signal = intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=f"zorg {i}",
            anonymous=True,
        ).signal
        weighing_actions.weigh_signal(chair, signal, outcome="no_concern", reasons="geen zorg")
    before = _by_year(world.municipality.pk)
    apply_retention(years_later(2))
    assert Signal.objects.filter(status="closed").count() == 0
    assert _by_year(world.municipality.pk) == before
    assert (
        RetainedStatistic.objects.filter(kind="signal", status="closed").aggregate(n=Sum("count"))[
            "n"
        ]
        == 5
    )


def test_unadmitted_signal_goes_after_its_term_and_waiting_signals_stay(world: World) -> None:
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        world.signal,
        outcome="no_concern",
        reasons="Geen zorg over Test Persoon",
    )
    waiting = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PHONE,
        observation="nog niet gewogen",
        anonymous=True,
    ).signal
    Signal.objects.filter(pk=waiting.pk).update(received_at=timezone.now() - timedelta(days=900))

    assert apply_retention(timezone.localdate() + timedelta(days=300)).signals == []
    report = apply_retention(add_months(timezone.localdate(), 12) + timedelta(days=1))

    assert report.signals == [world.signal.reference]
    assert not Signal.objects.filter(pk=world.signal.pk).exists()
    assert Signal.objects.filter(pk=waiting.pk).exists()
    assert Case.objects.filter(pk=world.case.pk).exists()
    row = RetainedStatistic.objects.get(kind="signal")
    assert (row.status, row.outcome) == ("closed", "no_concern")
    assert_no_names_in_audit_log()


def test_a_held_case_is_untouched_until_the_hold_is_lifted(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture_on_commit = django_capture_on_commit_callbacks
    close(world, world.case)
    file = attachments.storage_dir() / world.attachment.storage_name
    login(client, world.users["dpo"])
    response = client.post(
        reverse("privacy:holds"),
        {"reference": world.case.reference, "reason": "Klacht van Tweede Persoon"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(case=world.case)
    entry = AuditEntry.objects.filter(action="privacy.hold.set").get()
    assert entry.object_label == f"{world.case.reference}: hold {hold.pk}"

    report = apply_retention(years_later(6))

    assert report.cases == [] and report.attachments == [] and report.persons_erased == []
    assert Case.objects.filter(pk=world.case.pk).exists()
    assert Person.objects.filter(pk=world.case.person_id).get().name == "Tweede Persoon"
    assert Signal.objects.filter(pk=world.weighed_signal.pk).exists()
    assert file.exists()

    # Lifting needs a reason.
    url = reverse("privacy:hold_lift", kwargs={"pk": hold.pk})
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Klacht afgehandeld"}).status_code == 302
    with capture_on_commit(execute=True):
        assert apply_retention(years_later(6)).cases == [world.case.reference]
    assert not file.exists()
    assert_no_names_in_audit_log()


def test_a_second_hold_and_an_unknown_reference_are_refused(world: World, client: Any) -> None:
    login(client, world.users["chair"])
    case_actions.set_hold(actor_for(world.users["chair"]), world.case, reason="rechtszaak")
    again = client.post(
        reverse("privacy:holds"), {"reference": world.case.reference, "reason": "nog een"}
    )
    assert again.status_code == 200 and again.context["form"].errors
    unknown = client.post(reverse("privacy:holds"), {"reference": "C-0000-99999", "reason": "x"})
    assert unknown.context["form"].errors
    # A chair of another municipality cannot hold this municipality's case.
    login(client, world.users["elsewhere"])
    other = client.post(
        reverse("privacy:holds"), {"reference": world.case.reference, "reason": "x"}
    )
    assert other.context["form"].errors
    assert LegalHold.objects.count() == 1


@override_settings(RETENTION_PERSON_MONTHS=12, RETENTION_ATTACHMENT_YEARS=1)
def test_shorter_terms_erase_person_details_and_attachments_before_the_case(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    capture_on_commit = django_capture_on_commit_callbacks
    enrich(world)
    close(world, world.case)
    file = attachments.storage_dir() / world.attachment.storage_name

    with capture_on_commit(execute=True):
        report = apply_retention(years_later(1))

    assert report.cases == []
    assert report.attachments == [f"{world.case.reference} attachment {world.attachment.pk}"]
    assert report.persons_erased == [f"person {world.case.person_id}"]
    assert not file.exists()
    person = Person.objects.get(pk=world.case.person_id)
    assert (person.name, person.birth_date, person.name_index) == ("[erased]", "", "")
    # Related persons keep only the kind of relation, as erasure on request leaves them.
    assert {(r.name, r.note) for r in person.relations.all()} == {("[erased]", "")}
    assert Case.objects.get(pk=world.case.pk).subject_name == ""
    assert Signal.objects.get(pk=world.weighed_signal.pk).subject_name == ""
    # A second run finds nothing more to do; the case goes at its own term.
    assert apply_retention(years_later(1)).counts() == dict.fromkeys(report.counts(), 0)
    assert apply_retention(years_later(5)).cases == [world.case.reference]
    assert not Person.objects.filter(pk=person.pk).exists()
    assert_no_names_in_audit_log()


def test_an_open_case_keeps_its_person(world: World) -> None:
    # A second case about the same person stays open: the person stays with it.
    chair = actor_for(world.users["chair"])
    close(world, world.case)
    other = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="opnieuw",
        anonymous=True,
        subject_name="Tweede Persoon",
    ).signal
    weighing_actions.weigh_signal(
        chair, other, outcome="admit", reasons="r", participants=[world.police]
    )
    second = Case.objects.get(origin=other)
    Case.objects.filter(pk=second.pk).update(person=world.case.person)
    apply_retention(years_later(6))
    assert not Case.objects.filter(pk=world.case.pk).exists()
    assert Person.objects.get(pk=world.case.person_id).name == "Tweede Persoon"


def test_dry_run_command_and_task(world: World) -> None:
    close(world, world.case)
    out = StringIO()
    call_command(
        "apply_retention", "--dry-run", f"--today={years_later(5).isoformat()}", stdout=out
    )
    assert f"would remove 1 cases: {world.case.reference}" in out.getvalue()
    assert "Tweede Persoon" not in out.getvalue()
    assert Case.objects.filter(pk=world.case.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="privacy.retention").exists()

    # The daily task runs today: nothing is past its term yet.
    result = apply_retention_task.enqueue()
    assert result.return_value == dict.fromkeys(
        [
            "audit_entries",
            "cases",
            "signals",
            "attachments",
            "persons_erased",
            "persons_removed",
            "contacts",
            "key_figures",
            "participants",
        ],
        0,
    )
    assert Case.objects.filter(pk=world.case.pk).exists()


def test_preview_lists_what_goes_in_the_next_30_days(world: World, client: Any) -> None:
    close(world, world.case)
    backdate_closure(world.case, days_ago=5 * 365 - 10)
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]), world.signal, outcome="no_concern", reasons="r"
    )
    Weighing.objects.filter(signal=world.signal).update(
        weighed_at=timezone.now() - timedelta(days=360)
    )
    for actor in ("chair", "dpo"):
        login(client, world.users[actor])
        response = client.get(reverse("privacy:retention"))
        assert response.status_code == 200
        content = response.content.decode()
        assert world.case.reference in content
        assert world.signal.reference in content
        assert f"{world.case.reference} attachment {world.attachment.pk}" in content
        for name in NAMES:
            assert name not in content
    counts = [category.count for category in response.context["categories"]]
    assert counts == [1, 1, 1, 1, 0, 0, 0]
    assert AuditEntry.objects.filter(action="privacy.retention.preview").count() == 2
    # A chair elsewhere sees their own municipality only.
    login(client, world.users["elsewhere"])
    content = client.get(reverse("privacy:retention")).content.decode()
    assert world.case.reference not in content


def grow(world: World, n: int) -> None:
    """n more closed cases near their term, one under a hold, signals near theirs."""
    chair = actor_for(world.users["chair"])
    for i in range(n):
        signal = intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=f"zorg {i}",
            anonymous=True,
            subject_name=f"Persoon {i}",
            subject_birth_date="2001-02-03",
        ).signal
        weighing_actions.weigh_signal(
            chair, signal, outcome="admit", reasons="r", participants=[world.police]
        )
        case = Case.objects.get(origin=signal)
        case_actions.add_attachment(
            chair, case, kind="report", title="t", filename="t.txt", content=b"tekst"
        )
        close(world, case)
        backdate_closure(case, days_ago=5 * 365 - 5)
        other = intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=f"geen zorg {i}",
            anonymous=True,
        ).signal
        weighing_actions.weigh_signal(chair, other, outcome="no_concern", reasons="r")
        Weighing.objects.filter(signal=other).update(
            weighed_at=timezone.now() - timedelta(days=360)
        )
        if i == 0:
            case_actions.set_hold(chair, case, reason="rechtszaak")


def count_queries(client: Any, url: str) -> int:
    """The queries of the page with nothing kept between requests (``samen.core.kept``)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("privacy:retention", "chair"),
        ("privacy:retention", "dpo"),
        ("privacy:retention_due", "chair"),
        ("privacy:retention_due", "dpo"),
        ("privacy:holds", "dpo"),
        ("privacy:register", "dpo"),
        ("privacy:register_export", "administrator"),
    ],
)
def test_queries_do_not_grow_with_data(client: Any, world: World, name: str, actor: str) -> None:
    login(client, world.users[actor])
    url = reverse(name, args=["signals"] if name == "privacy:retention_due" else [])
    grow(world, 2)
    small = count_queries(client, url)
    grow(world, 5)
    large = count_queries(client, url)
    assert large == small, f"{name}: {small} queries with less data, {large} with more"


def test_the_daily_run_prunes_the_audit_log_past_its_term(world: World) -> None:
    long_ago = timezone.localdate() + timedelta(days=365 * 8)  # run as if eight years later
    report = apply_retention(long_ago)
    assert report.audit_entries > 0
    assert AuditEntry.objects.filter(action="audit.log.pruned").exists()
    assert verify_chain().intact


def test_the_preview_computes_last_moments_for_candidates_only(
    world: World, django_assert_max_num_queries: Any
) -> None:
    """One query per category whatever the data, and each MAX over a history (last closing)
    is taken only over rows that pass an indexed EXISTS first. Persons group nothing (their
    encrypted columns are not compared): their last closing is a subquery per candidate, and the
    candidates come from index ranges. Signals read no weighing at all: the last weighing and
    the latest review date are kept on the signal (migration 0027)."""
    close(world, world.case)
    backdate_closure(world.case, days_ago=5 * 365 - 10)
    cache.clear()  # nothing kept: every category counted
    # Seven categories, the holds, the audit log, the generations of the two kinds kept.
    with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as queries:
        preview = retention.preview(world.municipality.pk)
    assert [c.count for c in preview["categories"]][:1] == [1]
    aggregated = [
        q["sql"]
        for q in queries.captured_queries
        if "MAX(" in q["sql"].upper() and "GROUP BY" in q["sql"].upper()
    ]
    assert len(aggregated) == 2  # cases, attachments
    for sql in aggregated:
        assert "PHASECHANGE" in sql.upper()
        where = sql.upper().split(" WHERE ", 1)[1]
        assert "EXISTS" in where.split("GROUP BY")[0], sql
    (persons,) = [
        q["sql"]
        for q in queries.captured_queries
        if '"CASEWORK_PERSON"."ID" AS' in q["sql"].upper()
    ]
    assert "GROUP BY" not in persons.upper() and " UNION " in persons.upper(), persons
    (signals,) = [
        q["sql"] for q in queries.captured_queries if "LAST_WEIGHED_AT" in q["sql"].upper()
    ]
    assert "CASEWORK_WEIGHING" not in signals.upper(), signals


def test_signals_due_is_the_last_weighing_past_the_term_with_no_review_ahead(
    world: World,
) -> None:
    """Every case of the rule, against the rule written out: not admitted, no case, the last
    of its weighings past the term, no review date at or after the horizon."""
    chair = actor_for(world.users["chair"])
    today = timezone.localdate()
    terms = retention.Terms.from_settings()
    old = terms.signal_months * 31 + 20  # days ago: past the term
    recent = 20
    scenarios: dict[str, list[tuple[int, int | None]]] = {
        # name: (weighed so many days ago, review so many days from today)
        "old": [(old, None)],
        "recent": [(recent, None)],
        "old_then_recent": [(old + 10, None), (recent, None)],
        "old_twice": [(old + 10, None), (old, None)],
        "review_ahead": [(old, 10)],
        "review_past": [(old, -10)],
        "review_ahead_on_the_older": [(old + 10, 10), (old, None)],
    }
    signals: dict[str, Signal] = {}
    for name, weighings in scenarios.items():
        signal = intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PHONE,
            observation=name,
            anonymous=True,
        ).signal
        first = weighing_actions.weigh_signal(chair, signal, outcome="no_concern", reasons="r")
        for n, (days_ago, review) in enumerate(weighings):
            weighing = first
            if n:
                weighing = Weighing.objects.get(pk=first.pk)
                weighing.pk = None
                weighing.save()
            Weighing.objects.filter(pk=weighing.pk).update(
                weighed_at=timezone.now() - timedelta(days=days_ago),
                review_on=today + timedelta(days=review) if review is not None else None,
            )
        signals[name] = signal
    # A signal with a case is never due on its own, whatever its status says.
    origin = world.case.origin
    Signal.objects.filter(pk=origin.pk).update(status=Signal.Status.CLOSED)
    Weighing.objects.filter(signal=origin).update(weighed_at=timezone.now() - timedelta(days=old))

    due = set(retention.signals_due(today, terms).values_list("reference", flat=True))
    assert due == {signals[name].reference for name in ("old", "old_twice", "review_past")}
    report = apply_retention(today, dry_run=True)
    assert set(report.signals) == due


def test_persons_due_is_the_last_closing_past_the_term_with_no_open_case(world: World) -> None:
    """Every case of the rule, against the rule written out: a person with cases is due (to be
    erased) when none is open, the last closing is past the term, no hold and not erased yet; a
    person without a case (to be removed) when the record is past the term."""
    terms = retention.Terms.from_settings()
    today = timezone.localdate()
    old = terms.person_months * 31 + 20  # days ago: past the term
    recent = 20
    user = world.users["chair"]
    # name: (recorded so many days ago, [(phase, closed so many days ago or None)])
    scenarios: dict[str, tuple[int, list[tuple[str, int | None]]]] = {
        "no_case_old": (old, []),
        "no_case_recent": (recent, []),
        "closed_old": (old, [("closed", old)]),
        "closed_recent": (old, [("closed", recent)]),
        "closed_old_then_recent": (old, [("closed", old), ("closed", recent)]),
        "closed_old_and_open": (old, [("closed", old), ("monitoring", None)]),
        "closed_without_a_closing": (old, [("closed", None)]),
        "closed_old_erased": (old, [("closed", old)]),
        "closed_old_held": (old, [("closed", old)]),
    }
    persons: dict[str, Person] = {}
    for name, (recorded, cases) in scenarios.items():
        person = Person.objects.create(
            municipality=world.municipality, name=name, name_only_index=f"i-{name}"
        )
        Person.objects.filter(pk=person.pk).update(
            created_at=timezone.now() - timedelta(days=recorded)
        )
        for n, (phase, closed) in enumerate(cases):
            case = Case.objects.create(
                reference=f"R-{name[:12]}-{n}",
                municipality=world.municipality,
                person=person,
                phase=phase,
                opened_at=timezone.now() - timedelta(days=old + 30),
            )
            if closed is not None:
                change = PhaseChange.objects.create(
                    case=case, from_phase="monitoring", to_phase="closed", changed_by=user
                )
                PhaseChange.objects.filter(pk=change.pk).update(
                    changed_at=timezone.now() - timedelta(days=closed)
                )
            if name == "closed_old_held":
                LegalHold.objects.create(case=case, reason="onderzoek", set_by=user)
        persons[name] = person
    Person.objects.filter(pk=persons["closed_old_erased"].pk).update(name_only_index="")

    due = retention.persons_due(today, terms, world.municipality.pk)
    assert {p.name: p.has_case for p in due if p.pk in {x.pk for x in persons.values()}} == {  # type: ignore[attr-defined]
        "no_case_old": False,
        "closed_old": True,
    }
    report = apply_retention(today, dry_run=True)
    assert f"person {persons['no_case_old'].pk}" in report.persons_removed
    assert f"person {persons['closed_old'].pk}" in report.persons_erased
    others = {
        f"person {p.pk}" for n, p in persons.items() if n not in ("no_case_old", "closed_old")
    }
    assert not others & {*report.persons_removed, *report.persons_erased}


def test_the_preview_lists_the_first_due_and_pages_the_rest(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backlog is counted in full, listed in part; the rest is a paged list per category,
    in the same order, with the same (bounded) number of queries on every page."""
    monkeypatch.setattr(retention, "PREVIEW_FIRST", 2)
    monkeypatch.setattr(retention, "DUE_PAGE_SIZE", 3)
    grow(world, 7)
    horizon = timezone.localdate() + timedelta(days=retention.PREVIEW_DAYS)
    would = apply_retention(horizon, dry_run=True)
    assert len(would.signals) == 7
    assert len(would.cases) == 6  # one is held

    login(client, world.users["chair"])
    response = client.get(reverse("privacy:retention"))
    categories = {category.slug: category for category in response.context["categories"]}
    assert categories["signals"].count == 7
    assert categories["cases"].count == 6
    assert categories["attachments"].count == len(would.attachments)
    assert [item.label for item in categories["signals"].items] == would.signals[:2]
    content = response.content.decode()
    assert categories["signals"].more
    assert not categories["contacts"].more
    assert reverse("privacy:retention_due", args=["signals"]) in content
    assert reverse("privacy:retention_due", args=["contacts"]) not in content

    url = reverse("privacy:retention_due", args=["signals"])
    seen: list[str] = []
    queries = []
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"page": page})
        assert response.status_code == 200
        queries.append(len(captured))
        seen += [item.label for item in response.context["items"]]
        for name in NAMES:
            assert name not in response.content.decode()
    assert seen == would.signals  # all of them, once, soonest due first
    assert len(set(queries)) == 1
    # Past the end: the last page; not a number: the first.
    response = client.get(url, {"page": 99})
    assert response.context["page"].number == 3
    assert [item.label for item in response.context["items"]] == would.signals[6:]
    response = client.get(url, {"page": "x"})
    assert [item.label for item in response.context["items"]] == would.signals[:3]
    assert AuditEntry.objects.filter(
        action="privacy.retention.preview", object_label="signals page 3: 7"
    ).exists()
    assert client.get(reverse("privacy:retention_due", args=["nothing"])).status_code == 404
    # A chair elsewhere pages their own municipality only.
    login(client, world.users["elsewhere"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["items"] == []
