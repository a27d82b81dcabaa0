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
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.office.demo_documents import core_documents  # noqa: E402
from tests.office.pdf import to_pdf  # noqa: E402


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
