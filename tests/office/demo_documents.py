"""Every document the office writers make, for Wendeng as the demo has it, by file name.

Shared by `make docs-preview` (scripts/docs_preview.py) and the LibreOffice layout tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

PUBLISHED = dt.date(2026, 11, 27)
NOTICE = "公示期为2026年11月27日至12月3日。\n对名单有异议的，请在公示期内书面反映。"


def core_documents() -> dict[str, bytes]:
    """Return the documents written from core results, by file name."""
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
    from tests.office.wendeng import CITY, GENERATED, NAME, wendeng

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
                uploaded_at=f"2026-12-0{n + 3}T14:56:17+08:00",  # local, as the web passes it
                record=record,
                open=lambda data=data: io.BytesIO(data),
            )
        )
    out = io.BytesIO()
    evidence_package("文登区", "2023年山东省质量强县（市、区）创建", files, out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zf:
        name = next(n for n in zf.namelist() if n.endswith("索引.xlsx"))
        return zf.read(name)
