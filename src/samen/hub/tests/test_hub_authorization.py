"""Who may read and edit the hub: the hub editor, and anonymous visitors of a public hub.

The other actors are covered by the authorization matrix (HUB_MATRIX in authorization.py,
merged into casework's test_authorization_matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.hub.tests.authorization import HUB_MATRIX, PUBLIC_ANONYMOUS

pytestmark = pytest.mark.django_db

NAMES = sorted(HUB_MATRIX)
POST_NAMES = sorted(name for name, entry in HUB_MATRIX.items() if entry[2] is not None)


def _url(name: str) -> str:
    kwargs_for = HUB_MATRIX[name][0]
    return reverse(name, kwargs=kwargs_for(None) if kwargs_for else None)


@pytest.mark.parametrize("name", NAMES)
def test_hub_editor_get(editor_client: Any, name: str) -> None:
    assert editor_client.get(_url(name)).status_code == HUB_MATRIX[name][1]["hub_editor"]


@pytest.mark.parametrize("name", POST_NAMES)
def test_hub_editor_post_empty_form(editor_client: Any, name: str) -> None:
    expected = HUB_MATRIX[name][2]["hub_editor"]  # type: ignore[index]
    assert editor_client.post(_url(name), {}).status_code == expected


@override_settings(HUB_PUBLIC=True)
@pytest.mark.parametrize("name", NAMES)
def test_public_hub_is_readable_without_login_but_not_editable(client: Any, name: str) -> None:
    response = client.get(_url(name))
    assert response.status_code == PUBLIC_ANONYMOUS[name]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


def test_closed_hub_sends_anonymous_visitors_to_login(client: Any) -> None:
    response = client.get(reverse("hub:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_refused_edit_is_audited(reader_client: Any, reader: Any) -> None:
    assert reader_client.get(reverse("hub:profile_create")).status_code == 403
    entry = AuditEntry.objects.get(action="accounts.capability.denied")
    assert entry.user_id == reader.pk and entry.object_label == "hub:profile_create"


def test_hub_link_is_in_the_main_navigation(reader_client: Any) -> None:
    page = reader_client.get(reverse("hub:home")).content.decode()
    assert f'href="{reverse("hub:home")}"' in page
