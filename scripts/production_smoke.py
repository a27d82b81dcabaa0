"""The production smoke test (issue 11's "Done when"), run by scripts/production-smoke.sh.

Starts a throwaway PostgreSQL cluster, migrates it and loads the demo; starts two gunicorn app
servers on two free ports sharing it (DEBUG off, one secret key) and one supervised worker
(`manage.py supervise_worker`); then over HTTP, alternating between the servers: the market
clerk saves indicator 17 and submits, the county office accepts and submits to the province,
the province accepts and takes a snapshot; the province starts a robustness analysis, the worker
process is killed in the middle of it, and the supervisor's new worker runs it to the end;
/healthz answers on both servers. Everything started is stopped on the way out, whatever
happens. Exits 1 with a message (and the servers' last log lines) on the first failure.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import pg_cluster  # noqa: E402  (the repository's throwaway cluster)

PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
PASSWORD = "qcounty-demo-2023"
CLERK, OFFICE, PROVINCE = "wendeng-market-supervision", "wendeng-office", "province"
I17 = {  # the inputs of indicator 17, which the demo leaves to the market clerk
    "i17.metrologists": "12",
    "i17.public_standards": "20",
    "i17.a_class_coverage": "95",
    "i17.verification_full": "true",
}
# about 8 s of work (126 counties: the most the core allows is 92,284): time to kill the worker
REPLICATIONS = 90_000
STEP_TIMEOUT = 30.0
RUN_TIMEOUT = 120.0
T0 = time.monotonic()


class SmokeFailed(Exception):
    pass


STEPS_PASSED = 0


def say(text: str) -> None:
    print(f"[{time.monotonic() - T0:5.1f} s] {text}", flush=True)


def passed(text: str) -> None:
    """Report a step of the walk done."""
    global STEPS_PASSED
    STEPS_PASSED += 1
    say(text)


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailed(message)


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SmokeFailed(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Processes:
    """What the smoke test started, stopped in reverse order however it ends."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, process_group=0
        )
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        for name, process in reversed(self.started):
            # the supervisor's worker runs in a process group of its own: found here, so that
            # it is stopped even if the supervisor has to be killed
            children = children_of(process.pid)
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    say(f"{name} did not stop on TERM: killed")
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                say(f"{name} stopped")
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # whatever is left of its group

    def tails(self) -> str:
        out = []
        for log in sorted(self.logs.glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()[-15:]
            out.append(f"--- {log.name} (last {len(lines)} lines)\n" + "\n".join(lines))
        return "\n".join(out)


class Browser:
    """One user's session over HTTP (cookies and CSRF token), on whichever server is asked."""

    def __init__(self, username: str) -> None:
        self.username = username
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        raise SmokeFailed(f"{self.username}: no CSRF cookie")

    def request(
        self, server: str, path: str, data: dict[str, str] | None = None, htmx: bool = False
    ) -> tuple[int, str, dict[str, str]]:
        body = None
        headers = {"User-Agent": "qcounty-production-smoke"}
        if data is not None:
            data = {"csrfmiddlewaretoken": self.csrf(), **data}
            body = urllib.parse.urlencode(data).encode()
            headers["X-CSRFToken"] = self.csrf()
        if htmx:
            headers["HX-Request"] = "true"
        req = urllib.request.Request(server + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=STEP_TIMEOUT) as response:
                text = response.read().decode("utf-8", errors="replace")
                return response.status, text, dict(response.headers)
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", errors="replace")
            return e.code, text, dict(e.headers)

    def get(self, server: str, path: str, htmx: bool = False) -> str:
        status, text, _ = self.request(server, path, htmx=htmx)
        check(status == 200, f"{self.username}: GET {server}{path} answered {status}")
        return text

    def post(self, server: str, path: str, data: dict[str, str], htmx: bool = False) -> str:
        status, text, _ = self.request(server, path, data, htmx=htmx)
        check(status < 400, f"{self.username}: POST {server}{path} answered {status}")
        return text

    def log_in(self, server: str) -> None:
        self.get(server, "/accounts/login/")
        status, text, _ = self.request(
            server, "/accounts/login/", {"username": self.username, "password": PASSWORD}
        )
        check(
            status == 200 and "退出" in text,
            f"{self.username} could not log in on {server} (status {status})",
        )


def messages_of(page: str) -> str:
    """Return the text of the page's messages (the outcome of the step before)."""
    block = re.search(r'<ul class="messages">(.*?)</ul>', page, re.S)
    return re.sub(r"<[^>]+>", " ", block.group(1)).strip() if block else "(no message)"


def said(page: str, text: str, step: str) -> None:
    check(text in page, f"{step}: expected “{text}”, the page says: {messages_of(page)}")


def found(pattern: str, text: str, what: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise SmokeFailed(f"not found on the page: {what} ({pattern})")
    return match.group(1)


def children_of(pid: int) -> list[int]:
    """Return the ids of the processes whose parent is `pid` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def health(server: str) -> dict[str, object]:
    with urllib.request.urlopen(server + "/healthz", timeout=STEP_TIMEOUT) as response:
        check(response.status == 200, f"{server}/healthz answered {response.status}")
        return json.loads(response.read())


def walk(servers: list[str], supervisor: subprocess.Popen[bytes]) -> None:
    a, b = servers

    say(f"clerk {CLERK} logs in on {a} and saves indicator 17")
    clerk = Browser(CLERK)
    clerk.log_in(a)
    home = clerk.get(b, "/")  # the session works on the other server too (one key, one database)
    application = found(r"/applications/(\d+)/", home, "the clerk's application")
    for i, (key, value) in enumerate(I17.items()):
        server = servers[i % 2]
        saved = clerk.post(
            server, f"/applications/{application}/inputs/{key}/", {"value": value}, htmx=True
        )
        check("已保存" in saved, f"saving {key} = {value} on {server} did not say 已保存")
    panel = clerk.get(a, f"/review/{application}/panel/", htmx=True)
    section = found(r"/review/section/(\d+)/submit/", panel, "the clerk's submit button")
    page = clerk.post(b, f"/review/section/{section}/submit/", {})
    said(page, "的填报已提交", "the clerk's submit")
    passed(f"clerk submitted section {section} on {b}")

    office = Browser(OFFICE)
    office.log_in(b)
    page = office.post(a, f"/review/{application}/accept-submitted/", {})
    said(page, "个部门的填报", "the office's accept")
    check(not re.search(r"已接收 0 个", page), "the office accepted no section")
    passed(f"county office accepted the submitted section on {a}")
    page = office.post(b, f"/review/{application}/submit/", {})
    said(page, "申报已提交至省", "the office's submit to the province")
    passed(f"county office submitted the application to the province on {b}")

    province = Browser(PROVINCE)
    province.log_in(a)
    page = province.post(b, f"/review/{application}/accept/", {})
    said(page, "申报已接收", "the province's accept")
    passed(f"province accepted the application on {b}")
    index = province.get(a, "/evaluation/")
    campaign = found(r"/evaluation/campaigns/(\d+)/snapshot/", index, "the snapshot form")
    page = province.post(a, f"/evaluation/campaigns/{campaign}/snapshot/", {"confirm": "1"})
    made = re.search(r"已生成快照 #(\d+)：(\d+) 个省级已接收的申报", page)
    check(made, f"taking the snapshot did not say 已生成快照: {messages_of(page)}")
    assert made is not None
    snapshot, counties = made.group(1), int(made.group(2))
    passed(f"province took snapshot #{snapshot} of {counties} accepted applications on {a}")
    cohort = province.get(b, f"/evaluation/snapshots/{snapshot}/cohort.json")
    check("文登区" in cohort, f"snapshot #{snapshot} does not hold 文登区's accepted application")

    [worker] = wait_for(lambda: children_of(supervisor.pid), STEP_TIMEOUT, "the worker process")
    say(f"the supervised worker runs as pid {worker}")
    status, page, _ = province.request(
        b,
        f"/evaluation/snapshots/{snapshot}/robustness/",
        {"replications": str(REPLICATIONS), "noise": "10", "seed": "20231", "top": "3"},
    )
    error = re.search(r'class="error"[^>]*>(.*?)<', page, re.S)
    check(status == 200, f"starting the robustness run answered {status}: {error and error[1]}")
    run = found(r"/evaluation/robustness/(\d+)/", page, "the robustness run's page")
    progress_url = f"/evaluation/robustness/{run}/progress/"

    def done() -> int:
        text = province.get(a, progress_url, htmx=True)
        match = re.search(r'<progress max="\d+" value="(\d+)"', text)
        return int(match.group(1)) if match else 0

    first = wait_for(lambda: done() > 0 and done(), STEP_TIMEOUT, "the run to make progress")
    say(
        f"robustness run {run} started: {first} of {REPLICATIONS} replications; killing worker {worker}"
    )
    os.kill(worker, signal.SIGKILL)
    new = wait_for(
        lambda: [p for p in children_of(supervisor.pid) if p != worker],
        STEP_TIMEOUT,
        "the supervisor to start a new worker",
    )
    passed(f"the supervisor started a new worker: pid {new[0]}")

    def finished() -> bool:
        status, _text, headers = province.request(b, progress_url, htmx=True)
        check(status == 200, f"polling the run answered {status}")
        return headers.get("HX-Refresh") == "true"

    wait_for(finished, RUN_TIMEOUT, f"robustness run {run} to finish")
    page = province.get(a, f"/evaluation/robustness/{run}/")
    check("后台进程" not in page and "分析失败" not in page, f"run {run} failed:\n{page[:2000]}")
    check('data-chart="uncertainty"' in page, f"run {run} shows no results")
    passed(f"robustness run {run} finished after the restart and shows its figures")

    for server in servers:
        body = wait_for(lambda server=server: health(server), STEP_TIMEOUT, "/healthz")
        assert isinstance(body, dict)
        check(body.get("database") == "ok", f"{server}/healthz: database {body.get('database')}")
        check(body.get("worker_ok") is True, f"{server}/healthz: worker_ok {body.get('worker_ok')}")
        passed(f"{server}/healthz: {json.dumps(body, ensure_ascii=False)}")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="qcounty-smoke-"))
    logs = work / "logs"
    logs.mkdir()
    processes = Processes(logs)
    cluster = None

    def stop(signum: int, frame: object) -> None:
        raise SmokeFailed(f"stopped by {signal.strsignal(signum)}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        say("starting a throwaway PostgreSQL cluster")
        cluster = pg_cluster.start()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("QCOUNTY_", "DJANGO_")) and k != "DATABASE_URL"
        } | {
            "DATABASE_URL": cluster.url,
            "QCOUNTY_VAR": str(work / "var"),
            "QCOUNTY_DEBUG": "0",
            "QCOUNTY_SECRET_KEY": secrets.token_urlsafe(50),  # the same on both app servers
            "QCOUNTY_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONPATH": str(REPO / "src"),
            "DJANGO_SETTINGS_MODULE": "qcounty.web.settings",
        }

        def manage(*args: str) -> None:
            result = subprocess.run(
                [str(PYTHON), "manage.py", *args], env=env, cwd=REPO, capture_output=True, text=True
            )
            check(result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}")

        say("migrating")
        manage("migrate", "--verbosity", "0")

        servers = []
        for name in ("app1", "app2"):
            port = free_port()
            config = ["-c", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else []
            command = [
                str(GUNICORN),
                *config,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
                # gunicorn 27's control socket is one path per user by default: two servers clash
                "--no-control-socket",
                "qcounty.web.wsgi:application",
            ]
            processes.start(name, command, env)
            servers.append(f"http://127.0.0.1:{port}")
        supervisor = processes.start(
            "worker",
            [
                str(PYTHON),
                "manage.py",
                "supervise_worker",
                "--",
                "--interval",
                "0.5",
                "--no-startup-delay",
            ],
            env,
        )
        say("loading the demo (the servers start meanwhile)")
        manage("load_demo")
        for server in servers:

            def up(server: str = server) -> bool:
                try:
                    return health(server).get("database") == "ok"
                except (OSError, SmokeFailed):
                    return False

            wait_for(up, STEP_TIMEOUT, f"{server} to answer")
            say(f"app server {server} is up")
        say("two app servers (gunicorn) and a supervised worker are running")
        walk(servers, supervisor)
    except SmokeFailed as e:
        print(f"\nPRODUCTION SMOKE TEST FAILED: {e}\n\n{processes.tails()}", file=sys.stderr)
        print(f"smoke: {STEPS_PASSED} passed, 1 failed", flush=True)
        return 1
    finally:
        say("stopping everything the smoke test started")
        processes.stop_all()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
        say("stopped")
    say("production smoke test passed")
    print(f"smoke: {STEPS_PASSED} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
