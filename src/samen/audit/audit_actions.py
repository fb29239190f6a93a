from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

register("audit.log.view", _("Read the audit log"), personal_data=True)
register("audit.log.export", _("Exported the audit log (label: the file name)"), personal_data=True)
register("audit.log.pruned", _("Removed audit entries past the audit log's retention term"))
register(
    "audit.denials.summary",
    _(
        "Further denied attempts of one kind by one user in ten minutes, counted in one entry "
        "(type: the action denied; id: how many more; label: from when to when)"
    ),
)
register(
    "audit.log.verified",
    _("Verified the audit chain (label: the last entry verified, its hash and a MAC)"),
)
