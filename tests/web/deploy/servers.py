"""Run the production pieces for the deployment tests: the env file, manage.py and gunicorn.

Everything runs in subprocesses with an environment built from scratch (no DATABASE_URL or
QCOUNTY_* of the test run leaks in), on SQLite in a temporary QCOUNTY_VAR, on loopback.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
PRODUCTION_ENV = DEPLOY / "production.env.example"
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_SECONDS = 30


def read_env_file(path: Path) -> dict[str, str]:
    """Return the variables of an env file as systemd's EnvironmentFile= reads ours."""
    variables: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.isidentifier() or name != name.strip():
            raise ValueError(f"{path}:{number}: not NAME=value: {raw!r}")
        variables[name] = value
    return variables


def base_env(var: Path, **variables: str) -> dict[str, str]:
    """Return a clean environment: the interpreter's PATH, the source tree, QCOUNTY_VAR."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO / "src"),
        "PYTHONUNBUFFERED": "1",
        "LANG": "C.UTF-8",
        "QCOUNTY_VAR": str(var),
        "QCOUNTY_NODE_MODULES": os.environ.get("QCOUNTY_NODE_MODULES", str(REPO / "node_modules")),
        **variables,
    }


def production_env(var: Path) -> dict[str, str]:
    """Return the example production environment, on this machine's paths and SQLite."""
    env = {**base_env(var), **read_env_file(PRODUCTION_ENV)}
    # the machine's paths (a checkout under /opt/qcounty, data under /var/lib/qcounty) are not
    # this one's, and the test has no PostgreSQL server: everything else is the file's
    env.update(
        QCOUNTY_VAR=str(var),
        QCOUNTY_EVIDENCE_ROOT=str(var / "evidence"),
        QCOUNTY_STATIC_ROOT=str(var / "static"),
        QCOUNTY_NODE_MODULES=base_env(var)["QCOUNTY_NODE_MODULES"],
        DATABASE_URL=f"sqlite:///{var / 'qcounty.sqlite3'}",
    )
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def wait_for(predicate: Callable[[], bool], seconds: float = 30) -> bool:
    """Return whether predicate became true within seconds (a log line is written after the response)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def logs(self) -> str:
        return (
            f"stdout:\n{self.stdout.read_text(errors='replace')}\n"
            f"stderr:\n{self.stderr.read_text(errors='replace')}"
        )


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def gunicorn(env: dict[str, str], logs: Path) -> Iterator[Server]:
    """Run gunicorn with deploy/gunicorn.conf.py on a free loopback port; stop it at the end."""
    port = free_port()
    env = {**env, "QCOUNTY_WEB_BIND": f"127.0.0.1:{port}"}
    logs.mkdir(parents=True, exist_ok=True)
    stdout, stderr = logs / "gunicorn.out", logs / "gunicorn.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [str(GUNICORN), "--config", str(DEPLOY / "gunicorn.conf.py")],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
    server = Server(port, process, stdout, stderr)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not start on port {port}:\n{server.logs()}")
            time.sleep(0.1)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> int:
    """Stop gunicorn gracefully (TERM), or kill it after a while; return its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return process.returncode
