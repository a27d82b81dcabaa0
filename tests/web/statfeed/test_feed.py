"""The province's statistical feed (issue 19): 136 counties' figures applied, audited and shown
in every county's form marked 统计部门数据, with a plausibility flag where a claim differs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.adjudication.flagged import workspace_flags
from qcounty.web.campaigns.models import Application
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting import layout
from qcounty.web.reporting.models import InputValue
from qcounty.web.reporting.selfcheck import flags_of
from qcounty.web.review.models import AuditEntry
from qcounty.web.statfeed import actions
from qcounty.web.statfeed.actions import FeedRefused, Row
from qcounty.web.statfeed.models import FeedBatch, OfficialFigure
from tests.web.adjudication.conftest import put_status
from tests.web.statfeed.conftest import (
    AS_OF,
    KEY,
    LABEL,
    SOURCE,
    Province,
    feed_csv,
    figure,
    population_rows,
)

Role = User.Role
INDICATOR = 30  # 当地常住人口 is an input of item 30
WENDENG, RONGCHENG = 82, 83  # their positions in the shipped list: 382,000 and 383,000 people


def upload(client: Client, province: Province, data: bytes, name: str = "人口.csv") -> str:
    """Upload a feed file and return the preview page."""
    response = client.post(
        reverse("statfeed:preview"),
        {
            "campaign": province.world.campaign.pk,
            "source": SOURCE,
            "as_of": AS_OF,
            "file": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def confirm(client: Client, page: str) -> str:
    """Post the preview page's confirmation form as the browser would; return the next page."""
    form = page.split('action="/statistics/apply/"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    rows = re.search(r'<textarea name="rows" hidden>(.*?)</textarea>', form, re.S)
    assert rows is not None
    fields["rows"] = _unescape(rows.group(1))
    response = client.post(reverse("statfeed:apply"), fields)
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def _unescape(text: str) -> str:
    for escaped, plain in (("&quot;", '"'), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(escaped, plain)
    return text.replace("&amp;", "&")


def county_user(county: Organisation) -> User:
    """Return the county office's user (created on first use)."""
    found = User.objects.filter(username=f"office-{county.pk}").first()
    if found is not None:
        return found
    user = User(username=f"office-{county.pk}", role=Role.COUNTY_OFFICE, organisation=county)
    user.set_password("unused-password")
    user.save()
    return user


def form_page(client: Client, application: Application) -> str:
    url = reverse("reporting:application", args=[application.pk])
    response = client.get(f"{url}?indicator={INDICATOR}")
    assert response.status_code == 200
    return response.content.decode()


def claim(application: Application, value: int) -> None:
    InputValue.objects.create(application=application, key=KEY, value=value)


def test_a_feed_of_136_counties_is_applied_audited_and_shown_in_every_countys_form(
    province: Province, login: Callable[[User], Client]
) -> None:
    world = province.world
    wendeng = province.application("威海市", "文登区")
    rongcheng = province.application("威海市", "荣成市")
    claim(wendeng, figure(WENDENG) - 5_000)  # 377,000 claimed against 382,000
    claim(rongcheng, figure(RONGCHENG))  # 383,000, as the statistics office says
    client = login(world.evaluator)

    page = upload(client, province, feed_csv(population_rows()))
    assert "将新增 136 项，更新 0 项，0 项与系统中相同。" in page
    assert not OfficialFigure.objects.exists()  # the preview writes nothing
    page = confirm(client, page)
    assert "已写入统计部门数据：新增 136 项，更新 0 项，未变 0 项。" in page
    assert "共 136 行：新增 136 项，更新 0 项，未变 0 项；锁定字段写入填报值 0 项。" in page
    assert page.count("<td>当地常住人口</td>") == 136  # the batch page lists every figure

    # applied: one figure per county, one batch with the counts and every figure
    assert OfficialFigure.objects.filter(campaign=world.campaign, key=KEY).count() == 136
    [batch] = FeedBatch.objects.all()
    assert (batch.rows, batch.created, batch.changed, batch.unchanged) == (136, 136, 0, 0)
    assert (batch.source, batch.as_of, batch.by) == (SOURCE, dt.date(2023, 5, 1), world.evaluator)
    assert batch.file_name == "人口.csv" and batch.keys == [KEY]
    assert len(batch.detail) == 136
    assert ["威海市", "文登区", KEY, None, 382_000] in batch.detail
    assert not AuditEntry.objects.filter(name="statistical_feed").exists()  # nothing locked

    # in every county's form: the figure beside the county's own field
    for application in province.applications.values():
        [block] = [
            b
            for s in layout.sections(application, None, set(), indicator=INDICATOR)
            if s.open
            for b in s.blocks
            if b.indicator.number == INDICATOR
        ]
        [field] = [f for f in block.fields if f.spec.key == KEY]
        assert field.official is not None
        assert field.official.value == figure(province.counties.index(application.county))
    marked = 0
    for index, application in [(WENDENG, wendeng), (RONGCHENG, rongcheng), (1, None), (30, None)]:
        county = province.counties[index]
        application = application or province.applications[f"{county.parent.name}{county.name}"]  # type: ignore[union-attr]
        page = form_page(login(county_user(county)), application)
        shown = f"{figure(index)} 人（{SOURCE}，2023-05-01）"
        assert f"统计部门数据：<b>{figure(index)}</b> 人（{SOURCE}，2023-05-01）" in page, shown
        marked += page.count("data-official=")
    assert marked == 4  # one fed input, one marked field on each page

    # the plausibility flag where the claim differs: 文登区, not 荣成市
    [flag] = [f for f in flags_of(wendeng) if f.kind == "official_mismatch"]
    assert flag.values == {KEY: 377_000, f"{KEY}@official": 382_000}
    assert "统计部门数据为 382000" in flag.explain()
    assert not [f for f in flags_of(rongcheng) if f.kind == "official_mismatch"]
    office = login(county_user(province.counties[WENDENG]))
    panel = office.get(reverse("reporting:selfcheck", args=[wendeng.pk])).content.decode()
    assert f'data-kind="official_mismatch" data-key="{KEY}"' in panel
    assert "与填报值不一致，请核对" in form_page(office, wendeng)

    # and in the province's workspace, as the other flags
    put_status(wendeng, Application.Status.SUBMITTED)
    assert [s.flag.kind for s in workspace_flags(wendeng)].count("official_mismatch") == 1


def test_the_same_feed_sent_again_writes_nothing(
    province: Province, login: Callable[[User], Client]
) -> None:
    client = login(province.world.evaluator)
    data = feed_csv(population_rows())
    confirm(client, upload(client, province, data))
    page = upload(client, province, data)
    assert "这批数据与系统中的统计部门数据相同，无需写入。" in page
    rows = [Row(n, c[1], c[2], c[3], c[0]) for n, c in enumerate(population_rows(), start=2)]
    result = actions.apply_feed(
        province.world.campaign,
        rows,
        source=SOURCE,
        as_of=dt.date(2023, 5, 1),
        user=province.world.evaluator,
    )
    assert result.repeated and result.plan.unchanged == 136
    assert FeedBatch.objects.count() == 1


def test_a_second_feed_updates_the_changed_figures_only(province: Province) -> None:
    world = province.world
    rows = [Row(n, c[1], c[2], c[3], c[0]) for n, c in enumerate(population_rows(), start=2)]
    apply = actions.apply_feed
    apply(world.campaign, rows, source=SOURCE, as_of=dt.date(2023, 5, 1), user=world.evaluator)
    rows[0] = Row(2, rows[0].county, KEY, 123_456, rows[0].city)  # 历下区, by the input's key
    result = apply(
        world.campaign, rows, source=SOURCE, as_of=dt.date(2023, 5, 1), user=world.evaluator
    )
    assert result.batch is not None
    assert (result.batch.created, result.batch.changed, result.batch.unchanged) == (0, 1, 135)
    assert result.batch.detail == [["济南市", "历下区", KEY, 300_000, 123_456]]
    assert OfficialFigure.objects.get(county=province.counties[0], key=KEY).value == 123_456


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["济南市", "不存在区", LABEL, "1000"], "第 3 行：找不到济南市的县（市、区）“不存在区”"),
        (
            ["", "市中区", LABEL, "1000"],
            "第 3 行：“市中区”不止一个（枣庄市、济南市），请填写所属市",
        ),
        (["济南市", "历城区", "不存在的字段", "1000"], "第 3 行：找不到字段“不存在的字段”"),
        (["济南市", "历城区", "i35.medical_report", "1000"], "不是数值字段（或由评审专家评定）"),
        (["济南市", "历城区", "i35.medical_score", "0.5"], "不是数值字段（或由评审专家评定）"),
        (["济南市", "历城区", LABEL, "很多"], "第 3 行：“当地常住人口”应为整数，实际为“很多”"),
        (["济南市", "历城区", LABEL, "12.5"], "第 3 行：“当地常住人口”应为整数"),
        (["济南市", "历城区", LABEL, "-5"], "第 3 行：“当地常住人口”"),
        (["济南市", "历城区", "i39.good_days", "120"], "第 3 行：“评价当年的前一年度优良天数比例”"),
        (["济南市", "历城区", LABEL, ""], "第 3 行：“当地常住人口”缺少数值"),
        (["济南市", "历下区", LABEL, "1000"], "第 3 行：与第 2 行重复（同一县、同一字段）"),
    ],
)
def test_a_wrong_row_refuses_the_whole_feed_with_its_row_and_writes_nothing(
    province: Province, login: Callable[[User], Client], row: list[str], message: str
) -> None:
    client = login(province.world.evaluator)
    page = upload(client, province, feed_csv([["济南市", "历下区", LABEL, "300000"], row]))
    assert "未写入任何数据" in page
    assert message in page
    with pytest.raises(FeedRefused) as refused:
        actions.apply_feed(
            province.world.campaign,
            [Row(2, "历下区", LABEL, "300000", "济南市"), Row(3, row[1], row[2], row[3], row[0])],
            source=SOURCE,
            as_of=dt.date(2023, 5, 1),
            user=province.world.evaluator,
        )
    assert any(message in p for p in refused.value.problems)
    assert not OfficialFigure.objects.exists() and not FeedBatch.objects.exists()


def test_a_feed_without_source_or_with_a_future_date_is_refused(province: Province) -> None:
    rows = [Row(2, "历下区", LABEL, 1000, "济南市")]
    campaign, user = province.world.campaign, province.world.evaluator
    with pytest.raises(FeedRefused) as refused:
        actions.apply_feed(campaign, rows, source=" ", as_of=None, user=user)
    assert refused.value.problems == [
        "请填写数据来源，例如：山东省统计局《2022年山东统计年鉴》。",
        "请填写数据日期（统计数据发布或截至的日期）。",
    ]
    future = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(FeedRefused, match="晚于今天"):
        actions.apply_feed(campaign, rows, source=SOURCE, as_of=future, user=user)
    assert not OfficialFigure.objects.exists()


def test_the_county_cannot_open_the_feed_pages(
    province: Province, login: Callable[[User], Client]
) -> None:
    client = login(province.world.office)
    assert client.get(reverse("statfeed:index")).status_code == 404
    response = client.post(
        reverse("statfeed:preview"),
        {"campaign": province.world.campaign.pk, "source": SOURCE, "as_of": AS_OF},
    )
    assert response.status_code == 404
    assert not OfficialFigure.objects.exists()
