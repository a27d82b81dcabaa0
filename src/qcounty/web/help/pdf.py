"""Print a .docx to PDF with LibreOffice, headless, in its own throwaway profile."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

SOFFICE = Path("/usr/bin/soffice")
TIMEOUT_SECONDS = 300


class ConversionError(RuntimeError):
    """LibreOffice is missing or did not write the PDF."""


def to_pdf(sources: list[Path], outdir: Path, *, soffice: Path = SOFFICE) -> list[Path]:
    """Convert the .docx files into PDFs in outdir (one LibreOffice run); return the PDFs."""
    if not soffice.exists():
        raise ConversionError(
            f"{soffice} is missing: install LibreOffice (scripts/install-office.sh)"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qcounty-soffice-") as home:
        run = subprocess.run(
            [
                str(soffice),
                f"-env:UserInstallation={Path(home, 'profile').as_uri()}",  # never the user's
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            env={**os.environ, "HOME": home},
            check=False,
        )
    pdfs = [outdir / f"{s.stem}.pdf" for s in sources]
    missing = [p.name for p in pdfs if not p.is_file()]
    if run.returncode != 0 or missing:
        raise ConversionError(
            f"LibreOffice exited with {run.returncode}, missing {missing}: {run.stderr.strip()}"
        )
    return pdfs
