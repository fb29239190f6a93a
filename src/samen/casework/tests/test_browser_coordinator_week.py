"""The coordinator's week in a real browser: Debian's Chromium driven through Playwright.

A coordinator (advisor, weighing team, chair and case manager of the municipality) logs in with
two-factor login, weighs a waiting signal and admits it as a case, moves the new case to
assessment, records ideology and level of concern, a goal and an intervention; plans a series
of two case-table meetings, puts the proposed cases on the agenda of the first, records the
attendance, a decision and an action (htmx) and opens the printable minutes. The youth-care
member whose organisation owns the action marks it done; the case manager proposes to close
another case and the chair, a second person, approves it. The browser console must report no
Content-Security-Policy violation on the way.

Run with ``pytest -m browser``; skipped when the ``chromium`` package is not installed.
"""

from __future__ import annotations

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
from samen.accounts.models import Role, User
from samen.accounts.tests.factories import UserFactory
from samen.casework.lifecycle import Phase
from samen.casework.models import Action, Case, Meeting
from samen.casework.tests.browser_support import PASSWORD, current_code
from samen.casework.tests.factories import build_world

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Chromium not installed (Debian package chromium)", allow_module_level=True)


def _named(user: User, full_name: str) -> User:
    """Give a world user a fixed name, so labels and assertions do not depend on Faker."""
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


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
    world = build_world()
    coordinator = UserFactory(
        username="coordinator",
        full_name="Cora Coordinator",
        organisation=world.municipality,
        roles=["advisor", "weighing_team", "chair", "case_manager"],
    )
    youthcare = _named(world.users["youthcare"], "Yara Youthcare")
    case_manager = _named(world.users["case_manager"], "Casper Casemanager")
    chair = _named(world.users["chair"], "Chris Chair")
    devices = {
        user.username: TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        for user in (coordinator, youthcare, case_manager, chair)
    }
    yield {
        "world": world,
        "coordinator": coordinator,
        "youthcare": youthcare,
        "case_manager": case_manager,
        "chair": chair,
        "devices": devices,
    }
    # Connections the test opened while Playwright's loop ran in this thread are missed by the
    # clean-up after the test (on PostgreSQL an idle session then blocks dropping the test
    # database): close them here, while that loop still runs.
    connections.close_all()


def log_in(page: Page, user: User, device: TOTPDevice) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Verification code").fill(current_code(device.bin_key))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=f"Welcome, {user.full_name}")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_text("You have been logged out.")).to_be_visible()


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def message(page: Page, text: str) -> None:
    expect(page.locator(".messages").get_by_text(text)).to_be_visible()


def test_coordinators_week_in_chromium(
    page: Page, console: list[str], setup: dict[str, Any]
) -> None:
    world = setup["world"]
    coordinator: User = setup["coordinator"]
    youthcare: User = setup["youthcare"]
    devices: dict[str, TOTPDevice] = setup["devices"]
    waiting = world.signal
    assert waiting is not None and world.weighed_signal is not None and world.case is not None

    # Dutch is the default; switch to English through the language form on the login page.
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("#language-select").select_option("en")
    page.locator("form.language").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # --- 1. the dashboard shows a signal to weigh; it is weighed and admitted --------------
    log_in(page, coordinator, devices["coordinator"])
    signals_card = page.locator("section.card", has=page.locator("#card-signals"))
    expect(signals_card.get_by_role("heading")).to_have_text("Signals awaiting weighing")
    expect(signals_card.locator(".number")).to_have_text("1")

    nav(page, "Signals")
    expect(page.get_by_role("heading", name="Signals")).to_be_visible()
    page.get_by_label("Status").select_option(label="To weigh")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/signals/\?status=to_weigh$"))
    table = page.locator("main table")
    expect(table.get_by_role("link", name=waiting.reference)).to_be_visible()
    expect(table).not_to_contain_text(world.weighed_signal.reference)

    table.get_by_role("link", name=waiting.reference).click()
    expect(page.get_by_role("heading", name=f"Signal {waiting.reference}")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Awaiting weighing")
    page.get_by_label("Possible radicalisation: admit to the case table").check()
    page.get_by_label("Reasons").fill("Glorifies violence online; police and youth care needed.")
    page.get_by_label("Uitingen die geweld rechtvaardigen").check()
    page.get_by_label("Politie", exact=True).check()
    page.get_by_label("Jeugdzorg", exact=True).check()
    page.get_by_role("button", name="Record weighing").click()

    message(page, "The signal was weighed and admitted as a case.")
    expect(facts).to_contain_text("Admitted to the case table")
    case = Case.objects.get(origin=waiting)
    expect(facts.locator("dt:text-is('Case') + dd")).to_have_text(case.reference)
    expect(page.locator(".card").filter(has_text="Criteria met")).to_contain_text(
        "Uitingen die geweld rechtvaardigen"
    )

    # --- 2. the new case: phase, ideology and concern, a goal and an intervention ----------
    nav(page, "Cases")
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    page.locator("main table").get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    facts = page.locator("dl.facts")
    phase = facts.locator("dt:text-is('Phase') + dd")
    expect(phase).to_have_text("Admitted")

    # The case page opens on a summary; a new case without a case manager is flagged.
    summary = page.locator(".samen-summary")
    expect(summary).to_contain_text("No case manager yet.")
    expect(summary.locator("dt:text-is('Open actions') + dd")).to_have_text("none")
    page.get_by_text("Move the case", exact=True).click()
    move = page.locator("#move_form")
    move.get_by_label("Move to phase").select_option(label="Assessment")
    move.get_by_label("Reason").fill("Partners gather information before the plan.")
    move.get_by_role("button", name="Move").click()
    message(page, "The case moved to its new phase.")
    expect(phase).to_have_text("Assessment")

    page.get_by_text("Record a judgement", exact=True).click()
    concern = page.locator("#concern_form")
    concern.get_by_label("Ideology").select_option(label="Right-wing extremist")
    concern.get_by_label("Level of concern").select_option(label="Moderate")
    concern.get_by_label("Reasons").fill("Shares right-wing extremist material in group chats.")
    concern.get_by_role("button", name="Record").click()
    message(page, "Ideology and level of concern were recorded.")
    expect(facts.locator("dt:text-is('Ideology and level of concern') + dd")).to_contain_text(
        "Right-wing extremist, Moderate"
    )

    goal_text = "He finishes his training and finds a job."
    page.get_by_text("Add a goal", exact=True).click()
    goal = page.locator("#goal_form")
    goal.get_by_label("Goal").fill(goal_text)
    goal.get_by_role("button", name="Add goal").click()
    message(page, "The goal was added to the plan.")
    plan = page.locator("#plan")
    expect(plan.locator("li", has_text=goal_text)).to_be_visible()

    intervention_text = "Weekly talks with a mentor from youth care."
    today = timezone.localdate()
    page.get_by_text("Add an intervention", exact=True).click()
    intervention = page.locator("#intervention_form")
    intervention.get_by_label("Domain").select_option(label="Mentoring")
    intervention.get_by_label("Description").fill(intervention_text)
    intervention.get_by_label("Responsible organisation").select_option(label="Jeugdzorg")
    intervention.get_by_label(re.compile(r"^Start\b")).fill(today.isoformat())
    expect(intervention.get_by_label("Voluntary")).to_be_checked()
    intervention.get_by_label(re.compile(r"^Consent given$")).select_option(label="Yes")
    intervention.get_by_label("Consent given by").select_option(label="A parent")
    intervention.get_by_label("Consent given on").fill(today.isoformat())
    intervention.get_by_label("Consent given to").fill("Talks with the mentor.")
    intervention.get_by_role("button", name="Add intervention").click()
    message(page, "The intervention was added to the plan.")
    row = plan.locator("tbody tr", has_text=intervention_text)
    expect(row).to_be_visible()
    expect(row).to_contain_text("Mentoring")
    expect(row).to_contain_text("Jeugdzorg")
    expect(row).to_contain_text("given by A parent")

    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT
    assert case.goals.count() == 1
    assert case.interventions.get().consent_given is True

    # --- 3. a series of meetings; the first with the proposed cases, attendance, htmx ------
    nav(page, "Meetings")
    expect(page.get_by_role("heading", name="Case-table meetings")).to_be_visible()
    page.get_by_role("link", name="Plan a meeting").click()
    expect(page.get_by_role("heading", name="Plan a meeting")).to_be_visible()
    title = "Case table Teststad"
    starts_at = timezone.localtime() + timedelta(days=14)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date and time").fill(starts_at.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Location").fill("Safety House")
    page.get_by_label("Number of meetings in the series").fill("2")
    page.get_by_role("button", name="Plan meeting").click()
    message(page, "The meeting was planned.")
    series = list(Meeting.objects.filter(title=title).order_by("starts_at"))
    assert len(series) == 2
    assert series[1].starts_at - series[0].starts_at == timedelta(weeks=6)

    nav(page, "Meetings")
    expect(page.locator("main tbody tr", has_text=title)).to_have_count(2)
    # Latest first: the first meeting of the series is the last of the two rows.
    page.locator("main tbody").get_by_role("link", name=title).last.click()
    expect(page).to_have_url(re.compile(rf"/meetings/{series[0].pk}/$"))
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    meeting_url = page.url

    page.get_by_role("button", name="Put proposed cases on the agenda").click()
    # The world's case is on a meeting a week earlier: only the new admission is proposed.
    message(page, "1 case was put on the agenda.")
    item = page.locator("section.agenda-item", has=page.get_by_role("link", name=case.reference))
    expect(item).to_have_count(1)
    expect(page.locator("section.agenda-item")).to_have_count(1)

    # The attendance form opens on demand too (htmx, when its <details> opens).
    page.locator("summary", has_text="Record attendance").click()
    page.get_by_label(coordinator.full_name, exact=True).check()
    page.get_by_label(youthcare.full_name, exact=True).check()
    page.get_by_role("button", name="Save attendance").click()
    message(page, "Attendance was saved.")
    attendance = page.locator("h2:text-is('Attendance') + ul")
    expect(attendance).to_contain_text(f"{coordinator.full_name} (Gemeente Teststad)")
    expect(attendance).to_contain_text(f"{youthcare.full_name} (Jeugdzorg)")

    # One form per agenda item, opened on demand (htmx fetches it when its <details> opens):
    # empty, it says what is missing, focused, in place, and stays open.
    item.locator("summary", has_text=f"Record for {case.reference}").click()
    item.get_by_role("button", name="Record", exact=True).click()
    summary = item.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Fill in the information shared, a decision or an action.")
    # The decision and the action together.
    decision_text = "Youth care offers a mentor; the municipality informs the school."
    action_text = "Youth care introduces the mentor to the family."
    due = today + timedelta(days=14)
    item.get_by_label(re.compile(r"^Decision\b")).fill(decision_text)
    item.get_by_label(re.compile(r"^Action\b")).fill(action_text)
    item.get_by_label(re.compile(r"^Owner organisation\b")).select_option(label="Jeugdzorg")
    item.get_by_label(re.compile(r"^Due date\b")).fill(due.isoformat())
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/record/")
    ) as record_response:
        item.get_by_role("button", name="Record", exact=True).click()
    assert record_response.value.status == 200
    expect(item.get_by_role("status")).to_contain_text(f"Recorded for {case.reference}.")
    expect(item.locator("ul li", has_text=decision_text)).to_be_visible()
    action_row = item.locator("tbody tr", has_text=action_text)
    expect(action_row).to_be_visible()
    expect(action_row).to_contain_text("Jeugdzorg")
    expect(action_row).to_contain_text("Open")
    assert page.url == meeting_url  # htmx swapped the item in place

    page.get_by_role("link", name="Minutes for printing").click()
    expect(page.get_by_role("heading", name=f"Minutes: {title}")).to_be_visible()
    minutes = page.locator("article.minutes")
    expect(minutes).to_contain_text(decision_text)
    expect(minutes).to_contain_text(action_text)
    expect(minutes).to_contain_text(youthcare.full_name)
    expect(minutes).to_contain_text(case.reference)
    action = Action.objects.get(agenda_item__case=case, agenda_item__meeting=series[0])
    assert action.owner == world.youth

    # --- 4. the youth-care member marks the action done ------------------------------------
    log_out(page)
    log_in(page, youthcare, devices["youthcare"])
    nav(page, "My actions")
    expect(page.get_by_role("heading", name="My organisation's actions")).to_be_visible()
    mine = page.locator("main tbody tr", has_text=action_text)
    expect(mine).to_contain_text(case.reference)
    expect(mine).to_contain_text("Open")
    mine.get_by_role("button", name="Mark as done").click()
    message(page, "The action is marked as done.")
    expect(mine).to_contain_text("Done")
    expect(mine.get_by_role("button", name="Mark as done")).to_have_count(0)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE

    # --- 5. the case manager proposes to close; the chair, a second person, approves -------
    log_out(page)
    log_in(page, setup["case_manager"], devices["case_manager"])
    nav(page, "Cases")
    page.locator("main table").get_by_role("link", name=world.case.reference).click()
    expect(page.get_by_role("heading", name=f"Case {world.case.reference}")).to_be_visible()
    page.get_by_text("Propose to close", exact=True).click()
    closure = page.locator("#closure_form")
    closure.get_by_label("Closing reason").select_option(label="Goals reached")
    closure.get_by_label("Explanation").fill("Back at school; no signs of radicalisation.")
    closure.get_by_role("button", name="Propose closing").click()
    message(page, "Closing was proposed; a second person decides.")
    pending = page.locator("#decide_form")
    expect(pending.get_by_role("heading", name="Closing proposed")).to_be_visible()
    # The person who proposed does not decide.
    expect(pending.get_by_role("button", name="Record decision")).to_have_count(0)

    log_out(page)
    log_in(page, setup["chair"], devices["chair"])
    nav(page, "Cases")
    page.locator("main table").get_by_role("link", name=world.case.reference).click()
    expect(page.get_by_role("heading", name=f"Case {world.case.reference}")).to_be_visible()
    pending = page.locator("#decide_form")
    expect(pending).to_contain_text("Goals reached")
    expect(pending).to_contain_text(f"Proposed by {setup['case_manager'].full_name}")
    pending.get_by_label("Approve closing").check()
    pending.get_by_role("button", name="Record decision").click()
    message(page, "The decision was recorded.")
    expect(page.locator("dl.facts dt:text-is('Phase') + dd")).to_have_text("Closed")
    reviews = page.locator("section", has=page.locator("#reviews-title"))
    expect(reviews.get_by_role("heading", name="Reviews after closing")).to_be_visible()
    expect(reviews.locator(":scope > ul > li")).to_have_count(2)
    world.case.refresh_from_db()
    assert world.case.phase == Phase.CLOSED
    assert world.case.reviews.count() == 2

    # --- the Content-Security-Policy held without a single violation -----------------------
    violations = [
        m for m in console if re.search(r"content[ -]security[ -]policy", m, re.IGNORECASE)
    ]
    assert not violations, "CSP violations in the browser console:\n" + "\n".join(violations)
    script_errors = [m for m in console if m.startswith("pageerror:")]
    assert not script_errors, "Script errors in the page:\n" + "\n".join(script_errors)
