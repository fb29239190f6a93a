"""The privacy action ids: retention, legal holds, the processing register.

Labels of these entries hold references and ids only (``C-2026-00003``, ``person 12``), never
the removed personal data.
"""

from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

# Retention (privacy/retention.py)
register("privacy.retention.removed", _("Removed personal data past its retention term"))
register(
    "privacy.retention.erased",
    _("Erased a person's identifying details past their retention term"),
)
register("privacy.retention.run", _("Ran the retention task"))
register("privacy.retention.preview", _("Viewed what retention will remove"))
# Legal holds: the reason is kept encrypted on the hold, not copied into the log.
register("privacy.hold.set", _("Put a legal hold on a case"), personal_data=True)
register("privacy.hold.lift", _("Lifted a legal hold on a case"), personal_data=True)
register("privacy.hold.list", _("Listed legal holds"))
# The register of processing activities (privacy/register.py)
register("privacy.register.export", _("Exported the register of processing activities"))
# Requests of a person, answered by the DPO (privacy/subject_access.py, privacy/erasure.py).
# Labels name the person's id only; the reason is the DPO's legal ground, never case content.
register("privacy.subject_access.search", _("DPO searched a person"), personal_data=True)
register(
    "privacy.subject_access.programme",
    _("Searched the prevention programme's records about a person"),
    personal_data=True,
)
register(
    "privacy.subject_access.view", _("DPO viewed what is held about a person"), personal_data=True
)
register(
    "privacy.subject_access.export",
    _("Exported a person's data (subject access)"),
    personal_data=True,
)
register(
    "privacy.person.rectify",
    _("Rectified a person's details on request"),
    requires_reason=True,
    personal_data=True,
)
register(
    "privacy.person.erase",
    _("Erased a person's data on request"),
    requires_reason=True,
    personal_data=True,
)
# Keys (privacy/keys.py): counts only.
register("privacy.keys.rotate", _("Re-encrypted personal data under a new key"))
register("privacy.blind_index.rebuild", _("Rebuilt the blind index"))
