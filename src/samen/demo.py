"""The demo installation: every app's fictional demo data, loaded once into a new database.

Each app owns its demo data (``casework.demo``, ``hub.demo``, …); this module, at the top of
the layers, loads them in order. Refused in production."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from samen.casework import demo as casework_demo
from samen.hub.demo import load_hub_demo_data

ACCOUNTS = casework_demo.ACCOUNTS
DEMO_PASSWORD = casework_demo.DEMO_PASSWORD
describe_accounts = casework_demo.describe_accounts
has_data = casework_demo.has_data


@transaction.atomic
def load_demo_data() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("demo data is never loaded in production")
    casework_demo.load_demo_data()
    load_hub_demo_data()
