from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.contrib.auth import user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device
from django_otp.models import Device

from samen.accounts.capabilities import CLIENT_ROLES
from samen.accounts.models import AccessRequest, Organisation, Role, User
from samen.accounts.scope import municipalities_administered_by, organisations_administered_by
from samen.core.widgets import LongCheckboxSelectMultiple


class LoginForm(AuthenticationForm):
    """User name, password and, for users with an authenticator, the six-digit code."""

    otp_token = forms.CharField(
        label=_("Verification code"),
        help_text=_("The six-digit code from your authenticator app, if you have set one up."),
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    # One text for every failure, so the answer never tells a right password from a wrong one
    # (a right password with a missing or wrong code reads the same as a wrong password).
    LOGIN_FAILED = _(
        "The user name, the password or the verification code is not correct. "
        "Check them and try again."
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": LOGIN_FAILED,
        "invalid_token": LOGIN_FAILED,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device: Device | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user = self.get_user()
        if user is not None and user_has_device(user):
            device = match_token(user, (cleaned.get("otp_token") or "").strip())
            if device is None:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                self.user_cache = None
                raise ValidationError(self.error_messages["invalid_token"], code="invalid_token")
            self.otp_device = device
        return cleaned


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Verification code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )


class UserForm(forms.ModelForm):
    """An administrator's view of a user. No password: a new user gets a one-time set-up
    link. Roles that reach personal data wait for a second person (samen.accounts.actions)."""

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "email",
            "organisation",
            "roles",
            "municipalities",
            "is_active",
        ]
        widgets = {
            "roles": LongCheckboxSelectMultiple,
            "municipalities": LongCheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, acting_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = organisations_administered_by(acting_user).order_by("name")
        cast(forms.ModelChoiceField, self.fields["roles"]).queryset = Role.objects.exclude(
            code__in=CLIENT_ROLES
        )
        cast(
            forms.ModelChoiceField, self.fields["municipalities"]
        ).queryset = municipalities_administered_by(acting_user).order_by("name")
        self.fields["roles"].help_text = _(
            "Roles that reach personal data take effect when a second person approves them."
        )
        if self.instance.pk is not None:
            pending = self.instance.access_requests.filter(
                kind=AccessRequest.Kind.GRANT, status=AccessRequest.Status.PENDING
            ).first()
            if pending is not None:
                # Saving again keeps what is waiting for approval unless it is unticked.
                self.initial["roles"] = [
                    *self.initial.get("roles", []),
                    *pending.roles.all(),
                ]
                self.initial["municipalities"] = [
                    *self.initial.get("municipalities", []),
                    *pending.municipalities.all(),
                ]
        if self.instance.pk is not None and self.instance.pk == acting_user.pk:
            # Nobody grants themselves roles or switches their own account off.
            for name in ("roles", "municipalities", "is_active", "organisation"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Another administrator can change this.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("For the audit log and the person who approves it."),
        max_length=500,
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why you approve or refuse, for the audit log."),
        max_length=500,
        required=False,
    )


def _tomorrow_to_a_year() -> date:
    return timezone.localdate() + timedelta(days=365)


class ClientForm(forms.Form):
    name = forms.SlugField(
        label=_("Name"),
        max_length=100,
        help_text=_("A short name of the partner system, e.g. police-intake."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    scopes = forms.ModelMultipleChoiceField(
        label=_("Scopes"),
        queryset=Role.objects.filter(code__in=CLIENT_ROLES),
        widget=LongCheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=_("Token valid until"),
        initial=_tomorrow_to_a_year,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args: Any, acting_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = organisations_administered_by(acting_user).order_by("name")


class ClientTokenForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Token valid until"),
        initial=_tomorrow_to_a_year,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "municipality",
            "serves",
            "covenant_signed",
            "covenant_signed_on",
            "weighing_term_days",
        ]
        widgets = {
            "covenant_signed_on": forms.DateInput(attrs={"type": "date"}),
            "serves": LongCheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, acting_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = municipalities_administered_by(acting_user).order_by("name")
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = mine
        cast(forms.ModelChoiceField, self.fields["serves"]).queryset = mine
