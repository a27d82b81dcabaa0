#!/usr/bin/env bash
# Install a CJK font for the charts of the county quality status report (qcounty.office.charts
# draws them with matplotlib, which needs a font with Chinese glyphs): Debian's fonts-noto-cjk
# (Noto Sans CJK SC / Noto Serif CJK SC). Idempotent: does nothing when the font file is there.
# Needs root (as on the developers' machines and in CI); uses sudo otherwise.
set -euo pipefail

FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
PACKAGES=(fonts-noto-cjk fontconfig)

# the official font names (仿宋_GB2312, 方正小标宋简体, 黑体, 宋体) resolve to the SC faces
ALIASES_SOURCE="$(dirname "$0")/fonts/65-qcounty-cjk.conf"
ALIASES=/etc/fonts/conf.d/65-qcounty-cjk.conf

install_aliases() {
    if ! cmp -s "$ALIASES_SOURCE" "$ALIASES"; then
        $SUDO install -m 644 "$ALIASES_SOURCE" "$ALIASES"
        $SUDO fc-cache -f >/dev/null
        echo "install-fonts: installed $ALIASES ($(fc-match 仿宋_GB2312 family))"
    else
        $SUDO touch "$ALIASES"  # up to date: newer than its source for make
    fi
}

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

if [ -f "$FONT" ]; then
    echo "install-fonts: $FONT is already installed"
    install_aliases
    exit 0
fi


echo "install-fonts: installing ${PACKAGES[*]} with apt-get (no recommends)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

install_aliases
if [ ! -f "$FONT" ]; then
    echo "install-fonts: $FONT is still missing after installing ${PACKAGES[*]}" >&2
    exit 1
fi
# the font cache apt's trigger builds; shown so that a CI log says which fonts were found
fc-list :lang=zh family | sort -u | head -n 5
