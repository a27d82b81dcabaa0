"""The province locks a fed input to the official figure: the figure is the county's value, the
form shows it read-only, a save of another value is refused, and scoring uses the figure."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.bulk import actions as bulk
from qcounty.web.campaigns import freeze
from qcounty.web.campaigns.actions import open_application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import actions as reporting
from qcounty.web.reporting.models import InputValue
from qcounty.web.reporting.scoring import county_of
from qcounty.web.review.models import AuditEntry
from qcounty.web.statfeed import actions
from qcounty.web.statfeed.actions import FeedRefused, Locked, Row
from qcounty.web.statfeed.models import FeedBatch, LockChange, LockedInput, OfficialFigure
from tests.web.conftest import World
from tests.web.statfeed.conftest import KEY, LABEL, SOURCE

AS_OF = dt.date(2023, 5, 1)
WENDENG_FIGURE = 382_000


def feed(world: World, *rows: tuple[str, int]) -> None:
    """Feed 当地常住人口 of 威海市's counties."""
    actions.apply_feed(
        world.campaign,
        [Row(n, county, LABEL, value, "威海市") for n, (county, value) in enumerate(rows, 2)],
        source=SOURCE,
        as_of=AS_OF,
        user=world.evaluator,
    )


def value_of(world: World) -> object:
    row = InputValue.objects.filter(application=world.application, key=KEY).first()
    return row.value if row else None


def test_locking_sets_every_countys_value_to_its_figure_audited(world: World) -> None:
    reporting.save_value(world.application, KEY, 377_000, world.office)
    feed(world, ("文登区", WENDENG_FIGURE), ("荣成市", 383_000))
    result = actions.lock_input(world.campaign, KEY, world.evaluator)
    assert (result.locked, result.values_set, result.changed) == (True, 2, True)
    assert value_of(world) == WENDENG_FIGURE
    entry = AuditEntry.objects.get(application=world.application, name="lock_official")
    assert (entry.key, entry.old, entry.new, entry.user) == (
        KEY,
        377_000,
        WENDENG_FIGURE,
        world.evaluator,
    )
    assert f"锁定为统计部门数据：{SOURCE}（2023-05-01）" == entry.reason
    assert county_of(world.application).values[KEY] == WENDENG_FIGURE  # what scoring reads
    [change] = LockChange.objects.all()
    assert (change.key, change.locked, change.values_set) == (KEY, True, 2)
    # locking again changes nothing
    assert actions.lock_input(world.campaign, KEY, world.evaluator).changed is False
    assert LockChange.objects.count() == 1


def test_a_locked_input_refuses_another_value_and_shows_read_only(
    world: World, login: Callable[[User], Client]
) -> None:
    feed(world, ("文登区", WENDENG_FIGURE))
    actions.lock_input(world.campaign, KEY, world.evaluator)
    with pytest.raises(Locked, match="该字段已由省级锁定为统计部门数据"):
        reporting.save_value(world.application, KEY, 1, world.office)
    reporting.save_value(world.application, KEY, WENDENG_FIGURE, world.office)  # the same: fine

    client = login(world.office)
    url = reverse("reporting:save", args=[world.application.pk, KEY])
    response = client.post(url, {"value": "1", "version": "1"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "该字段已由省级锁定为统计部门数据（382000" in text
    assert "<fieldset disabled>" in text
    assert value_of(world) == WENDENG_FIGURE
    page = client.get(
        reverse("reporting:application", args=[world.application.pk]) + "?indicator=30"
    )
    html = page.content.decode()
    field = html.split('id="field-i30resident_population"', 1)[1].split("</form>", 1)[0]
    assert "<fieldset disabled>" in field and "已由省级锁定，以统计部门数据为准" in field


def test_a_county_without_a_figure_keeps_the_input(world: World) -> None:
    feed(world, ("荣成市", 383_000))
    actions.lock_input(world.campaign, KEY, world.evaluator)
    reporting.save_value(world.application, KEY, 1, world.office)  # 文登区 has no figure
    assert value_of(world) == 1


def test_a_feed_of_a_locked_input_updates_the_values_and_unlocking_frees_them(
    world: World,
) -> None:
    feed(world, ("文登区", WENDENG_FIGURE))
    actions.lock_input(world.campaign, KEY, world.evaluator)
    feed(world, ("文登区", 390_000))
    assert value_of(world) == 390_000
    entry = AuditEntry.objects.get(application=world.application, name="statistical_feed")
    assert (entry.old, entry.new) == (WENDENG_FIGURE, 390_000)
    result = actions.unlock_input(world.campaign, KEY, world.evaluator)
    assert (result.locked, result.changed) == (False, True)
    assert not LockedInput.objects.exists()
    reporting.save_value(world.application, KEY, 391_000, world.office)
    assert value_of(world) == 391_000
    assert [c.locked for c in LockChange.objects.order_by("id")] == [True, False]


def test_an_application_opened_after_the_lock_gets_the_figure(world: World) -> None:
    rushan = Organisation.objects.create(
        kind=Organisation.Kind.COUNTY, name="乳山市", parent=world.weihai
    )
    actions.apply_feed(
        world.campaign,
        [Row(2, "乳山市", KEY, 500_000, "威海市")],
        source=SOURCE,
        as_of=AS_OF,
        user=world.evaluator,
    )
    actions.lock_input(world.campaign, KEY, world.evaluator)
    application = open_application(world.campaign, rushan)
    assert InputValue.objects.get(application=application, key=KEY).value == 500_000


def test_an_input_without_figures_or_not_a_number_cannot_be_locked(world: World) -> None:
    with pytest.raises(Locked, match="还没有统计部门数据"):
        actions.lock_input(world.campaign, KEY, world.evaluator)
    with pytest.raises(Locked, match="不是数值字段"):
        actions.lock_input(world.campaign, "i35.medical_report", world.evaluator)
    assert not LockedInput.objects.exists() and not LockChange.objects.exists()


def test_the_lock_page_locks_and_unlocks(world: World, login: Callable[[User], Client]) -> None:
    feed(world, ("文登区", WENDENG_FIGURE))
    client = login(world.evaluator)
    url = reverse("statfeed:lock")
    response = client.post(url, {"campaign": world.campaign.pk, "key": KEY, "locked": "1"})
    assert response.status_code == 302
    assert LockedInput.objects.filter(key=KEY).exists()
    page = client.get(reverse("statfeed:index") + f"?campaign={world.campaign.pk}").content.decode()
    assert "已锁定" in page and "解除锁定" in page
    client.post(url, {"campaign": world.campaign.pk, "key": KEY, "locked": "0"})
    assert not LockedInput.objects.exists()
    assert (
        login(world.office)
        .post(url, {"campaign": world.campaign.pk, "key": KEY, "locked": "1"})
        .status_code
        == 404
    )


def test_a_locked_figure_does_not_stop_the_provinces_bulk_import_of_an_empty_application(
    world: World,
) -> None:
    feed(world, ("文登区", WENDENG_FIGURE))
    actions.lock_input(world.campaign, KEY, world.evaluator)
    assert not bulk.has_data(world.application)  # the figure is the province's doing
    offline = {KEY: 1, "i30.batches": 400}
    assert bulk.load_offline_values(world.application, offline, world.evaluator, "离线") == 1
    assert value_of(world) == WENDENG_FIGURE
    assert InputValue.objects.get(application=world.application, key="i30.batches").value == 400


def test_the_excel_import_lists_a_locked_input_as_not_to_be_changed(
    world: World, login: Callable[[User], Client]
) -> None:
    feed(world, ("文登区", WENDENG_FIGURE))
    actions.lock_input(world.campaign, KEY, world.evaluator)
    client = login(world.office)
    template = client.get(reverse("documents:template", args=[world.application.pk]))
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book["填报"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 7).value == KEY)
    sheet.cell(row, 4).value = 1
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "模板.xlsx"
    page = client.post(reverse("documents:import", args=[world.application.pk]), {"file": data})
    plan = page.context["plan"]
    assert plan.changes == []
    [locked] = plan.locked
    assert locked.field == LABEL and "已由省级锁定为统计部门数据" in locked.message
    assert value_of(world) == WENDENG_FIGURE


def test_a_frozen_campaign_takes_no_feed_and_no_lock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(world, ("文登区", WENDENG_FIGURE))
    frozen = "本周期认定名单已公布（第1版，2024-01-15），申报已冻结，不能再修改。"
    monkeypatch.setattr(freeze, "frozen_message", lambda campaign_id: frozen)
    with pytest.raises(FeedRefused) as refused:
        feed(world, ("文登区", 1))
    assert refused.value.problems == [frozen]
    with pytest.raises(Locked, match="申报已冻结"):
        actions.lock_input(world.campaign, KEY, world.evaluator)
    assert OfficialFigure.objects.get().value == WENDENG_FIGURE
    assert FeedBatch.objects.count() == 1 and not LockedInput.objects.exists()


def test_a_lock_settles_the_provinces_mismatch_flag_on_a_held_application(world: World) -> None:
    # 文登区 claims 377,000 residents, the statistics office says 382,000: a mismatch while
    # the province holds the application; the lock writes 382,000 into the held application,
    # a change no decision or return records, so the flags' key must see the lock itself
    from qcounty.web.adjudication.risk import cohort_flags
    from qcounty.web.campaigns.models import Application
    from tests.web.adjudication.conftest import put_status

    reporting.save_value(world.application, KEY, 377_000, world.office)
    feed(world, ("文登区", WENDENG_FIGURE), ("荣成市", 383_000))
    put_status(world.application, Application.Status.SUBMITTED)

    def mismatches() -> list[str]:
        flags = cohort_flags(world.campaign)[world.application.pk]
        return [f.keys[0] for f in flags if f.kind == "official_mismatch"]

    assert mismatches() == [KEY]
    actions.lock_input(world.campaign, KEY, world.evaluator)
    assert value_of(world) == WENDENG_FIGURE and mismatches() == []
