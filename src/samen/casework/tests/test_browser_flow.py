"""The main flow in a real browser: Debian's Chromium driven through Playwright.

A concern is reported anonymously on the public form; a municipal professional logs in,
enrols two-factor login, weighs the signal and admits it as a case with two partners, plans a
case-table meeting and records a decision and an action on the agenda item (htmx); then a
case-table member of a partner that does not take part neither sees the case in the list nor
opens it. The browser console must report no Content-Security-Policy violation on the way.

Run with ``pytest -m browser``; skipped when the ``chromium`` package is not installed.
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connections
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from samen.accounts.capabilities import DEFAULT_ROLES
from samen.accounts.models import Organisation, Role, User
from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.casework.models import Action, Case, Decision, District, Signal
from samen.casework.tests.browser_support import PASSWORD, current_code

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Chromium not installed (Debian package chromium)", allow_module_level=True)


@pytest.fixture
def setup(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # while the browser is open are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # A transactional test flushes the database afterwards, roles from the migration included:
    # make sure they are there whatever ran before.
    for code, (name, capabilities) in DEFAULT_ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "capabilities": [str(c) for c in capabilities]}
        )
    municipality = OrganisationFactory(name="Municipality of Riverton", municipality_kind=True)
    District.objects.create(municipality=municipality, name="Old Town")
    police = OrganisationFactory(
        name="Police Riverton",
        kind=Organisation.Kind.POLICE,
        municipality=municipality,
        covenant_signed=True,
    )
    youth = OrganisationFactory(
        name="Youth Care Riverton",
        kind=Organisation.Kind.YOUTH_CARE,
        municipality=municipality,
        covenant_signed=True,
    )
    outsider_org = OrganisationFactory(
        name="Mental Health Riverton",
        kind=Organisation.Kind.MENTAL_HEALTH,
        municipality=municipality,
        covenant_signed=True,
    )
    professional = UserFactory(
        username="professional",
        full_name="Pat Professional",
        organisation=municipality,
        roles=["advisor", "weighing_team", "chair", "case_manager"],
    )
    outsider = UserFactory(
        username="outsider",
        full_name="Oscar Outsider",
        organisation=outsider_org,
        roles=["case_table_member"],
    )
    outsider_device = TOTPDevice.objects.create(user=outsider, name="phone", confirmed=True)
    yield {
        "municipality": municipality,
        "police": police,
        "youth": youth,
        "outsider_org": outsider_org,
        "professional": professional,
        "outsider": outsider,
        "outsider_device": outsider_device,
    }
    # Connections the test opened while Playwright's loop ran in this thread are missed by the
    # clean-up after the test (on PostgreSQL an idle session then blocks dropping the test
    # database): close them here, while that loop still runs.
    connections.close_all()


def log_in(page: Page, username: str, code: str = "") -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Log in").click()


def test_main_flow_in_chromium(page: Page, console: list[str], setup: dict[str, Any]) -> None:
    professional: User = setup["professional"]
    outsider: User = setup["outsider"]

    # --- a. an anonymous visitor reports a concern ---------------------------------------
    page.goto("/report/")
    # Dutch is the default; switch to English through the language form on the page.
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("#language-select").select_option("en")
    page.locator("form.language").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/report/$"))
    expect(page.get_by_role("heading", name="Report a concern")).to_be_visible()

    page.get_by_label("Municipality").select_option(label="Municipality of Riverton")
    page.get_by_label("What did you notice?").fill(
        "My neighbour's son shares extremist videos and talks about taking revenge."
    )
    page.get_by_label("District or neighbourhood").select_option(label="Old Town")
    page.get_by_label("Report anonymously").check()
    page.get_by_role("button", name="Send report").click()

    expect(page).to_have_url(re.compile(r"/report/receipt/$"))
    expect(page.get_by_role("heading", name="Thank you: your report was received")).to_be_visible()
    expect(page.locator(".receipt-code")).to_have_text(
        re.compile(r"^\s*[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\s*$")
    )
    reference_text = page.get_by_text(re.compile(r"^Reference: ")).inner_text()
    signal_reference = reference_text.removeprefix("Reference:").strip()
    signal = Signal.objects.get(reference=signal_reference)
    assert signal.anonymous
    assert signal.status == Signal.Status.NEW

    # --- b. a professional logs in and enrols two-factor login -----------------------------
    log_in(page, professional.username)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/$"))
    expect(page.get_by_role("heading", name="Set up two-factor login")).to_be_visible()
    secret = page.locator("code").inner_text().strip()
    page.get_by_label("Verification code").fill(current_code(base64.b32decode(secret)))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name=f"Welcome, {professional.full_name}")).to_be_visible()
    expect(page.get_by_text("Two-factor login is set up.")).to_be_visible()
    assert TOTPDevice.objects.filter(user=professional, confirmed=True).count() == 1

    # --- c. from the start page to an admitted case with partners, in at most 6 steps -----
    steps = 0

    def step(click: Any) -> None:
        nonlocal steps
        steps += 1
        click()

    step(page.get_by_role("link", name="Go to the signals").click)
    expect(page.get_by_role("heading", name="Signals")).to_be_visible()
    step(page.get_by_role("link", name=signal_reference).click)
    expect(page.get_by_role("heading", name=f"Signal {signal_reference}")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("anonymous")
    expect(facts).to_contain_text("Awaiting weighing")

    # Only the chosen outcome's fields show.
    partners = page.get_by_label("Police Riverton", exact=True)
    expect(partners).to_be_hidden()
    expect(page.get_by_label("Referred to")).to_be_hidden()
    page.get_by_label("Possible radicalisation: admit to the case table").check()
    expect(partners).to_be_visible()
    expect(page.get_by_label("Referred to")).to_be_hidden()
    page.get_by_label("Reasons").fill("Signs of radicalisation; police and youth care needed.")
    partners.check()
    page.get_by_label("Youth Care Riverton", exact=True).check()
    step(page.get_by_role("button", name="Record weighing").click)

    expect(page.get_by_text("The signal was weighed and admitted as a case.")).to_be_visible()
    expect(facts).to_contain_text("Admitted to the case table")
    case = Case.objects.get(origin=signal)
    expect(facts).to_contain_text(case.reference)
    result = page.locator("#result")
    expect(result).to_contain_text(f"The signal is now case {case.reference}.")
    expect(result.get_by_role("link", name="Appoint a case manager")).to_be_visible()
    step(result.get_by_role("link", name=f"Open case {case.reference}").click)
    expect(page.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    expect(page.locator(".samen-summary")).to_contain_text("No case manager yet.")
    expect(page.locator("#participants")).to_contain_text("Youth Care Riverton")
    assert steps <= 6
    assert set(case.participations.values_list("organisation__name", flat=True)) == {
        "Municipality of Riverton",
        "Police Riverton",
        "Youth Care Riverton",
    }

    # --- d. a meeting with the case on the agenda, a decision and an action (htmx) ---------
    page.goto("/meetings/new/")
    expect(page.get_by_role("heading", name="Plan a meeting")).to_be_visible()
    starts_at = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Title").fill("Case table Riverton")
    page.get_by_label("Date and time").fill(starts_at.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Location").fill("Safety House")
    page.get_by_role("button", name="Plan meeting").click()
    expect(page.get_by_text("The meeting was planned.")).to_be_visible()
    expect(page.get_by_role("heading", name="Case table Riverton")).to_be_visible()
    meeting_url = page.url

    page.get_by_label(re.compile(r"^Case reference\b")).fill(case.reference)
    page.get_by_role("button", name="Add to agenda").click()
    expect(page.get_by_text("The case was put on the agenda.")).to_be_visible()
    item = page.locator("section.agenda-item", has=page.get_by_role("link", name=case.reference))
    expect(item).to_have_count(1)

    decision_text = "Police speaks with the family this week."
    # The item's form opens on demand: htmx fetches it when its <details> opens.
    item.locator("summary", has_text=f"Record for {case.reference}").click()
    item.get_by_label(re.compile(r"^Decision\b")).fill(decision_text)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/record/")
    ) as decision_response:
        item.get_by_role("button", name="Record", exact=True).click()
    assert decision_response.value.status == 200
    assert decision_response.value.request.headers.get("hx-request") == "true"
    expect(item.locator("ul li", has_text=decision_text)).to_be_visible()

    action_text = "Youth care visits the school mentor."
    due = timezone.localdate() + timedelta(days=14)
    # Recorded, the item came back closed: open its form again.
    item.locator("summary", has_text=f"Record for {case.reference}").click()
    item.get_by_label(re.compile(r"^Action\b")).fill(action_text)
    item.get_by_label(re.compile(r"^Owner organisation\b")).select_option(
        label="Youth Care Riverton"
    )
    item.get_by_label(re.compile(r"^Due date\b")).fill(due.isoformat())
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/record/")
    ) as action_response:
        item.get_by_role("button", name="Record", exact=True).click()
    assert action_response.value.status == 200
    assert action_response.value.request.headers.get("hx-request") == "true"
    action_row = item.locator("tbody tr", has_text=action_text)
    expect(action_row).to_be_visible()
    expect(action_row).to_contain_text("Youth Care Riverton")

    # htmx swapped the item in place: no navigation, the whole page was not reloaded.
    assert page.url == meeting_url
    assert Decision.objects.filter(agenda_item__case=case).count() == 1
    action = Action.objects.get(agenda_item__case=case)
    assert action.description == action_text
    assert action.due_date == due
    assert action.owner == setup["youth"]

    # --- e. log out; a member of a partner that does not take part sees nothing -----------
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_text("You have been logged out.")).to_be_visible()

    log_in(page, outsider.username, current_code(setup["outsider_device"].bin_key))
    expect(page.get_by_role("heading", name=f"Welcome, {outsider.full_name}")).to_be_visible()

    page.goto("/cases/")
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    expect(page.get_by_text("No cases.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(case.reference)

    response = page.goto(f"/cases/{case.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(case.reference)

    # --- the Content-Security-Policy held without a single violation -----------------------
    violations = [
        m for m in console if re.search(r"content[ -]security[ -]policy", m, re.IGNORECASE)
    ]
    assert not violations, "CSP violations in the browser console:\n" + "\n".join(violations)
    script_errors = [m for m in console if m.startswith("pageerror:")]
    assert not script_errors, "Script errors in the page:\n" + "\n".join(script_errors)
