"""The yearly account to the council: the page, its exports and the coordinator's texts.

The coordinator (who reads the programme) and the analysts (``reports.view``) of a
municipality read its account (``policy.account_municipality_for``); the coordinator writes
and finalises the texts. Every view and export is recorded in the audit log. The page holds
only disclosure-controlled counts (``samen.reports.account``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import policy
from samen.core.params import whole_number
from samen.programme import exports as file_exports
from samen.programme.models import Theme
from samen.reports import account as service
from samen.reports import charts, exports
from samen.reports.actions import AccountError, save_text
from samen.reports.models import AccountText

READ = (Capability.VIEW_STATISTICS, Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME)
FIRST_YEAR, LAST_YEAR = 2000, 2100
FILES = ("json", "pdf", "docx")


def _municipality(request: AuthenticatedRequest) -> int:
    municipality_id = policy.account_municipality_for(request.user)
    if municipality_id is None:
        raise Http404
    return municipality_id


def _texts(municipality_id: int, year: int) -> list[AccountText]:
    return list(
        AccountText.objects.filter(municipality_id=municipality_id, year=year)
        .select_related("theme", "finalised_by")
        .order_by("theme__position", "theme_id")
    )


def _themes(user: Any, year: int) -> list[Theme]:
    return list(
        policy.programme_visible_to(user, Theme)
        .filter(plan__first_year__lte=year, plan__last_year__gte=year)
        .order_by("plan__first_year", "plan_id", "position", "pk")
    )


class PeriodForm(forms.Form):
    """The period of the account: the reporting year, a half or a quarter of it."""

    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        required=False,
        help_text=gettext_lazy(
            "The council update is given for a half or a quarter of the reporting year, not for "
            "other dates: two overlapping periods would give small numbers away."
        ),
    )

    def __init__(self, year: int, data: Any = None) -> None:
        query = None
        if data is not None:
            # ``2026-q3``, ``Q3`` and the older ``?part=h1`` name the same period as ``2026-Q3``.
            raw = data.get("period") or data.get("part") or ""
            part = service.parse_period(raw, year)
            query = {"period": service.period(year, part).code if part is not None else raw}
        super().__init__(query)
        self.year = year
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (p.code, f"{p.label} ({p.start.isoformat()} - {p.last_day.isoformat()})")
            for p in (service.period(year, part) for part in service.Part.ALL)
        ]

    def clean_period(self) -> str:
        part = service.parse_period(self.cleaned_data.get("period") or "", self.year)
        if part is None:
            raise forms.ValidationError(_("Choose the year, a half or a quarter of it."))
        return part


@requires_any(*READ)
def account(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """The account of a reporting year, or (``?period=2026-H1``, ``2026-Q3``) the council update
    for a half or a quarter of it; ``?format=`` csv or xlsx (with ``table=``), json, pdf or
    docx. No other periods: see ``samen.reports.disclosure``."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    municipality_id = _municipality(request)
    form = PeriodForm(year, request.GET)
    part = form.cleaned_data["period"] if form.is_valid() else service.Part.YEAR
    period = service.period(year, part)
    years = whole_number(request.GET.get("years"))
    span = years if years is not None and 1 <= years <= service.TREND_YEARS else 5
    trend = service.trend(municipality_id, year, span)
    texts = _texts(municipality_id, year)
    municipality = Organisation.objects.get(pk=municipality_id).name
    actor = Actor.of(request)
    fmt = request.GET.get("format", "")
    label = period.code
    if fmt:
        figures = service.account(municipality_id, period)
        record(actor, "reports.account.export", object_label=f"{label} {fmt}")
        return _export(fmt, request, figures, municipality, trend, texts, label)
    figures, (casework, programme) = service.drawn(
        municipality_id,
        period,
        lambda figures: (_draw(figures, "casework"), _draw(figures, "programme")),
    )
    record(actor, "reports.account.view", object_label=label)
    return render(
        request,
        "reports/account.html",
        {
            "account": figures,
            "municipality": municipality,
            "year": year,
            "part": part,
            "period": period,
            "period_form": form,
            "period_label": exports.period_label(figures),
            "casework": casework,
            "programme": programme,
            "trend": trend,
            "trend_chart": charts.lines("trend", _("Years side by side"), trend.years, trend.rows),
            "texts": texts,
            "can_write": policy.account_texts_writable_by(request.user) is not None,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        },
    )


def _draw(figures: service.Account, section: str) -> str:
    """The tables of one section of the account with their charts, as HTML: anonymous figures
    only, the same for everyone who reads this account in this language (kept with it by
    ``service.drawn``)."""
    tables = [
        (
            table,
            charts.bars(table.key, str(table.title), [(r.label, r.cell) for r in table.rows])
            if table.rows and table.chart
            else None,
        )
        for table in figures.tables
        if table.section == section
    ]
    return render_to_string(
        "reports/_account_tables.html", {"tables": tables, "period": figures.period}
    )


def _export(
    fmt: str,
    request: AuthenticatedRequest,
    figures: service.Account,
    municipality: str,
    trend: service.Trend,
    texts: list[AccountText],
    label: str,
) -> HttpResponse:
    if fmt in file_exports.FORMATS:
        key = request.GET.get("table", "")
        table = next((t for t in figures.tables if t.key == key), None)
        if table is None:
            raise Http404
        return file_exports.response(exports.file_table(table), fmt)
    name = f"account-{label}"
    if fmt == "json":
        body = exports.json_bytes(exports.as_json(figures, municipality, trend, texts))
        content_type, extension = "application/json", "json"
    elif fmt == "pdf":
        body = exports.pdf_bytes(figures, municipality, trend, texts)
        content_type, extension = "application/pdf", "pdf"
    elif fmt == "docx":
        body = exports.docx_bytes(figures, municipality, trend, texts)
        content_type, extension = exports.DOCX_TYPE, "docx"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["Cache-Control"] = "no-store, private"
    return response


class TextForm(forms.Form):
    wanted = forms.CharField(
        label=gettext_lazy("What did we want to achieve?"), widget=forms.Textarea, required=False
    )
    did = forms.CharField(
        label=gettext_lazy("What did we do?"), widget=forms.Textarea, required=False
    )
    conclude = forms.CharField(
        label=gettext_lazy("What do we conclude?"), widget=forms.Textarea, required=False
    )
    finalise = forms.BooleanField(
        label=gettext_lazy("Final: the text is finished and no longer changed"), required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name, "").strip() for name in ("wanted", "did", "conclude")):
            raise forms.ValidationError(_("Write at least one of the three texts."))
        return cleaned


GENERAL = "general"


def _prefix(theme: Theme | None) -> str:
    return f"theme-{theme.pk}" if theme is not None else GENERAL


@requires_any(Capability.MANAGE_PROGRAMME)
def account_texts(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """The coordinator writes, per theme of the plan of the year (and for the approach as a
    whole), what we wanted to achieve, what we did and what we conclude: a draft, then final."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    municipality_id = policy.account_texts_writable_by(request.user)
    if municipality_id is None:
        raise Http404
    choices: list[Theme | None] = [None, *_themes(request.user, year)]
    existing = {text.theme_id: text for text in _texts(municipality_id, year)}
    status = 200
    posted: TextForm | None = None
    block = ""
    if request.method == "POST":
        block = request.POST.get("block", GENERAL)
        theme = next((t for t in choices if _prefix(t) == block), False)
        if theme is False:
            raise Http404
        assert theme is not True
        posted = TextForm(request.POST, prefix=block)
        if posted.is_valid():
            try:
                save_text(
                    Actor.of(request),
                    municipality_id,
                    year,
                    theme,
                    wanted=posted.cleaned_data["wanted"],
                    did=posted.cleaned_data["did"],
                    conclude=posted.cleaned_data["conclude"],
                    finalise=posted.cleaned_data["finalise"],
                )
            except AccountError:
                posted.add_error(None, _("A final text is no longer changed."))
            else:
                messages.success(request, _("The text is saved."))
                return redirect("reports:account_texts", year=year)
        status = 422
    blocks = []
    for theme in choices:
        prefix = _prefix(theme)
        text = existing.get(theme.pk if theme else None)
        if posted is not None and prefix == block:
            form = posted
        else:
            initial = {}
            if text is not None:
                initial = {"wanted": text.wanted, "did": text.did, "conclude": text.conclude}
            form = TextForm(initial=initial, prefix=prefix)
        blocks.append((theme, text, form, prefix))
    return render(
        request, "reports/account_texts.html", {"year": year, "blocks": blocks}, status=status
    )
