"""Repeated wrong passwords lock the account (and, far later, the address), in Chinese."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from qcounty.web.accounts.lockout import client_ip
from qcounty.web.accounts.models import User
from tests.web.accounts.conftest import PASSWORD, SignIn
from tests.web.conftest import World


def _locked(response: Any) -> bool:
    return response.status_code == 429 and "账户已暂时锁定" in response.content.decode()


def test_fifty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(
    office: User, sign_in: SignIn, settings: Any
) -> None:
    """The finding: 50 wrong passwords for wendeng-office, then the right one still worked."""
    responses = [sign_in("wendeng-office", f"wrong-{i}") for i in range(50)]

    # the first four are ordinary failures (limit 5), the fifth locks
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert "两者都区分大小写" in responses[0].content.decode()
    assert all(_locked(r) for r in responses[4:])
    right = sign_in("wendeng-office", PASSWORD)
    assert _locked(right)
    assert not right.wsgi_request.user.is_authenticated
    page = right.content.decode()
    assert "该账户连续登录失败次数过多" in page
    assert "请于 30 分钟后" in page
    assert "请联系系统管理员" in page


def test_the_lockout_page_names_the_contact_and_no_inline_script(
    office: User, sign_in: SignIn, settings: Any
) -> None:
    settings.QCOUNTY_SUPPORT_CONTACT = "省质量强省办信息科 0531-12345678"
    for i in range(5):
        response = sign_in("wendeng-office", f"wrong-{i}")
    page = response.content.decode()
    assert "省质量强省办信息科 0531-12345678" in page
    assert "style=" not in page
    assert "<script>" not in page


def test_attempts_during_the_lock_neither_count_nor_prolong_it(
    office: User, sign_in: SignIn
) -> None:
    for i in range(5):
        sign_in("wendeng-office", f"wrong-{i}")
    attempt = AccessAttempt.objects.get(username="wendeng-office")
    for i in range(10):
        sign_in("wendeng-office", f"again-{i}")
    assert AccessAttempt.objects.get(pk=attempt.pk).attempt_time == attempt.attempt_time
    assert AccessAttempt.objects.get(pk=attempt.pk).failures_since_start == 5


def test_the_page_says_when_the_older_failures_stop_counting(office: User, sign_in: SignIn) -> None:
    """3 failures 20 minutes ago + 2 now lock; at 20 + 30 min the 3 age out: 10 minutes left."""
    for i in range(3):
        sign_in("wendeng-office", f"wrong-{i}", address="10.4.0.1")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20))
    for i in range(2):
        response = sign_in("wendeng-office", f"wrong-{i}", address="10.4.0.2")
    assert _locked(response)
    assert "请于 10 分钟后" in response.content.decode()


def test_the_lock_ends_after_the_cool_off(office: User, sign_in: SignIn) -> None:
    for i in range(5):
        sign_in("wendeng-office", f"wrong-{i}")
    assert _locked(sign_in("wendeng-office", PASSWORD))

    # 31 minutes later (cool-off 30)
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    response = sign_in("wendeng-office", PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user == office


def test_other_accounts_on_the_same_address_are_unaffected(
    world: World, office: User, sign_in: SignIn
) -> None:
    """A county's clerks share one NAT address: one locked account does not lock them."""
    for i in range(50):
        sign_in("wendeng-office", f"wrong-{i}")
    world.market_clerk.set_password(PASSWORD)
    world.market_clerk.save()

    response = sign_in("wendeng-market-supervision", PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user == world.market_clerk


def test_the_account_is_locked_whatever_the_address(office: User, sign_in: SignIn) -> None:
    for i in range(5):
        sign_in("wendeng-office", f"wrong-{i}", address=f"10.2.0.{i}")
    assert _locked(sign_in("wendeng-office", PASSWORD, address="10.9.9.9"))


def test_an_address_spraying_many_accounts_is_locked_at_its_own_limit(
    world: World, office: User, sign_in: SignIn, settings: Any
) -> None:
    settings.QCOUNTY_AXES_IP_FAILURE_LIMIT = 8
    users = ["wendeng-office", "wendeng-market-supervision", "wendeng-statistics", "province"]
    for i in range(8):  # two per account: no account reaches 5
        response = sign_in(users[i % 4], "Password123")
    assert _locked(response)
    page = response.content.decode()
    assert "您所在网络地址的登录失败次数过多" in page

    # the right password from that address is refused; from another address it works
    assert _locked(sign_in("wendeng-office", PASSWORD, address="10.1.1.1"))
    assert sign_in("wendeng-office", PASSWORD, address="10.7.7.7").status_code == 302


def test_a_successful_login_clears_the_accounts_count(office: User, sign_in: SignIn) -> None:
    for i in range(4):
        sign_in("wendeng-office", f"wrong-{i}")
    assert sign_in("wendeng-office", PASSWORD).status_code == 302
    for i in range(4):
        sign_in("wendeng-office", f"typo-{i}")
    assert sign_in("wendeng-office", PASSWORD).status_code == 302


def test_every_failure_and_the_lockout_are_recorded_and_logged(
    office: User, sign_in: SignIn, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="qcounty"):
        for i in range(5):
            sign_in("wendeng-office", f"wrong-{i}", address="10.3.3.3")
        sign_in("wendeng-office", PASSWORD, address="10.3.3.3")

    attempt = AccessAttempt.objects.get(username="wendeng-office")
    assert attempt.failures_since_start == 5
    assert attempt.ip_address == "10.3.3.3"
    assert "wrong-" not in attempt.post_data  # the passwords are masked
    failures = AccessFailureLog.objects.filter(username="wendeng-office").order_by("attempt_time")
    assert [f.locked_out for f in failures] == [False, False, False, False, True]
    assert not AccessLog.objects.filter(username="wendeng-office").exists()
    lockouts = [
        r for r in caplog.records if r.name.startswith("qcounty") and "locked out" in r.message
    ]
    assert lockouts and "username=wendeng-office ip=10.3.3.3" in lockouts[0].message


def test_the_administrator_unlocks_an_account_in_the_admin(
    world: World, office: User, sign_in: SignIn
) -> None:
    for i in range(5):
        sign_in("wendeng-office", f"wrong-{i}")
    assert _locked(sign_in("wendeng-office", PASSWORD))
    admin = world.admin
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_login", "_selected_action": [office.pk]},
        follow=True,
    )
    assert "已解除 1 个账户的登录锁定" in response.content.decode()
    assert sign_in("wendeng-office", PASSWORD).status_code == 302


def test_the_administrator_unlocks_an_account_with_the_command(
    office: User, sign_in: SignIn
) -> None:
    for i in range(5):
        sign_in("wendeng-office", f"wrong-{i}")
    assert _locked(sign_in("wendeng-office", PASSWORD))
    call_command("axes_reset_username", "wendeng-office", verbosity=0)
    assert sign_in("wendeng-office", PASSWORD).status_code == 302


def test_the_admin_shows_the_records_in_chinese_and_keeps_the_logs(
    world: World, office: User, sign_in: SignIn
) -> None:
    sign_in("wendeng-office", "wrong")
    admin = world.admin
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)

    index = client.get(reverse("admin:index")).content.decode()
    assert "登录失败记录" in index
    assert "登录记录" in index
    failure = AccessFailureLog.objects.get()
    assert (
        client.post(reverse("admin:axes_accessfailurelog_delete", args=[failure.pk])).status_code
        == 403
    )
    assert AccessFailureLog.objects.filter(pk=failure.pk).exists()


def test_the_admin_login_is_locked_too(office: User) -> None:
    office.is_staff = True
    office.save()
    client = Client()
    for i in range(5):
        response = client.post(
            reverse("admin:login"), {"username": "wendeng-office", "password": f"wrong-{i}"}
        )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.9"),  # no proxy: the header is the client's to forge
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a forged left part is ignored
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "127.0.0.9"),  # fewer entries than proxies: misconfigured
        (1, "not-an-address", "127.0.0.9"),
        (1, "", "127.0.0.9"),
    ],
)
def test_the_client_address_is_read_behind_the_trusted_proxies(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.QCOUNTY_PROXY_COUNT = proxies
    request = RequestFactory().post(
        "/accounts/login/", REMOTE_ADDR="127.0.0.9", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected
