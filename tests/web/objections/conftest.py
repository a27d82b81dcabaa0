"""Fixtures of the objection tests: the evaluation's hand cohort with a published 公示 list.

The 公示 list is published on Monday 2026-12-07 with a period of 5 working days, ending on
Friday 2026-12-11; the tests set "today" through the QCOUNTY_TODAY setting. With three titles
the list holds 德城区 4.00, 文登区 3.20, 历下区 2.00 and 荣成市 2.00 (tied at the boundary).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.evaluation.actions import publish
from qcounty.web.evaluation.models import CohortSnapshot, Publication
from qcounty.web.objections import actions
from qcounty.web.objections.models import Objection
from tests import files
from tests.web.conftest import World, _user
from tests.web.evaluation.conftest import (  # noqa: F401  (fixtures)
    _fresh_snapshot_cache,
    _immediate_tasks,
    cohort,
    snapshot,
)

START = dt.date(2026, 12, 7)  # a Monday
END = dt.date(2026, 12, 11)  # the fifth working day
PDF = files.pdf()


@pytest.fixture
def today(settings: Any) -> Callable[[dt.date], None]:
    """Set the date the 公示 period's rules take as today."""

    def set_today(day: dt.date) -> None:
        settings.QCOUNTY_TODAY = day.isoformat()

    set_today(START)
    return set_today


@pytest.fixture
def proposed(
    world: World,
    snapshot: CohortSnapshot,  # noqa: F811  (the evaluation's fixture)
    today: Callable[[dt.date], None],
) -> Publication:
    return publish(snapshot, "proposed", world.evaluator, "异议请寄省质量强省办", period=(START, 5))


@pytest.fixture
def head(world: World) -> User:
    user = _user("province-head", User.Role.EVALUATOR, world.province)
    user.user_permissions.add(Permission.objects.get(codename="override_final_list"))
    return User.objects.get(pk=user.pk)  # permissions are cached on the instance


def claim(application: Application, problem: str = "宣传口号未经审定") -> actions.Claim:
    return actions.Claim(application, 1, "i01.slogan", problem)


def upload(name: str = "证明.pdf", content: bytes = PDF) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def filed(
    world: World,
    cohort: dict[str, Application],  # noqa: F811  (the evaluation's fixture)
    proposed: Publication,
    evidence_root: Any,
) -> Objection:
    """荣成市's office objects to 文登区's slogan (item 1) with a PDF."""
    return actions.file_objection(
        claim(cohort["文登区"]), [upload()], world.rongcheng_office, "token-1"
    )
