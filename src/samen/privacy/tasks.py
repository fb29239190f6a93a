"""The daily retention task, for the worker (``samen worker``) when it is queued."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def apply_retention_task() -> dict[str, int]:
    """Remove what is past its term today; returns the counts (no references, no names)."""
    from samen.privacy.retention import apply_retention

    return apply_retention(timezone.localdate()).counts()
