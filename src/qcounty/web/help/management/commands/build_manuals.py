"""Write every role's 用户操作手册 (.docx, and .pdf through LibreOffice) from the help texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qcounty.web.help import manual_docx, pdf, texts


class Command(BaseCommand):
    help = "Write each role's user manual as .docx and .pdf, with the e2e tests' screenshots."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="folder to write into (default: HELP_MANUALS_DIR, which the help page serves)",
        )
        parser.add_argument(
            "--screenshots",
            type=Path,
            default=None,
            help="the e2e tests' screenshots (default: HELP_SCREENSHOTS_DIR)",
        )
        parser.add_argument("--no-pdf", action="store_true", help="write the .docx files only")
        parser.add_argument(
            "--audience", action="append", choices=texts.AUDIENCES, help="only these (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"] or settings.HELP_MANUALS_DIR
        screenshots: Path = options["screenshots"] or settings.HELP_SCREENSHOTS_DIR
        output.mkdir(parents=True, exist_ok=True)
        written = []
        for audience in options["audience"] or texts.AUDIENCES:
            book = texts.manual(audience)
            path = output / f"{audience}.docx"
            path.write_bytes(manual_docx.build(book, screenshots))
            missing = [
                e.title
                for e in book.pages
                if not manual_docx.screenshot_path(screenshots, audience, e).is_file()
            ]
            note = f"（{len(missing)} 个页面{manual_docx.MISSING_SCREENSHOT}）" if missing else ""
            self.stdout.write(f"{path}  {book.title}{note}")
            written.append(path)
        if options["no_pdf"]:
            return
        try:
            for made in pdf.to_pdf(written, output):
                self.stdout.write(str(made))
        except pdf.ConversionError as e:
            raise CommandError(str(e)) from e
