"""Every main page of every role, in Dutch, English and French, in a real Chromium.

On each page: axe-core finds no violation of WCAG 2.1 A or AA (at 1280 px), the page does not
scroll sideways at 320 px, and the console shows no Content-Security-Policy violation. The
fictional demo data is loaded for each language; each role's pages are visited with the role's
session, one role after another in one browser context (which keeps the style sheets and
scripts in its cache, as a user's browser does); all findings of a language are collected and
reported together at the end.

Run with ``pytest -m browser``; skipped when the ``chromium`` package is not installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from samen.accounts.models import AccessRequest, Organisation, User
from samen.casework import policy
from samen.casework.models import Person
from samen.casework.tests.browser_support import CHROMIUM_ARGS, TIMEOUT_MS
from samen.conftest import login
from samen.hub.models import CityProfile, Document, Practice
from samen.ui.tests.browser import WIDE, axe_violations, prepare, sideways_at_320

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Chromium not installed (Debian package chromium)", allow_module_level=True)

LANGUAGES = ("nl", "en", "fr")
BROWSER_LOCALES = {"nl": "nl-NL", "en": "en-GB", "fr": "fr-BE"}

Pages = Callable[[User | None], list[str]]


def first(queryset: Any) -> Any:
    found = queryset.order_by("pk").first()
    assert found is not None, f"the demo data has no {queryset.model.__name__}"
    return found


def public(user: User | None) -> list[str]:
    municipality = first(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY))
    return [
        reverse("casework:public_report"),
        f"{reverse('casework:public_report')}?municipality={municipality.pk}",
        reverse("casework:guide_start"),
        reverse("casework:report_follow_up"),
        reverse("accounts:login"),
        reverse("ui:privacy"),
        reverse("ui:accessibility"),
        reverse("ui:contact"),
    ]


def coordinator(user: User | None) -> list[str]:
    case = first(policy.cases_visible_to(user))
    return [
        reverse("dashboard"),
        reverse("casework:signal_list"),
        reverse("casework:signal_detail", kwargs={"pk": first(policy.signals_visible_to(user)).pk}),
        reverse("casework:signal_register"),
        reverse("casework:case_list"),
        reverse("casework:case_detail", kwargs={"pk": case.pk}),
        reverse("casework:expert_list"),
        reverse("casework:person_search"),
        reverse("casework:person_detail", kwargs={"pk": first(policy.persons_visible_to(user)).pk}),
        reverse("casework:meeting_list"),
        reverse(
            "casework:meeting_detail", kwargs={"pk": first(policy.meetings_visible_to(user)).pk}
        ),
        reverse("casework:meeting_create"),
        reverse("casework:my_actions"),
        reverse("casework:criteria"),
        reverse("casework:guidance_list"),
        reverse("casework:transfer_list"),
        reverse(
            "casework:transfer_detail", kwargs={"pk": first(policy.transfers_visible_to(user)).pk}
        ),
        reverse("reports:account_texts", kwargs={"year": timezone.localdate().year}),
        reverse("accounts:request_list"),
        reverse(
            "accounts:request_decide",
            kwargs={"pk": first(AccessRequest.objects.filter(status="pending")).pk},
        ),
    ]


def case_manager(user: User | None) -> list[str]:
    case = first(policy.cases_visible_to(user))
    return [
        reverse("dashboard"),
        reverse("casework:case_list"),
        reverse("casework:case_detail", kwargs={"pk": case.pk}),
        reverse("casework:my_actions"),
    ]


def partner(user: User | None) -> list[str]:
    case = first(policy.cases_visible_to(user))
    return [reverse("dashboard"), reverse("casework:case_detail", kwargs={"pk": case.pk})]


def advisor(user: User | None) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("casework:signal_list"),
        reverse("casework:signal_create"),
    ]


def reporter(user: User | None) -> list[str]:
    return [reverse("dashboard"), reverse("casework:signal_create")]


def analyst(user: User | None) -> list[str]:
    last_year = timezone.localdate().year - 1
    return [reverse("dashboard"), reverse("reports:account", kwargs={"year": last_year})]


def administrator(user: User | None) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("accounts:user_list"),
        reverse("accounts:user_edit", kwargs={"pk": first(User.objects.all()).pk}),
        reverse("accounts:organisation_list"),
        reverse("accounts:client_list"),
        reverse("accounts:client_create"),
        reverse(
            "accounts:client_detail", kwargs={"pk": first(User.objects.filter(is_client=True)).pk}
        ),
        reverse("accounts:request_list"),
    ]


def dpo(user: User | None) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("audit:log"),
        reverse("privacy:retention"),
        reverse("privacy:subject_search"),
        reverse("privacy:subject_detail", kwargs={"pk": first(Person.objects.all()).pk}),
        reverse("privacy:register"),
    ]


def hub_editor(user: User | None) -> list[str]:
    return [
        reverse("hub:home"),
        reverse("hub:search") + "?q=radicalisering",
        reverse("hub:profile_list"),
        reverse("hub:profile_detail", kwargs={"slug": first(CityProfile.objects.all()).slug}),
        reverse("hub:practice_list"),
        reverse("hub:practice_detail", kwargs={"pk": first(Practice.objects.all()).pk}),
        reverse("hub:document_list"),
        reverse("hub:document_detail", kwargs={"pk": first(Document.objects.all()).pk}),
        reverse("hub:compare"),
        reverse("hub:thesaurus"),
    ]


def expert(user: User | None) -> list[str]:
    order = first(policy.orders_open_to_expert(user))
    return [
        reverse("dashboard"),
        reverse("casework:order_list"),
        reverse("casework:order_detail", kwargs={"pk": order.pk}),
    ]


# demo account (None: an anonymous visitor) -> the pages that role works with.
ROLES: dict[str | None, Pages] = {
    None: public,
    "coordinator": coordinator,
    "casemanager": case_manager,
    "police": partner,
    "advisor": advisor,
    "teacher": reporter,
    "analyst": analyst,
    "admin": administrator,
    "dpo": dpo,
    "hubeditor": hub_editor,
    "expert": expert,
}


@pytest.fixture
def chromium(demo: None) -> Iterator[Browser]:
    """One browser for the whole test, closed before the demo data is flushed."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # Connections opened while Playwright's loop ran in this thread are missed by the
            # clean-up after the test (on PostgreSQL an idle one then blocks dropping the test
            # database): close them while that loop still runs.
            connections.close_all()


@pytest.fixture
def demo(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls made while the
    # browser is open are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from samen.demo import load_demo_data

    load_demo_data()
    yield


def session_cookie(username: str) -> str:
    client = Client()
    login(client, User.objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def new_context(browser: Browser, base_url: str, language: str) -> BrowserContext:
    context = browser.new_context(
        base_url=base_url, locale=BROWSER_LOCALES[language], viewport=WIDE
    )
    context.set_default_timeout(TIMEOUT_MS)
    prepare(context)
    return context


def sign_in(context: BrowserContext, base_url: str, language: str, session: str | None) -> None:
    """The role's session, in place of the one before (anonymous: none). The context, and so
    the browser's cache of the style sheets and scripts, stays."""
    context.clear_cookies()
    if session is not None:
        # Staff choose their language with the switch (a cookie); visitors' browsers ask.
        context.add_cookies(
            [
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url},
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url},
            ]
        )


def check_pages(context: BrowserContext, language: str, who: str, paths: list[str]) -> list[str]:
    """Visit each page once; what axe-core, the 320 px check and the console found."""
    problems: list[str] = []
    console: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    for path in paths:
        where = f"{who} {language} {path}"
        response = page.goto(path)
        if response is None or response.status != 200:
            problems.append(f"{where}: HTTP {response.status if response else '-'}")
            continue
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"{where}: <html lang> is not {language}")
        # Colours, target sizes and structure are the same in every language: all of axe's
        # rules run in the first, those the words can change in the others.
        findings = axe_violations(page, everything=language == LANGUAGES[0])
        problems += [f"{where}: axe {finding}" for finding in findings]
        problems += [f"{where}: scrolls sideways at 320 px: {e}" for e in sideways_at_320(page)]
        problems += [f"{where}: console: {message}" for message in console]
        console.clear()
    page.close()
    return problems


# One test per language, so that the parallel workers of the suite share the visits.
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_main_page_of_every_role_in_each_language(
    live_server: Any, chromium: Browser, language: str
) -> None:
    problems: list[str] = []
    visits = 0
    context = new_context(chromium, live_server.url, language)
    for username, pages in ROLES.items():
        user = User.objects.get(username=username) if username else None
        paths = pages(user)
        sign_in(context, live_server.url, language, session_cookie(username) if username else None)
        problems += check_pages(context, language, username or "anonymous", paths)
        visits += len(paths)
    context.close()
    assert visits >= 50, "fewer pages than expected were visited"
    assert not problems, "\n".join(problems)
