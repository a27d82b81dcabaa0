"""The production server: gunicorn with deploy/gunicorn.conf.py serves pages and static files
(WhiteNoise, DEBUG off), logs its requests with their id, reloads on HUP and stops on TERM."""

from __future__ import annotations

import multiprocessing
import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.web.deploy.servers import (
    DEPLOY,
    GUNICORN,
    REPO,
    base_env,
    gunicorn,
    manage,
    stop,
    wait_for,
)

APP_CSS = REPO / "src" / "qcounty" / "web" / "static" / "qcounty" / "app.css"


@pytest.fixture(scope="module")
def var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary QCOUNTY_VAR with a migrated SQLite database."""
    var = tmp_path_factory.mktemp("gunicorn-var")
    result = manage(base_env(var), "migrate", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    return var


def test_gunicorn_serves_pages_and_static_files_and_reloads_on_hup(var: Path, tmp_path: Path):
    env = base_env(var, QCOUNTY_WEB_WORKERS="2")
    with gunicorn(env, tmp_path) as server:
        login = server.request("GET", "/accounts/login/", headers={"X-Request-ID": "proxy-id-1234"})
        assert login.status == 200, server.logs()
        assert "登录" in login.text
        assert login.headers["X-Request-ID"] == "proxy-id-1234"
        assert "default-src 'self'" in login.headers["Content-Security-Policy"]

        # WhiteNoise serves static files with DEBUG off and without collectstatic
        css = server.request("GET", "/static/qcounty/app.css")
        assert css.status == 200
        assert css.body == APP_CSS.read_bytes()
        assert css.headers["Content-Type"].startswith("text/css")
        assert server.request("GET", "/static/vendor/htmx/htmx.min.js").status == 200
        assert server.request("GET", "/static/no-such-file.js").status == 404

        assert wait_for(lambda: server.stderr.read_text().count("Booting worker") == 2)
        # the access log on stdout: one line a request, with the request id
        assert wait_for(lambda: "rid=proxy-id-1234" in server.stdout.read_text()), server.logs()
        (line,) = [x for x in server.stdout.read_text().splitlines() if "rid=proxy-id-1234" in x]
        assert '"GET /accounts/login/ HTTP/1.1" 200' in line

        # graceful reload: new workers start, the old ones stop, the site keeps answering
        server.process.send_signal(signal.SIGHUP)
        assert wait_for(lambda: server.stderr.read_text().count("Booting worker") == 4)
        assert server.request("GET", "/accounts/login/").status == 200
        assert server.process.poll() is None

        assert stop(server.process) == 0
    assert "Shutting down: Master" in server.stderr.read_text()


def _print_config(env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(GUNICORN), "--config", str(DEPLOY / "gunicorn.conf.py"), "--print-config"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def _setting(config: str, name: str) -> str:
    match = re.search(rf"^{name}\s+= (.*)$", config, re.MULTILINE)
    assert match, name
    return match.group(1).strip()


def test_workers_follow_the_cpu_count_unless_the_environment_says(tmp_path: Path):
    default = _print_config(base_env(tmp_path))
    assert _setting(default, "workers") == str(2 * multiprocessing.cpu_count() + 1)
    assert _setting(default, "bind") == "['127.0.0.1:8000']"
    assert _setting(default, "timeout") == "60"
    assert _setting(default, "graceful_timeout") == "30"
    assert _setting(default, "max_requests") == "1000"
    assert _setting(default, "max_requests_jitter") == "100"
    assert _setting(default, "accesslog") == "-"
    assert _setting(default, "errorlog") == "-"
    assert _setting(default, "secure_scheme_headers") == "{}"
    assert _setting(default, "control_socket_disable") == "True"

    changed = _print_config(
        base_env(tmp_path, QCOUNTY_WEB_WORKERS="3", QCOUNTY_WEB_BIND="127.0.0.1:9001")
    )
    assert _setting(changed, "workers") == "3"
    assert _setting(changed, "bind") == "['127.0.0.1:9001']"
