"""A small asyncio HTTP/1.1 client for the web benchmark: sessions, CSRF, closed and open loops.

gunicorn's sync workers close the connection after every response, so each request opens a
connection, as a browser behind them does (wrk does the same against this server). The client
costs far less CPU per request than locust on the same two cores (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from web_stats import Tally

TIMEOUT = 30.0
VERSION = re.compile(rb'name="version" value="(\d+)"')


class HttpError(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def cookies(self) -> dict[str, str]:
        out = {}
        for name, value in self.headers:
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                out[key.strip()] = rest.split(";", 1)[0]
        return out


async def fetch(
    host: str, port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> Response:
    """Send one request on a new connection and read the whole response."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), TIMEOUT)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        raw = await asyncio.wait_for(reader.read(-1), TIMEOUT)
    finally:
        writer.close()
    return parse(raw)


def parse(raw: bytes) -> Response:
    """Return the response in `raw` (a whole HTTP/1.1 response, the connection closed after it)."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        raise HttpError(f"incomplete response ({len(raw)} bytes)")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    headers = []
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    if ("transfer-encoding", "chunked") in headers:
        body = dechunk(body)
    return Response(status, headers, body)


def dechunk(body: bytes) -> bytes:
    out = bytearray()
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += body[:size]
        body = body[size + 2 :]
    return bytes(out)


@dataclass
class Session:
    """One signed-in user's cookies, shared by every simulated browser tab of that user."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def _headers(self, htmx: bool) -> dict[str, str]:
        headers = {"User-Agent": "qcounty-bench-web"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    async def get(self, path: str, htmx: bool = False) -> Response:
        return await fetch(self.host, self.port, "GET", path, self._headers(htmx))

    async def post(self, path: str, data: dict[str, str], htmx: bool = False) -> Response:
        token = self.cookies.get("csrftoken", "")
        headers = self._headers(htmx) | {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": token,
            "Referer": f"http://{self.host}:{self.port}/",
        }
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        return await fetch(self.host, self.port, "POST", path, headers, body)

    async def log_in(self, username: str, password: str) -> None:
        page = await self.get("/accounts/login/")
        self.cookies.update(page.cookies())
        done = await self.post("/accounts/login/", {"username": username, "password": password})
        self.cookies.update(done.cookies())
        if done.status != 302 or "sessionid" not in self.cookies:
            raise HttpError(f"{username} could not log in (status {done.status})")


# One simulated user's next step: its kind (the table's row), and a coroutine function that sends
# it and returns the status and how it went: "ok", "conflict" or "error".
Step = tuple[str, Callable[[], Awaitable[tuple[int, str]]]]


async def closed_loop(
    users: list[Callable[[], Step]], seconds: float, tallies: dict[str, Tally]
) -> float:
    """Run each user's steps back to back for `seconds`; return the time actually measured."""
    start = time.perf_counter()
    deadline = start + seconds

    async def user(next_step: Callable[[], Step]) -> None:
        while time.perf_counter() < deadline:
            await timed(next_step(), tallies, None)

    await asyncio.gather(*(user(u) for u in users))
    return time.perf_counter() - start


async def open_loop(
    step: Callable[[], Step], rate: float, seconds: float, tallies: dict[str, Tally]
) -> int:
    """Start a step every 1/rate s whatever the answers; return how many were started.

    Latency counts from when a step was due, not when it was sent, so a slow server cannot
    hide its queue (coordinated omission).
    """
    start = time.perf_counter()
    tasks = set()
    n = 0
    while (due := start + n / rate) < start + seconds:
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(timed(step(), tallies, due))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        n += 1
    await asyncio.gather(*tasks)
    return n


async def timed(step: Step, tallies: dict[str, Tally], due: float | None) -> None:
    kind, send = step
    start = time.perf_counter() if due is None else due
    try:
        status, outcome = await send()
    except (TimeoutError, OSError, HttpError, ValueError, IndexError):
        status, outcome = 0, "error"  # refused, reset, timed out or garbled: all errors
    tallies.setdefault(kind, Tally()).add(time.perf_counter() - start, status, outcome)
