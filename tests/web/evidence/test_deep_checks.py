"""Evidence is checked in depth, not by its first bytes: Office zips by their members, pictures
decoded, PDFs opened, old Word/Excel files parsed; a refusal says why and stores nothing."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from matplotlib.figure import Figure

from qcounty.web.evidence.models import Evidence
from qcounty.web.review.models import AuditEntry
from tests import files
from tests.web.conftest import World
from tests.web.evidence.test_uploads import message_of, upload

pytestmark = pytest.mark.usefixtures("evidence_root")


def assert_refused(page: str, name: str, reason: str, world: World) -> None:
    assert message_of(page).startswith(f"未上传“{name}”："), message_of(page)
    assert reason in message_of(page)
    assert not Evidence.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EVIDENCE_ADDED).exists()
    assert not Path(settings.EVIDENCE_ROOT, str(world.application.pk)).exists()


def test_a_one_megabyte_docx_that_inflates_to_a_gibibyte_is_refused(
    world: World, office_client: Client
) -> None:
    bomb = files.zip_bomb_docx(1024**3)
    assert len(bomb) < 1_200_000  # 1 GiB of zeros in ~1 MB
    page = upload(office_client, world.application, "计量证书.docx", bomb)
    assert_refused(page, "计量证书.docx", "压缩炸弹", world)


@pytest.mark.parametrize(
    ("padding", "encoding"),
    [
        pytest.param(0, "utf-8", id="at-the-top"),
        pytest.param(10_000, "utf-8", id="behind-a-long-comment"),
        pytest.param(0, "utf-16", id="utf-16"),
    ],
)
def test_a_billion_laughs_xlsx_is_refused(
    world: World, office_client: Client, padding: int, encoding: str
) -> None:
    laughs = files.billion_laughs_xlsx(padding, encoding)
    page = upload(office_client, world.application, "台账.xlsx", laughs)
    assert_refused(page, "台账.xlsx", "XML 文档类型或实体声明", world)


@pytest.mark.parametrize(
    "member",
    ["../evil.txt", "word/../../evil.txt", "/etc/cron.d/evil", "word\\..\\evil.txt", "C:evil.txt"],
)
def test_a_docx_with_a_member_outside_the_archive_is_refused(
    world: World, office_client: Client, member: str
) -> None:
    page = upload(office_client, world.application, "证书.docx", files.docx_with_member(member))
    assert_refused(page, "证书.docx", "部件名称含有路径", world)


def test_html_behind_a_png_header_is_refused(world: World, office_client: Client) -> None:
    page = upload(office_client, world.application, "照片.png", files.HTML_BEHIND_PNG_HEADER)
    assert_refused(page, "照片.png", "无法解码", world)


@pytest.mark.parametrize(
    ("name", "content"),
    [("照片.jpg", files.jpeg_with_php()), ("照片.png", files.png_with_php())],
)
def test_a_picture_with_php_appended_is_refused(
    world: World, office_client: Client, name: str, content: bytes
) -> None:
    page = upload(office_client, world.application, name, content)
    assert_refused(page, name, "脚本代码", world)


def test_a_picture_with_another_file_appended_is_refused(
    world: World, office_client: Client
) -> None:
    page = upload(office_client, world.application, "照片.jpg", files.jpeg() + files.word_docx())
    assert_refused(page, "照片.jpg", "末尾附加了其他文件", world)


def test_a_picture_followed_by_data_that_is_no_file_is_accepted(
    world: World, office_client: Client
) -> None:
    # phones append their own data after the image (a motion photo's video, a maker's trailer)
    photo = files.jpeg() + b"\x00\x00MotionPhoto_Data" + bytes(range(256)) * 16
    page = upload(office_client, world.application, "照片.jpg", photo)
    assert message_of(page) == "已上传“照片.jpg”"


def test_a_truncated_picture_is_refused(world: World, office_client: Client) -> None:
    photo = files.jpeg((640, 480))
    page = upload(office_client, world.application, "照片.jpg", photo[: len(photo) // 2])
    assert_refused(page, "照片.jpg", "无法解码", world)


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(
    world: World, office_client: Client
) -> None:
    bomb = files.png_pixel_bomb(10_000)  # 100 million pixels in a few kilobytes
    assert len(bomb) < 100_000
    page = upload(office_client, world.application, "扫描件.png", bomb)
    assert_refused(page, "扫描件.png", "图片像素过多", world)


def test_a_fake_ole2_doc_is_refused(world: World, office_client: Client) -> None:
    page = upload(office_client, world.application, "旧版.doc", files.FAKE_OLE2_DOC)
    assert_refused(page, "旧版.doc", "结构无法解析", world)


def test_a_compound_file_whose_word_stream_is_not_word_is_refused(
    world: World, office_client: Client
) -> None:
    fake = files.compound_file("WordDocument", b"<html>" + bytes(4096))
    page = upload(office_client, world.application, "旧版.doc", fake)
    assert_refused(page, "旧版.doc", "内容无法识别", world)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(files.NOT_A_PDF, "无法打开", id="not-a-pdf"),
        pytest.param(files.pdf_without_pages(), "没有任何页面", id="no-pages"),
        pytest.param(files.pdf_with_javascript(), "脚本或启动程序", id="javascript"),
        pytest.param(files.pdf_with_launch(), "脚本或启动程序", id="launch"),
        pytest.param(files.pdf_with_xfa_form(), "脚本或启动程序", id="xfa-form"),
        pytest.param(
            files.pdf_with_object_stream(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (x) >> >>"
            ),
            "脚本或启动程序",
            id="javascript-in-an-object-stream",
        ),
    ],
)
def test_a_pdf_that_does_not_open_or_runs_code_is_refused(
    world: World, office_client: Client, content: bytes, reason: str
) -> None:
    page = upload(office_client, world.application, "证明.pdf", content)
    assert_refused(page, "证明.pdf", reason, world)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("证书.docx", files.word_docx(), Evidence.Kind.DOCX),
        ("台账.xlsx", files.excel_xlsx(), Evidence.Kind.XLSX),
        ("照片.png", files.png(), Evidence.Kind.PNG),
        ("照片.jpg", files.jpeg((1600, 1200)), Evidence.Kind.JPEG),
        ("证明.pdf", files.pdf(), Evidence.Kind.PDF),
        ("压缩对象.pdf", files.pdf_with_object_stream(), Evidence.Kind.PDF),
        ("旧版.doc", files.word_doc(), Evidence.Kind.DOC),
        ("旧版.xls", files.compound_file("Workbook", b"\x09\x08" + bytes(4096)), Evidence.Kind.XLS),
    ],
)
def test_genuine_files_are_still_accepted(
    world: World, office_client: Client, name: str, content: bytes, kind: str
) -> None:
    page = upload(office_client, world.application, name, content)
    assert message_of(page) == f"已上传“{name}”"
    assert Evidence.objects.get().kind == kind


def test_a_pdf_drawn_by_matplotlib_is_accepted(world: World, office_client: Client) -> None:
    figure = Figure(figsize=(2, 2))
    figure.add_subplot().plot([1, 2, 3])
    out = io.BytesIO()
    figure.savefig(out, format="pdf")
    page = upload(office_client, world.application, "图表.pdf", out.getvalue())
    assert message_of(page) == "已上传“图表.pdf”"


SOFFICE = Path("/usr/bin/soffice")


def saved_by_libreoffice(source: Path, fmt: str) -> bytes:
    """Return the file as LibreOffice saves it in an old binary format (doc, xls)."""
    out = source.parent / "out"
    run = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(source.parent / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(source.parent)},
    )
    result = out / f"{source.stem}.{fmt}"
    assert run.returncode == 0 and result.exists(), (run.stdout, run.stderr)
    return result.read_bytes()


@pytest.mark.skipif(not SOFFICE.exists(), reason="LibreOffice is not installed")
def test_old_word_and_excel_files_saved_by_libreoffice_are_accepted(
    world: World, office_client: Client, tmp_path: Path
) -> None:
    (tmp_path / "证书.docx").write_bytes(files.word_docx())
    (tmp_path / "台账.xlsx").write_bytes(files.excel_xlsx())
    for name, fmt, kind in (
        ("证书.docx", "doc", Evidence.Kind.DOC),
        ("台账.xlsx", "xls", Evidence.Kind.XLS),
    ):
        content = saved_by_libreoffice(tmp_path / name, fmt)
        uploaded = f"{Path(name).stem}.{fmt}"
        page = upload(office_client, world.application, uploaded, content)
        assert message_of(page) == f"已上传“{uploaded}”"
        assert Evidence.objects.get(original_name=uploaded).kind == kind
