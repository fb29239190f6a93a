"""The demo installation: every app's fictional demo data, loaded once into a new database.

Each app owns its demo data (``casework.demo``, ``hub.demo``, …); this module, at the top of
the layers, loads them in order. Refused in production."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from samen.accounts.models import Organisation, User
from samen.casework import demo as casework_demo
from samen.hub.demo import load_hub_demo_data
from samen.programme.demo import LEADS, load_programme_demo_data
from samen.reports.demo import load_account_demo_data

ACCOUNTS = casework_demo.ACCOUNTS
DEMO_PASSWORD = casework_demo.DEMO_PASSWORD
has_data = casework_demo.has_data


def describe_accounts() -> str:
    leads = " and ".join(LEADS)
    return casework_demo.describe_accounts().rstrip("\n") + (
        f"\n  {leads} also lead actions of the prevention programme (trekker); "
        "coordinator keeps the programme: /programme/\n"
    )


@transaction.atomic
def load_demo_data() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("demo data is never loaded in production")
    casework_demo.load_demo_data()
    load_hub_demo_data()
    load_programme_demo_data()
    load_account_demo_data(
        Organisation.objects.get(name="Gemeente Rivierstad"),
        User.objects.get(username="coordinator"),
    )
