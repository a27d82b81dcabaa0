"""Fixtures of the end-to-end tests: the demo served by a real server, and a real browser.

- ``demo_server`` (module): a temporary QCOUNTY_VAR with its own SQLite database, filled by
  ``manage.py migrate`` and ``manage.py load_demo`` (``demo_template``: once per process, then
  copied for each module), served by ``manage.py runserver`` on a free
  port of 127.0.0.1 with DEBUG off, as the demo runs: WhiteNoise serves the static files and
  node_modules' libraries, and the pages send the production Content-Security-Policy; the
  background worker runs beside it (``manage.py supervise_worker``).
  Everything runs in subprocesses: these tests use neither pytest-django's database nor its
  live_server, so they run the same whatever database the rest of the suite is on.
- ``browser`` (module): Debian's Chromium (/usr/bin/chromium, installed by
  scripts/install-browser.sh), never a browser downloaded by Playwright. Module-scoped on
  purpose: while Playwright's sync API is running it keeps an asyncio loop running in this
  thread, and Django refuses ORM calls from such a thread (SynchronousOnlyOperation), so it must
  be stopped before the tests that use the database run in the same process.
- ``page`` (function): a new browser context (no cookies) per test; ``browser_errors`` collects
  its JavaScript errors, console errors, Content-Security-Policy violations and failed requests,
  and the test fails on any.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DEMO_PASSWORD = "qcounty-demo-2023"
SERVER_START_SECONDS = 30
# Reports every Content-Security-Policy violation as a console error (Chromium logs most of them
# itself, but not all, e.g. those of inline styles set by a library through innerHTML).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""
# The app has no favicon: Chromium asks for /favicon.ico and logs the 404 as a console error.
IGNORED_URL_SUFFIXES = ("/favicon.ico",)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: end-to-end test driving Debian's Chromium against the demo on runserver"
    )


@dataclass
class DemoServer:
    url: str
    var: Path
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start runserver on this server's port; fail the test if it does not answer."""
        port = self.url.rsplit(":", 1)[1]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=REPO,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while self.process.poll() is None and time.monotonic() < deadline:
            if _answers(self.url + "/accounts/login/"):
                return
            time.sleep(0.2)
        _stop(self.process)
        pytest.fail(
            f"runserver did not answer on {self.url} within {SERVER_START_SECONDS} s "
            f"(exit code {self.process.returncode}):\n{self.log_tail()}",
            pytrace=False,
        )

    def cut(self) -> None:
        """Kill the server at once, as a crash or a pulled cable would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def _server_env(var: Path) -> dict[str, str]:
    env = dict(os.environ)
    # the server's own SQLite database and evidence files, whatever the test run was given
    for name in ("DATABASE_URL", "QCOUNTY_EVIDENCE_ROOT", "QCOUNTY_SECRET_KEY"):
        env.pop(name, None)
    env.update(
        QCOUNTY_VAR=str(var),
        QCOUNTY_DEBUG="0",
        QCOUNTY_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="qcounty.web.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for_heartbeat(database: Path, worker: subprocess.Popen[bytes]) -> None:
    """Wait until the worker has recorded its first heartbeat (the pages look for it)."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while worker.poll() is None and time.monotonic() < deadline:
        with contextlib.closing(sqlite3.connect(database, timeout=10)) as conn:
            if conn.execute("SELECT count(*) FROM operations_workerheartbeat").fetchone()[0]:
                return
        time.sleep(0.2)
    pytest.fail(f"the background worker did not start (exit code {worker.poll()})", pytrace=False)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the demo once per process (migrate, load_demo): a QCOUNTY_VAR to copy per module."""
    var = tmp_path_factory.mktemp("e2e-template")
    env = _server_env(var)
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "load_demo")
    return var


@pytest.fixture(scope="module")
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Path
) -> Iterator[DemoServer]:
    """Serve a fresh demo for each test module: the modules change its data independently.

    Each module gets its own copy of the session's freshly built demo (its SQLite database,
    secret key and generated files), the same as a migrate and load_demo of its own would give.
    """
    node_modules = Path(os.environ.get("QCOUNTY_NODE_MODULES", REPO / "node_modules"))
    if not (node_modules / "htmx.org" / "dist" / "htmx.min.js").exists():
        pytest.fail(
            f"{node_modules} has no htmx.org: install the front-end libraries first "
            "(`npm ci --no-audit --no-fund`, or any make target)",
            pytrace=False,
        )
    var = tmp_path_factory.mktemp("e2e-var")
    shutil.copytree(demo_template, var, dirs_exist_ok=True)
    env = _server_env(var)

    log = var / "runserver.log"
    for _attempt in range(3):  # another process may take the free port before runserver does
        server = DemoServer(url=f"http://127.0.0.1:{_free_port()}", var=var, log=log, env=env)
        try:
            server.start()
        except pytest.fail.Exception:
            if "already in use" in server.log_tail():
                continue
            raise
        # the background worker beside it, as `make demo` runs it (no "后台任务未运行" banner)
        with (var / "worker.log").open("ab") as out:
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "supervise_worker", "--", "--interval", "0.2"],
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_for_heartbeat(var / "qcounty.sqlite3", worker)
        try:
            yield server
        finally:
            _stop(worker)
            if server.process is not None:
                _stop(server.process)
        return
    pytest.fail(f"runserver found no free port:\n{server.log_tail()}", pytrace=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} is missing: the end-to-end tests drive Debian's Chromium. "
            "Install it (as root) with `bash scripts/install-browser.sh`.",
            pytrace=False,
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class BrowserErrors:
    """What went wrong in the browser: uncaught exceptions, console errors, failed requests."""

    server: DemoServer
    errors: list[str] = field(default_factory=list)
    server_errors: bool = False
    downloads: set[str] = field(default_factory=set)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"JavaScript error: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if "Failed to load resource" in message.text and _ignored(url):
            return
        self.errors.append(f"console error: {message.text} ({url})")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and not _ignored(response.url):
            self.errors.append(f"HTTP {response.status}: {response.request.method} {response.url}")
            self.server_errors = self.server_errors or response.status >= 500
        if response.headers.get("content-disposition", "").startswith("attachment"):
            self.downloads.add(response.url)

    def _request_failed(self, request: Request) -> None:
        # the browser aborts the navigation that a download starts with: not an error
        # (the failure can be reported before the response that marks it as a download, so
        # an aborted GET of an evidence file counts as a download too)
        aborted = request.failure == "net::ERR_ABORTED"
        if aborted and (request.url in self.downloads or _is_evidence_download(request)):
            return
        # a part of a page htmx was still loading (a group of indicators, a panel) when the test
        # moved on to the next page: the browser drops it, as it would for a user; a save (POST)
        # cut off is still an error
        if aborted and request.method == "GET" and request.headers.get("hx-request") == "true":
            return
        self.errors.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def assert_none(self) -> None:
        """Fail the test on the errors seen since the last check (each is reported once)."""
        errors, self.errors = self.errors, []
        if errors:
            log = f"\nserver log:\n{self.server.log_tail()}" if self.server_errors else ""
            pytest.fail("errors in the browser:\n" + "\n".join(errors) + log, pytrace=False)


def _ignored(url: str) -> bool:
    return url.split("?")[0].endswith(IGNORED_URL_SUFFIXES)


@pytest.fixture
def browser_errors(demo_server: DemoServer) -> BrowserErrors:
    return BrowserErrors(demo_server)


@pytest.fixture
def page(
    browser: Browser, demo_server: DemoServer, browser_errors: BrowserErrors
) -> Iterator[Page]:
    """A page in a new browser context, relative URLs against the demo server; fails the test
    (at teardown) on any error ``browser_errors`` saw that the test did not check itself."""
    context = browser.new_context(
        base_url=demo_server.url,
        viewport={"width": 1400, "height": 900},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    browser_errors.watch(page)
    try:
        yield page
    finally:
        context.close()
    browser_errors.assert_none()


def _is_evidence_download(request: Request) -> bool:
    return request.method == "GET" and re.search(r"/evidence/\d+/$", request.url) is not None
