"""The register of processing activities (GDPR Art. 30) and a DPIA fact sheet, generated from
the code and the configuration: what is written here follows the models, the settings and the
organisations that signed the covenant, so the register cannot drift from what samen does.

Purposes and security measures are text constants below; categories of data come from the
encrypted columns of the models; recipients from the ``Organisation`` rows; terms from the
retention settings.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samen.accounts import scope
from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.core import personal_data
from samen.privacy.retention import Terms

CONTROLLER = _(
    "The municipality (college van burgemeester en wethouders) that directs the local approach; "
    "the partners that signed the covenant are joint controllers for what they share at the "
    "case table."
)

PURPOSES = [
    (
        _("Reporting point and weighing"),
        _(
            "Receiving signals of possible radicalisation, giving advice to reporters and "
            "weighing whether a signal needs the case table."
        ),
        _("Art. 6(1)(e) GDPR (public task); Art. 9(2)(g) and Art. 10 GDPR with national law."),
    ),
    (
        _("Person-oriented approach at the case table"),
        _(
            "Sharing information between covenant partners, agreeing and following a tailored "
            "plan of support and measures for a person, until the case can be closed."
        ),
        _("Art. 6(1)(e) GDPR; the covenant of the partners; Art. 9(2)(g) and Art. 10 GDPR."),
    ),
    (
        _("Accountability and security"),
        _(
            "Recording who saw and changed what (audit log), to detect misuse and to account "
            "for it."
        ),
        _("Art. 5(2), 24 and 32 GDPR."),
    ),
    (
        _("The network of the prevention programme"),
        _(
            "Keeping the contact persons of partner organisations, key figures from communities "
            "(with their consent), district networks and who took part in trainings, so that the "
            "municipality can run and account for its prevention programme. It gives no access "
            "to casework."
        ),
        _(
            "Art. 6(1)(e) GDPR (public task) for contact persons and training participants; "
            "Art. 6(1)(a) GDPR (consent) for key figures."
        ),
    ),
    (
        _("Anonymised reporting"),
        _("Counts for the council and for research, with small numbers suppressed."),
        _("Art. 89 GDPR: no personal data leaves the anonymous counts."),
    ),
]

CATEGORIES_OF_PERSONS = [
    _("Persons about whom a concern was reported, including minors"),
    _("Related persons (family, network) of those persons"),
    _("Reporters (professionals and residents; residents may stay anonymous)"),
    _("Professionals of partner organisations who use samen"),
    _("Contact persons of partner organisations and participants of trainings"),
    _("Key figures from communities who consented to take part in the network"),
]

SPECIAL_CATEGORIES = [
    _("Religious or philosophical beliefs and political opinions (ideology, assessments)"),
    _("Criminal-law data (police and justice information, measures)"),
    _("Health data (mental-health care, interventions)"),
    _("Data of minors"),
]

DPIA_FACTS = [
    (
        _("Why a DPIA is required"),
        _(
            "Special categories of data and criminal-law data, about vulnerable persons including "
            "minors, shared between organisations: several criteria of the EDPB guidelines and "
            "the Dutch DPIA list apply."
        ),
    ),
    (
        _("No automated decisions or profiling"),
        _(
            "samen records human judgements (weighing, assessment, level of concern); it never "
            "scores, ranks or predicts persons (Art. 22 GDPR; EU AI Act Art. 5(1)(d))."
        ),
    ),
    (
        _("Need-to-know"),
        _(
            "A case is seen only by the organisations taking part in it; contributions can be "
            "restricted further for professional secrecy; every read is audited."
        ),
    ),
    (
        _("Rights of the persons concerned"),
        _(
            "Access, rectification and erasure are handled by the municipality's data protection "
            "process; retention removes data automatically when its term has passed, unless a "
            "legal hold applies."
        ),
    ),
]


@dataclass(frozen=True)
class Measure:
    title: Any
    detail: Any


def security_measures() -> list[Measure]:
    """The measures as configured now: each refers to the setting that controls it."""
    keys = len(settings.FIELD_ENCRYPTION_KEYS)
    return [
        Measure(
            _("Two-factor login"),
            _("Required for every role that sees personal data (SAMEN_REQUIRE_2FA): %(state)s.")
            % {"state": _("on") if settings.REQUIRE_2FA else _("off (demo only)")},
        ),
        Measure(
            _("Encryption at rest"),
            _(
                "Personal data columns and attachment files are encrypted with Fernet "
                "(AES-128-CBC, HMAC-SHA256); %(keys)s key(s) configured "
                "(SAMEN_FIELD_ENCRYPTION_KEYS)."
            )
            % {"keys": keys},
        ),
        Measure(
            _("Tamper-evident audit log"),
            _(
                "Every read and change of personal data is recorded in an append-only log chained "
                "by SHA-256 hashes; `samen audit-verify` checks the chain."
            ),
        ),
        Measure(
            _("Need-to-know access policy"),
            _("One gate for personal data; no superuser; administrators cannot read cases."),
        ),
        Measure(
            _("Sessions and logins"),
            _(
                "Sessions end after %(minutes)s idle minutes (SAMEN_SESSION_IDLE_MINUTES); "
                "%(limit)s failed logins lock the account (SAMEN_LOGIN_FAILURE_LIMIT); "
                "passwords hashed with Argon2."
            )
            % {
                "minutes": settings.SESSION_COOKIE_AGE // 60,
                "limit": settings.AXES_FAILURE_LIMIT,
            },
        ),
        Measure(
            _("Browser security"),
            _(
                "Content-Security-Policy without inline scripts or styles, HTTPS with HSTS in "
                "production, frames refused, no referrer to other sites."
            ),
        ),
        Measure(
            _("Retention"),
            _(
                "A daily task removes personal data past its term and keeps anonymous counts "
                "only; legal holds pause it."
            ),
        ),
    ]


def data_categories() -> list[tuple[Any, list[Any]]]:
    """Per model of the registry of personal data: the personal data it holds, i.e. its
    encrypted and identifying columns."""
    categories = []
    for entry in personal_data.entries():
        names = {f.name for f in entry.encrypted_fields()} | set(entry.identity)
        fields = [
            f.verbose_name
            for f in entry.model._meta.concrete_fields
            if f.name in names or f.attname in names
        ]
        if fields:
            categories.append((entry.model._meta.verbose_name_plural, fields))
    return categories


def recipients(municipality_ids: Collection[int]) -> list[tuple[Any, list[str]]]:
    """The organisations of the municipalities that signed the covenant, by kind, each as
    "name (signed on)": the municipalities themselves, their partners and the regional ones that
    serve them. One query, and the text made here (hundreds of partners in a large
    municipality; the template engine would take a tenth of a millisecond for each)."""
    by_kind: dict[str, list[str]] = {}
    signed = _("signed %(on)s")
    ids = list(municipality_ids)
    serving = Organisation.objects.filter(serves__in=ids).values("pk")
    rows = (
        Organisation.objects.filter(covenant_signed=True)
        .filter(Q(pk__in=ids) | Q(municipality_id__in=ids) | Q(pk__in=serving))
        .order_by("kind", "name")
        .values_list("kind", "name", "covenant_signed_on")
    )
    for kind, name, signed_on in rows:
        text = name if signed_on is None else f"{name} ({signed % {'on': signed_on.isoformat()}})"
        by_kind.setdefault(kind, []).append(text)
    labels = dict(Organisation.Kind.choices)
    return [(labels.get(kind, kind), names) for kind, names in by_kind.items()]


def expert_recipients(municipality_ids: Collection[int]) -> list[Organisation]:
    """The organisations of the experts and providers in the municipalities' registers: they
    receive only what an order shares with them, until its access date (one query)."""
    return list(
        Organisation.objects.filter(
            users__expert_entries__active=True,
            users__expert_entries__municipality_id__in=list(municipality_ids),
        )
        .distinct()
        .order_by("name")
    )


def retention_terms() -> list[tuple[Any, Any]]:
    terms = Terms.from_settings()
    return [
        (
            _("Closed cases, with their signal, plan, contributions and meeting items"),
            _("%(n)s years after closure (SAMEN_RETENTION_CLOSED_CASE_YEARS)")
            % {"n": terms.case_years},
        ),
        (
            _("Signals that were not admitted"),
            _("%(n)s months after the last weighing (SAMEN_RETENTION_UNADMITTED_SIGNAL_MONTHS)")
            % {"n": terms.signal_months},
        ),
        (
            _("Identifying details of persons with no open case"),
            _("%(n)s months after their last case closed (SAMEN_RETENTION_PERSON_MONTHS)")
            % {"n": terms.person_months},
        ),
        (
            _("Attachments"),
            _("%(n)s years after the closure of their case (SAMEN_RETENTION_ATTACHMENT_YEARS)")
            % {"n": terms.attachment_years},
        ),
        (
            _("Audit log"),
            _("%(n)s years (SAMEN_RETENTION_AUDIT_YEARS); pruned daily behind a chain checkpoint")
            % {"n": terms.audit_years},
        ),
        (
            _("Contact persons of the network"),
            _("%(n)s months after they left the network (SAMEN_RETENTION_NETWORK_CONTACT_MONTHS)")
            % {"n": terms.contact_months},
        ),
        (
            _("Key figures"),
            _(
                "Until their own term, by default %(n)s months after their consent "
                "(SAMEN_RETENTION_KEY_FIGURE_MONTHS); at once when they withdraw consent"
            )
            % {"n": terms.key_figure_months},
        ),
        (
            _("Names of training participants"),
            _(
                "%(n)s years after the session (SAMEN_RETENTION_TRAINING_PARTICIPANT_YEARS); "
                "then kept as a count"
            )
            % {"n": terms.participant_years},
        ),
    ]


def counts(municipality_ids: Collection[int]) -> dict[str, int]:
    """The municipalities' signals and cases held now, and the open cases (one query per
    table): inside samen only; the register publishes them as ``scale``."""
    from samen.casework.lifecycle import Phase
    from samen.casework.models import Case, Signal

    ids = list(municipality_ids)
    cases = Case.objects.filter(municipality_id__in=ids).aggregate(
        total=Count("id"), open=Count("id", filter=~Q(phase=Phase.CLOSED))
    )
    return {
        "cases": cases["total"],
        "open_cases": cases["open"],
        "signals": Signal.objects.filter(municipality_id__in=ids).count(),
    }


def band(count: int) -> str:
    """A count as its order of magnitude: "0", "fewer than 10", "10 to 99", "100 to 999", …

    The register is exported again and again, and a count held now changes with every case
    opened: two exact counts a day apart would tell that one case was opened, and a small
    municipality's exact count is a small cell. The yearly account's disclosure control
    (``reports.disclosure``) is made for fixed periods, not for a count that moves. An order of
    magnitude is the scale a DPIA asks for, and it changes only when a count crosses a power
    of ten."""
    if count <= 0:
        return "0"
    if count < 10:
        return str(_("fewer than %(n)s") % {"n": 10})
    low = 10 ** (len(str(count)) - 1)
    return str(
        _("%(low)s to %(high)s")
        % {
            "low": number_format(low, force_grouping=True),
            "high": number_format(low * 10 - 1, force_grouping=True),
        }
    )


def scale(municipality_ids: Collection[int]) -> dict[str, str]:
    """The scale of the municipalities' processing as the register publishes it: each count
    as its order of magnitude (``band``)."""
    return {name: band(count) for name, count in counts(municipality_ids).items()}


def register_context(user: Any) -> dict[str, Any]:
    """The register of the municipalities the reader works for: each municipality is the
    controller of its own processing, so its partners, experts and counts are its own, and
    another municipality's are not shown."""
    ids = scope.municipality_ids(user)
    return {
        "generated_at": timezone.now(),
        "municipalities": list(
            Organisation.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
        ),
        "controller": CONTROLLER,
        "purposes": PURPOSES,
        "categories_of_persons": CATEGORIES_OF_PERSONS,
        "special_categories": SPECIAL_CATEGORIES,
        "data_categories": data_categories(),
        "recipients": recipients(ids),
        "expert_recipients": expert_recipients(ids),
        "retention_terms": retention_terms(),
        "measures": security_measures(),
        "dpia_facts": DPIA_FACTS,
        "scale": scale(ids),
    }


def export_register(actor: Actor) -> dict[str, Any]:
    """The register as a document, for download; the export is audited."""
    context = register_context(actor.user)
    record(actor, "privacy.register.export", object_label=f"{context['generated_at']:%Y-%m-%d}")
    return context
