#!/usr/bin/env bash
# Build every document of the demo and convert it to PDF and PNG pages under var/docs-preview/
# (or the directory given). Needs LibreOffice (scripts/install-office.sh) and, for the PNG
# pages, Debian's poppler-utils (pdftoppm).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/docs_preview.py "$@"
