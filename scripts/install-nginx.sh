#!/usr/bin/env bash
# Install nginx (nginx-light) from Debian's packages, for the test that puts the example
# reverse-proxy configuration (deploy/nginx/qcounty.conf) in front of gunicorn over TLS
# (tests/web/deploy/test_nginx.py). Idempotent: does nothing when nginx is already there.
# Needs root (as on the developers' machines and in CI); uses sudo otherwise.
set -euo pipefail

NGINX=/usr/sbin/nginx
PACKAGES=(nginx-light)

if [ -x "$NGINX" ]; then
    echo "install-nginx: $NGINX is already installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

echo "install-nginx: installing ${PACKAGES[*]} with apt-get (no recommends)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"

if [ ! -x "$NGINX" ]; then
    echo "install-nginx: $NGINX is still missing after installing ${PACKAGES[*]}" >&2
    exit 1
fi
"$NGINX" -v
