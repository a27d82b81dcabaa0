"""The web benchmark's arithmetic: percentiles, tallies, the ratio table, the HTTP parsing."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import web_client
import web_stats


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1 … 100
    assert web_stats.percentile(values, 50) == 50  # ceil(0.50 × 100) = rank 50
    assert web_stats.percentile(values, 95) == 95
    assert web_stats.percentile(values, 99) == 99
    assert web_stats.percentile([3.0, 1.0, 2.0], 50) == 2  # ceil(0.5 × 3) = rank 2 of 1, 2, 3
    assert web_stats.percentile([7.0], 99) == 7


def test_percentile_of_nothing_is_not_a_number():
    assert math.isnan(web_stats.percentile([], 95))


def test_a_conflict_is_an_answer_with_its_latency_but_not_a_success():
    tally = web_stats.Tally()
    tally.add(0.010, 200, "ok")
    tally.add(0.030, 200, "conflict")
    tally.add(30.0, 0, "error")
    assert (tally.answered, tally.succeeded, tally.conflicts, tally.errors) == (2, 1, 1, 1)
    assert tally.statuses == {200: 2, 0: 1}
    row = web_stats.row("save", tally, seconds=2.0)
    assert row.throughput == 1.0  # 2 answers in 2 s; the error is not throughput
    assert row.p50 == 10.0 and row.p99 == 30.0  # ms, over the two answers


def test_ratio_table_compares_with_the_mean_of_the_login_runs():
    def made(kind, rate, target=None, errors=0):
        return web_stats.Row(kind, rate, 1.0, 2.0, 3.0, errors, 0, target)

    rows = [
        made("login", 900.0),
        made("save", 100.0, 1 / 3),  # 100 / 800 = 1/8: missed
        made("page", 100.0, 1 / 10),  # 1/8 ≥ 1/10: met
        made("other", 400.0, 1 / 10, errors=1),  # fast enough, but an error: missed
        made("login (again)", 700.0),  # the login's mean: (900 + 700) / 2 = 800
    ]
    lines = web_stats.ratio_table(rows, "login")
    by_kind = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:]}
    assert "| 1/8.0 | ≥ 1/3 | MISSED |" in by_kind["save"]
    assert "| 1/8.0 | ≥ 1/10 | met |" in by_kind["page"]
    assert "| 1/2.0 | ≥ 1/10 | MISSED |" in by_kind["other"]
    assert "(reference)" in by_kind["login"] and "(reference)" in by_kind["login (again)"]


def test_ratio_text():
    assert web_stats.ratio_text(0.125) == "1/8.0"
    assert web_stats.ratio_text(1.5) == "1.50"
    assert web_stats.ratio_text(math.nan) == "–"


def test_a_chunked_response_is_reassembled():
    raw = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: csrftoken=abc; Path=/\r\n"
        b"\r\n4\r\nWiki\r\n6\r\npedia \r\n0\r\n\r\n"
    )
    response = web_client.parse(raw)
    assert response.status == 200
    assert response.body == b"Wikipedia "
    assert response.cookies() == {"csrftoken": "abc"}


def test_an_incomplete_response_is_an_error():
    with pytest.raises(web_client.HttpError):
        web_client.parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5")
