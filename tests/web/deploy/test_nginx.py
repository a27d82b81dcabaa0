"""The whole stack as deployed: nginx with deploy/nginx/qcounty.conf (TLS, a self-signed
certificate) in front of gunicorn in the production environment. A form posted over HTTPS
passes the CSRF check, HSTS is sent once, and nginx's request id reaches the app's logs.

Runs where Debian's nginx is installed (`apt-get install nginx-light`), skipped elsewhere."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.deploy.servers import (
    DEPLOY,
    Server,
    free_port,
    gunicorn,
    manage,
    production_env,
    wait_for,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "qcounty.example.gov.cn"
ORIGIN = f"https://{HOST}"

pytestmark = pytest.mark.skipif(
    not (os.access(NGINX, os.X_OK) and shutil.which("openssl")),
    reason="nginx or openssl is not installed (apt-get install nginx-light)",
)


def _site(var: Path, app_port: int, http_port: int, https_port: int) -> str:
    """Return deploy/nginx/qcounty.conf on this machine's ports and paths."""
    site = (DEPLOY / "nginx" / "qcounty.conf").read_text(encoding="utf-8")
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/ssl/qcounty/": f"{var}/tls/",
        "/var/log/nginx/": f"{var}/",
        "/var/www/letsencrypt": f"{var}/acme",
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    return site


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[Server, int, int, Path]]:
    var = tmp_path / "var"
    var.mkdir()
    env = {**production_env(var), "QCOUNTY_WEB_WORKERS": "1"}
    assert manage(env, "migrate", "--verbosity", "0").returncode == 0
    (var / "tls").mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", str(var / "tls" / "privkey.pem"),
         "-out", str(var / "tls" / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    with gunicorn(env, tmp_path / "gunicorn") as app:
        http_port, https_port = free_port(), free_port()
        (var / "site.conf").write_text(_site(var, app.port, http_port, https_port))
        user = "user root;" if os.geteuid() == 0 else ""  # workers read the key in tmp_path
        (var / "nginx.conf").write_text(
            f"{user}\npid {var}/nginx.pid;\nerror_log {var}/nginx-error.log;\nevents {{}}\n"
            f"http {{\n include /etc/nginx/mime.types;\n"
            f" client_body_temp_path {var}/body;\n proxy_temp_path {var}/proxy;\n"
            f" include {var}/site.conf;\n}}\n"
        )
        nginx = subprocess.Popen(
            [NGINX, "-p", str(var), "-c", str(var / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 20
            while not (var / "nginx.pid").exists():
                assert nginx.poll() is None, nginx.stderr.read().decode() if nginx.stderr else ""
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
            yield app, http_port, https_port, var
        finally:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=20)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait(timeout=10)


def _https(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's self-signed certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_a_form_posted_through_nginx_over_https_passes_and_the_request_id_reaches_the_logs(
    stack,
):
    app, http_port, https_port, var = stack
    status, headers, html = _https(https_port, "GET", "/accounts/login/")
    assert status == 200, app.logs()
    assert headers.get_all("Strict-Transport-Security") == [
        "max-age=31536000; includeSubDomains; preload"
    ]
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, passed through
    assert wait_for(lambda: f"rid={request_id}" in (var / "qcounty.access.log").read_text())
    # gunicorn's access log: written after the response is sent, so it may come a moment later
    assert wait_for(lambda: f"rid={request_id}" in app.stdout.read_text()), app.logs()

    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    assert "Secure" in headers["Set-Cookie"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "nobody", "password": "wrong-password"}
    ).encode()
    status, _, html = _https(
        https_port,
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Origin": ORIGIN,
            "Referer": f"{ORIGIN}/accounts/login/",
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert status == 200, html  # the form answers (wrong password): no CSRF refusal
    assert "页面已过期" not in html

    # plain HTTP is sent to HTTPS by nginx
    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    plain.request("GET", "/accounts/login/", headers={"Host": HOST})
    answer = plain.getresponse()
    assert answer.status == 301
    assert answer.headers["Location"] == f"{ORIGIN}/accounts/login/"
    plain.close()
