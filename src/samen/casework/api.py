"""The casework API: the same policy and audit as the pages, in JSON."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from samen.accounts.capabilities import Capability
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework.models import Case, CaseParticipation, Signal
from samen.casework.policy import get_case_for, get_signal_for


class HasCapability(permissions.BasePermission):
    """The view's ``required_capabilities``: any of them lets the user in."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if any(user.can(c) for c in getattr(view, "required_capabilities", ())):
            return True
        record(
            request._request,
            "accounts.capability.denied",
            outcome=AuditEntry.Outcome.DENIED,
            object_label=request.path,
        )
        return False


class SignalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signal
        fields = [
            "id",
            "reference",
            "status",
            "channel",
            "received_at",
            "anonymous",
            "subject_name",
            "district",
            "observation",
        ]


class ParticipationSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = CaseParticipation
        fields = ["organisation", "added_at"]


class CaseSerializer(serializers.ModelSerializer):
    participants = ParticipationSerializer(source="participations", many=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "status", "subject_name", "opened_at", "participants"]


class _AuditedReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, HasCapability]
    list_action = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        record(request._request, self.list_action, targets=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SignalViewSet(_AuditedReadOnly):
    """Signals of the user's municipality (advisors and weighing team)."""

    serializer_class = SignalSerializer
    required_capabilities = (Capability.INTAKE_SIGNALS,)
    list_action = "casework.signal.list"

    def get_queryset(self) -> Any:
        return Signal.objects.visible_to(self.request.user).order_by("-received_at")

    def get_object(self) -> Signal:
        return get_signal_for(self.request._request, _pk(self.kwargs))


class CaseViewSet(_AuditedReadOnly):
    """Cases the user's organisation takes part in."""

    serializer_class = CaseSerializer
    required_capabilities = (Capability.VIEW_CASES, Capability.MANAGE_CASES)
    list_action = "casework.case.list"

    def get_queryset(self) -> Any:
        return (
            Case.objects.visible_to(self.request.user)
            .prefetch_related("participations__organisation")
            .order_by("-opened_at")
        )

    def get_object(self) -> Case:
        return get_case_for(self.request._request, _pk(self.kwargs))


def _pk(kwargs: dict[str, Any]) -> int:
    try:
        return int(kwargs["pk"])
    except (KeyError, ValueError):
        raise Http404 from None


extend_schema(tags=["signals"])(SignalViewSet)
extend_schema(tags=["cases"])(CaseViewSet)
