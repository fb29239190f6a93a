"""Budget arithmetic in exact decimals, and every list as CSV and XLSX that a spreadsheet
library opens."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.programme import queries
from samen.programme.actions import ProgrammeError
from samen.programme.actions import budget as budget_actions
from samen.programme.models import BudgetLine
from samen.programme.tests.authorization import Scene

pytestmark = pytest.mark.django_db


def _line(world: World, scene: Scene, **values: Any) -> BudgetLine:
    values.setdefault("year", scene.plan.first_year)
    values.setdefault("theme", scene.theme)
    values.setdefault("title", "regel")
    values.setdefault("source", "own")
    return budget_actions.save_budget_line(
        actor_for(world.users["chair"]), scene.plan, None, **values
    )


def test_cents_add_up_exactly(world: World, programme: Scene) -> None:
    chair = actor_for(world.users["chair"])
    lines = [_line(world, programme, amount=Decimal("0.10")) for _ in range(10)]
    for line in lines[:3]:
        budget_actions.add_spending(
            chair,
            line,
            spent_on=programme.session.starts_on,
            amount=Decimal("0.10"),
            description="x",
        )
    budget_actions.add_spending(
        chair,
        lines[0],
        spent_on=programme.session.starts_on,
        amount=Decimal("-0.05"),
        description="correctie",
    )
    big = _line(world, programme, amount=Decimal("9999999999.99"))
    budget_actions.add_spending(
        chair, big, spent_on=programme.session.starts_on, amount=Decimal("0.01"), description="x"
    )
    table = queries.budget_table(BudgetLine.objects.filter(plan=programme.plan))
    row = next(r for r in table.rows if r.theme_id == programme.theme.pk)
    # The matrix scene's own line of EUR 1 is in the theme too.
    assert row.planned == Decimal("10000000001.99")
    assert row.spent == Decimal("0.26")
    assert row.remaining == Decimal("10000000001.73")
    assert all(isinstance(v, Decimal) for v in (row.planned, row.granted, row.spent))
    assert table.total.remaining == row.remaining


def test_what_is_available_follows_the_source(world: World, programme: Scene) -> None:
    requested = _line(
        world, programme, source="national", subsidy_status="requested", amount=Decimal(100)
    )
    granted_in_full = _line(
        world, programme, source="european", subsidy_status="granted", amount=Decimal(200)
    )
    granted_in_part = _line(
        world,
        programme,
        source="national",
        subsidy_status="granted",
        amount=Decimal(300),
        granted_amount=Decimal("250.50"),
    )
    refused = _line(
        world, programme, source="european", subsidy_status="refused", amount=Decimal(400)
    )
    council = _line(world, programme, source="council", subsidy_status="granted", amount=Decimal(5))
    assert [x.granted_amount for x in (requested, granted_in_full, granted_in_part, refused)] == [
        Decimal("0.00"),
        Decimal("200.00"),
        Decimal("250.50"),
        Decimal("0.00"),
    ]
    assert (council.subsidy_status, council.granted_amount) == ("", Decimal("5.00"))
    with pytest.raises(ProgrammeError):
        _line(world, programme, source="national", amount=Decimal(1))
    with pytest.raises(ProgrammeError):
        _line(world, programme, year=programme.plan.last_year + 1, amount=Decimal(1))
    with pytest.raises(ProgrammeError):
        budget_actions.add_spending(
            actor_for(world.users["chair"]),
            council,
            spent_on=programme.session.starts_on,
            amount=Decimal(0),
            description="x",
        )


def test_the_budget_table_exports_to_csv_and_xlsx(
    client: Any, world: World, programme: Scene
) -> None:
    _line(world, programme, amount=Decimal("1234.56"))
    budget_actions.add_spending(
        actor_for(world.users["chair"]),
        programme.line,
        spent_on=programme.session.starts_on,
        amount=Decimal("0.35"),
        description='=HYPERLINK("http://evil")',
    )
    login(client, world.users["chair"])
    url = reverse("programme:budget", kwargs={"pk": programme.plan.pk})
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="matrix-action-plan-budget'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Jaar", "Thema", "Gepland", "Toegekend", "Uitgegeven", "Resterend"]
    assert rows[1][2:] == ["1235.56", "1235.56", "0.35", "1235.21"]
    response = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][2:] == (1235.56, 1235.56, 0.35, 1235.21)
    assert sheet.cell(row=2, column=3).number_format == "#,##0.00"
    # A text that looks like a formula stays text, in both formats.
    line_url = reverse("programme:budget_line_detail", kwargs={"pk": programme.line.pk})
    text = client.get(line_url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    book = load_workbook(io.BytesIO(client.get(line_url, {"format": "xlsx"}).content))
    cell = book.active.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    entries = AuditEntry.objects.filter(action="programme.export")
    assert entries.count() == 4
    assert entries.filter(object_label__contains="xlsx").count() == 2


# Every list page of the programme, with the actor who reads it.
LISTS = [
    ("programme:plan_detail", "plan", "chair", False),
    ("programme:theme_detail", "theme", "chair", False),
    ("programme:by_organisation", "plan", "chair", False),
    ("programme:timeline", "plan", "chair", False),
    ("programme:my_actions", None, "lead", False),
    ("programme:budget", "plan", "chair", False),
    ("programme:budget_line_detail", "line", "chair", False),
    ("programme:contacts", None, "chair", True),
    ("programme:key_figures", None, "chair", True),
    ("programme:districts", None, "chair", False),
    ("programme:trained", None, "chair", True),
    ("programme:trainings", None, "chair", False),
    ("programme:training_detail", "training", "chair", False),
    ("programme:session_detail", "session", "chair", True),
    ("programme:events", None, "chair", False),
    ("programme:event_detail", "event", "chair", False),
    ("programme:outreach", None, "chair", False),
    ("programme:outreach_detail", "outreach", "chair", False),
    ("programme:communication", None, "chair", False),
    ("programme:dialogues", None, "chair", False),
    ("programme:responses", None, "chair", False),
    ("programme:numbers", None, "analyst", False),
]


@pytest.mark.parametrize(("name", "attribute", "actor", "personal"), LISTS)
def test_every_list_opens_in_a_spreadsheet_library(
    client: Any,
    world: World,
    programme: Scene,
    name: str,
    attribute: str | None,
    actor: str,
    personal: bool,
) -> None:
    login(client, world.users[actor])
    kwargs = {"pk": getattr(programme, attribute).pk} if attribute else None
    url = reverse(name, kwargs=kwargs)
    csv_response = client.get(url, {"format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    header = next(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert header and all(header)
    xlsx_response = client.get(url, {"format": "xlsx"})
    assert xlsx_response["Cache-Control"] == "no-store, private"
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == header
    action = "programme.network.export" if personal else "programme.export"
    assert AuditEntry.objects.filter(action=action, user_label=actor).count() == 2


def test_a_budget_line_form_offers_the_actions_of_its_theme_and_accepts_any_of_the_plan(
    client: Any, world: World, programme: Scene
) -> None:
    from samen.programme.actions import plan as plan_actions

    chair = actor_for(world.users["chair"])
    other_theme = plan_actions.save_theme(chair, programme.plan, None, title="Onderwijs")
    elsewhere = plan_actions.save_action(chair, other_theme, None, title="Schoolgesprekken")
    login(client, world.users["chair"])
    new = reverse("programme:budget_line_create", kwargs={"pk": programme.plan.pk})

    def offered(response: Any) -> list[str]:
        return [
            label
            for value, label in response.context["form"]["action"].field.widget.choices
            if value
        ]

    assert offered(client.get(new)) == []  # no theme chosen yet: no actions offered
    from_theme = client.get(new, {"theme": programme.theme.pk})
    assert offered(from_theme) == ["Moedercirkels"]
    from_action = client.get(new, {"theme": other_theme.pk, "action": elsewhere.pk})
    assert offered(from_action) == ["Schoolgesprekken"]
    assert f'<option value="{elsewhere.pk}" selected>' in from_action.content.decode()
    edit = reverse("programme:budget_line_edit", kwargs={"pk": programme.line.pk})
    assert offered(client.get(edit)) == ["Moedercirkels"]
    # Posted, the theme chosen decides what is offered again; an action of the plan is accepted
    # without a theme (the line takes the action's theme) and refused with another theme.
    posted = {
        "year": programme.plan.first_year,
        "title": "Les",
        "source": "own",
        "amount": "5",
        "fte": "0",
    }
    refused = client.post(new, {**posted, "theme": programme.theme.pk, "action": elsewhere.pk})
    assert refused.status_code == 422
    assert refused.context["form"].errors["action"]
    assert offered(refused) == ["Moedercirkels"]
    assert client.post(new, {**posted, "action": elsewhere.pk}).status_code == 302
    assert BudgetLine.objects.get(title="Les").theme == other_theme


def test_the_plans_actions_file_holds_every_column_of_every_action(
    client: Any, world: World, programme: Scene
) -> None:
    from django.utils import translation

    from samen.programme.actions import plan as plan_actions

    plan_actions.save_action(
        actor_for(world.users["chair"]), programme.theme, None, title="Zonder trekker"
    )
    login(client, world.users["chair"])
    url = reverse("programme:plan_detail", kwargs={"pk": programme.plan.pk})
    response = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    action = programme.action
    with translation.override("nl"):
        mode, status = action.get_mode_display(), action.get_status_display()
    assert rows == [
        [
            "Opvoeding",
            "Moedercirkels",
            world.youth.name,
            world.users["lead"].full_name,
            mode,
            status,
            "",
            action.planned_end.isoformat(),
            "",
            "",
        ],
        ["Opvoeding", "Zonder trekker", "", "", mode, status, "", "", "", ""],
    ]


def test_the_contact_persons_file_holds_every_column_of_every_contact(
    client: Any, world: World, programme: Scene
) -> None:
    from datetime import date

    from samen.programme.actions import network as network_actions

    network_actions.save_contact_person(
        actor_for(world.users["chair"]),
        None,
        organisation=world.youth,
        name="Vertrokken Werker",
        function="=jongerenwerker",
        email="werker@example.org",
        phone="010-1234567",
        district="Zuid",
        left_on=date(2026, 1, 31),
    )
    login(client, world.users["chair"])
    response = client.get(reverse("programme:contacts"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert sorted(rows) == sorted(
        [
            [world.police.name, "Wijkagent Matrix", "", "", "", "", "1", ""],
            [
                world.youth.name,
                "Vertrokken Werker",
                "'=jongerenwerker",  # never a formula in a spreadsheet
                "werker@example.org",
                "010-1234567",
                "Zuid",
                "0",
                "2026-01-31",
            ],
        ]
    )
    assert AuditEntry.objects.filter(action="programme.network.export").count() == 1


def test_a_title_or_value_a_spreadsheet_cannot_hold_is_written_anyway() -> None:
    """A sheet's title holds no ``\\ * ? : / [ ]`` and at most 31 characters, a cell no control
    characters: openpyxl refuses both, and the export gave a server error."""
    from samen.programme.exports import Table, xlsx_bytes

    table = Table("Plan: 2025 [concept] / wijk * ? met een lange naam", ["naam"], [["a\x00b\x1fc"]])
    book = load_workbook(io.BytesIO(xlsx_bytes(table)))
    (sheet,) = book.worksheets
    assert sheet.title == "Plan- 2025 -concept- - wijk - -"
    assert sheet["A2"].value == "abc"
