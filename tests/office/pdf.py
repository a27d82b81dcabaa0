"""Convert office files to PDF with LibreOffice headless and read the PDFs back (pypdf).

Shared by the print-layout tests and `make docs-preview` (scripts/docs_preview.py).
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

SOFFICE = Path("/usr/bin/soffice")


def to_pdf(sources: list[Path], outdir: Path) -> list[Path]:
    """Convert the files to PDF in one LibreOffice run (its own profile); return the PDFs."""
    if not SOFFICE.exists():
        pytest.fail(
            f"{SOFFICE} is missing: install LibreOffice with `sudo scripts/install-office.sh` "
            "(Debian's libreoffice-writer and libreoffice-calc), then run the tests again"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qcounty-lo-") as home:
        run = subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={(Path(home) / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *[str(s) for s in sources],
            ],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "HOME": home},
        )
    pdfs = [outdir / f"{s.stem}.pdf" for s in sources]
    missing = [p.name for p in pdfs if not p.exists()]
    assert run.returncode == 0 and not missing, (missing, run.stdout, run.stderr)
    return pdfs


def convert_bytes(files: dict[str, bytes], workdir: Path) -> dict[str, Path]:
    """Write the named files to workdir and convert them; return name → PDF."""
    sources = []
    for name, data in files.items():
        path = workdir / name
        path.write_bytes(data)
        sources.append(path)
    pdfs = to_pdf(sources, workdir / "pdf")
    return dict(zip(files, pdfs, strict=True))


def page_texts(pdf: Path) -> list[str]:
    """Return the text of every page, spaces and line breaks removed (CJK lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return ["".join((page.extract_text() or "").split()) for page in reader.pages]


def page_lines(pdf: Path) -> list[list[str]]:
    """Return the lines of text of every page as LibreOffice laid them out."""
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return [(page.extract_text() or "").splitlines() for page in reader.pages]


def fonts(pdf: Path) -> set[str]:
    """Return the base names of the fonts the PDF uses (subset prefix removed)."""
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    out: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            name = str(font.get_object().get("/BaseFont", ""))
            out.add(name.lstrip("/").split("+", 1)[-1])
    return out
