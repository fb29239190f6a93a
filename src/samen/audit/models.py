"""The append-only, hash-chained audit log.

Entries hold plain copies (ids and label snapshots) instead of foreign keys, so that they outlive
the users, organisations and objects they mention and so that no cascade can ever touch them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from samen.audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical_bytes, hash_of

__all__ = ["GENESIS_HASH", "AppendOnlyError", "AuditEntry", "AuditEntryQuerySet"]


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries cannot be updated")


class AuditEntry(models.Model):
    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("allowed")
        DENIED = "denied", _("denied")

    timestamp = models.DateTimeField(_("time (UTC)"))
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    user_label = models.CharField(_("user"), max_length=200, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_label = models.CharField(_("organisation"), max_length=200, blank=True)
    # The municipality the entry concerns (regions: each municipality's officers read their
    # own). Chained when set (chain.OPTIONAL_CHAINED_FIELDS).
    municipality_id = models.BigIntegerField(
        _("municipality id"), null=True, blank=True, db_index=True
    )
    # Searched by its indexes in Meta (``audit_action_id``, ``audit_object_id_alone``): a
    # ``db_index`` on a text column gives PostgreSQL a second index for LIKE as well, which
    # no filter uses and every entry written pays for.
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    object_label = models.CharField(_("object"), max_length=500, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    previous_hash = models.CharField(max_length=64)
    # Not unique, nor indexed: nothing is looked up by its hash, and verification checks each
    # hash against its entry and the next entry's ``previous_hash`` (a fork of the chain has
    # two entries with one previous hash, each with a hash of its own, so a unique index on
    # this column would not see it). Two indexes of random 64-character keys (unique and
    # LIKE) cost every entry written a page of each: docs/decisions/0026.
    entry_hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        # The audit log page pages by id (keyset, ``samen.core.pagination``): each filter
        # has an index that ends in the id, so a filtered page is one index range, newest
        # (or, for the last page, oldest) first, whatever the size of the log.
        indexes = [
            models.Index(fields=["action", "id"], name="audit_action_id"),
            models.Index(Upper("user_label"), "id", name="audit_user_label_id"),
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_id"),
            # The audit log's filter by object id alone (any type).
            models.Index(fields=["object_id"], name="audit_object_id_alone"),
            models.Index(fields=["request_id"], name="audit_request_id"),
            # The audit log filtered on "denied": a rare outcome (a few in millions), so only
            # those entries, newest first, whatever the planner's statistics say (SQLite, with
            # no STAT4, read the whole log backwards with an index on the outcome). Allowed is
            # nearly every entry; it needs no index.
            models.Index(
                fields=["id"], name="audit_denied_id", condition=models.Q(outcome="denied")
            ),
            # The refused attempts of the last days (the data protection officer's start page):
            # counted from the few denied entries, not by reading every entry of those days
            # (27,000 a week at national size).
            models.Index(
                fields=["timestamp"],
                name="audit_denied_timestamp",
                condition=models.Q(outcome="denied"),
            ),
            # Dates: a range of days is read in time order from this index (the audit log
            # with a date filter pages by time, then id), and retention finds old entries.
            models.Index(fields=["timestamp", "id"], name="audit_timestamp_id"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    def as_record(self) -> dict[str, Any]:
        """The entry as exported: its id, the fields the hash covers, and the hash."""
        record: dict[str, Any] = {"id": self.pk}
        for name in CHAINED_FIELDS:
            record[name] = getattr(self, name)
        if self.municipality_id is not None:
            record["municipality_id"] = self.municipality_id
        record["timestamp"] = self.timestamp.isoformat(timespec="microseconds")
        record["entry_hash"] = self.entry_hash
        return record

    def canonical(self) -> bytes:
        """The bytes the hash covers: every field but the hash (``chain.canonical_bytes``)."""
        return canonical_bytes(self.as_record())

    def compute_hash(self) -> str:
        return hash_of(self.as_record())


class DenialTally(models.Model):
    """Denied attempts of one kind by one actor in one window, counted instead of audited one
    by one (``samen.audit.services.record_denial``). The first attempt of the window is a full
    audit entry; the count of the rest becomes one summary entry when the window has closed,
    and the tally row is then removed. Holds no personal data beyond the audit log's own."""

    key = models.CharField(max_length=300)
    window_start = models.DateTimeField()
    action = models.CharField(max_length=100)
    user_id = models.BigIntegerField(null=True, blank=True)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    # Denied attempts after the first, which has its own entry.
    more = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="audit_denial_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="audit_denial_start")]

    def __str__(self) -> str:
        return f"{self.action} x{self.more + 1} from {self.first_at}"
