"""Linking a case to another as family or group."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.casework.models import CaseLink


class CaseLinkForm(forms.Form):
    # The HTML of an unbound form is the same for everyone: kept per language (ui.samen_forms).
    unbound_html_is_static = True
    kind = forms.ChoiceField(label=_("Kind of link"), choices=CaseLink.Kind.choices)
    reference = forms.CharField(
        label=_("Reference of the other case"),
        help_text=_("For example C-2026-00012. Only a case you may see can be linked."),
        max_length=20,
    )
