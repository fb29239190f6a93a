from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.accounts.capabilities import (
    CASEWORK_CAPABILITIES,
    PERSONAL_DATA_CAPABILITIES,
    Capability,
)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")
        PROSECUTOR = "prosecutor", _("Public Prosecutor")
        CHILD_PROTECTION = "child_protection", _("Child Protection Board")
        PROBATION = "probation", _("Probation Service")
        YOUTH_CARE = "youth_care", _("Youth care")
        MENTAL_HEALTH = "mental_health", _("Mental-health care")
        NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Neighbourhood team")
        SCHOOL = "school", _("School")
        COMMUNITY = "community", _("Community organisation")
        SAFETY_HOUSE = "safety_house", _("Safety House")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    municipality = models.ForeignKey(
        "self",
        verbose_name=_("municipality"),
        help_text=_("The municipality whose local approach this organisation takes part in."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        limit_choices_to={"kind": "municipality"},
    )
    covenant_signed = models.BooleanField(_("covenant signed"), default=False)
    covenant_signed_on = models.DateField(_("covenant signed on"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.covenant_signed and not self.covenant_signed_on:
            raise ValidationError(
                {"covenant_signed_on": _("Give the date the covenant was signed.")}
            )
        if self.kind == self.Kind.MUNICIPALITY and self.municipality_id not in (None, self.pk):
            raise ValidationError({"municipality": _("A municipality belongs to itself.")})

    @property
    def home_municipality_id(self) -> int | None:
        """The municipality whose approach this organisation belongs to."""
        if self.kind == self.Kind.MUNICIPALITY:
            return self.pk
        return self.municipality_id


class Role(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    capabilities = models.JSONField(_("capabilities"), default=list)

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return gettext(self.name)

    def clean(self) -> None:
        unknown = set(self.capabilities) - set(Capability.values)
        if unknown:
            raise ValidationError({"capabilities": _("Unknown capability.")})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who works with samen. There is no superuser: roles grant capabilities."""

    username = models.CharField(
        _("user name"), max_length=150, unique=True, validators=[UnicodeUsernameValidator()]
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def audit_label(self) -> str:
        return self.username

    @cached_property
    def capabilities(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        granted: set[str] = set()
        for role in self.roles.all():
            granted.update(role.capabilities)
        return frozenset(granted)

    def can(self, capability: Capability | str) -> bool:
        return str(capability) in self.capabilities

    @property
    def has_casework_role(self) -> bool:
        return bool(self.capabilities & CASEWORK_CAPABILITIES)

    @property
    def needs_two_factor(self) -> bool:
        return bool(self.capabilities & PERSONAL_DATA_CAPABILITIES)

    # Django's permission API is not used: no role or flag grants everything.
    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return False
