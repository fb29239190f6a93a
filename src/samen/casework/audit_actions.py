from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

register("casework.signal.report", _("Reported a signal"), personal_data=True)
register("casework.signal.list", _("Listed signals"), personal_data=True)
register("casework.signal.view", _("Viewed a signal"), personal_data=True)
register("casework.signal.weigh", _("Weighed a signal"), personal_data=True)
register("casework.case.admit", _("Admitted a signal as a case"), personal_data=True)
register("casework.case.list", _("Listed cases"), personal_data=True)
register("casework.case.view", _("Viewed a case"), personal_data=True)
register("casework.meeting.list", _("Listed case-table meetings"))
register("casework.meeting.view", _("Viewed a case-table meeting"), personal_data=True)
register("casework.meeting.create", _("Planned a case-table meeting"))
register("casework.meeting.attendance", _("Recorded attendance of a meeting"), personal_data=True)
register("casework.meeting.agenda", _("Put a case on a meeting's agenda"), personal_data=True)
register("casework.meeting.decision", _("Recorded a decision on a case"), personal_data=True)
register("casework.meeting.action", _("Recorded an action on a case"), personal_data=True)
