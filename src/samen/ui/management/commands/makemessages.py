"""Django's makemessages, also extracting strings behind aliases of the gettext functions."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import makemessages

from samen.ui.i18n import keyword_options


class Command(makemessages.Command):
    def handle(self, *args: Any, **options: Any) -> str | None:
        self.xgettext_options = [*self.xgettext_options, *keyword_options()]
        return super().handle(*args, **options)
