"""`samen sync-defaults` brings the shipped roles and thesaurus of an existing database up to
date, leaves what the installation made itself alone, and changes nothing the second time."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from samen.accounts.capabilities import DEFAULT_ROLES
from samen.accounts.models import Role
from samen.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("sync_defaults", *args, stdout=out)
    return out.getvalue()


def test_an_old_default_role_is_brought_up_to_date_and_an_own_role_is_left_alone() -> None:
    # As an installation upgraded from a version where the DPO only read the audit log.
    Role.objects.filter(code="dpo").update(capabilities=["audit.view"])
    Role.objects.filter(code="hub_editor").delete()
    own = Role.objects.create(code="eigen", name="Eigen rol", capabilities=["reports.view"])

    dry = _run("--dry-run")
    assert "role dpo: updated" in dry and "role hub_editor: created" in dry
    assert Role.objects.get(code="dpo").capabilities == ["audit.view"]

    output = _run()
    assert "roles changed: 2" in output and "thesaurus:" in output
    for code, (_name, capabilities) in DEFAULT_ROLES.items():
        assert sorted(Role.objects.get(code=code).capabilities) == sorted(map(str, capabilities))
    own.refresh_from_db()
    assert own.capabilities == ["reports.view"]
    assert AuditEntry.objects.filter(action="accounts.role.sync").count() == 2
    assert AuditEntry.objects.filter(action="hub.thesaurus.sync").count() == 1

    again = _run()
    assert "roles changed: 0" in again and "created 0" in again and "updated 0" in again


def test_a_fresh_database_already_has_the_current_roles() -> None:
    """The frozen data migrations end where DEFAULT_ROLES is: nothing to sync."""
    assert "roles changed: 0" in _run("--dry-run")
