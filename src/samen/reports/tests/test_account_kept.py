"""The account's raw counts are kept between requests and are never stale (issue 16): every
model the counts read is hooked, a change of any of them moves the generation of the
municipalities it concerns in its transaction, the account shown after it is the account
computed without anything kept, and what changes with time alone (the date, a meeting's start)
is recomputed."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, ProtectedError
from django.db.utils import IntegrityError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import transfer as transfer_actions
from samen.casework.models import (
    Action,
    Attachment,
    Case,
    CaseParticipation,
    LegalHold,
    Meeting,
    PhaseChange,
    Signal,
    TravelStatus,
)
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core import generations, personal_data
from samen.privacy import retention
from samen.programme.models import (
    BudgetLine,
    Headcount,
    Spending,
    Training,
    TrainingParticipant,
    TrainingSession,
)
from samen.reports import account as acc
from samen.reports import kept
from samen.reports.disclosure import THRESHOLD
from samen.reports.models import RetainedStatistic

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def _shown(figures: acc.Account) -> list[Any]:
    """Everything an account publishes (what the page and the exports are made of)."""
    return [
        figures.median_days_to_weighing,
        [(t.key, t.total, [(r.key, str(r.label), r.cell) for r in t.rows]) for t in figures.tables],
    ]


def _accounts(municipality_id: int, *, fresh: bool) -> list[Any]:
    """The account of this year, its first half and its third quarter, last year's, and the
    trend."""
    year = _today().year
    periods = [acc.period(year, part, start_month=1) for part in ("", "h1", "q3")]
    periods.append(acc.period(year - 1, start_month=1))
    shown = [_shown(acc.account(municipality_id, p, fresh=fresh)) for p in periods]
    trend = acc.trend(municipality_id, year, fresh=fresh)
    return [*shown, trend.years, [(str(label), cells) for label, cells in trend.rows]]


def _exact(municipality_id: int) -> list[Any]:
    """The account with the counts kept equals the account computed anew; returns it."""
    shown = _accounts(municipality_id, fresh=False)
    fresh = _accounts(municipality_id, fresh=True)
    for n, (one, other) in enumerate(zip(shown, fresh, strict=True)):
        if one != other and isinstance(one, list) and len(one) == 2:
            assert one[0] == other[0], n
            for a, b in zip(one[1], other[1], strict=True):
                assert a == b, (n, a, b)
    assert shown == fresh
    return shown


def _generation(municipality_id: int) -> tuple[int, ...]:
    """The municipality's generations of every kind (the account is keyed by all of them)."""
    return generations.numbers([municipality_id])[1:]


# --- the list of hooks ------------------------------------------------------------------------


def _models_read(run: Callable[[], object]) -> set[type[Model]]:
    tables = {model._meta.db_table: model for model in apps.get_models()}
    with CaptureQueriesContext(connection) as queries:
        run()
    read = set()
    for query in queries.captured_queries:
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"]):
            read.add(tables[table])
    return read


def test_the_hooked_models_are_the_models_the_kept_counts_read(world: World) -> None:
    """A new population (or dimension) read without a hook fails here."""
    m = world.municipality.pk
    year = acc.reporting_year(_today().year, 1)
    years = [acc.reporting_year(y, 1) for y in range(year.year - 4, year.year + 1)]

    def compute() -> None:
        acc.year_counts(m, year)
        acc._year_totals(m, years)

    # Who takes part in a case and the budget are read by the start page's kept counts
    # (``samen.home``'s tests); a case's phase changes, attachments and holds by the retention
    # preview's (``samen.privacy``'s tests).
    others = {CaseParticipation, BudgetLine, Spending, PhaseChange, Attachment, LegalHold}
    assert _models_read(compute) == set(kept.HOOKS) - others


# --- changes through the services -------------------------------------------------------------


def _signal_total(municipality_id: int) -> int | None:
    figures = acc.account(municipality_id, acc.period(_today().year, start_month=1))
    return figures.table("signals_by_channel").total.count


def _report_signal(world: World) -> None:
    """An anonymous phone call about the world's municipality, through the services."""
    intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PHONE,
        observation="zorg",
        anonymous=True,
    )


def test_a_new_signal_is_in_the_next_account(world: World) -> None:
    m = world.municipality.pk
    before, generation = _exact(m), _generation(m)
    total = _signal_total(m)
    assert total is not None
    _report_signal(world)
    assert _generation(m) != generation
    assert _exact(m) != before
    assert _signal_total(m) == total + 1
    # The other municipality's counts are not touched.
    assert _generation(world.other_municipality.pk) == (0,) * len(generations.TOPICS)


def test_attendance_written_in_bulk_moves_the_generation(world: World) -> None:
    m = world.municipality.pk
    assert world.meeting is not None
    Meeting.objects.filter(pk=world.meeting.pk).update(starts_at=timezone.now() - timedelta(days=1))
    kept.changed(world.meeting)
    before, generation = _exact(m), _generation(m)
    meeting_actions.record_attendance(
        actor_for(world.users["chair"]),
        world.meeting,
        present=[world.users["chair"], world.users["case_table_member"]],
    )
    assert _generation(m) != generation
    assert _exact(m) != before


def test_closing_a_case_moves_the_generation_and_its_reviews_count(world: World) -> None:
    m = world.municipality.pk
    assert world.case is not None
    case_actions.request_closure(
        actor_for(world.users["case_manager"]),
        world.case,
        closing_reason="regular_care",
        explanation="Gaat naar reguliere zorg",
    )
    before, generation = _exact(m), _generation(m)
    case_actions.decide_closure(actor_for(world.users["chair"]), world.case, approve=True)
    assert _generation(m) != generation
    assert _exact(m) != before


def test_a_transfer_moves_both_municipalities(world: World) -> None:
    assert world.case is not None
    here, there = world.municipality.pk, world.other_municipality.pk
    Organisation.objects.filter(pk=there).update(covenant_signed=True)
    world.other_municipality.refresh_from_db()
    transfer = transfer_actions.propose_transfer(
        actor_for(world.users["chair"]),
        world.case,
        to_municipality=world.other_municipality,
        reason="verhuisd",
    )
    before = {m: (_exact(m), _generation(m)) for m in (here, there)}
    receiving = actor_for(world.users["elsewhere"])
    transfer_actions.decide_transfer(receiving, transfer, accept=True, reason="ja")
    assert Case.objects.get(pk=world.case.pk).municipality_id == there
    for m in (here, there):
        assert _generation(m) != before[m][1]
        assert _exact(m) != before[m][0]


def test_writes_without_model_signals_move_the_generation(world: World) -> None:
    """Retention's headcount (``update``), the removed signals' anonymous counts and the
    blanking of identities (``update`` over many rows)."""
    m = world.municipality.pk
    training = Training.objects.create(municipality=world.municipality, title="Training")
    session = TrainingSession.objects.create(training=training, starts_on=_today())
    participant = TrainingParticipant.objects.create(session=session, name="Jan", sector="police")
    retention._count_participant(participant)
    before, generation = _exact(m), _generation(m)
    retention._count_participant(participant)  # the second time: an update of its count
    assert Headcount.objects.get().count == 2
    assert _generation(m) != generation
    assert _exact(m) != before

    removed = {"municipality_id": m, "year": _today().year, "kind": "signal", "status": "closed"}
    RetainedStatistic.add(**removed)
    before, generation = _exact(m), _generation(m)
    RetainedStatistic.add(**removed)  # an update of its count
    assert _generation(m) != generation
    assert _exact(m) != before

    installation = generations.numbers([])[0]
    personal_data.erase_identity({"person": Case.objects.none()})
    assert generations.numbers([])[0] != installation


def test_only_changes_of_counted_fields_of_shared_rows_move_every_generation(
    world: World,
) -> None:
    """An organisation's kind, a district's name, a user's organisation are counted in every
    municipality; a login (``last_login``) or a new user is not."""
    m = world.municipality.pk
    installation = generations.numbers([])[0]
    user = world.users["case_table_member"]
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    user.full_name = "Anders"
    user.save()
    User.objects.create(username="nieuw", organisation=world.youth)
    assert generations.numbers([])[0] == installation
    intake_actions.report_signal(
        actor_for(user),
        municipality=world.municipality,
        channel=Signal.Channel.PARTNER_FORM,
        observation="zorg",
        anonymous=False,
        reporter=user,
    )
    installation = generations.numbers([])[0]
    before = _exact(m)  # the signal counted under the police's sector
    police = world.police
    police.kind = Organisation.Kind.YOUTH_CARE
    police.save()
    assert generations.numbers([])[0] != installation
    assert _exact(m) != before
    installation = generations.numbers([])[0]
    user.organisation = world.youth
    user.save()
    assert generations.numbers([])[0] != installation


# --- time alone -------------------------------------------------------------------------------


def test_the_same_generation_on_another_date_is_computed_anew(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action due tomorrow is open and not yet due today, past its due date the day after
    tomorrow, without any write in between."""
    m = world.municipality.pk
    assert world.item is not None
    today = _today()
    meeting_actions.record_action(
        actor_for(world.users["chair"]),
        world.item,
        description="Gesprek",
        owner=world.police,
        due_date=today + timedelta(days=1),
    )
    year = acc.period(today.year, start_month=1)

    def timeliness() -> dict[str, int | None]:
        table = acc.account(m, year).table("case_actions_by_timeliness")
        return {row.key: row.cell.count for row in table.rows}

    assert timeliness()[acc.Timeliness.OPEN] == 1
    generation = _generation(m)
    later = timezone.now() + timedelta(days=2)
    if later.year != today.year:
        pytest.skip("the due date falls in the next reporting year")
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert timeliness()[acc.Timeliness.OPEN_PAST_DUE] == 1
    assert _generation(m) == generation
    assert Action.objects.count() == 1


def test_a_meeting_that_starts_later_today_is_held_once_it_has_started(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = world.municipality.pk
    assert world.meeting is not None
    now = timezone.now()
    soon = now + timedelta(seconds=30)
    if timezone.localdate(soon) != timezone.localdate(now):
        pytest.skip("midnight in between")
    Meeting.objects.filter(municipality_id=m).update(starts_at=soon)
    kept.changed(world.meeting)
    year = acc.period(_today().year, start_month=1)

    def held() -> int | None:
        return acc.account(m, year).table("meetings_held").total.count

    assert held() == 0
    assert held() == 0  # kept
    monkeypatch.setattr(timezone, "now", lambda: soon + timedelta(seconds=1))
    assert held() == 1


# --- what a kept account costs ------------------------------------------------------------------


# A kept account: the generations (1), nothing else (the disclosure control, the themes and the
# budget are kept with it); the trend: the generations (1).
KEPT_ACCOUNT_QUERIES = 1
KEPT_TREND_QUERIES = 1


def test_a_kept_account_reads_only_the_generation(world: World) -> None:
    m = world.municipality.pk
    p = acc.period(_today().year, start_month=1)
    cold = acc.account(m, p)
    with CaptureQueriesContext(connection) as queries:
        warm = acc.account(m, p)
    assert len(queries) == KEPT_ACCOUNT_QUERIES
    assert _shown(warm) == _shown(cold) == _shown(acc.account(m, p, fresh=True))
    assert warm.budget == cold.budget == acc.account(m, p, fresh=True).budget
    # Its texts are plain text: a lazy one is rebuilt, class and all, each time it is read from
    # the cache (about 0.2 ms each, 77 ms for the national set's account).
    assert b"_lazy_proxy" not in pickle.dumps(warm)
    acc.trend(m, p.year)
    with CaptureQueriesContext(connection) as queries:
        acc.trend(m, p.year)
    assert len(queries) == KEPT_TREND_QUERIES


def test_a_kept_account_is_kept_per_part_of_the_year_and_per_language(world: World) -> None:
    """The key holds the part of the year and the language its texts are made in: the first
    half is not the year's account, the English account not the Dutch one."""
    m = world.municipality.pk
    year = _today().year
    whole, half = acc.period(year, start_month=1), acc.period(year, "h1", start_month=1)
    with translation.override("nl"):
        dutch = acc.account(m, whole)
        assert acc.account(m, half).period == half
    with translation.override("en"):
        english = acc.account(m, whole)
    assert english.period == dutch.period == whole
    assert dutch.table("signals_by_channel").title == "Signalen naar kanaal"
    assert english.table("signals_by_channel").title == "Signals by channel"
    drawn = {}
    for language in ("nl", "en"):
        with translation.override(language):
            drawn[language] = acc.drawn(m, whole, lambda figures: str(_("Total")))[1]
            assert acc.drawn(m, whole, lambda figures: "not drawn again")[1] == drawn[language]
    assert drawn == {"nl": "Totaal", "en": "Total"}


# The page's own queries once the account is kept: the session and the user with the
# organisation (the floor's), the account with its tables drawn (the generations), the trend,
# the texts, the municipality's name and the audit entry (the chain's head, with the lock in the
# same round trip on PostgreSQL, and the entry; no savepoint inside the test's transaction).
# Pinned so that a change that adds a query to the page is seen.
KEPT_PAGE_QUERIES = 10


def test_the_page_with_kept_counts_has_a_fixed_budget(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    url = reverse("reports:account", kwargs={"year": _today().year})
    assert client.get(url).status_code == 200
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == KEPT_PAGE_QUERIES


def test_the_kept_page_shows_a_change_at_once_in_the_language_asked(
    client: Any, world: World
) -> None:
    """The tables are drawn once per account and language: the next page after a new signal
    shows it, and a reader in English gets the tables in English."""
    login(client, world.users["chair"])
    url = reverse("reports:account", kwargs={"year": _today().year})

    def signals_total(page: str) -> str:
        table = page.split('id="table-signals_by_channel"', 1)[1].split("</table>", 1)[0]
        return table.split("<tfoot>", 1)[1]

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    before = client.get(url).content.decode()
    assert "Totaal" in signals_total(before)
    assert signals_total(client.get(url).content.decode()) == signals_total(before)
    for _n in range(THRESHOLD):
        _report_signal(world)
    after = client.get(url).content.decode()
    assert signals_total(after) != signals_total(before)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Total" in signals_total(english)
    assert "Totaal" not in signals_total(english)


# --- every hooked model ---------------------------------------------------------------------


class _Undo(Exception):
    pass


def _undone(change: Callable[[], object]) -> bool:
    """Run ``change`` in a savepoint that is rolled back afterwards; False when the database
    or Django refused it (a protected row)."""
    try:
        with transaction.atomic():
            change()
            raise _Undo
    except _Undo:
        return True
    except (ProtectedError, IntegrityError):
        return False


@pytest.mark.slow
def test_a_change_of_a_row_of_any_hooked_model_is_in_the_next_account() -> None:
    """On generated data with every population: for each hooked model, saving a row moves the
    generation of its municipalities; deleting it (where nothing protects it) too, and the
    account then shown is the account computed anew. Before all that: the kept account equals
    the fresh one for each municipality, cold and warm."""
    from samen.reports.tests.test_account_grouped import _generate, _spread_over_quarters

    towns = _generate()
    _spread_over_quarters(towns)
    case = Case.objects.filter(municipality=towns[0]).first()
    assert case is not None
    someone = User.objects.filter(organisation=towns[0]).first()
    assert someone is not None
    TravelStatus.objects.create(
        case=case, state="intention", on=_today(), source="politie", recorded_by=someone
    )
    # Rows the generated data has none of (hooked for the retention preview).
    Attachment.objects.create(
        case=case,
        kind="report",
        title="Verslag",
        filename="verslag.txt",
        content_type="text/plain",
        size=5,
        storage_name="kept-hooks-test",
        uploaded_by=someone,
        organisation=towns[0],
    )
    LegalHold.objects.create(case=case, reason="klacht", set_by=someone)
    for town in towns:
        assert _accounts(town.pk, fresh=False) == _exact(town.pk)  # cold, then warm
    towns_ids = [t.pk for t in towns]
    for model, hook in kept.HOOKS.items():
        rows = model._base_manager.order_by("pk")
        if isinstance(hook, kept.Under) and "municipality" in hook.paths:
            rows = rows.filter(municipality__in=towns_ids)
        instance = rows.first()
        assert instance is not None, model
        if isinstance(hook, kept.Everywhere):
            _check_everywhere(instance, hook, towns[0].pk)
            continue
        concerned = {m for m in hook.municipalities(instance) if m is not None}
        assert concerned, model
        m = next(iter(concerned))
        _exact(m)
        # Each kind of data the hook names moves (the start pages' counts are keyed by one).
        before = {n: generations.numbers([n], hook.topics)[1:] for n in concerned}
        instance.save()
        after = {n: generations.numbers([n], hook.topics)[1:] for n in concerned}
        assert all(
            all(x != y for x, y in zip(after[n], before[n], strict=True)) for n in concerned
        ), model

        def delete(instance: Model = instance, m: int = m) -> None:
            generation = _generation(m)
            instance.delete()
            assert _generation(m) != generation
            _exact(m)

        _undone(delete)


def _check_everywhere(instance: Model, hook: kept.Everywhere, m: int) -> None:
    installation = generations.numbers([])[0]
    instance.save()
    assert generations.numbers([])[0] == installation, type(instance)  # nothing counted changed
    name = hook.fields[0]
    field = instance._meta.get_field(name)
    if field.is_relation:
        other = type(getattr(instance, name))._base_manager.exclude(
            pk=getattr(instance, field.attname)  # type: ignore[union-attr]
        )
        setattr(instance, name, other.first())
    else:
        setattr(instance, name, f"{getattr(instance, name)} anders"[: field.max_length])  # type: ignore[union-attr]
    _exact(m)
    instance.save()
    assert generations.numbers([])[0] != installation, type(instance)
    _exact(m)


def test_a_kept_value_is_for_its_own_dates_only() -> None:
    """The key holds the span of dates, the generations, the local date and the term."""
    one = kept.key("year", 1, date(2026, 1, 1), date(2027, 1, 1), date(2026, 12, 5))
    assert one != kept.key("year", 1, date(2026, 9, 1), date(2027, 9, 1), date(2026, 12, 5))
    assert one != kept.key("year", 1, date(2026, 1, 1), date(2027, 1, 1), date(2026, 12, 6))
    assert one != kept.key("year", 2, date(2026, 1, 1), date(2027, 1, 1), date(2026, 12, 5))
    assert one != kept.key("trend", 1, date(2026, 1, 1), date(2027, 1, 1), date(2026, 12, 5))
