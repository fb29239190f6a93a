"""The yearly account's page, texts and exports: who reads them, what they show, and that no
export shows a hidden number."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.urls import reverse
from django.utils import translation

from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.programme.models import Plan, Theme
from samen.reports import account as acc
from samen.reports.disclosure import Mark
from samen.reports.models import AccountText
from samen.reports.tests.test_account import YEAR, fill, fill_new

pytestmark = pytest.mark.django_db

# The published schema of the JSON export (src/samen/reports/tests -> the repository).
SCHEMA = Path(__file__).resolve().parents[4] / "docs" / "account.schema.json"


def _url(year: int = YEAR, **query: str) -> str:
    base = reverse("reports:account", kwargs={"year": year})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _hidden(world: World, part: str = "") -> list[tuple[str, str, int]]:
    figures = acc.account(world.municipality.pk, acc.period(YEAR, part, start_month=1))
    return [
        (table.key, row.key, row.cell.count)
        for table in figures.tables
        for row in table.rows
        if row.cell.mark != Mark.SHOWN
    ]


def test_the_analyst_reads_the_page_with_charts(client: Any, world: World) -> None:
    fill(world)
    login(client, world.users["analyst"])
    response = client.get(_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="img"' in body and "<title id=" in body
    assert AuditEntry.objects.filter(action="reports.account.view").exists()
    assert "Test Persoon" not in body
    assert client.get(_url(part="h1")).status_code == 200


@pytest.mark.slow
def test_every_export_shows_only_published_figures(client: Any, world: World) -> None:
    fill(world)
    fill_new(world)
    login(client, world.users["chair"])
    document = json.loads(client.get(_url(format="json")).content)
    assert document["period"]["year"] == YEAR
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(document, schema)
    figures = acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))
    for table, published in zip(figures.tables, document["tables"], strict=True):
        assert published["key"] == table.key
        assert published["total"]["value"] == table.total.value
        for row, cell in zip(table.rows, published["rows"], strict=True):
            assert cell["value"] == row.cell.value  # None for every hidden cell
            if row.cell.mark != Mark.SHOWN:
                assert (
                    cell["shown_as"] in {"< 5", "suppressed", "not published"}
                    or cell["value"] is None
                )
    for fmt in ("csv", "xlsx"):
        for table in figures.tables:
            if not table.rows:
                continue
            response = client.get(_url(format=fmt, table=table.key))
            assert response.status_code == 200
            if fmt == "csv":
                text = response.content.decode("utf-8-sig")
                lines = text.strip().splitlines()[1:]
                for row, line in zip(table.rows, lines, strict=False):
                    if row.cell.mark != Mark.SHOWN:
                        assert line.rsplit(",", 1)[1] != str(row.cell.count)
    pdf = client.get(_url(format="pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.outline  # headings as an outline
    assert "/Lang" in reader.trailer["/Root"]
    docx = client.get(_url(format="docx"))
    assert docx.status_code == 200
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert any(str(YEAR) in p for p in paragraphs)
    # The new casework tables are in every export, as the page shows them.
    titles = [str(figures.table(key).title) for key in ("referrals_by_status", "cases_by_travel")]
    assert all(title in paragraphs for title in titles)
    assert {t["key"] for t in document["tables"]} >= {
        "referrals_by_status",
        "referrals_by_sector",
        "transfers_by_direction",
        "hand_overs_by_sector",
        "cases_by_travel",
        "case_actions_by_timeliness",
    }
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    assert all(title.split(",")[0] in pdf_text for title in titles)


def test_the_docx_holds_every_table_with_its_published_figures(client: Any, world: World) -> None:
    """The DOCX (its styles set by id, its tables made at once): a heading in a heading style
    for every table, then the table in the grid style with the published figures and the total;
    the trend with the years over an empty corner."""
    from docx import Document

    fill(world)
    login(client, world.users["chair"])
    doc = Document(io.BytesIO(client.get(_url(format="docx")).content))
    headings = {p.text: p.style.name for p in doc.paragraphs if p.style is not None}
    # The document is in Dutch, whatever language an earlier test left this thread in.
    with translation.override("nl"):
        figures = acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))
        title = str(figures.tables[0].title)
        labels = [[str(r.label) for r in table.rows] for table in figures.tables]
    assert headings[title] == "Heading 2"
    assert "Title" in headings.values() and "Heading 1" in headings.values()
    *tables, trend = doc.tables
    assert len(tables) == len(figures.tables)
    for table, grid, names in zip(figures.tables, tables, labels, strict=True):
        assert grid.style is not None and grid.style.name == "Table Grid"
        cells = [[cell.text for cell in row.cells] for row in grid.rows]
        assert cells[1:] == [
            [name, r.cell.text] for name, r in zip(names, table.rows, strict=True)
        ] + [["Totaal", table.total.text]], table.key
    years = [cell.text for cell in trend.rows[0].cells]
    assert years[0] == "" and years[1:] == [str(y) for y in range(YEAR - 4, YEAR + 1)]


def test_the_coordinator_writes_and_finalises_a_text(client: Any, world: World) -> None:
    from samen.audit.actor import Actor
    from samen.programme.actions import plan as plan_actions

    chair = Actor.for_user(world.users["chair"], "test")
    plan = plan_actions.save_plan(chair, None, title="Plan", first_year=YEAR, last_year=YEAR)
    theme = plan_actions.save_theme(chair, plan, None, title="Onderwijs")
    login(client, world.users["chair"])
    url = reverse("reports:account_texts", kwargs={"year": YEAR})
    assert client.get(url).status_code == 200
    prefix = f"theme-{theme.pk}"
    data = {"block": prefix, f"{prefix}-wanted": "Scholen trainen", f"{prefix}-did": "Drie"}
    assert client.post(url, data).status_code == 302
    text = AccountText.objects.get(theme=theme)
    assert text.status == AccountText.Status.DRAFT
    data[f"{prefix}-finalise"] = "on"
    data[f"{prefix}-conclude"] = "Goed"
    assert client.post(url, data).status_code == 302
    text.refresh_from_db()
    assert text.status == AccountText.Status.FINAL
    assert text.finalised_by == world.users["chair"]
    assert client.post(url, data).status_code == 422  # a final text is not changed
    assert "Scholen trainen" in client.get(_url()).content.decode()
    assert AuditEntry.objects.filter(action="reports.account_text.finalise").count() == 1
    # A theme of another municipality cannot be written to.
    assert Plan.objects.count() == 1 and Theme.objects.count() == 1
    other = {"block": "theme-999999", "theme-999999-wanted": "x"}
    assert client.post(url, other).status_code == 404


def test_the_pages_queries_do_not_grow_with_the_data(client: Any, world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samen.audit.actor import Actor
    from samen.programme.actions import plan as plan_actions

    chair = Actor.for_user(world.users["chair"], "test")
    plan = plan_actions.save_plan(chair, None, title="Plan", first_year=YEAR, last_year=YEAR)
    plan_actions.save_theme(chair, plan, None, title="Eerste")
    login(client, world.users["chair"])
    texts = reverse("reports:account_texts", kwargs={"year": YEAR})

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get(_url()).status_code == 200
        with CaptureQueriesContext(connection) as form:
            assert client.get(texts).status_code == 200
        return len(page), len(form)

    before = count()
    fill(world)
    for n in range(3):
        theme = plan_actions.save_theme(chair, plan, None, title=f"Thema {n}")
        plan_actions.save_action(chair, theme, None, title=f"Actie {n}")
        prefix = f"theme-{theme.pk}"
        client.post(texts, {"block": prefix, f"{prefix}-wanted": "x", f"{prefix}-finalise": "on"})
    assert count() == before


def test_the_demo_gives_a_sensible_account(client: Any) -> None:
    from django.utils import timezone

    from samen.accounts.models import User
    from samen.casework.models import Signal
    from samen.demo import load_demo_data

    load_demo_data()
    last = timezone.localdate().year - 1
    login(client, User.objects.get(username="coordinator"))
    response = client.get(_url(last))
    assert response.status_code == 200
    figures = response.context["account"]
    live = {
        y: Signal.objects.filter(received_at__year=y).count() for y in (last - 2, last - 1, last)
    }
    assert figures.table("signals_by_channel").total.value == 40 + live[last]
    trend = response.context["trend"]
    assert [c.count for c in trend.rows[0][1]][-3:] == [
        16 + live[last - 2],
        20 + live[last - 1],
        40 + live[last],
    ]
    assert "150 professionals" in response.content.decode()


def test_the_account_pdf_is_tagged(client: Any, world: World) -> None:
    from pypdf import PdfReader

    from samen.core.tests.pdf_tags import artifacts, structure, untagged_text

    fill(world)
    fill_new(world)
    login(client, world.users["analyst"])
    response = client.get(_url(format="pdf"))
    assert response.status_code == 200
    reader, elems = structure(response.content)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean
    assert root["/Lang"] == "nl"
    assert reader.outline
    types = [t for t, _depth in elems]
    assert types[:3] == ["/Document", "/H1", "/P"]
    assert {"/H2", "/H3", "/Table", "/TR", "/TH", "/TD"} <= set(types)
    # Every table is a /Table of rows, its cells in the rows; as many tables as the account has
    # (and the trend; the budget has none here).
    figures = acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))
    assert types.count("/Table") == len(figures.tables) + 1
    depth = {t: d for t, d in reversed(elems)}
    assert depth["/TR"] == depth["/Table"] + 1 and depth["/TD"] == depth["/TR"] + 1
    assert untagged_text(reader) == []
    assert artifacts(PdfReader(io.BytesIO(response.content))) >= len(reader.pages)
    # The charts are figures whose alternate text names every published figure.
    from pypdf.generic import DictionaryObject

    from samen.reports.exports import chart_description

    alts = []
    for number in range(1, reader.trailer["/Size"]):
        obj = reader.get_object(number)
        if isinstance(obj, DictionaryObject) and obj.get("/S") == "/Figure":
            alts.append(str(obj["/Alt"]))
    charted = [t for t in figures.tables if t.chart and any(r.cell.value for r in t.rows)]
    assert alts == [chart_description(t) for t in charted] and alts
    for table, alt in zip(charted, alts, strict=True):
        for row in table.rows:
            if row.cell.mark != Mark.SHOWN:  # a hidden figure is named by its text only
                assert f"{row.label}: {row.cell.count};" not in alt + ";"


def test_the_period_is_chosen_with_a_form(client: Any, world: World) -> None:
    fill(world)
    login(client, world.users["analyst"])
    page = client.get(_url())
    body = page.content.decode()
    assert '<label class="utrecht-form-label" for="id_period">' in body
    for code in (f"{YEAR}", f"{YEAR}-H1", f"{YEAR}-H2", f"{YEAR}-Q1", f"{YEAR}-Q4"):
        assert f'value="{code}"' in body
    response = client.get(_url(period=f"{YEAR}-Q3"))
    assert response.status_code == 200
    assert response.context["account"].period == acc.period(YEAR, "q3")
    assert 'value="2024-Q3" selected' in response.content.decode()
    assert AuditEntry.objects.filter(
        action="reports.account.view", object_label=f"{YEAR}-Q3"
    ).exists()
    # The older link to the first half still works; the exports follow the period.
    assert client.get(_url(part="h1")).context["account"].period.part == "h1"
    document = json.loads(client.get(_url(period="Q2", format="json")).content)
    assert document["period"]["part"] == "q2"
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    # Another year's quarter or a range of dates is no period of this account: the year is
    # shown, with the error linked to the field.
    for wrong in (f"{YEAR - 1}-Q3", f"{YEAR}-01-01..{YEAR}-02-15"):
        response = client.get(_url(period=wrong))
        assert response.status_code == 200
        assert response.context["account"].period.is_whole_year
        body = response.content.decode()
        assert 'href="#id_period"' in body and 'aria-invalid="true"' in body


def test_only_the_coordinator_and_the_analyst_read_a_council_update(
    client: Any, world: World
) -> None:
    fill(world)
    fill_new(world)
    for role in ("chair", "analyst"):
        login(client, world.users[role])
        for query in ({"period": f"{YEAR}-Q3"}, {"period": f"{YEAR}-H2", "format": "json"}):
            assert client.get(_url(**query)).status_code == 200, (role, query)
        client.logout()
    for role in ("case_manager", "case_table_member", "weighing_team", "advisor", "outsider"):
        login(client, world.users[role])
        for query in ({"period": f"{YEAR}-Q3"}, {"period": f"{YEAR}-Q1", "format": "pdf"}):
            assert client.get(_url(**query)).status_code == 403, (role, query)
        client.logout()
