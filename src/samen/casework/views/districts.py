"""The districts of the municipality, kept by the coordinator: the list the reporting form and
the person's details offer, and what counts by district group on."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.casework.actions import WorkflowError
from samen.casework.actions import districts as district_actions
from samen.casework.forms.weighing import DistrictForm
from samen.casework.models import District


def _municipality_id(request: AuthenticatedRequest) -> int:
    municipality_id = request.user.organisation.home_municipality_id
    if municipality_id is None:
        raise Http404
    return municipality_id


@requires_any(Capability.CONFIGURE_CASEWORK)
def district_list(request: AuthenticatedRequest) -> HttpResponse:
    municipality_id = _municipality_id(request)
    form = DistrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            district_actions.save_district(
                Actor.of(request), None, municipality_id=municipality_id, **form.cleaned_data
            )
        except WorkflowError:
            form.add_error("name", _("The municipality has a district with this name already."))
        else:
            messages.success(request, _("The district was added."))
            return redirect("casework:district_list")
    districts = District.objects.filter(municipality_id=municipality_id)
    return render(
        request,
        "casework/district_list.html",
        {"form": form, "districts": districts},
        status=422 if form.errors else 200,
    )


@requires_any(Capability.CONFIGURE_CASEWORK)
def district_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    municipality_id = _municipality_id(request)
    district = get_object_or_404(District, pk=pk, municipality_id=municipality_id)
    form = DistrictForm(
        request.POST or None,
        initial={"name": district.name, "position": district.position, "active": district.active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            district_actions.save_district(
                Actor.of(request), district, municipality_id=municipality_id, **form.cleaned_data
            )
        except WorkflowError:
            form.add_error("name", _("The municipality has a district with this name already."))
        else:
            messages.success(request, _("The district was saved."))
            return redirect("casework:district_list")
    return render(
        request,
        "casework/district_form.html",
        {"form": form, "district": district},
        status=422 if form.errors else 200,
    )
