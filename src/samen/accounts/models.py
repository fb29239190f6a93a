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
    CLIENT_CAPABILITIES,
    PERSONAL_DATA_CAPABILITIES,
    Capability,
)


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def serving(self, municipality_id: int | None) -> OrganisationQuerySet:
        """The partners of a municipality: those whose home it is and those that also serve it
        (regions). Not the municipality itself."""
        return (
            self.filter(
                models.Q(municipality_id=municipality_id) | models.Q(serves=municipality_id)
            )
            .exclude(pk=municipality_id)
            .distinct()
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
    serves = models.ManyToManyField(
        "self",
        verbose_name=_("also serves"),
        help_text=_(
            "Other municipalities this organisation works for (e.g. police or a Safety House "
            "serving a region). Its users may be given these municipalities too."
        ),
        symmetrical=False,
        blank=True,
        related_name="served_by",
        limit_choices_to={"kind": "municipality"},
    )
    covenant_signed = models.BooleanField(_("covenant signed"), default=False)
    covenant_signed_on = models.DateField(_("covenant signed on"), null=True, blank=True)
    weighing_term_days = models.PositiveSmallIntegerField(
        _("weighing term (days)"),
        null=True,
        blank=True,
        help_text=_(
            "For a municipality: days within which a new signal should be weighed. Empty: the "
            "installation's default."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

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

    @property
    def audit_municipality_id(self) -> int | None:
        return self.home_municipality_id


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
    municipalities = models.ManyToManyField(
        Organisation,
        verbose_name=_("also works for"),
        help_text=_(
            "Regional roles: municipalities besides the organisation's own that this user works "
            "for, among those the organisation serves."
        ),
        blank=True,
        related_name="regional_users",
        limit_choices_to={"kind": "municipality"},
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_client = models.BooleanField(
        _("machine client"),
        default=False,
        help_text=_("A partner system that signs in to the API with a token, never with a form."),
    )
    oidc_subject = models.CharField(
        _("identity provider subject"), max_length=255, blank=True, db_index=True
    )
    # Who last held this account's credentials before the user did: the person a set-up link
    # was shown or sent to. A grant of personal data approved on the request of that same
    # person renews the credentials (samen.accounts.access).
    credentials_handed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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

    @property
    def audit_municipality_id(self) -> int | None:
        return self.organisation.home_municipality_id

    @cached_property
    def municipality_ids(self) -> frozenset[int]:
        """The municipalities this user works for: the organisation's own, and those given to
        a regional role. Every scoped rule (``samen.accounts.scope``) reads this."""
        home = self.organisation.home_municipality_id
        ids = {home} if home is not None else set()
        if self.pk is not None:
            ids.update(self.municipalities.values_list("pk", flat=True))
        return frozenset(ids)

    @cached_property
    def capabilities(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        granted: set[str] = set()
        for role in self.roles.all():
            granted.update(role.capabilities)
        if self.is_client:
            # A machine client holds its scopes only, whatever role it was given.
            granted &= CLIENT_CAPABILITIES
        return frozenset(granted)

    def can(self, capability: Capability | str) -> bool:
        return str(capability) in self.capabilities

    @property
    def has_casework_role(self) -> bool:
        return bool(self.capabilities & CASEWORK_CAPABILITIES)

    @property
    def needs_two_factor(self) -> bool:
        if self.is_client:
            return False  # a client has no session: its token is its credential
        return bool(self.capabilities & PERSONAL_DATA_CAPABILITIES)

    # Django's permission API is not used: no role or flag grants everything.
    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return False


class AccessRequest(models.Model):
    """Something one administrator asks and a second person decides (four eyes): roles that
    reach personal data, a reset of the second factor, a set-up link for an account that
    reaches personal data, or a machine client's token. Kept after the decision as history."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Roles or municipalities that reach personal data")
        RESET_TWO_FACTOR = "reset_two_factor", _("Reset of two-factor login")
        SETUP_LINK = "setup_link", _("New set-up link")
        CLIENT = "client", _("Machine client token")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="access_requests"
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="+")
    municipalities = models.ManyToManyField(
        Organisation, verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    token_expires_on = models.DateField(_("token valid until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind"],
                condition=models.Q(status="pending"),
                name="accounts_one_pending_request_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def audit_label(self) -> str:
        roles = ",".join(sorted(role.code for role in self.roles.all()))
        return f"{self.kind} for {self.subject.username}: [{roles}] {self.status}"

    @property
    def audit_municipality_id(self) -> int | None:
        return self.subject.organisation.home_municipality_id

    @property
    def municipality_ids(self) -> frozenset[int]:
        """Every municipality the request reaches: the subject's own and those it adds."""
        ids = {m.pk for m in self.municipalities.all()}
        home = self.subject.organisation.home_municipality_id
        if home is not None:
            ids.add(home)
        return frozenset(ids)


class SetupLink(models.Model):
    """A one-time link with which a user chooses their own password. Only a hash of the token
    is kept; the link is shown once (or e-mailed) and stops working when used or expired."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="setup_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("set-up link")
        verbose_name_plural = _("set-up links")

    def __str__(self) -> str:
        return f"set-up link of {self.user_id}"

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
