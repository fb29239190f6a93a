from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

register("operations.backup.create", _("Made a backup (label: its folder)"), personal_data=True)
register("operations.backup.restore", _("Restored a backup (label: its folder and date)"))
