"""The audit action ids of the yearly account (no personal data: anonymous figures and the
coordinator's texts about the programme)."""

from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

register("reports.account.view", _("Viewed the yearly account"))
register("reports.account.export", _("Exported the yearly account"))
register("reports.account_text.save", _("Wrote a text of the yearly account"))
register("reports.account_text.finalise", _("Finalised a text of the yearly account"))
