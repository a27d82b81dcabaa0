"""Uploading a scheme: a good file becomes a draft; a bad or hostile one changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.schemes.models import SchemeVersion
from tests.web.conftest import World
from tests.web.schemes.conftest import ANHUI, anhui


def post(client: Client, content: bytes, name: str = "anhui-quality-work-2014.yaml") -> str:
    response = client.post(
        reverse("schemes:upload"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    return response.content.decode()


@pytest.fixture
def client(world: World, login: Callable[[User], Client]) -> Client:
    return login(world.admin)


def test_a_good_file_is_kept_as_a_draft_and_its_summary_shown(client: Client) -> None:
    page = post(client, anhui())
    row = SchemeVersion.objects.get()
    assert (row.scheme_id, row.version, row.status) == (
        "anhui-quality-work-2014",
        "2014.2",
        "draft",
    )
    assert "安徽省质量工作考核评分体系" in page
    assert "质量宏观管理" in page  # the tree
    assert "一票否决（不参与排名，等级定为D级）" in page  # the gate's effect
    assert "A级" in page  # the grades


def test_an_error_names_its_line_and_indicator_in_chinese(client: Client) -> None:
    # indicator 5 worth 4 instead of 3: its criterion (3) no longer reaches it
    text = ANHUI.replace(
        "            name: 质量安徽建设活动\n            points: 3",
        "            name: 质量安徽建设活动\n            points: 4",
    )
    # the indicator's item starts on the line of "- number: 5", just above its name
    line = text.splitlines().index(
        "            name: 质量安徽建设活动"
    )  # 0-based name = 1-based item
    page = post(client, anhui(text=text))
    assert "文件未通过检查" in page
    assert f"第 {line} 行，指标 5" in page
    assert "各评分细则合计 3 分，与指标分值 4" in page
    assert not SchemeVersion.objects.exists()


def test_an_unknown_key_is_named_with_its_line(client: Client) -> None:
    text = ANHUI.replace("total_points: 100\n", "total_points: 100\ntotal_pionts: 100\n")
    line = text.splitlines().index("total_pionts: 100") + 1
    page = post(client, anhui(text=text))
    assert f"第 {line} 行" in page
    assert "格式中没有这一项" in page


def test_broken_yaml_is_named_with_its_line(client: Client) -> None:
    page = post(client, b"schema: qcounty-framework/1\nid: [unclosed\nname: x\n")
    assert "不是有效的 YAML" in page
    assert "第 3 行" in page or "第 2 行" in page


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本文件"),
        ("id: 安徽\n".encode("gbk"), "不是 UTF-8 编码"),
        (b"", "文件是空的"),
        (
            b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
            "锚点和别名",
        ),
        (b"!!python/object/apply:os.system ['true']\n", "标签"),
        (b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 60)), "嵌套过深"),
        (b"- just\n- a list\n", "文件顶层应是"),
    ],
)
def test_a_hostile_or_wrong_file_gets_a_chinese_message_and_changes_nothing(
    client: Client, content: bytes, words: str
) -> None:
    page = post(client, content)
    assert words in page, page[-3000:]
    assert not SchemeVersion.objects.exists()


def test_a_file_above_the_cap_is_refused_before_it_is_read(
    client: Client, settings: object
) -> None:
    settings.SCHEME_MAX_BYTES = 1000  # type: ignore[attr-defined]
    page = post(client, anhui())
    assert "文件过大" in page
    assert not SchemeVersion.objects.exists()


def test_the_checker_refuses_a_huge_file_itself() -> None:
    from qcounty.web.schemes.checking import Refused, check_upload

    with pytest.raises(Refused, match="文件过大"):
        check_upload(b"a: 1\n" * 1_000_000)


def test_a_bundled_version_cannot_be_overwritten(client: Client) -> None:
    page = post(client, ANHUI.encode())
    assert "系统内置的评价体系，不能覆盖" in page
    assert not SchemeVersion.objects.exists()


def test_a_draft_is_replaced_by_its_version_uploaded_again(client: Client) -> None:
    post(client, anhui())
    post(
        client,
        anhui(
            text=ANHUI.replace("安徽省质量工作考核评分体系", "安徽省质量工作考核评分体系（修订）")
        ),
    )
    row = SchemeVersion.objects.get()
    assert row.name == "安徽省质量工作考核评分体系（修订）"


def test_a_published_version_cannot_be_replaced(client: Client) -> None:
    post(client, anhui())
    row = SchemeVersion.objects.get()
    client.post(reverse("schemes:publish", args=[row.pk]))
    page = post(client, anhui(text=ANHUI.replace("安徽省质量工作考核评分体系", "改过的名称")))
    assert "已发布，不能修改" in page
    row.refresh_from_db()
    assert row.name == "安徽省质量工作考核评分体系"


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("'t1.gap' is declared twice", "“t1.gap”声明了两次"),
        ("unknown window 'y9'; declared: ['y1']", "未声明的时间范围“y9”：请在 windows 中声明"),
        ("points add up to 5, not total_points 4", "各项分值合计 5，与 total_points 4 不符"),
        (
            "criteria add up to 3.0, less than the indicator's 4.0",
            "各评分细则合计 3 分，与指标分值 4 分不符",
        ),
        ("something the table does not know", "体系检查未通过：something the table does not know"),
    ],
)
def test_the_cores_messages_are_worded_in_chinese(english: str, chinese: str) -> None:
    from qcounty.web.schemes.checking import _translate

    assert _translate(english) == chinese
