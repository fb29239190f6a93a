"""The casework API: the same policy and audit as the pages, in JSON."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from samen.accounts.capabilities import Capability
from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.audit.denials import record_denial
from samen.audit.services import record
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.lifecycle import Phase
from samen.casework.models import Case, CaseParticipation, District, Signal
from samen.casework.queries.cases import current_participations
from samen.core.api import ProblemCursorPagination, StrictCharField


class HasCapability(permissions.BasePermission):
    """The view's ``required_capabilities``: any of them lets the user in."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if any(user.can(c) for c in getattr(view, "required_capabilities", ())):
            return True
        record_denial(Actor.of(request), "accounts.capability.denied", object_label=request.path)
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

    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )


# Field names are snake_case here and camelCase on the wire (samen.core.api): the renderer,
# the parser and the OpenAPI document (drf-spectacular's camelize hook) translate them.


class ParticipationSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = CaseParticipation
        fields = ["organisation", "added_at"]


class CaseSerializer(serializers.ModelSerializer):
    # Current participants only: a removed organisation is no longer shown (prefetched by the
    # view set as ``current_participations``).
    participants = ParticipationSerializer(source="current_participations", many=True)

    class Meta:
        model = Case
        fields = ["id", "reference", "phase", "subject_name", "opened_at", "participants"]
        read_only_fields = fields


class SignalSubmissionSerializer(serializers.Serializer):
    """A signal sent by a partner system; it goes to the partner's municipality."""

    observation = StrictCharField(max_length=10000)
    subject_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    subject_birth_date = serializers.DateField(required=False, allow_null=True)
    district = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="The name of one of the municipality's districts (as on the reporting form).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        name = " ".join(attrs.get("district", "").split())
        if name:
            municipality_id = self.context["municipality_id"]
            district = District.objects.filter(
                municipality_id=municipality_id, name__iexact=name, active=True
            ).first()
            if district is None:
                raise serializers.ValidationError(
                    {"district": _("Not a district of the municipality.")}
                )
            attrs["district"] = district
        else:
            attrs["district"] = None
        return attrs


class SignalReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    receipt_code = serializers.CharField()


class PhaseMoveSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices)
    reason = StrictCharField(max_length=5000)


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("The change does not fit the state of the case.")
    default_code = "conflict"


class SignalCursorPagination(ProblemCursorPagination):
    """Newest first, sought by the time received (the index on municipality and time
    received serves it); the id breaks ties."""

    ordering = ("-received_at", "-id")


class CaseCursorPagination(ProblemCursorPagination):
    """Newest first, sought by the time opened (the index on municipality and time opened
    serves it); the id breaks ties."""

    ordering = ("-opened_at", "-id")


class _AuditedReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, HasCapability]
    list_action = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        record(Actor.of(request), self.list_action, targets=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SignalViewSet(_AuditedReadOnly):
    """Signals of the user's municipality (advisors and weighing team); partner systems submit
    new signals."""

    serializer_class = SignalSerializer
    list_action = "casework.signal.list"
    pagination_class = SignalCursorPagination

    @property
    def required_capabilities(self) -> tuple[Capability, ...]:
        if self.action == "create":
            return (Capability.REPORT_SIGNAL,)
        return (Capability.INTAKE_SIGNALS,)

    @extend_schema(request=SignalSubmissionSerializer, responses={201: SignalReceiptSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        assert isinstance(user, User)
        municipality_id = user.organisation.home_municipality_id
        if municipality_id is None:
            raise exceptions.PermissionDenied("the organisation belongs to no municipality")
        submission = SignalSubmissionSerializer(
            data=request.data, context={"municipality_id": municipality_id}
        )
        submission.is_valid(raise_exception=True)
        data = submission.validated_data
        birth_date = data.get("subject_birth_date")
        # The user's own organisation when it is the municipality (read already), else its
        # municipality.
        organisation = user.organisation
        if organisation.pk != municipality_id:
            organisation = Organisation.objects.get(pk=municipality_id)
        receipt = intake_actions.report_signal(
            Actor.of(request),
            municipality=organisation,
            channel=Signal.Channel.API,
            observation=data["observation"],
            anonymous=False,
            reporter_name=user.full_name,
            reporter_contact=user.email,
            subject_name=data.get("subject_name", ""),
            subject_birth_date=birth_date.isoformat() if birth_date else "",
            district=data["district"],
            reporter=user,
        )
        body = {"reference": receipt.signal.reference, "receipt_code": receipt.code}
        location = reverse("api:signal-detail", kwargs={"pk": receipt.signal.pk})
        return Response(
            SignalReceiptSerializer(body).data,
            status=201,
            headers={"Location": request.build_absolute_uri(location)},
        )

    def get_queryset(self) -> Any:
        # The district's name is on every row: read with the page, not once a row.
        return (
            policy.signals_visible_to(self.request.user)
            .select_related("district")
            .order_by("-received_at", "-pk")
        )

    def get_object(self) -> Signal:
        return policy.get_signal_for(Actor.of(self.request), _pk(self.kwargs))


class CaseViewSet(_AuditedReadOnly):
    """Cases the user's organisation takes part in; case managers move them between phases."""

    serializer_class = CaseSerializer
    list_action = "casework.case.list"
    pagination_class = CaseCursorPagination

    @property
    def required_capabilities(self) -> tuple[Capability, ...]:
        if self.action == "move":
            return (Capability.MANAGE_CASES,)
        return (Capability.VIEW_CASES, Capability.MANAGE_CASES)

    @extend_schema(
        request=PhaseMoveSerializer,
        responses={
            200: CaseSerializer,
            409: OpenApiResponse(description=str(Conflict.default_detail)),
        },
    )
    @action(detail=True, methods=["post"], url_path="phase")
    def move(self, request: Request, pk: str | None = None) -> Response:
        actor = Actor.of(request)
        case = policy.get_case_for(actor, _pk(self.kwargs), audit_read=False)
        move = PhaseMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        try:
            case_actions.move_case(
                actor,
                case,
                to_phase=move.validated_data["phase"],
                reason=move.validated_data["reason"],
            )
        except WorkflowError:
            # The action's own message is for developers (English); the client gets ours.
            raise Conflict() from None
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    def get_queryset(self) -> Any:
        return (
            policy.cases_visible_to(self.request.user)
            .prefetch_related(current_participations(to_attr="current_participations"))
            .order_by("-opened_at", "-id")
        )

    def get_object(self) -> Case:
        case = policy.get_case_for(Actor.of(self.request), _pk(self.kwargs))
        prefetch_related_objects([case], current_participations(to_attr="current_participations"))
        return case


def _pk(kwargs: dict[str, Any]) -> int:
    try:
        return int(kwargs["pk"])
    except (KeyError, ValueError):
        raise Http404 from None


extend_schema(tags=["signals"])(SignalViewSet)
extend_schema(tags=["cases"])(CaseViewSet)
