#!/usr/bin/env bash
# Install the browser the end-to-end tests (tests/e2e) drive: Debian's Chromium, with
# Noto CJK fonts so that Chinese text renders in screenshots. Idempotent: does nothing
# when /usr/bin/chromium is already there. Needs root (as on the developers' machines and in CI).
#
# The browser comes from Debian's packages, never from `playwright install`: Playwright's
# own browser builds are downloaded from hosts this project's machines cannot reach.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-noto-cjk)

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
    || missing+=(fonts-noto-cjk)

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-browser: $CHROMIUM and fonts-noto-cjk are already installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

echo "install-browser: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

if [ ! -x "$CHROMIUM" ]; then
    echo "install-browser: $CHROMIUM is still missing after installing ${PACKAGES[*]}" >&2
    exit 1
fi
"$CHROMIUM" --version
