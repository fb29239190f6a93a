"""The issue's "done when": a coordinator enters one theme of the Utrecht plan (seed 002) with
its actions, leads, working group and budget, and the trainings, theme day and school programme
of a city's annual report (seed 004), through the interface alone; sees them per theme, per
lead and per year with budget against spending; and a lead from a partner organisation updates
the progress of their own action and nothing else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.programme.models import (
    BudgetLine,
    Event,
    Outreach,
    Plan,
    PlanAction,
    ProgressUpdate,
    Theme,
    Training,
    TrainingSession,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _post(client: Any, name: str, data: dict[str, Any], expect: int = 302, **kwargs: Any) -> Any:
    response = client.post(reverse(name, kwargs=kwargs or None), data)
    assert response.status_code == expect, response.content.decode()[:2000]
    return response


def test_a_theme_of_the_utrecht_plan_with_actions_leads_working_group_and_budget(
    client: Any, world: World
) -> None:
    art1 = OrganisationFactory(name="Art.1 Midden Nederland", municipality=world.municipality)
    al_amal = OrganisationFactory(name="Stichting Al Amal", municipality=world.municipality)
    trekker = UserFactory(
        username="mieke", full_name="Mieke Janssen", organisation=art1, roles=["programme_lead"]
    )
    login(client, world.users["chair"])
    _post(
        client,
        "programme:plan_create",
        {
            "title": "Utrecht zijn we samen",
            "first_year": YEAR,
            "last_year": YEAR + 2,
            "status": "adopted",
        },
    )
    plan = Plan.objects.get()
    assert plan.municipality == world.municipality
    _post(
        client,
        "programme:theme_create",
        {
            "title": "Acceptatie en integratie",
            "position": 1,
            "current_situation": "We zien segregatie naar etniciteit, buurt en status.",
            "ambition": "Meer acceptatie van elkaar en van verschillen.",
            "existing_work": "Art.1 voert het antidiscriminatiebeleid uit.",
            "together": "Een werkgroep met migrantenorganisaties en levensbeschouwelijke partners.",
            "municipality_role": "Meer aandacht voor uitsluiting op de arbeidsmarkt.",
        },
        pk=plan.pk,
    )
    theme = Theme.objects.get()
    assert theme.ambition.startswith("Meer acceptatie")
    _post(
        client,
        "programme:goal_create",
        {"text": "Dialoog tussen groepen in elke wijk", "target_date": f"{YEAR + 1}-12-31"},
        pk=theme.pk,
    )
    _post(
        client,
        "programme:action_create",
        {
            "title": "Antidiscriminatiebeleid gemeente versterken",
            "description": "Met de gemeente kijken waar het beleid versterkt kan worden.",
            "lead_organisation": art1.pk,
            "lead_user": trekker.pk,
            "working_group": [al_amal.pk, world.police.pk],
            "other_partners": "Utrecht Platform voor Levensbeschouwing en Religie",
            "mode": "together",
            "status": "planned",
            "planned_start": f"{YEAR}-01-01",
            "planned_end": f"{YEAR}-12-01",
        },
        pk=theme.pk,
    )
    _post(
        client,
        "programme:action_create",
        {
            "title": "Stimuleren dialoog en gesprek",
            "mode": "alone",
            "status": "under_way",
            "planned_end": f"{YEAR + 1}-06-30",
        },
        pk=theme.pk,
    )
    together = PlanAction.objects.get(title__startswith="Antidiscriminatie")
    assert together.lead_user == trekker and together.lead_organisation == art1
    assert set(together.working_group.all()) == {al_amal, world.police}
    # A lead from another organisation than the lead organisation is refused.
    _post(
        client,
        "programme:action_edit",
        {
            "title": "x",
            "mode": "together",
            "status": "planned",
            "lead_organisation": al_amal.pk,
            "lead_user": trekker.pk,
        },
        expect=422,
        pk=together.pk,
    )
    # The budget: the subsidy requested for the theme (EUR 40,000 a year) and own money.
    _post(
        client,
        "programme:budget_line_create",
        {
            "year": YEAR,
            "theme": theme.pk,
            "title": "Faciliteren van dialoog",
            "source": "national",
            "subsidy_status": "granted",
            "amount": "40000.00",
            "granted_amount": "35000.00",
            "fte": "0.50",
        },
        pk=plan.pk,
    )
    _post(
        client,
        "programme:budget_line_create",
        {
            "year": YEAR,
            "action": together.pk,
            "title": "Werkgroep",
            "source": "own",
            "amount": "1234.56",
            "fte": "0",
        },
        pk=plan.pk,
    )
    subsidy = BudgetLine.objects.get(source="national")
    own = BudgetLine.objects.get(source="own")
    assert own.theme == theme and own.granted_amount == Decimal("1234.56")
    _post(
        client,
        "programme:spending_create",
        {"spent_on": f"{YEAR}-03-01", "amount": "10000.01", "description": "Dialoogavonden"},
        pk=subsidy.pk,
    )
    _post(
        client,
        "programme:spending_create",
        {"spent_on": f"{YEAR}-03-02", "amount": "234.56", "description": "Zaalhuur"},
        pk=own.pk,
    )

    # Per theme, per lead organisation, per year with the budget against spending.
    page = client.get(reverse("programme:theme_detail", kwargs={"pk": theme.pk})).content.decode()
    assert "Waar willen we over twee jaar staan?" in page  # the questions, in Dutch
    assert "Meer acceptatie van elkaar" in page and "Antidiscriminatiebeleid" in page
    page = client.get(
        reverse("programme:by_organisation", kwargs={"pk": plan.pk}), {"organisation": art1.pk}
    ).content.decode()
    assert "Antidiscriminatiebeleid" in page and "Stimuleren dialoog" not in page
    response = client.get(reverse("programme:budget", kwargs={"pk": plan.pk}), {"year": YEAR})
    table = response.context["table"]
    (row,) = table.rows
    assert (row.planned, row.granted, row.spent, row.remaining) == (
        Decimal("41234.56"),
        Decimal("36234.56"),
        Decimal("10234.57"),
        Decimal("25999.99"),
    )
    timeline = client.get(reverse("programme:timeline", kwargs={"pk": plan.pk}))
    assert [item.title for item in timeline.context["items"]][:1] == [together.title]

    # The lead reports progress on their own action, and can change nothing else.
    login(client, trekker)
    mine = client.get(reverse("programme:my_actions"))
    assert [a.pk for a in mine.context["own"]] == [together.pk]
    _post(
        client,
        "programme:action_progress",
        {
            "on": timezone.localdate().isoformat(),
            "text": "Eerste werkgroep gehouden.",
            "status": "under_way",
        },
        pk=together.pk,
    )
    update = ProgressUpdate.objects.get()
    assert update.author == trekker and update.organisation == art1
    together.refresh_from_db()
    assert together.status == "under_way" and together.actual_start == timezone.localdate()
    other = PlanAction.objects.get(title__startswith="Stimuleren")
    assert (
        client.get(reverse("programme:action_detail", kwargs={"pk": other.pk})).status_code == 404
    )
    _post(
        client,
        "programme:action_progress",
        {"on": "2020-01-01", "text": "x"},
        expect=404,
        pk=other.pk,
    )
    assert (
        client.get(reverse("programme:action_edit", kwargs={"pk": together.pk})).status_code == 403
    )
    assert client.get(reverse("programme:plan_detail", kwargs={"pk": plan.pk})).status_code == 403
    assert client.get(reverse("programme:budget", kwargs={"pk": plan.pk})).status_code == 403
    assert ProgressUpdate.objects.count() == 1
    entries = AuditEntry.objects.filter(action="programme.action.progress")
    assert entries.filter(outcome="allowed", user_label="mieke").count() == 1
    assert entries.filter(outcome="denied", object_id=str(other.pk)).count() == 1


def test_a_stopped_action_needs_a_reason_and_progress_is_not_in_the_future(
    client: Any, world: World, programme: Any
) -> None:
    login(client, world.users["lead"])
    url = reverse("programme:action_progress", kwargs={"pk": programme.action.pk})
    response = client.post(
        url, {"on": timezone.localdate().isoformat(), "text": "x", "status": "stopped"}
    )
    assert response.status_code == 422
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1)
    assert client.post(url, {"on": tomorrow.isoformat(), "text": "x"}).status_code == 422
    response = client.post(
        url,
        {
            "on": timezone.localdate().isoformat(),
            "text": "Geen deelnemers gevonden.",
            "status": "stopped",
            "stop_reason": "Geen moeders bereikt in deze wijk.",
        },
    )
    assert response.status_code == 302
    programme.action.refresh_from_db()
    assert programme.action.status == "stopped"
    assert programme.action.stop_reason == "Geen moeders bereikt in deze wijk."


def test_trainings_theme_day_and_school_programme_of_the_annual_report(
    client: Any, world: World
) -> None:
    """More than 150 professionals trained in four kinds of training; a theme day with 14
    lectures and workshops for more than 250 professionals; a school programme at one primary
    school (seed 004)."""
    login(client, world.users["chair"])
    for title in (
        "Signaleren van radicalisering",
        "Omgaan met extreme idealen",
        "Informatiedelen",
        "Links- en rechtsextremisme",
    ):
        _post(client, "programme:training_create", {"title": title, "level": "basic"})
    trainings = list(Training.objects.order_by("pk"))
    for n, training in enumerate(trainings):
        _post(
            client,
            "programme:session_create",
            {"starts_on": f"{YEAR}-0{n + 1}-15", "place": "Stadskantoor", "capacity": "60"},
            pk=training.pk,
        )
    sessions = list(TrainingSession.objects.order_by("pk"))
    for session, count in zip(sessions, (45, 40, 38, 30), strict=True):
        _post(
            client,
            "programme:session_headcount",
            {"count-count": count, "count-organisation": world.police.pk},
            pk=session.pk,
        )
    _post(
        client,
        "programme:session_participant",
        {"name": "Anna de Boer", "email": "anna@example.invalid", "organisation": world.youth.pk},
        pk=sessions[0].pk,
    )
    _post(
        client,
        "programme:session_evaluation",
        {"evaluation-summary": "Goed ontvangen.", "evaluation-rating": "4"},
        pk=sessions[0].pk,
    )
    _post(
        client,
        "programme:event_create",
        {
            "kind": "theme_day",
            "title": "Themadag aanpak radicalisering",
            "held_on": f"{YEAR}-11-14",
            "attendance": 254,
        },
    )
    event = Event.objects.get()
    for n in range(14):
        _post(
            client,
            "programme:event_item",
            {"kind": "lecture" if n < 6 else "workshop", "title": f"Onderdeel {n + 1}"},
            pk=event.pk,
        )
    _post(client, "programme:outreach_create", {"kind": "school", "title": "BOUNCE weerbaarheid"})
    bounce = Outreach.objects.get()
    _post(
        client,
        "programme:outreach_delivery",
        {
            "school": "Basisschool De Regenboog",
            "held_on": f"{YEAR}-10-01",
            "classes": 1,
            "pupils": 0,
            "parents": 12,
            "professionals": 5,
        },
        pk=bounce.pk,
    )
    detail = client.get(reverse("programme:event_detail", kwargs={"pk": event.pk}))
    assert len(detail.context["items"]) == 14
    numbers = client.get(reverse("programme:numbers")).context["numbers"]
    assert numbers.trainings == [(YEAR, None, 154)]  # 4 sessions: fewer than 5, suppressed
    assert numbers.events == [(YEAR, None, 254)]
    assert numbers.outreach == [(YEAR, None, None, 12, 5)]
    session_page = client.get(reverse("programme:session_detail", kwargs={"pk": sessions[0].pk}))
    assert session_page.context["total"] == 46
    assert "Anna de Boer" in session_page.content.decode()


def test_the_action_form_shows_what_the_action_holds_chosen(
    client: Any, world: World, programme: Any, django_assert_max_num_queries: Any
) -> None:
    """The working group, lead and links to the hub are shown chosen (read by their keys), the
    partners' organisations offered twice but read once."""
    from samen.casework.tests.factories import actor_for
    from samen.hub.models import Practice
    from samen.programme.actions import plan as plan_actions

    chair = actor_for(world.users["chair"])
    practice = Practice.objects.create(title="Moedercirkels in de wijk")
    action = plan_actions.save_action(
        chair,
        programme.theme,
        None,
        title="Samen met de politie",
        lead_organisation=world.police,
        working_group=[world.police, world.youth],
        practices=[practice],
    )
    login(client, world.users["chair"])
    url = reverse("programme:action_edit", kwargs={"pk": action.pk})
    client.get(url)
    with django_assert_max_num_queries(25) as counted:
        page = client.get(url).content.decode()
    columns = 'SELECT "accounts_organisation"."id", "accounts_organisation"."name"'
    offered = [
        q["sql"]
        for q in counted.captured_queries
        if q["sql"].startswith(columns)
        and q["sql"].endswith('ORDER BY "accounts_organisation"."name" ASC')
    ]
    assert len(offered) == 1
    for organisation in (world.police, world.youth):
        assert f'value="{organisation.pk}" id="id_working_group_' in page
    assert page.count("checked>") == 2
    assert f'<option value="{world.police.pk}" selected>' in page
    assert f'<option value="{practice.pk}" selected>Moedercirkels in de wijk</option>' in page


def test_a_session_s_forms_offer_the_partners_read_once(
    client: Any, world: World, programme: Any, django_assert_max_num_queries: Any
) -> None:
    """The forms to register and to count participants offer the same partners, read once;
    the empty evaluation form is the same for everyone (kept, ``ui.samen_forms``)."""
    from samen.ui.templatetags.samen_forms import static_key

    login(client, world.users["chair"])
    url = reverse("programme:session_detail", kwargs={"pk": programme.session.pk})
    client.get(url)
    with django_assert_max_num_queries(30) as counted:
        response = client.get(url)
    columns = 'SELECT "accounts_organisation"."id", "accounts_organisation"."name"'
    offered = [
        q["sql"]
        for q in counted.captured_queries
        if q["sql"].startswith(columns)
        and q["sql"].endswith('ORDER BY "accounts_organisation"."name" ASC')
    ]
    assert len(offered) == 1
    page = response.content.decode()
    for name in ("organisation", "count-organisation"):
        assert f'<select name="{name}" id="id_{name}">' in page
        assert f'<option value="{world.police.pk}">{world.police.name}</option>' in page
    assert static_key(response.context["evaluation_form"]) is not None
    # Sent and refused, the form shows the partners and what was chosen.
    refused = client.post(
        reverse("programme:session_participant", kwargs={"pk": programme.session.pk}),
        {"name": "", "organisation": world.police.pk},
    )
    assert refused.status_code == 422
    assert f'<option value="{world.police.pk}" selected>' in refused.content.decode()


def test_a_theme_lists_its_actions_and_budget_lines_with_their_labels(
    client: Any, world: World, programme: Any
) -> None:
    """The labels of the choices each action and line holds, in the user's language, as
    ``get_..._display`` gives them."""
    from django.utils import translation

    from samen.casework.tests.factories import actor_for
    from samen.programme.actions import plan as plan_actions

    chair = actor_for(world.users["chair"])
    plan_actions.save_action(
        chair, programme.theme, None, title="Gestopt", status="stopped", stop_reason="geld"
    )
    login(client, world.users["chair"])
    page = client.get(reverse("programme:theme_detail", kwargs={"pk": programme.theme.pk}))
    content = page.content.decode()
    with translation.override("nl"):
        for action in PlanAction.objects.filter(theme=programme.theme):
            assert f"<td>{action.get_mode_display()}</td>" in content
            assert f"<td>{action.get_status_display()}</td>" in content
        assert programme.line.get_source_display() in content
    assert "<td>Gestopt</td>" in content
