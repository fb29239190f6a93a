"""The DPO finds a person and exports what is held, third persons redacted; all audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import persons as person_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, Person, Signal, Weighing
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core.personal_data import REDACTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(world: World) -> Person:
    """A person with a birth date, a named reporter, a related person and a restricted note."""
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Deelt filmpjes op school",
        anonymous=False,
        reporter_name="Mevrouw Melder",
        reporter_contact="melder-x@example.invalid",
        subject_name="Sam de Vries",
        subject_birth_date="2008-04-01",
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="Zorgelijke uitingen",
        participants=[world.police],
    )
    case = Case.objects.get(origin=signal)
    assert case.person is not None
    manager = actor_for(world.users["case_table_member"])
    case_actions.add_note(
        manager, case, text="Alleen voor de politie", restricted_to=[world.municipality]
    )
    person_actions.add_relation(
        actor_for(world.users["chair"]), case.person, name="Oom Karel", kind="family", note="x"
    )
    return case.person


def test_dpo_finds_the_person_by_exact_name_and_date_of_birth(
    client: Any, world: World, subject: Person
) -> None:
    login(client, world.users["dpo"])
    url = reverse("privacy:subject_search")
    response = client.post(url, {"name": "sam  DE vries", "birth_date": "2008-04-01"})
    assert list(response.context["results"]) == [subject]
    assert client.post(url, {"name": "Sam", "birth_date": "2008-04-01"}).context["results"] == []
    entry = AuditEntry.objects.filter(action="privacy.subject_access.search").first()
    assert entry is not None and entry.object_label == "0"


def test_the_page_shows_what_is_held_with_third_persons_redacted(
    client: Any, world: World, subject: Person
) -> None:
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:subject_detail", args=[subject.pk]))
    content = response.content.decode()
    assert "Sam de Vries" in content
    assert "Deelt filmpjes op school" in content
    assert "Alleen voor de politie" in content  # restricted, yet the person's own data
    assert "Mevrouw Melder" not in content and "melder-x@" not in content
    assert "Oom Karel" not in content
    assert world.users["case_table_member"].get_username() not in content
    assert AuditEntry.objects.filter(
        action="privacy.subject_access.view", object_id=str(subject.pk)
    ).exists()


def test_json_export_holds_sources_recipients_and_the_access_log(
    client: Any, world: World, subject: Person
) -> None:
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:subject_export_json", args=[subject.pk]))
    assert response["Cache-Control"] == "no-store, private"
    report = json.loads(response.content)
    assert report["person"]["name"] == "Sam de Vries"
    [relation] = report["related_persons"]
    assert relation["name"] == str(REDACTED) and relation["relation"]
    [signal] = report["signals"]
    assert signal["reporter"] == str(REDACTED)
    assert signal["weighings"][0]["by_organisation"] == world.police.name
    [case] = report["cases"]
    assert {r["organisation"] for r in case["recipients"]} == {
        world.municipality.name,
        world.police.name,
    }
    [note] = case["contributions"]
    assert note["restricted"] is True
    assert any(e["action"] == "casework.case.admit" for e in report["access_log"])
    assert all("user" not in e for e in report["access_log"])
    assert report["retention"]["cases"][0]["removed_on"]
    entry = AuditEntry.objects.get(action="privacy.subject_access.export")
    assert (entry.object_id, entry.object_label) == (str(subject.pk), f"person {subject.pk}: json")
    assert "Sam" not in entry.object_label


def test_pdf_export_is_a_titled_pdf_and_audited(client: Any, world: World, subject: Person) -> None:
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:subject_export_pdf", args=[subject.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"/Title" in response.content and b"/Outlines" in response.content
    assert AuditEntry.objects.filter(
        action="privacy.subject_access.export", object_label=f"person {subject.pk}: pdf"
    ).exists()


def test_a_person_of_another_municipality_is_not_found(client: Any, world: World) -> None:
    other = Person.objects.create(municipality=world.other_municipality, name="Elders")
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:subject_detail", args=[other.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        action="privacy.subject_access.view", outcome="denied", object_id=str(other.pk)
    ).exists()


def test_signals_found_by_index_only_with_a_date_of_birth(world: World, subject: Person) -> None:
    from samen.privacy.subject_access import subject_report

    intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Nog een melding",
        anonymous=True,
        subject_name="Sam de Vries",
        subject_birth_date="2008-04-01",
    )
    assert len(subject_report(subject)["signals"]) == 2
    nameless = world.case.person
    assert nameless is not None and not nameless.birth_date
    assert len(subject_report(nameless)["signals"]) == 1  # its case's origin only


def test_the_pdf_and_the_page_summarise_the_access_log_per_day_the_json_lists_every_entry(
    world: World, subject: Person
) -> None:
    from samen.audit.services import record
    from samen.privacy import subject_access
    from samen.privacy.audit_lines import describe_action

    case = Case.objects.get(person=subject)
    police = actor_for(world.users["case_table_member"])
    for _ in range(40):
        record(police, "casework.case.view", case)
    detailed = subject_access.subject_report(subject, access_detail=True)
    summary = subject_access.subject_report(subject)
    views = [e for e in detailed["access_log"] if e["action"] == "casework.case.view"]
    assert len(views) >= 40
    # Each moment in local time with its offset, to the second, as every date of the export.
    from django.utils import timezone

    last = AuditEntry.objects.filter(action="casework.case.view").latest("timestamp", "id")
    assert views[-1]["at"] == timezone.localtime(last.timestamp).isoformat(timespec="seconds")
    [row] = [
        r
        for r in summary["access_log"]
        if r["action"] == describe_action("casework.case.view")
        and r["organisation"] == world.police.name
    ]
    assert row["times"] == len([e for e in views if e["organisation"] == world.police.name])
    assert len(summary["access_log"]) < len(detailed["access_log"])
    # One line per summary row in the PDF's outline, not a heading per entry.
    [block] = [
        b
        for b in subject_access.outline(summary)
        if b.title == str(subject_access.LABELS["access_log"])
    ]
    assert len(block.rows) == len(summary["access_log"])


def test_the_page_shows_the_most_recent_rows_of_the_access_log_the_exports_all(
    client: Any, world: World, subject: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years of history are thousands of summary rows: the page shows the most recent few and
    says how many there are; the PDF keeps every day, the JSON every entry."""
    from samen.audit.services import record
    from samen.privacy import subject_access

    monkeypatch.setattr(subject_access, "ACCESS_LOG_ON_PAGE", 2)
    case = Case.objects.get(person=subject)
    for user in ("case_table_member", "chair", "weighing_team"):
        for action in ("casework.case.view", "casework.case.phase"):
            record(actor_for(world.users[user]), action, case)
    summary = subject_access.subject_report(subject)
    assert "access_log_total" not in summary
    assert len(summary["access_log"]) > 2
    recent = subject_access.subject_report(subject, access_recent=2)
    assert recent["access_log_total"] == len(summary["access_log"])
    assert recent["access_log"] == summary["access_log"][::-1][:2]  # the most recent first

    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:subject_detail", args=[subject.pk]))
    assert response.status_code == 200
    [block] = [
        b for b in response.context["blocks"] if b.title == str(subject_access.LABELS["access_log"])
    ]
    assert len(block.rows) == 3  # the line that says there are more, and two rows
    total = len(subject_access.subject_report(subject)["access_log"])  # with the page's view
    assert f" {total} " in block.rows[0][1]
    exported = json.loads(
        client.get(reverse("privacy:subject_export_json", args=[subject.pk])).content
    )
    assert "access_log_total" not in exported
    assert len(exported["access_log"]) >= 6


def test_the_page_draws_each_block_as_a_section_with_its_heading_and_escaped_facts(
    client: Any, world: World, subject: Person
) -> None:
    """The blocks are written in Python (``subject_views._blocks_html``), not by the template
    engine: still a section per block, labelled by its heading at the block's level, the
    restricted mark, and every value escaped."""
    case = Case.objects.get(person=subject)
    case_actions.add_note(
        actor_for(world.users["case_table_member"]), case, text="<script>alert(1)</script> & co"
    )
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:subject_detail", args=[subject.pk]))
    content, blocks = response.content.decode(), response.context["blocks"]
    assert content.count("<section aria-labelledby=") == len(blocks)
    for number, block in enumerate(blocks, start=1):
        level = min(block.level, 5)
        assert f'<h{level} id="block-{number}">' in content
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in content
    assert "<strong>(" in content  # the restricted note is marked


def test_a_section_lists_its_rows_in_the_order_they_were_made(
    world: World, subject: Person
) -> None:
    """The export sorts a section's rows by key itself (no ORDER BY, issue 16). An update
    moves a row to the end of PostgreSQL's table, so a scan returns it last; the export still
    lists it first."""
    from samen.casework.models import CaseNote
    from samen.privacy import subject_access

    case = Case.objects.get(person=subject)
    manager = actor_for(world.users["case_table_member"])
    first = case_actions.add_note(manager, case, text="eerste")
    case_actions.add_note(manager, case, text="tweede")
    CaseNote.objects.filter(pk=first.pk).update(text="eerste, bijgewerkt")
    [exported] = subject_access.subject_report(subject)["cases"]
    texts = [note["text"] for note in exported["contributions"]]
    assert texts[-2:] == ["eerste, bijgewerkt", "tweede"]
