"""Audit action ids of the knowledge hub. Reads need none (the hub holds no personal data)."""

from django.utils.translation import gettext_lazy as _

from samen.audit.registry import register

register("hub.profile.create", _("Created a city profile"))
register("hub.profile.update", _("Updated a city profile"))
register("hub.profile.import", _("Imported a city profile"))
register("hub.profile.delete", _("Deleted a city profile"))
register("hub.practice.create", _("Created a practice"))
register("hub.practice.update", _("Updated a practice"))
register("hub.practice.delete", _("Deleted a practice"))
register("hub.document.import", _("Imported a document"))
register("hub.document.reimport", _("Re-imported a document, replacing its text"))
register("hub.document.update", _("Updated a document"))
register("hub.document.delete", _("Deleted a document"))
register("hub.concept.create", _("Added a thesaurus concept"))
register("hub.concept.update", _("Changed a thesaurus concept"))
register("hub.concept.delete", _("Deleted a thesaurus concept"))
register("hub.index.rebuild", _("Rebuilt the knowledge hub search index"))
register("hub.thesaurus.sync", _("Brought the shipped thesaurus up to date"))
