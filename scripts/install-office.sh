#!/usr/bin/env bash
# Install LibreOffice (Calc and Writer, headless use) from Debian's packages, for the tests that
# re-save the generated .xlsx/.docx files with a real office client (tests/office/test_libreoffice.py)
# and for converting documents; python3-uno lets a test drive LibreOffice (edit rows, protect,
# save) as a clerk would; poppler-utils' pdftoppm turns the PDFs of `make docs-preview` into page
# images. Idempotent: does nothing when all three are already there.
# Needs root (as on the developers' machines and in CI); uses sudo otherwise.
set -euo pipefail

SOFFICE=/usr/bin/soffice
UNO=/usr/lib/python3/dist-packages/uno.py
PACKAGES=(libreoffice-calc libreoffice-writer fonts-noto-cjk python3-uno poppler-utils)

if [ -x "$SOFFICE" ] && [ -f "$UNO" ] && command -v pdftoppm >/dev/null; then
    echo "install-office: $SOFFICE and $UNO are already installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

echo "install-office: installing ${PACKAGES[*]} with apt-get (no recommends)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

if [ ! -x "$SOFFICE" ] || [ ! -f "$UNO" ]; then
    echo "install-office: $SOFFICE or $UNO is still missing after installing ${PACKAGES[*]}" >&2
    exit 1
fi
"$SOFFICE" --version
