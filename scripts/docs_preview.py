"""Build every document of the demo, convert each to PDF (LibreOffice) and PNG pages.

Usage: .venv/bin/python scripts/docs_preview.py [OUTDIR]   (default var/docs-preview)

The Word and Excel documents written from core results (score sheet, Annex 2, quality report,
county report, 公示/认定 lists, the evidence index) are built from Wendeng as the demo has it
(tests/office/wendeng.py); the web's exports (部门考核表, 填报进度) from the demo database,
loaded into a throwaway SQLite file. PNG pages come from pdftoppm (Debian's poppler-utils)
when installed, else from pypdfium2, else only the PDFs are written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.office.pdf import to_pdf  # noqa: E402

PUBLISHED = dt.date(2026, 11, 27)
NOTICE = "公示期为2026年11月27日至12月3日。\n对名单有异议的，请在公示期内书面反映。"


def core_documents() -> dict[str, bytes]:
    """Return the documents written from core results, by file name."""
    from tests.office.wendeng import CITY, GENERATED, NAME, wendeng

    from qcounty.core.evaluate import select
    from qcounty.office.annex2 import annex2_docx, annex2_xlsx
    from qcounty.office.package import PackageFile, evidence_package
    from qcounty.office.publication import (
        ListMeta,
        entries_from_results,
        write_county_report,
        write_list_docx,
        write_list_xlsx,
    )
    from qcounty.office.quality_report import write_quality_report
    from qcounty.office.score_sheet import score_sheet_docx, score_sheet_xlsx

    w = wendeng()
    fw = w.framework
    titles = 10
    score = w.reference
    selection = select(score, titles)
    listed = [score.county(i) for i in selection.selected]
    docs: dict[str, bytes] = {
        "评价得分表.docx": score_sheet_docx(fw, w.result, w.departments),
        "评价得分表.xlsx": score_sheet_xlsx(fw, w.result, w.departments),
        "附件2-重要指标.docx": annex2_docx(fw, NAME, CITY, w.year, w.values),
        "附件2-重要指标.xlsx": annex2_xlsx(fw, NAME, CITY, w.year, w.values),
        "质量发展状况分析报告.docx": write_quality_report(
            fw, NAME, CITY, w.campaigns, generated=GENERATED
        ),
    }
    for kind, label in (("proposed", "拟认定名单公示"), ("final", "认定名单")):
        meta = ListMeta(
            campaign=f"{w.year}年山东省质量强县（市、区）创建",
            evaluation_year=w.year,
            framework_name=fw.name,
            framework_version=fw.version,
            kind=kind,  # type: ignore[arg-type]
            version=1,
            published_on=PUBLISHED,
            titles=titles,
            snapshot_id=17,
            snapshot_sha256="3f5a0c9e1b7d" + "0" * 52,
            notice=NOTICE if kind == "proposed" else "",
        )
        docs[f"{label}.docx"] = write_list_docx(meta, entries_from_results(listed))
        docs[f"{label}.xlsx"] = write_list_xlsx(meta, entries_from_results(listed))
    medians = score.medians()
    mine = listed[0]
    docs["评价得分报告.docx"] = write_county_report(
        meta,
        mine,
        list(medians.first),
        list(score.medians(mine.tier).first),
        True,
        framework=fw,
        ranked=len(score.ranked()),
    )
    docs["佐证材料索引.xlsx"] = _evidence_index(PackageFile, evidence_package)
    return docs


def _evidence_index(package_file, evidence_package) -> bytes:  # type: ignore[no-untyped-def]
    """Return 索引.xlsx of a small package, as the web writes it."""
    contents = [
        (17, "17-计量", "注册计量师名单（2022年12月）.pdf", "文登区市场监督管理局 张计量", "#41"),
        (4, "4-质量文化", "国务院办公厅督查激励通报.pdf", "文登区人民政府办公室 王秘书", "#7"),
        (30, "30-产品质量", "2022年监督抽查批次统计表.xlsx", "文登区市场监督管理局 李抽查", ""),
    ]
    files = []
    for n, (indicator, folder, name, by, record) in enumerate(contents):
        data = f"{name} {n}".encode() * 50
        files.append(
            package_file(
                indicator=indicator,
                folder_name=folder,
                file_name=name,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                uploaded_by=by,
                uploaded_at=f"2026-12-0{n + 3}T06:56:17+00:00",
                record=record,
                open=lambda data=data: io.BytesIO(data),
            )
        )
    out = io.BytesIO()
    evidence_package("文登区", "2023年山东省质量强县（市、区）创建", files, out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zf:
        name = next(n for n in zf.namelist() if n.endswith("索引.xlsx"))
        return zf.read(name)


def web_documents(var: Path) -> dict[str, bytes]:
    """Return the web's .xlsx exports of the demo application, loaded into a temporary DB."""
    os.environ["QCOUNTY_VAR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcounty.web.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from qcounty.web.demo import load_demo
    from qcounty.web.review.board import progress, progress_xlsx
    from qcounty.web.tasks.assessment import assessment, assessment_xlsx

    demo = load_demo(today=dt.date(2026, 12, 5))
    application = demo.campaign.applications.get(county__name="文登区")
    return {
        "部门考核表.xlsx": assessment_xlsx(application, assessment(application)),
        "填报进度.xlsx": progress_xlsx(application, progress(application)),
    }


def to_png(pdf: Path, outdir: Path) -> list[Path]:
    """Write the PDF's pages as PNG files (72 dpi); return them."""
    stem = outdir / pdf.stem
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "72", "-png", str(pdf), str(stem)], check=True)
        return sorted(outdir.glob(f"{pdf.stem}-*.png"))
    try:
        import pypdfium2 as pdfium  # type: ignore[import-not-found]
    except ImportError:
        return []
    out = []
    for n, page in enumerate(pdfium.PdfDocument(str(pdf)), start=1):
        path = outdir / f"{pdf.stem}-{n}.png"
        page.render(scale=1).to_pil().save(path)
        out.append(path)
    return out


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else ROOT / "var" / "docs-preview"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qcounty-preview-") as tmp:
        docs = core_documents() | web_documents(Path(tmp) / "var")
        source = outdir / "source"
        shutil.rmtree(source, ignore_errors=True)
        source.mkdir()
        paths = []
        for name, data in docs.items():
            stem, ext = name.rsplit(".", 1)
            path = source / f"{stem}-{ext}.{ext}"  # a .docx and an .xlsx of one name: two PDFs
            path.write_bytes(data)
            paths.append(path)
        pdfdir = outdir / "pdf"
        shutil.rmtree(pdfdir, ignore_errors=True)
        pngdir = outdir / "png"
        shutil.rmtree(pngdir, ignore_errors=True)
        pngdir.mkdir()
        for pdf in to_pdf(paths, pdfdir):
            pages = to_png(pdf, pngdir)
            print(f"{pdf.relative_to(outdir)}: {len(pages)} page(s)")
    if not shutil.which("pdftoppm"):
        print("docs-preview: no pdftoppm (apt-get install poppler-utils): PNG pages via pypdfium2")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
