"""The audit-log page reads as sentences in the reader's language, in local time, and filters
by person, case, user, action and local days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.audit.services import append_entries, record
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.privacy.audit_lines import lines_of

pytestmark = pytest.mark.django_db


def _log(client: Any, world: World, language: str = "en", **query: Any) -> Any:
    login(client, world.users["dpo"])
    client.cookies["django_language"] = language
    return client.get(reverse("audit:log"), query)


def test_entries_read_as_sentences_in_the_readers_language(client: Any, world: World) -> None:
    assert world.case is not None
    record(actor_for(world.users["chair"]), "casework.case.view", world.case)
    html = _log(client, world).content.decode()
    assert "Times are local time (" in html
    assert "Time (UTC)" not in html
    assert f"Viewed a case — <bdi>{world.case.reference}</bdi>" in html
    french = _log(client, world, "fr").content.decode()
    assert "Viewed a case" not in french
    assert "heure locale" in french


def test_a_refused_attempt_stands_out(client: Any, world: World) -> None:
    assert world.case is not None
    record(
        actor_for(world.users["outsider"]),
        "casework.case.view",
        world.case,
        outcome=AuditEntry.Outcome.DENIED,
    )
    html = _log(client, world, user="outsider").content.decode()
    assert "samen-audit__entry--refused" in html and "refused" in html


def test_filters_by_case_person_user_and_local_days(client: Any, world: World) -> None:
    assert world.case is not None
    record(actor_for(world.users["chair"]), "casework.case.view", world.case)
    by_case = _log(client, world, case=world.case.reference).context["page"]
    assert by_case.object_list and all(
        world.case.reference in entry.object_label for entry in by_case.object_list
    )
    by_user = _log(client, world, user="chair").context["page"]
    assert {entry.user_label for entry in by_user.object_list} == {"chair"}
    by_person = _log(client, world, person="999999").context["page"]
    assert list(by_person.object_list) == []

    today = timezone.localdate()
    append_entries(
        [
            AuditEntry(
                user_label="earlier",
                action="casework.case.view",
                object_type="casework.case",
                object_id=str(world.case.pk),
                object_label=world.case.reference,
                outcome=AuditEntry.Outcome.ALLOWED,
                municipality_id=world.municipality.pk,
                timestamp=timezone.now() - timedelta(days=10),
            )
        ]
    )
    old = AuditEntry.objects.get(user_label="earlier")
    since_today = _log(client, world, since=today.isoformat()).context["page"]
    assert old.pk not in {entry.pk for entry in since_today.object_list}
    until = (today - timedelta(days=10)).isoformat()
    that_day = _log(client, world, since=until, until=until).context["page"]
    assert old.pk in {entry.pk for entry in that_day.object_list}


@pytest.mark.parametrize("request_id", ["", "abc", "a" * 12, "b" * 13, "0123456789abcdef0123"])
def test_a_line_writes_the_time_and_request_as_the_template_filters_did(
    world: World, request_id: str
) -> None:
    """The line carries the local moment (ISO 8601) and the shortened request id, written once
    in Python: the same as Django's ``date:'c'`` and ``truncatechars:12``."""
    entry = AuditEntry(timestamp=timezone.now(), action="casework.case.view", request_id=request_id)
    (line,) = lines_of([entry])
    engine = engines["django"]
    context = {"entry": entry}
    assert line.moment == engine.from_string("{{ entry.timestamp|date:'c' }}").render(context)
    assert line.request == engine.from_string("{{ entry.request_id|truncatechars:12 }}").render(
        context
    )
