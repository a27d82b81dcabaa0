"""The county quality status report, asked for from the cockpit and built in the background.

The campaign's reference is hand-made (tests/builders: every input unreported unless given,
gates passing), so that every number can be added up by hand:

============  ======  ==========================  =====  ======  ========
county        city    reported                     理念    成效     total
============  ======  ==========================  =====  ======  ========
荣成市         威海市   nothing                       0       0       0
乳山市         威海市   item 1 (2)                    2       0       2
环翠区         威海市   items 28 (2), 29 (1)          0       3       3
历下区         济南市   items 1, 28, 29               2       3       5
============  ======  ==========================  =====  ======  ========

文登区 (威海市, second tier) reports passing gates, items 1, 28, 29 and item 27 "analysed, not
published" (1 point): 2 + 2 + 1 + 1 = 6 points. Its 2022 application (accepted by the province)
had item 1 only: 2 points.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import docx
import pytest
from django.test import Client
from django.urls import reverse

from qcounty.office import charts
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application, set_reference_cohort
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.cockpit import reportdata
from qcounty.web.documents.models import DocumentJob
from qcounty.web.reporting.models import InputValue
from tests.builders import cohort_json, county_json, passing_gates
from tests.web.conftest import World, framework

SLOGAN = {"i01.slogan": True}
PRODUCT = {"i28.safe_county": True, "i29.drug_inspection_full": True}
WENDENG_2023 = {**SLOGAN, **PRODUCT, "i27.analysed": True, "i27.published": False}
WENDENG_2022 = dict(SLOGAN)


def hand_made_reference(year: int) -> dict[str, Any]:
    return cohort_json(
        [
            county_json("荣成市", "威海市", {}),
            county_json("乳山市", "威海市", SLOGAN),
            county_json("环翠区", "威海市", PRODUCT),
            county_json("历下区", "济南市", SLOGAN | PRODUCT),
        ],
        year=year,
    )


def store(application: Application, values: dict[str, Any]) -> None:
    """Store reported values (the gates passing) as the reporting form would have."""
    for key, value in {**passing_gates(), **values}.items():
        InputValue.objects.create(application=application, key=key, value=value)


def with_hand_made_reference(world: World) -> None:
    set_reference_cohort(world.campaign, hand_made_reference(world.campaign.evaluation_year))


def earlier_campaign(world: World, status: str = Application.Status.ACCEPTED) -> Application:
    """Add the 2022 campaign (no reference) with Wendeng's application, item 1 reported."""
    fw = framework()
    campaign = Campaign.objects.create(
        name="2022年山东省质量强县（市、区）创建",
        framework_id=fw.id,
        framework_version=fw.version,
        evaluation_year=2022,
        data_cutoff=dt.date(2021, 12, 31),
        department_deadline=dt.date(2022, 4, 30),
        application_deadline=dt.date(2022, 5, 31),
    )
    application = open_application(campaign, world.wendeng)
    store(application, WENDENG_2022)
    Application.objects.filter(pk=application.pk).update(status=status)  # reviewed elsewhere
    application.refresh_from_db()
    return application


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _fresh_scores() -> Iterator[None]:
    reportdata._scores.clear()
    reportdata._scored.clear()
    yield
    reportdata._scores.clear()
    reportdata._scored.clear()


@pytest.fixture(autouse=True)
def _reports_built_at_once(settings: Any, evidence_root: Path) -> None:
    """The report is a document job; here its task runs at once, into the test's own storage."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def url(world: World) -> str:
    return start_url(world.application)


def start_url(application: Application) -> str:
    return reverse("documents:job_start", args=[application.pk, "quality_report"])


def job_of(client: Client, application: Application) -> DocumentJob:
    """Ask for the report as the office's button does; return its job (built by now)."""
    response = client.post(start_url(application))
    assert response.status_code == 302
    job = DocumentJob.objects.filter(application=application, kind="quality_report").first()
    assert job is not None and response["Location"] == reverse("documents:job", args=[job.pk])
    return job


def report_of(client: Client, application: Application) -> Any:
    """Ask for the report and download it once built."""
    job = job_of(client, application)
    assert job.status == "done", job.error
    return client.get(reverse("documents:job_download", args=[job.pk]))


def content_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --------------------------------------------------------------------------- the document


def test_the_office_downloads_the_report_with_a_chinese_file_name(
    world: World, office_client: Client
) -> None:
    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    response = report_of(office_client, world.application)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = quote("威海市文登区质量发展状况分析报告（2023年）.docx")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
    text = docx_text(content_of(response))
    assert text.startswith("威海市文登区质量发展状况分析报告")
    # 2 + 2 + 1 + 1 = 6 points; the medians of 0, 2, 3, 5 and of 0, 2, 3 (second tier)
    assert "2023年，威海市文登区自评得分 6.00 分（满分 100 分）" in text
    assert "总分高于参照县中位数（2.50 分）3.50 分" in text
    assert "高于第二梯队中位数（2.00 分）4.00 分" in text
    # first among the four reference counties and itself; 3 + 1 in its tier
    assert "在 5 个县中约列第 1 位，在第二梯队 4 个县中约列第 1 位" in text
    for heading in ("一、总体情况", "二、得分及变化趋势", "三、优势与短板", "四、与参照县比较"):
        assert heading in text


def test_the_report_follows_the_county_since_its_earlier_campaign(
    world: World, office_client: Client
) -> None:
    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    earlier_campaign(world)
    text = docx_text(content_of(report_of(office_client, world.application)))
    # 6 points now against 2 in 2022 (item 1 only): 6 − 2 = 4 more
    assert "比2022年的 2.00 分提高 4.00 分" in text
    # 2022's total is of the province's checked values, 2023's the county's self-assessment
    assert "\n核实后得分／自评总分 | 100 | 2.00 | 6.00 | +4.00" in text
    assert (
        "2022年：2022年山东省质量强县（市、区）创建，申报状态“省级已接收”，按省级核实后的数据计分"
        in text
    )


def test_a_later_campaign_is_not_in_the_report_of_an_earlier_one(
    world: World, office_client: Client
) -> None:
    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    earlier = earlier_campaign(world)
    text = docx_text(content_of(report_of(office_client, earlier)))
    # accepted by the province: its checked values, not a self-assessment
    assert "2022年，威海市文登区核实后得分 2.00 分" in text
    assert "2023年" not in text.split("五、数据说明")[0]


def test_a_report_without_data_says_what_is_missing_instead(
    world: World, office_client: Client
) -> None:
    job = job_of(office_client, world.application)
    n = len([x for x in framework().inputs() if not x.informational])
    assert (job.status, job.error) == (
        "failed",
        "未生成质量发展状况分析报告：2023年申报（2023年山东省质量强县（市、区）创建）"
        f"尚未填报任何数据：全部 {n} 项均未填报，请先填报后再生成报告。",
    )
    page = office_client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert job.error in page


def test_without_a_cjk_font_the_office_is_told_what_to_install(
    world: World, office_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(world.application, WENDENG_2023)
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    job = job_of(office_client, world.application)
    assert job.status == "failed"
    assert job.error.startswith("无法生成报告中的图表：系统中没有可用的中文字体")
    assert "fonts-noto-cjk" in job.error
    page = office_client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert "系统中没有可用的中文字体" in page  # shown on the job's page


def test_the_provinces_corrections_count_once_the_application_is_with_the_province(
    world: World, office_client: Client
) -> None:
    from qcounty.web.adjudication.models import Decision

    with_hand_made_reference(world)
    store(world.application, WENDENG_2023)
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    Decision.objects.create(
        application=world.application,
        key="i28.safe_county",
        kind=Decision.Kind.CORRECTED,
        claimed=True,
        value=False,
        reason="未在动态评价中保持合格",
        decided_by=world.evaluator,
    )
    text = docx_text(content_of(report_of(office_client, world.application)))
    # item 28 no longer counts: 6 − 2 = 4 points
    assert "2023年，威海市文登区核实后得分 4.00 分" in text
    assert "按省级核实后的数据计分" in text
    assert "自评" not in text.split("五、数据说明")[0]


# --------------------------------------------------------------------------- access


def test_the_province_downloads_the_report_of_an_application_it_has(
    world: World, login: Any
) -> None:
    store(world.application, WENDENG_2023)
    client = login(world.evaluator)
    assert client.post(url(world)).status_code == 404  # a draft is the county's own
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    assert report_of(client, world.application).status_code == 200


@pytest.mark.parametrize("who", ["market_clerk", "statistics_clerk"])
def test_it_refuses_clerks(world: World, login: Any, who: str) -> None:
    store(world.application, WENDENG_2023)
    assert login(getattr(world, who)).post(url(world)).status_code == 403


def test_another_countys_office_does_not_find_it(world: World, login: Any) -> None:
    store(world.application, WENDENG_2023)
    assert login(world.rongcheng_office).post(url(world)).status_code == 404


def test_an_expert_may_not_download_it(world: World, login: Any) -> None:
    store(world.application, WENDENG_2023)
    Application.objects.filter(pk=world.application.pk).update(status=Application.Status.SUBMITTED)
    expert = User.objects.create(
        username="expert", role=User.Role.EXPERT, organisation=world.province
    )
    assert login(expert).post(url(world)).status_code == 403


def test_it_requires_a_login(world: World, client: Client) -> None:
    response = client.post(url(world))
    assert response.status_code == 302
    assert re.search(r"/accounts/login/", response["Location"])
    assert not DocumentJob.objects.exists()
