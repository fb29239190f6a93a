from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device
from django_otp.models import Device

from samen.accounts.models import Organisation, Role, User


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


class ResetTwoFactorForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why the authenticator is reset, for the audit log (e.g. phone lost)."),
        max_length=500,
    )


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "organisation", "roles", "is_active"]
        widgets = {"roles": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, acting_user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.all()
        if self.instance.pk is not None and self.instance.pk == acting_user.pk:
            # Nobody grants themselves roles or switches their own account off.
            for name in ("roles", "is_active", "organisation"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Another administrator can change this.")
        cast(forms.ModelChoiceField, self.fields["roles"]).queryset = Role.objects.all()
        if self.instance.pk is None:
            self.fields["password"].required = True

    def clean_password(self) -> str:
        from django.contrib.auth.password_validation import validate_password

        password: str = self.cleaned_data.get("password") or ""
        if password:
            validate_password(password, self.instance)
        return password


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "municipality", "covenant_signed", "covenant_signed_on"]
        widgets = {"covenant_signed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["municipality"]
        ).queryset = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
