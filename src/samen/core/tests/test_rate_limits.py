"""Rate limits on every anonymous route, the API and failed logins per address across user names:
429 with Retry-After, problem details under the API, a page elsewhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["memory", "database"])
def _counter_store(request: pytest.FixtureRequest, settings: Any) -> None:
    """Every limit holds with test mode's counters in memory and with production's counter
    store in the database (``samen.core.ratelimit_cache``)."""
    if request.param == "database":
        settings.CACHES = {
            **settings.CACHES,
            "ratelimit": {
                "BACKEND": "samen.core.ratelimit_cache.RateLimitCache",
                "LOCATION": "samen_ratelimit_cache",
            },
        }
        from django.core.cache import caches

        assert type(caches["ratelimit"]).__name__ == "RateLimitCache"


def _hammer(send: Any, times: int) -> list[Any]:
    return [send() for _ in range(times)]


def _assert_429(response: Any, *, api: bool) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    if api:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 429
    else:
        assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "name", ["casework:public_report", "casework:report_follow_up", "casework:report_status"]
)
def test_reporting_point_posts_are_limited_per_address(client: Client, name: str) -> None:
    url = reverse(name)
    responses = _hammer(lambda: client.post(url, {}), 20)
    assert all(r.status_code != 429 for r in responses)
    _assert_429(client.post(url, {}), api=False)
    # Another address is not affected.
    assert client.post(url, {}, REMOTE_ADDR="198.51.100.7").status_code != 429


def test_anonymous_visitors_are_limited_on_every_page(client: Client, settings: Any) -> None:
    settings.RATE_LIMIT_ANONYMOUS = "10/m"
    pages = [reverse("casework:guide_start"), reverse("accounts:login"), reverse("api:schema")]
    for i in range(10):
        assert client.get(pages[i % 3]).status_code != 429
    _assert_429(client.get(pages[0]), api=False)
    _assert_429(client.get(reverse("api:schema")), api=True)


def test_a_window_ending_during_a_test_does_not_start_its_count_again(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The suite's windows are steady (``samen.conftest``): the limit a test counts to holds when
    the clock passes the end of django-ratelimit's window between two of its requests."""
    from django_ratelimit import core

    class Clock:
        now = 1_800_000_000.0

        def time(self) -> float:
            return self.now

    clock = Clock()
    monkeypatch.setattr(core, "time", clock)
    settings.RATE_LIMIT_ANONYMOUS = "10/m"
    url = reverse("accounts:login")
    first = client.get(url)
    assert first.status_code == 200
    clock.now += 61  # past the end of any one-minute window
    assert all(client.get(url).status_code == 200 for _ in range(9))
    _assert_429(client.get(url), api=False)


def test_logged_in_users_are_not_held_to_the_anonymous_limit(
    client: Client, world: World, settings: Any
) -> None:
    settings.RATE_LIMIT_ANONYMOUS = "3/m"
    login(client, world.users["case_table_member"])
    assert all(client.get(reverse("casework:case_list")).status_code == 200 for _ in range(6))


def test_the_api_is_limited_per_user_and_writes_more_strictly(
    client: Client, world: World, settings: Any
) -> None:
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "api:*": [("ALL", "user_or_ip", "8/m"), ("POST", "user_or_ip", "3/m")],
    }
    login(client, world.users["reporter"])
    url = reverse("api:signal-list")

    def post() -> Any:
        return client.post(url, '{"observation": "Zorgen"}', content_type="application/json")

    assert [r.status_code for r in _hammer(post, 3)] == [201, 201, 201]
    _assert_429(post(), api=True)
    other = Client()
    login(other, world.users["advisor"])
    assert other.get(url).status_code == 200


def test_the_default_api_limits_stop_a_flood_of_signals(client: Client, world: World) -> None:
    from samen.casework.models import Signal

    login(client, world.users["reporter"])
    url = reverse("api:signal-list")
    statuses = [
        client.post(url, '{"observation": "Zorgen"}', content_type="application/json").status_code
        for _ in range(70)
    ]
    assert statuses.count(201) == 60 and statuses[-1] == 429
    assert Signal.objects.filter(channel=Signal.Channel.API).count() == 60


def test_password_spraying_across_accounts_is_stopped_per_address(
    client: Client, world: World
) -> None:
    """Failed logins count per address whatever the user name: after 30, even the right
    password of another account is refused from that address, for a while."""
    url = reverse("accounts:login")
    names = [f"user{i}" for i in range(30)]
    for name in names:
        response = client.post(url, {"username": name, "password": "Zomer2026!"})
        assert response.status_code == 200
    user = world.users["advisor"]
    user.set_password("the-right-password-1")
    user.save()
    blocked = client.post(url, {"username": user.username, "password": "the-right-password-1"})
    _assert_429(blocked, api=False)
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    response = elsewhere.post(url, {"username": user.username, "password": "the-right-password-1"})
    assert response.status_code == 302


def test_successful_logins_do_not_count_as_failures(client: Client, world: World) -> None:
    user = world.users["advisor"]
    user.set_password("the-right-password-1")
    user.save()
    url = reverse("accounts:login")
    for _ in range(35):
        response = client.post(url, {"username": user.username, "password": "the-right-password-1"})
        assert response.status_code == 302
        client.logout()


def test_behind_the_proxy_the_address_it_appended_counts(settings: Any) -> None:
    from django.test import RequestFactory

    from samen.core.ratelimit import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44"
    )
    settings.BEHIND_TLS_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.BEHIND_TLS_PROXY = True
    assert client_ip(request) == "192.0.2.44"
