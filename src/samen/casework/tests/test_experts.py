"""Experts and providers (issue 11, point 4): the coordinator's register, orders from the case
page, and the expert's access to their own open order only, until it expires, is withdrawn or
is delivered; the report comes back as an encrypted attachment of the case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.audit.models import AuditEntry
from samen.casework import attachments, policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import experts as expert_actions
from samen.casework.models import Attachment, Expert, ExpertOrder
from samen.casework.tests.factories import World, actor_for, expert_order, pdf_file
from samen.conftest import login
from samen.core import personal_data

pytestmark = pytest.mark.django_db


def order_url(order: ExpertOrder) -> str:
    return reverse("casework:order_detail", kwargs={"pk": order.pk})


def case_url(world: World) -> str:
    assert world.case is not None
    return reverse("casework:case_detail", kwargs={"pk": world.case.pk})


def test_an_expert_delivers_an_assessment_seeing_only_their_order(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    assert world.case is not None
    expert_user = world.users["expert"]
    expert_user.email = "expert@example.invalid"
    expert_user.save()
    manager = world.users["case_manager"]
    manager.email = "casemanager@example.invalid"
    manager.save()
    expert = Expert.objects.create(
        municipality=world.municipality,
        user=expert_user,
        kind=Expert.Kind.EXPERT,
        organisation_name="Bureau Duiding",
        specialism="Duidingsassessments",
    )
    # The case manager orders from the case page; the expert is told by a link only.
    login(client, manager)
    page = client.get(case_url(world))
    assert page.context["order_form"] is not None
    due = timezone.localdate() + timedelta(days=10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("casework:case_order", kwargs={"pk": world.case.pk}),
            {
                "order-expert": expert.pk,
                "order-kind": "assessment",
                "order-question": "Is er sprake van radicalisering bij Tweede Persoon?",
                "order-summary": "Gedeelde samenvatting voor de deskundige",
                "order-due_on": due.isoformat(),
            },
        )
    assert answer.status_code == 302
    order = ExpertOrder.objects.get()
    assert order.access_until == due + timedelta(days=7)  # SAMEN_EXPERT_ACCESS_DAYS
    assert order.ordered_by == manager
    assert [m.to for m in mail.outbox] == [["expert@example.invalid"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert order_url(order) in text
    for secret in ("Tweede", "radicalisering", world.case.reference, "samenvatting"):
        assert secret not in text
    # The question and the summary are encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT question, summary FROM casework_expertorder")
        stored = " ".join(cursor.fetchone())
    assert "Tweede" not in stored and "samenvatting" not in stored

    # The expert: the start page and the list show the order; the order page its content.
    login(client, expert_user)
    assert client.get(reverse("dashboard")).context["expert_orders"] == [order]
    assert list(client.get(reverse("casework:order_list")).context["page"]) == [order]
    shown = client.get(order_url(order))
    assert shown.status_code == 200
    assert b"Gedeelde samenvatting voor de deskundige" in shown.content
    assert b"Is er sprake van radicalisering" in shown.content
    assert world.case.reference.encode() not in shown.content
    assert AuditEntry.objects.filter(
        action="casework.order.view", object_id=str(order.pk), user_id=expert_user.pk
    ).exists()
    # Never the case, its person, its signal, its documents or the plan.
    assert world.weighed_signal is not None and world.attachment is not None
    for url in (
        case_url(world),
        reverse("casework:person_detail", kwargs={"pk": world.case.person_id}),
        reverse("casework:signal_detail", kwargs={"pk": world.weighed_signal.pk}),
        reverse(
            "casework:attachment_download",
            kwargs={"pk": world.case.pk, "attachment_pk": world.attachment.pk},
        ),
        reverse("casework:case_list"),
    ):
        assert client.get(url).status_code in {403, 404}, url
    assert not policy.cases_visible_to(expert_user).exists()
    assert not policy.persons_visible_to(expert_user).exists()

    # The report: stored encrypted as a document of the case; the order is delivered.
    report = pdf_file("duidingsrapport-geheim")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delivered = client.post(
            order_url(order),
            {
                "title": "Duidingsrapport",
                "file": SimpleUploadedFile("rapport.pdf", report, "application/pdf"),
            },
        )
    assert delivered.status_code == 302
    order.refresh_from_db()
    assert order.status == ExpertOrder.Status.DELIVERED
    assert order.report is not None
    assert order.report.case_id == world.case.pk
    assert order.report.kind == Attachment.Kind.EXTERNAL_ASSESSMENT
    raw = (attachments.storage_dir() / order.report.storage_name).read_bytes()
    assert b"duidingsrapport-geheim" not in raw
    assert attachments.read(order.report.storage_name) == report
    # Who ordered (the case manager) is told by a link to the case page only.
    assert ["casemanager@example.invalid"] in [m.to for m in mail.outbox]
    for message in mail.outbox:
        assert case_url(world) in message.body
        assert "Duidingsrapport" not in message.subject + message.body
    # Delivered: the expert's access ends.
    assert client.get(order_url(order)).status_code == 404
    assert list(client.get(reverse("casework:order_list")).context["page"]) == []

    # The case page shows the report to who sees the case.
    login(client, world.users["case_table_member"])
    case_page = client.get(case_url(world))
    assert case_page.context["expert_orders"] == [order]
    assert (
        reverse(
            "casework:attachment_download",
            kwargs={"pk": world.case.pk, "attachment_pk": order.report.pk},
        ).encode()
        in case_page.content
    )
    assert "order_form" not in case_page.context  # a member orders nothing


def test_refused_after_the_access_period(client: Any, world: World) -> None:
    order = expert_order(world)
    login(client, world.users["expert"])
    assert client.get(order_url(order)).status_code == 200
    # The last day of the access period still opens it; the day after does not.
    order.access_until = timezone.localdate()
    order.save()
    assert client.get(order_url(order)).status_code == 200
    order.access_until = timezone.localdate() - timedelta(days=1)
    order.save()
    assert client.get(order_url(order)).status_code == 404
    assert list(client.get(reverse("casework:order_list")).context["page"]) == []
    assert client.get(reverse("dashboard")).context["expert_orders"] == []
    assert AuditEntry.objects.filter(
        action="casework.order.view",
        object_id=str(order.pk),
        outcome=AuditEntry.Outcome.DENIED,
    ).exists()
    # Nor can a report be delivered after it.
    answer = client.post(
        order_url(order),
        {"title": "Te laat", "file": SimpleUploadedFile("r.pdf", pdf_file(), "application/pdf")},
    )
    assert answer.status_code == 404
    assert not Attachment.objects.filter(case=world.case).exclude(pk=world.attachment.pk).exists()


def test_refused_after_withdrawal(client: Any, world: World) -> None:
    order = expert_order(world)
    login(client, world.users["chair"])  # the coordinator may withdraw too
    answer = client.post(reverse("casework:order_withdraw", kwargs={"pk": order.pk}))
    assert answer.status_code == 302
    order.refresh_from_db()
    assert order.status == ExpertOrder.Status.WITHDRAWN
    assert order.closed_by == world.users["chair"]
    login(client, world.users["expert"])
    assert client.get(order_url(order)).status_code == 404
    with pytest.raises(WorkflowError):
        expert_actions.withdraw_order(actor_for(world.users["case_manager"]), order)


def test_refused_for_other_orders_experts_and_entries(client: Any, world: World) -> None:
    order = expert_order(world)
    # Another expert of the register sees nothing of this order.
    other_user = UserFactory(username="expert2", organisation=world.outsider_org, roles=["expert"])
    Expert.objects.create(
        municipality=world.municipality,
        user=other_user,
        kind=Expert.Kind.PROVIDER,
        organisation_name="Exitprogramma",
        specialism="Exit",
    )
    login(client, other_user)
    assert client.get(order_url(order)).status_code == 404
    assert list(client.get(reverse("casework:order_list")).context["page"]) == []
    # A case-table member, the coordinator and the other municipality cannot open it as an
    # expert's order (the capability), and the policy gives them nothing.
    for name in ("case_table_member", "chair", "elsewhere"):
        assert not policy.orders_open_to_expert(world.users[name]).exists()
        login(client, world.users[name])
        assert client.get(order_url(order)).status_code == 403
    # An entry taken out of the register ends its access; so does a deactivated account.
    order.expert.active = False
    order.expert.save()
    assert not policy.orders_open_to_expert(world.users["expert"]).exists()
    order.expert.active = True
    order.expert.save()
    world.users["expert"].is_active = False
    world.users["expert"].save()
    assert not policy.orders_open_to_expert(world.users["expert"]).exists()


def test_the_coordinator_keeps_the_register_of_the_municipality(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    answer = client.post(
        reverse("casework:expert_list"),
        {
            "user": world.users["expert"].pk,
            "kind": "expert",
            "organisation_name": "Bureau Duiding",
            "specialism": "Duidingsassessments",
            "availability": "available",
            "on_call": "dag en nacht",
            "active": "on",
        },
    )
    assert answer.status_code == 302
    expert = Expert.objects.get()
    assert expert.municipality == world.municipality
    assert AuditEntry.objects.filter(action="casework.expert.create").exists()
    # Twice the same account is refused; an account without the expert role is not offered.
    again = client.post(
        reverse("casework:expert_list"),
        {
            "user": world.users["expert"].pk,
            "kind": "provider",
            "organisation_name": "x",
            "specialism": "y",
            "availability": "limited",
        },
    )
    assert again.status_code == 422
    not_expert = client.post(
        reverse("casework:expert_list"),
        {
            "user": world.users["case_manager"].pk,
            "kind": "expert",
            "organisation_name": "x",
            "specialism": "y",
            "availability": "available",
        },
    )
    assert not_expert.status_code == 422
    edit = reverse("casework:expert_edit", kwargs={"pk": expert.pk})
    saved = client.post(
        edit,
        {
            "user": world.users["expert"].pk,
            "kind": "expert",
            "organisation_name": "Bureau Duiding",
            "specialism": "Duidingsassessments",
            "availability": "unavailable",
            "on_call": "",
        },
    )
    assert saved.status_code == 302
    expert.refresh_from_db()
    assert expert.availability == "unavailable" and not expert.active
    # The other municipality's coordinator has a register of its own.
    login(client, world.users["elsewhere"])
    assert client.get(edit).status_code == 404
    assert list(client.get(reverse("casework:expert_list")).context["experts"]) == []


def test_an_order_needs_an_active_expert_of_the_case_municipality_and_a_future_date(
    client: Any, world: World
) -> None:
    assert world.case is not None
    order = expert_order(world)
    expert = order.expert
    manager = actor_for(world.users["case_manager"])
    today = timezone.localdate()
    with pytest.raises(WorkflowError):
        expert_actions.order_from_expert(
            manager,
            world.case,
            expert=expert,
            kind="assessment",
            question="Vraag",
            summary="",
            due_on=today - timedelta(days=1),
        )
    with pytest.raises(WorkflowError):
        expert_actions.order_from_expert(
            manager,
            world.case,
            expert=expert,
            kind="assessment",
            question="Vraag",
            summary="",
            due_on=today + timedelta(days=3),
            access_until=today + timedelta(days=2),
        )
    elsewhere = Expert.objects.create(
        municipality=world.other_municipality,
        user=UserFactory(username="expert3", organisation=world.outsider_org, roles=["expert"]),
        kind=Expert.Kind.EXPERT,
        organisation_name="Elders",
        specialism="x",
    )
    with pytest.raises(WorkflowError):
        expert_actions.order_from_expert(
            manager,
            world.case,
            expert=elsewhere,
            kind="assessment",
            question="Vraag",
            summary="",
            due_on=today + timedelta(days=3),
        )
    assert list(policy.experts_for_case(world.case)) == [expert]
    # The form shows its errors on a page of its own.
    login(client, world.users["case_manager"])
    answer = client.post(
        reverse("casework:case_order", kwargs={"pk": world.case.pk}),
        {
            "order-expert": expert.pk,
            "order-kind": "assessment",
            "order-question": "Vraag",
            "order-due_on": (today - timedelta(days=2)).isoformat(),
        },
    )
    assert answer.status_code == 422
    assert answer.context["form"].errors["due_on"]
    # A member of the case table, or a partner, orders nothing.
    for name in ("case_table_member", "outsider"):
        login(client, world.users[name])
        refused = client.post(reverse("casework:case_order", kwargs={"pk": world.case.pk}), {})
        assert refused.status_code == 403


def test_the_registry_covers_orders_and_notices() -> None:
    labels = {entry.label for entry in personal_data.entries("case")}
    assert "casework.expertorder" in labels
    labels = {entry.label for entry in personal_data.entries("signal")}
    assert "casework.knownelsewherenotice" in labels


def test_retention_removes_the_order_with_its_case_and_the_export_lists_it(world: World) -> None:
    assert world.case is not None
    order = expert_order(world)
    exported = personal_data.export("case", type(world.case).objects.filter(pk=world.case.pk))
    sections = exported[0]
    assert sections["expert_orders"][0]["order_question"] == order.question
    personal_data.remove("case", type(world.case).objects.filter(pk=world.case.pk))
    assert not ExpertOrder.objects.filter(pk=order.pk).exists()


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_expert_pages_do_not_grow_with_data(client: Any, world: World) -> None:
    expert_order(world)
    login(client, world.users["expert"])
    small = [_count(client, reverse(name)) for name in ("dashboard", "casework:order_list")]
    for _ in range(5):
        expert_order(world, question="Nog een vraag")
    large = [_count(client, reverse(name)) for name in ("dashboard", "casework:order_list")]
    assert large == small
    login(client, world.users["case_manager"])
    small_case = _count(client, case_url(world))
    for _ in range(3):
        expert_order(world, question="Nog een vraag")
    assert _count(client, case_url(world)) == small_case


def test_orders_are_counted_in_the_statistics_and_the_yearly_account(world: World) -> None:
    from samen.reports import account as acc
    from samen.reports.statistics import suppressed_statistics

    for n in range(7):
        expert_order(world, question=f"Vraag {n}")
    for n in range(6):
        expert_order(world, kind=ExpertOrder.Kind.INTERVENTION, question=f"Interventie {n}")
    ExpertOrder.objects.filter(kind=ExpertOrder.Kind.INTERVENTION).update(
        status=ExpertOrder.Status.DELIVERED
    )
    stats = suppressed_statistics(world.municipality.pk)
    assert [cell.value for _label, cell in stats["orders_by_kind"]] == [7, 6]
    assert stats["orders_total"].value == 13
    by_status = [cell.value for _label, cell in stats["orders_by_status"]]
    assert by_status[:2] == [7, 6]  # ordered, delivered; "withdrawn" 0 is shown as small
    # The other municipality counts nothing of these.
    assert suppressed_statistics(world.other_municipality.pk)["orders_total"].count == 0
    year = timezone.localdate().year
    account = acc.account(world.municipality.pk, acc.period(year, start_month=1))
    kinds = account.table("expert_orders_by_kind")
    assert kinds.total.count == 13
    assert {row.key: row.cell.count for row in kinds.rows} == {
        "assessment": 7,
        "intervention": 6,
    }
    statuses = account.table("expert_orders_by_status")
    assert statuses.total.count == 13
    assert {row.key: row.cell.count for row in statuses.rows}["delivered"] == 6


def test_the_person_s_subject_access_page_lists_the_orders(client: Any, world: World) -> None:
    assert world.case is not None and world.case.person_id is not None
    expert_order(world)
    login(client, world.users["dpo"])
    page = client.get(reverse("privacy:subject_detail", args=[world.case.person_id]))
    assert page.status_code == 200
    assert b"Is er sprake van radicalisering?" in page.content
    assert b"Bureau Duiding" in page.content
    assert b"order_question" not in page.content  # every key has its label


def test_the_register_of_processing_names_the_experts_organisations(world: World) -> None:
    from samen.privacy.register import register_context

    dpo = world.users["dpo"]
    assert register_context(dpo)["expert_recipients"] == []
    expert_order(world)
    assert register_context(dpo)["expert_recipients"] == [world.outsider_org]
    # Another municipality's register does not name them.
    other = UserFactory(organisation=world.other_municipality, roles=["dpo"])
    assert register_context(other)["expert_recipients"] == []
