"""What a user can do. Code checks capabilities; roles (data) grant them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Capability(models.TextChoices):
    REPORT_SIGNAL = "signal.report", _("Report a signal as a partner professional")
    INTAKE_SIGNALS = "signal.intake", _("Receive and read signals of the municipality")
    WEIGH_SIGNALS = "signal.weigh", _("Weigh signals and admit cases")
    VIEW_CASES = "case.view", _("See the cases the organisation takes part in")
    MANAGE_CASES = "case.manage", _("Manage cases the organisation takes part in")
    VIEW_MEETINGS = "meeting.view", _("Take part in case-table meetings")
    CHAIR_MEETINGS = "meeting.chair", _("Plan and chair case-table meetings")
    CONFIGURE_CASEWORK = "casework.configure", _("Maintain weighing criteria and guidance")
    VIEW_STATISTICS = "reports.view", _("See anonymised statistics")
    MANAGE_USERS = "users.manage", _("Manage organisations, users and their roles")
    APPROVE_ACCESS = (
        "users.approve",
        _("Approve or refuse what another administrator asked: roles, resets and clients"),
    )
    VIEW_AUDIT_LOG = "audit.view", _("Read the audit log")
    SUBJECT_RIGHTS = (
        "privacy.subject_rights",
        _("Answer requests of persons: access, rectification and erasure of their data"),
    )
    MANAGE_RETENTION = (
        "privacy.retention",
        _("Watch what retention removes and pause it with legal holds"),
    )
    KEEP_REGISTER = "privacy.register", _("Keep the register of processing activities")
    EDIT_HUB = "hub.edit", _("Edit the knowledge hub")
    VIEW_PROGRAMME = (
        "programme.view",
        _("See the prevention programme: action plan, budget, trainings, events, communication"),
    )
    MANAGE_PROGRAMME = (
        "programme.manage",
        _("Keep the prevention programme: the plan, its actions, budget, trainings and events"),
    )
    LEAD_ACTIONS = (
        "programme.lead",
        _("Lead actions of the programme (trekker): see them and update their progress"),
    )
    MANAGE_NETWORK = (
        "programme.network",
        _("Keep the network: contact persons, key figures, district networks, who is trained"),
    )
    EXPERT_ORDERS = (
        "expert.orders",
        _("Carry out orders as an expert or provider: see only one's own open orders"),
    )


# Capabilities that reveal personal data: holding any of them requires two-factor login.
PERSONAL_DATA_CAPABILITIES = frozenset(
    {
        Capability.INTAKE_SIGNALS,
        Capability.WEIGH_SIGNALS,
        Capability.VIEW_CASES,
        Capability.MANAGE_CASES,
        Capability.VIEW_MEETINGS,
        Capability.CHAIR_MEETINGS,
        Capability.VIEW_AUDIT_LOG,
        Capability.SUBJECT_RIGHTS,
        Capability.MANAGE_RETENTION,
        Capability.MANAGE_USERS,
        Capability.MANAGE_NETWORK,
        Capability.EXPERT_ORDERS,
    }
)

# Capabilities whose grant takes effect only after a second person approved it (four eyes): the
# ones that reveal personal data, the power to approve itself, and a machine client's scopes.
GRANT_NEEDS_APPROVAL = PERSONAL_DATA_CAPABILITIES | {
    Capability.APPROVE_ACCESS,
    Capability.REPORT_SIGNAL,
}

# What a machine client may be given: its scopes (submit signals, read the cases its
# organisation takes part in, move phases), as the roles below.
CLIENT_CAPABILITIES = frozenset(
    {Capability.REPORT_SIGNAL, Capability.VIEW_CASES, Capability.MANAGE_CASES}
)

# Capabilities that make a role a casework role (a case is visible to such a user when the
# user's organisation takes part in it).
CASEWORK_CAPABILITIES = frozenset({Capability.VIEW_CASES, Capability.MANAGE_CASES})

# The roles samen ships with; migrations create them (with their data frozen as it was then),
# `samen sync-defaults` brings an existing database up to this definition, administrators
# assign them.
DEFAULT_ROLES: dict[str, tuple[str, list[Capability]]] = {
    "reporter": (gettext_noop("Reporter"), [Capability.REPORT_SIGNAL]),
    "advisor": (
        gettext_noop("Advisor (intake)"),
        [Capability.INTAKE_SIGNALS, Capability.REPORT_SIGNAL],
    ),
    "weighing_team": (
        gettext_noop("Weighing team"),
        [Capability.INTAKE_SIGNALS, Capability.WEIGH_SIGNALS],
    ),
    "case_table_member": (
        gettext_noop("Case-table member"),
        [Capability.VIEW_CASES, Capability.VIEW_MEETINGS],
    ),
    "case_manager": (
        gettext_noop("Case manager"),
        [Capability.VIEW_CASES, Capability.MANAGE_CASES, Capability.VIEW_MEETINGS],
    ),
    "chair": (
        gettext_noop("Chair"),
        [
            Capability.VIEW_CASES,
            Capability.VIEW_MEETINGS,
            Capability.CHAIR_MEETINGS,
            Capability.CONFIGURE_CASEWORK,
            Capability.MANAGE_RETENTION,
            Capability.VIEW_PROGRAMME,
            Capability.MANAGE_PROGRAMME,
            Capability.MANAGE_NETWORK,
            Capability.APPROVE_ACCESS,
        ],
    ),
    "analyst": (gettext_noop("Analyst"), [Capability.VIEW_STATISTICS]),
    "administrator": (
        gettext_noop("Administrator"),
        [Capability.MANAGE_USERS, Capability.APPROVE_ACCESS, Capability.KEEP_REGISTER],
    ),
    "dpo": (
        gettext_noop("Data protection officer"),
        [
            Capability.VIEW_AUDIT_LOG,
            Capability.SUBJECT_RIGHTS,
            Capability.MANAGE_RETENTION,
            Capability.KEEP_REGISTER,
        ],
    ),
    "hub_editor": (gettext_noop("Hub editor"), [Capability.EDIT_HUB]),
    # A lead ("trekker") of programme actions, often from a partner organisation: sees the
    # actions they and their organisation lead and updates the progress of their own.
    "programme_lead": (gettext_noop("Action lead (trekker)"), [Capability.LEAD_ACTIONS]),
    # An external expert or provider: sees the orders given to them (the question and the
    # summary the coordinator shared) while they are open, and delivers the report; nothing else
    # of a case. Registered by the coordinator in the municipality's register of experts.
    "expert": (gettext_noop("Expert or provider"), [Capability.EXPERT_ORDERS]),
    # A machine client's scopes.
    "client_submit_signals": (
        gettext_noop("Client scope: submit signals"),
        [Capability.REPORT_SIGNAL],
    ),
    "client_read_cases": (
        gettext_noop("Client scope: read the cases the organisation takes part in"),
        [Capability.VIEW_CASES],
    ),
    "client_move_phases": (
        gettext_noop("Client scope: move cases between phases"),
        [Capability.VIEW_CASES, Capability.MANAGE_CASES],
    ),
}

CLIENT_ROLES = ("client_submit_signals", "client_read_cases", "client_move_phases")
