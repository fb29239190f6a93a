from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

register("accounts.login", _("Logged in"))
register("accounts.login.failed", _("Failed login"))
register("accounts.logout", _("Logged out"))
register("accounts.two_factor.enrolled", _("Set up two-factor login"))
register("accounts.two_factor.reset", _("Reset a user's two-factor login"), requires_reason=True)
register("accounts.capability.denied", _("Tried a page the user's roles do not allow"))
register("accounts.user.list", _("Listed users"), personal_data=True)
register("accounts.user.view", _("Viewed a user"), personal_data=True)
register("accounts.user.create", _("Created a user"), personal_data=True)
register("accounts.user.update", _("Changed a user or the user's roles"), personal_data=True)
register("accounts.organisation.create", _("Added an organisation"))
register("accounts.organisation.update", _("Changed an organisation or its covenant"))
register("accounts.role.sync", _("Brought a default role up to date"))
