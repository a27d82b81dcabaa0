"""What every background job shares: its progress, its last sign of life, how it fails or ends.

A job is a row the worker advances (a bulk import's check, a document being built, a robustness
run); the pages poll the row. Each model adds its own `status` field (its choices) and what its
work needs; every status set includes "done" and "failed".

Every write of a running job goes through its rows (`Model.objects.filter(pk=…, status=…)`) and
sets `updated_at`: a job that has shown no progress for long has lost its worker, and
`fail_if_stalled` marks it failed whenever its page is looked at, so that no page polls forever.
A worker whose job was so marked finds its conditional writes match nothing and stops.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

DONE = "done"
FAILED = "failed"


_Job = TypeVar("_Job", bound="BackgroundJob")


class JobQuerySet(models.QuerySet[_Job]):
    """The rows of jobs, written with their sign of life."""

    def progress(self, **fields: Any) -> int:
        """Store a step of the work (`done`, `total`, …) and the time; return the rows written."""
        return self.update(updated_at=timezone.now(), **fields)

    def finish(self, **fields: Any) -> int:
        """Mark the jobs done with the fields of their result; return the rows written."""
        now = timezone.now()
        return self.update(status=DONE, finished_at=now, updated_at=now, **fields)

    def fail(self, error: str) -> int:
        """Mark the jobs failed with a Chinese sentence for the user; return the rows written."""
        now = timezone.now()
        return self.update(status=FAILED, error=error, finished_at=now, updated_at=now)


class BackgroundJob(models.Model):
    """A piece of work done by the worker, with its progress and its end (abstract)."""

    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    # the last sign of life (queued, started, a step done), set by every write of the job
    updated_at = models.DateTimeField(_("最近进展时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    status: Any  # each model's own field, with its choices

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        """Whether the job has ended, done or failed (its page stops polling)."""
        return self.status in (DONE, FAILED)

    def fail_if_stalled(
        self, after: dt.timedelta, error: str, now: dt.datetime | None = None
    ) -> bool:
        """Mark the job failed with error if it has shown no progress for `after`; reload it.

        Return whether this call marked it (a worker's step or another request may come first).
        """
        now = now or timezone.now()
        cutoff = now - after
        if self.finished or self.updated_at >= cutoff:
            return False
        rows = type(self).objects.filter(
            pk=self.pk,
            status=self.status,  # type: ignore[misc]  # each concrete job declares its status field
            updated_at__lt=cutoff,
        )
        marked = rows.update(
            status=FAILED,  # type: ignore[misc]  # each concrete job declares its status field
            error=error,
            finished_at=now,
            updated_at=now,
        )
        if marked:
            log.warning(
                "%s %s: no progress since %s, marked as failed",
                self._meta.label,
                self.pk,
                self.updated_at,
            )
        self.refresh_from_db()
        return bool(marked)
