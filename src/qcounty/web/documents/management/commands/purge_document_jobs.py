"""Delete document jobs (and their files in the storage) older than DOCUMENT_JOB_KEEP_HOURS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from qcounty.web.documents.jobs import purge_expired


class Command(BaseCommand):
    help = "删除超过保留期（默认 24 小时）的文档生成任务及其文件。"

    def handle(self, *args: Any, **options: Any) -> None:
        n = purge_expired()
        self.stdout.write(f"deleted {n} document job(s)")
