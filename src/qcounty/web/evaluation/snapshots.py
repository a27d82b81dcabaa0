"""Cohort snapshots: score a snapshot from what it stores (`actions.take_snapshot` takes one).

Scoring a snapshot reads only the snapshot's own text: the framework file as it was when the
snapshot was taken and the cohort file, never today's framework or applications. The parsed and
scored snapshot is kept per process (a snapshot never changes), so its pages are fast.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from qcounty.core.cohort import parse_cohort
from qcounty.core.framework.loader import FrameworkError, parse_framework
from qcounty.core.framework.model import Framework
from qcounty.core.framework.policies import Policies
from qcounty.core.scoring import CohortScore, score_cohort
from qcounty.web.caching import Cache
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.evaluation.models import CohortSnapshot
from qcounty.web.schemes.library import text_of

CACHED_SNAPSHOTS = 8  # a 136-county score holds a few MB
CACHED_FRAMEWORKS = 8  # parsed framework files, one per text the snapshots hold


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cohort_text(data: dict[str, Any]) -> str:
    """Return the cohort file as stored: canonical JSON (sorted keys), so its hash is stable."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def framework_text(campaign: Campaign) -> str:
    """Return the full text of the campaign's scheme: the bundled file as it is today, or the
    library's version (which never changes once a campaign uses it)."""
    return text_of(campaign.framework_id, campaign.framework_version)


@dataclass
class Scored:
    """A snapshot parsed and scored from its own stored text."""

    snapshot_id: int
    framework: Framework
    policies: Policies
    score: CohortScore
    application_ids: list[int]
    # figures every page of the snapshot shows the same (the ranking, the histograms): the
    # snapshot never changes, so each is computed once per process
    memo: dict[Any, Any] = field(default_factory=dict)

    def position_of(self, application_id: int) -> int | None:
        try:
            return self.application_ids.index(application_id)
        except ValueError:
            return None


_cache: Cache[tuple[int, str, str, str], Scored] = Cache("snapshots.scored", CACHED_SNAPSHOTS)
_frameworks: Cache[str, Framework] = Cache("snapshots.frameworks", CACHED_FRAMEWORKS)


def framework_of(snapshot: CohortSnapshot) -> Framework:
    """Return the snapshot's framework, parsed from its stored text (once per text)."""
    return _frameworks.get_or_set(snapshot.framework_sha256, lambda: _parse_framework(snapshot))


def _parse_framework(snapshot: CohortSnapshot) -> Framework:
    """Return the snapshot's framework parsed from its text, checked against its SHA-256."""
    if sha256(snapshot.framework_text) != snapshot.framework_sha256:
        raise SnapshotDamaged(snapshot, gettext("评价体系文件"))
    try:
        framework = parse_framework(snapshot.framework_text, f"snapshot-{snapshot.pk}.yaml")
    except FrameworkError as e:  # only if the stored text was altered outside the application
        what = gettext("评价体系文件（{error}）").format(error=e)
        raise SnapshotDamaged(snapshot, what) from None
    return framework


class SnapshotDamaged(RuntimeError):
    """A snapshot whose stored text no longer matches its SHA-256 (changed outside the app)."""

    def __init__(self, snapshot: CohortSnapshot, what: str) -> None:
        super().__init__(
            gettext("快照 #{id} 的{what}与其 SHA-256 不符，已被改动，不能使用").format(
                id=snapshot.pk, what=what
            )
        )


def scored(snapshot: CohortSnapshot) -> Scored:
    """Return the snapshot scored by the core (cached per process; a snapshot never changes)."""
    # the time as well: a test database rolled back gives the next snapshot the same id
    key = (
        snapshot.pk,
        snapshot.cohort_sha256,
        snapshot.framework_sha256,
        snapshot.created_at.isoformat(),
    )
    return _cache.get_or_set(key, lambda: _score(snapshot))


def _score(snapshot: CohortSnapshot) -> Scored:
    """Return the snapshot scored by the core from its stored text, checked against its SHA-256."""
    framework = framework_of(snapshot)
    if sha256(snapshot.cohort_json) != snapshot.cohort_sha256:
        raise SnapshotDamaged(snapshot, gettext("参评县数据"))
    with paused_gc():
        cohort = parse_cohort(json.loads(snapshot.cohort_json), framework)
        policies = Policies.model_validate(snapshot.policies)
        score = score_cohort(framework, cohort, policies=policies)
    return Scored(snapshot.pk, framework, policies, score, list(snapshot.application_ids))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a cohort is read and scored: its values are
    hundreds of thousands of small acyclic objects that every collection would walk again
    (as `qcounty score` does)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def clear_cache() -> None:
    """Forget the scored snapshots (tests: a rolled-back snapshot's id is given again)."""
    _cache.clear()
    _frameworks.clear()


def latest_snapshot(campaign: Campaign) -> CohortSnapshot | None:
    return CohortSnapshot.objects.filter(campaign=campaign).order_by("-created_at", "-id").first()


def accepted_count(campaign: Campaign) -> int:
    return Application.objects.filter(campaign=campaign, status=Application.Status.ACCEPTED).count()
