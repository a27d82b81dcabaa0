"""Who hears of a decision: in the application and by e-mail, once the change is committed."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.review.actions import Refused, transition_application, transition_section
from qcounty.web.review.models import Notification, Section
from tests.web.conftest import World, _user
from tests.web.review.conftest import BEFORE_DEADLINE, Sections, complete, put, put_application

S = Section.Status
A = Application.Status
Kind = Notification.Kind
REASON = "第17项计量师人数与证明材料不符"

pytestmark = pytest.mark.usefixtures("with_email")


def received(kind: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", "text"))


def mailed() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.body) for m in mail.outbox)


def test_a_returned_section_reaches_the_departments_clerks_with_the_reason(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    section = put(sections.market, S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(section, "return_section", world.office, reason=REASON)

    text = f"区市场监管局的2023年填报被退回：{REASON}"
    assert received(Kind.RETURNED) == [("wendeng-market-supervision", text)]
    assert Notification.objects.count() == 1
    notification = Notification.objects.get()
    assert notification.application == world.application
    assert notification.link == reverse("reporting:application", args=[world.application.pk])
    assert notification.read_at is None
    assert mailed() == [("wendeng-market-supervision@example.org", text)]
    assert REASON in mail.outbox[0].subject


def test_every_active_clerk_of_the_department_hears_and_no_one_else(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    colleague = _user("wendeng-market-2", User.Role.CLERK, world.market_dept)  # no e-mail
    _user("wendeng-market-gone", User.Role.CLERK, world.market_dept)
    User.objects.filter(username="wendeng-market-gone").update(is_active=False)
    section = put(sections.market, S.RESUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(section, "return_section", world.office, reason=REASON)

    assert [u for u, _ in received(Kind.RETURNED)] == [
        colleague.username,
        "wendeng-market-supervision",
    ]
    assert [to for to, _ in mailed()] == ["wendeng-market-supervision@example.org"]


def test_a_reopened_section_is_a_return_for_its_clerks(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    section = put(sections.market, S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(section, "reopen_section", world.office, reason=REASON)
    assert received(Kind.RETURNED) == [
        ("wendeng-market-supervision", f"区市场监管局的2023年填报被退回：{REASON}")
    ]


def test_an_accepted_section_reaches_the_departments_clerks(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    section = put(sections.market, S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(section, "accept_section", world.office)
    text = "区市场监管局的2023年填报已被县质量强县办接收"
    assert received(Kind.ACCEPTED) == [("wendeng-market-supervision", text)]
    assert mailed() == [("wendeng-market-supervision@example.org", text)]


def test_a_submitted_section_reaches_the_county_office(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    complete(sections.market)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(
            sections.market, "submit_section", world.market_clerk, today=BEFORE_DEADLINE
        )
    text = "区市场监管局已提交2023年填报"
    assert received(Kind.SUBMITTED) == [("wendeng-office", text)]
    assert mailed() == [("wendeng-office@example.org", text)]


def test_a_submitted_application_reaches_the_evaluators(
    world: World, ready: Application, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    second = _user("province-2", User.Role.EVALUATOR, world.province)  # no e-mail: in-app only
    with django_capture_on_commit_callbacks(execute=True):
        transition_application(ready, "submit_application", world.office)
    assert received(Kind.SUBMITTED) == [
        ("province", "文登区已提交2023年申报"),
        (second.username, "文登区已提交2023年申报"),
    ]
    assert mailed() == [("province@example.org", "文登区已提交2023年申报")]


def test_a_returned_application_reaches_the_county_office_with_the_reason(
    world: World, ready: Application, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    application = put_application(ready, A.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_application(application, "return_application", world.evaluator, reason=REASON)
    text = f"文登区的2023年申报被省级退回：{REASON}"
    assert received(Kind.RETURNED) == [("wendeng-office", text)]
    assert mailed() == [("wendeng-office@example.org", text)]


def test_an_accepted_application_reaches_the_county_office(
    world: World, ready: Application, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    application = put_application(ready, A.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition_application(application, "accept_application", world.evaluator)
    assert received(Kind.ACCEPTED) == [("wendeng-office", "文登区的2023年申报已被省级接收")]
    assert [to for to, _ in mailed()] == ["wendeng-office@example.org"]


def test_nothing_is_sent_before_the_change_is_committed(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    section = put(sections.market, S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition_section(section, "return_section", world.office, reason=REASON)
    assert len(callbacks) == 1
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_refused_action_notifies_no_one(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Refused):
        transition_section(sections.market, "return_section", world.office, reason=REASON)
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


# ---------------------------------------------------------------- issue 13: one per event, the year,
# mark all read, the daily digest


def test_a_user_listed_twice_hears_once(world: World) -> None:
    from qcounty.web.review import notify

    sent = notify.send([world.office, world.office], world.application, Kind.SUBMITTED, "x")
    assert len(sent) == 1 and Notification.objects.filter(user=world.office).count() == 1
    assert len(mail.outbox) == 1


def test_the_campaign_year_tells_two_campaigns_apart(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from qcounty.web.campaigns.models import Campaign
    from qcounty.web.review.sections import ensure_sections

    earlier = Campaign.objects.get(pk=world.campaign.pk)
    earlier.pk, earlier.evaluation_year, earlier.name = None, 2022, "2022年创建"
    earlier.save()
    old = Application.objects.create(campaign=earlier, county=world.wendeng)
    old_market = next(s for s in ensure_sections(old) if s.department == world.market_dept)
    for section in (put(old_market, S.SUBMITTED), put(sections.market, S.SUBMITTED)):
        with django_capture_on_commit_callbacks(execute=True):
            transition_section(section, "accept_section", world.office)
    assert received(Kind.ACCEPTED) == [
        ("wendeng-market-supervision", "区市场监管局的2022年填报已被县质量强县办接收"),
        ("wendeng-market-supervision", "区市场监管局的2023年填报已被县质量强县办接收"),
    ]


def test_a_submitted_section_links_to_the_departments_review_page(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    complete(sections.market)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(
            sections.market, "submit_section", world.market_clerk, today=BEFORE_DEADLINE
        )
    assert Notification.objects.get(user=world.office).link == reverse(
        "review:section", args=[sections.market.pk]
    )


def test_the_list_marks_nothing_read_until_opened_or_all_marked(world: World, login) -> None:
    from qcounty.web.review import notify

    first, second = (
        notify.send([world.office], world.application, Kind.SUBMITTED, text)[0]
        for text in ("区市场监管局已提交2023年填报", "区统计局已提交2023年填报")
    )
    client = login(world.office)
    page = client.get(reverse("review:notifications")).content.decode()
    assert "2 条未读" in page and "全部标为已读" in page
    assert Notification.objects.filter(user=world.office, read_at=None).count() == 2
    # opening one marks it read and goes where it points
    response = client.get(reverse("review:notification", args=[first.pk]))
    assert response["Location"] == first.link
    assert list(Notification.objects.filter(read_at=None)) == [second]
    # another user's notification is not theirs to open
    assert (
        login(world.market_clerk).get(reverse("review:notification", args=[second.pk])).status_code
        == 404
    )
    client = login(world.office)
    client.post(reverse("review:notifications_read"))
    assert not Notification.objects.filter(read_at=None).exists()
    assert "全部标为已读" not in client.get(reverse("review:notifications")).content.decode()


def test_a_daily_digest_user_gets_one_mail_a_day_listing_the_unread(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django.core.management import call_command

    User.objects.filter(pk=world.office.pk).update(delivery=User.Delivery.DAILY)
    for section in (sections.market, sections.statistics):
        complete(section)
    clerks = {
        world.market_dept.pk: world.market_clerk,
        world.statistics_dept.pk: world.statistics_clerk,
    }
    for section in (sections.market, sections.statistics):
        with django_capture_on_commit_callbacks(execute=True):
            transition_section(
                section, "submit_section", clerks[section.department_id], today=BEFORE_DEADLINE
            )
    assert Notification.objects.filter(user=world.office).count() == 2
    assert mail.outbox == []  # not at once: in the digest
    read = Notification.objects.filter(user=world.office).order_by("pk").last()
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)  # read in the app
    call_command("send_digest", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["wendeng-office@example.org"]]
    body = mail.outbox[0].body
    assert "区市场监管局已提交2023年填报" in body and "区统计局" not in body
    assert "1 条" in mail.outbox[0].subject
    call_command("send_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # each notification goes into one digest only


def test_the_preferences_page_sets_the_delivery(world: World, login) -> None:
    client = login(world.office)
    page = client.get(reverse("accounts:preferences")).content.decode()
    assert "每天汇总成一封邮件" in page and "每条通知立即发送邮件" in page
    client.post(
        reverse("accounts:preferences"),
        {"email": "office@example.org", "delivery": User.Delivery.DAILY},
    )
    world.office.refresh_from_db()
    assert world.office.delivery == User.Delivery.DAILY


def test_the_office_submitting_for_a_department_is_not_told_of_its_own_action(
    world: World, sections: Sections, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    colleague = _user("wendeng-office-2", User.Role.COUNTY_OFFICE, world.wendeng)
    complete(sections.market)
    with django_capture_on_commit_callbacks(execute=True):
        transition_section(sections.market, "submit_section", world.office, today=BEFORE_DEADLINE)
    assert received(Kind.SUBMITTED) == [(colleague.username, "区市场监管局已提交2023年填报")]
