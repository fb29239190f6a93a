"""The audit action ids of the prevention programme. Those that touch the network's personal
data (contact persons, key figures, named participants) are marked as such."""

from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

# The plan, its actions and budget: no personal data.
register("programme.plan.save", _("Created or changed an action plan"))
register("programme.plan.import", _("Started an action plan from a hub document"))
register("programme.theme.save", _("Created or changed a theme of the action plan"))
register("programme.goal.add", _("Added a goal to a theme"))
register("programme.action.save", _("Created or changed an action of the plan"))
register("programme.action.progress", _("Reported progress on an action of the plan"))
register("programme.action.criteria", _("Tested an action against the criteria"))
register("programme.criterion.save", _("Created or changed an assessment criterion"))
register("programme.risk.save", _("Created or changed a risk of the plan"))
register("programme.budget.line", _("Created or changed a budget line"))
register("programme.budget.spending", _("Recorded spending against a budget line"))
register("programme.training.save", _("Created or changed a training"))
register("programme.session.save", _("Planned a training session"))
register("programme.session.headcount", _("Counted participants of a training session"))
register("programme.session.evaluation", _("Recorded an evaluation of a training session"))
register("programme.event.save", _("Recorded an event"))
register("programme.event.item", _("Added a programme item to an event"))
register("programme.outreach.save", _("Recorded a school or parent programme"))
register("programme.outreach.delivery", _("Recorded where a school or parent programme was given"))
register("programme.communication.save", _("Planned or changed a communication moment"))
register("programme.dialogue.save", _("Recorded a dialogue meeting"))
register("programme.response.save", _("Logged a response to an incident or media question"))
register("programme.export", _("Exported a list of the programme"))

# The network: personal data.
register("programme.contact.list", _("Listed contact persons"), personal_data=True)
register("programme.contact.view", _("Viewed a contact person"), personal_data=True)
register("programme.contact.save", _("Added or changed a contact person"), personal_data=True)
register("programme.key_figure.list", _("Listed key figures"), personal_data=True)
register("programme.key_figure.view", _("Viewed a key figure"), personal_data=True)
register("programme.key_figure.save", _("Added or changed a key figure"), personal_data=True)
register(
    "programme.key_figure.withdrawn",
    _("Removed a key figure who withdrew consent"),
    personal_data=True,
)
register("programme.district.save", _("Created a district network"))
register("programme.district.view", _("Viewed a district network"), personal_data=True)
register(
    "programme.district.members", _("Changed the members of a district network"), personal_data=True
)
register("programme.district.meeting", _("Recorded a district meeting"), personal_data=True)
register("programme.participant.add", _("Registered a training participant"), personal_data=True)
register(
    "programme.participant.list", _("Listed the participants of a session"), personal_data=True
)
register("programme.trained.view", _("Viewed who is trained"), personal_data=True)
register("programme.network.export", _("Exported a named list of the network"), personal_data=True)
# A programme record that was not found or not the user's (recorded only when denied).
register("programme.record.view", _("Opened a record of the programme"))
