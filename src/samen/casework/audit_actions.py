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
register("casework.signal.add", _("Added information to a signal"), personal_data=True)
register("casework.signal.followup", _("Reporter looked up a report with the receipt code"))
register("casework.criterion.create", _("Added a weighing criterion"))
register("casework.criterion.update", _("Changed a weighing criterion"))
register("casework.case.phase", _("Moved a case to another phase"), personal_data=True)
register("casework.case.closure_requested", _("Proposed to close a case"), personal_data=True)
register("casework.case.closure_approved", _("Approved closing a case"), personal_data=True)
register("casework.case.closure_rejected", _("Rejected closing a case"), personal_data=True)
register("casework.case.reopen", _("Reopened a case"), personal_data=True)
register("casework.case.review", _("Reviewed a closed case"), personal_data=True)
register("casework.case.manager", _("Assigned a case manager"), personal_data=True)
# The reasons of these changes may describe the person: they are kept encrypted with the
# change itself (PhaseChange, CaseParticipation), not copied into the audit log.
register(
    "casework.case.participant_added", _("Added an organisation to a case"), personal_data=True
)
register(
    "casework.case.participant_removed",
    _("Removed an organisation from a case"),
    personal_data=True,
)
register("casework.case.concern", _("Set ideology and level of concern"), personal_data=True)
register("casework.case.note", _("Added a contribution to a case"), personal_data=True)
register("casework.case.plan", _("Changed the person-oriented plan"), personal_data=True)
register("casework.case.plan_approved", _("Approved a person-oriented plan"), personal_data=True)
register("casework.my_actions", _("Listed own organisation's actions"), personal_data=True)
register("casework.meeting.minutes", _("Printed the minutes of a meeting"), personal_data=True)
register("casework.meeting.action_done", _("Marked an action as done"), personal_data=True)
register("casework.meeting.action_reopened", _("Reopened an action"), personal_data=True)
register("casework.case.assessment", _("Assessed a life domain"), personal_data=True)
register("casework.attachment.upload", _("Added an attachment to a case"), personal_data=True)
register("casework.attachment.download", _("Opened an attachment"), personal_data=True)
register("casework.person.search", _("Searched persons"), personal_data=True)
register("casework.person.view", _("Viewed a person"), personal_data=True)
register("casework.person.update", _("Changed a person's details"), personal_data=True)
register("casework.person.relation", _("Added a related person"), personal_data=True)
register("casework.guidance.update", _("Changed a decision tree for reporters"))
register("casework.district.create", _("Added a district"))
register("casework.district.update", _("Changed a district"))

# casework: second round (issue 11)
register(
    "casework.case.signal_joined",
    _("Added a signal to the open case of the same person"),
    personal_data=True,
)
register("casework.case.travel", _("Recorded a travel status"), personal_data=True)
register(
    "casework.case.informing", _("Recorded a decision on informing the person"), personal_data=True
)
register("casework.case.link", _("Linked two cases as family or group"), personal_data=True)
register(
    "casework.person.known_elsewhere_check",
    _("Checked whether a person is known in another municipality"),
    personal_data=True,
)
register(
    "casework.person.known_elsewhere_hit",
    _("Found a person known in another municipality"),
    personal_data=True,
)
register(
    "casework.referral.list",
    _("Listed the referrals to the organisation"),
    personal_data=True,
)
register("casework.referral.view", _("Viewed a referral"), personal_data=True)
register("casework.referral.decide", _("Accepted or declined a referral"), personal_data=True)
register("casework.referral.open_list", _("Listed the open referrals"), personal_data=True)
register("casework.signal.feedback", _("Sent feedback to the reporter"), personal_data=True)
register(
    "casework.case.hand_over", _("Recorded who takes over what at closure"), personal_data=True
)
register(
    "casework.case.transfer_proposed",
    _("Proposed to transfer a case to another municipality"),
    personal_data=True,
)
register(
    "casework.case.transfer_withdrawn",
    _("Withdrew a proposed transfer of a case"),
    personal_data=True,
)
register(
    "casework.case.transfer_accepted",
    _("Accepted a case transferred from another municipality"),
    personal_data=True,
)
register(
    "casework.case.transfer_declined",
    _("Declined a case transferred from another municipality"),
    personal_data=True,
)
register(
    "casework.case.transferred",
    _("Moved a case to another municipality"),
    personal_data=True,
)
register("casework.transfer.list", _("Listed transfers of cases"), personal_data=True)
register("casework.transfer.view", _("Viewed a proposed transfer of a case"), personal_data=True)

# Experts and providers with time-limited access to their orders (issue 11, point 4)
register("casework.expert.list", _("Listed the register of experts and providers"))
register("casework.expert.create", _("Added an expert or provider to the register"))
register("casework.expert.update", _("Changed an expert or provider in the register"))
register(
    "casework.order.create",
    _("Ordered an assessment or intervention from an expert or provider"),
    personal_data=True,
)
register("casework.order.withdraw", _("Withdrew an order to an expert"), personal_data=True)
register("casework.order.list", _("Listed one's own orders as an expert"), personal_data=True)
register("casework.order.view", _("Viewed an order as an expert"), personal_data=True)
register(
    "casework.order.deliver", _("Delivered the report of an order as an expert"), personal_data=True
)
# Known elsewhere, told actively (issue 11, point 2)
register(
    "casework.person.known_elsewhere_notice",
    _("Told another municipality that a person known there has a signal here"),
    personal_data=True,
)
register(
    "casework.person.known_elsewhere_notices",
    _("Listed the notices of persons known in the municipality with a signal elsewhere"),
    personal_data=True,
)
