"""The county's 自查 panel (issue 17): its own flags, links to the fields, explanations."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from qcounty.web.accounts.models import User
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.models import FlagNote, InputValue
from qcounty.web.reporting.selfcheck import flags_of, ident_text, identity
from qcounty.web.review.models import AuditEntry
from tests.web.adjudication.conftest import evidence_of, put_status, store, synthetic_values
from tests.web.conftest import World


def _implausible(application: Application) -> None:
    """Store a synthetic county's values with more three-star stations than stations."""
    values = synthetic_values()
    values["pre.stations"] = 10
    values["pre.three_star"] = 14
    store(application, values)


def _page(client: Client, application: Application) -> str:
    """Return the application page with its 自查 panel (which htmx loads after the page)."""
    response = client.get(reverse("reporting:application", args=[application.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    if 'id="selfcheck"' not in page:
        return page
    panel = client.get(reverse("reporting:selfcheck", args=[application.pk]))
    assert panel.status_code == 200
    return page + panel.content.decode()


def _ident(application: Application, kind: str = "part_exceeds_whole") -> str:
    flag = next(
        f for f in flags_of(application) if f.kind == kind and f.keys[0] == "pre.three_star"
    )
    return ident_text(identity(flag))


def test_the_office_sees_its_flag_with_a_link_to_the_field(
    world: World, login: Callable[[User], Client]
) -> None:
    _implausible(world.application)
    page = _page(login(world.office), world.application)
    assert 'id="selfcheck"' in page
    assert 'data-kind="part_exceeds_whole" data-key="pre.three_star"' in page
    assert (
        'href="#gates">新评定或复核通过的三星市场监管所数量</a>' in page
    )  # a gate's field: the gates section
    assert "荣成市" not in page.split('id="selfcheck"')[-1]
    other = login(world.rongcheng_office)
    assert other.get(reverse("reporting:selfcheck", args=[world.application.pk])).status_code == 404


def test_a_clean_application_has_no_flags_and_the_province_sees_no_panel(
    world: World, login: Callable[[User], Client]
) -> None:
    store(world.application, synthetic_values())
    page = _page(login(world.office), world.application)
    assert 'data-key="pre.three_star"' not in page
    put_status(world.application, Application.Status.SUBMITTED)
    province = login(world.evaluator)
    assert 'id="selfcheck"' not in _page(province, world.application)
    assert (
        province.get(reverse("reporting:selfcheck", args=[world.application.pk])).status_code == 404
    )


def test_a_clerk_sees_only_the_flags_of_its_own_fields(
    world: World, login: Callable[[User], Client]
) -> None:
    _implausible(world.application)  # the gate belongs to market supervision
    assert 'data-key="pre.three_star"' in _page(login(world.market_clerk), world.application)
    assert 'data-key="pre.three_star"' not in _page(
        login(world.statistics_clerk), world.application
    )


def test_an_explanation_is_stored_audited_and_shown_and_the_value_stays(
    world: World, login: Callable[[User], Client]
) -> None:
    _implausible(world.application)
    client = login(world.office)
    url = reverse("reporting:flag_note", args=[world.application.pk])
    ident = _ident(world.application)
    response = client.post(url, {"flag": ident, "text": "含新建所，统计口径已核实"})
    assert response.status_code == 302
    note = FlagNote.objects.get(application=world.application)
    assert (note.kind, note.text, note.by) == (
        "part_exceeds_whole",
        "含新建所，统计口径已核实",
        world.office,
    )
    assert InputValue.objects.get(application=world.application, key="pre.three_star").value == 14
    assert (
        AuditEntry.objects.filter(application=world.application, name="explain_flag").count() == 1
    )
    assert "已核实，说明：含新建所，统计口径已核实" in _page(client, world.application)
    client.post(url, {"flag": ident, "text": "含新建所，统计口径已核实"})  # sent twice: once
    assert (
        AuditEntry.objects.filter(application=world.application, name="explain_flag").count() == 1
    )


def test_another_county_is_refused_with_a_chinese_message(
    world: World, login: Callable[[User], Client]
) -> None:
    _implausible(world.application)
    ident = _ident(world.application)
    url = reverse("reporting:flag_note", args=[world.application.pk])
    for user in (world.rongcheng_office, world.rongcheng_clerk, world.evaluator):
        response = login(user).post(url, {"flag": ident, "text": "别县的说明"})
        assert response.status_code == 403
        assert "只能对本县申报的自查提示作出说明" in response.content.decode()
    assert not FlagNote.objects.exists()


def test_an_empty_or_unknown_explanation_or_a_submitted_application_is_refused(
    world: World, login: Callable[[User], Client]
) -> None:
    _implausible(world.application)
    client = login(world.office)
    url = reverse("reporting:flag_note", args=[world.application.pk])
    ident = _ident(world.application)
    page = client.post(url, {"flag": ident, "text": "  "}, follow=True).content.decode()
    assert "请填写说明" in page
    page = client.post(url, {"flag": "jump|x|0", "text": "说明"}, follow=True).content.decode()
    assert "这条提示已不存在" in page
    put_status(world.application, Application.Status.SUBMITTED)
    response = client.post(url, {"flag": ident, "text": "说明"})
    assert response.status_code == 403
    assert "申报已报省或已冻结" in response.content.decode()
    assert not FlagNote.objects.exists()


def test_an_explanation_sent_by_htmx_answers_the_panel_again(
    world: World, login: Callable[[User], Client]
) -> None:
    _implausible(world.application)
    client = login(world.office)
    url = reverse("reporting:flag_note", args=[world.application.pk])
    ident = _ident(world.application)
    panel = client.post(url, {"flag": ident, "text": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="selfcheck"' in panel and "请填写说明" in panel
    panel = client.post(url, {"flag": ident, "text": "已核实"}, HTTP_HX_REQUEST="true")
    assert "已核实，说明：已核实" in panel.content.decode()


def test_a_scoring_indicator_without_evidence_is_flagged_until_a_file_backs_it(
    world: World, login: Callable[[User], Client]
) -> None:
    values = synthetic_values()
    values["i17.metrologists"] = 9  # 17.1: 0.1 × (9 − 3) = 0.6 points at least
    store(world.application, values)
    client = login(world.office)
    flag = next(f for f in flags_of(world.application) if f.values.get("indicator") == 17)
    assert (flag.kind, flag.keys[0]) == ("unevidenced", "i17.metrologists")
    assert flag.points_at_stake >= 0.6
    page = _page(client, world.application)
    assert 'data-kind="unevidenced" data-key="i17.metrologists"' in page
    assert "但没有任何佐证材料" in page
    evidence_of(world.application, 17)
    assert 'data-kind="unevidenced" data-key="i17.metrologists"' not in _page(
        client, world.application
    )


def test_a_file_attached_to_a_record_backs_that_record_as_the_checks_number_it() -> None:
    from qcounty.web.evidence.coverage import Row, evidenced

    first, second = {"title": "甲", "code": "1"}, {"title": "乙", "code": "2"}
    values = {"i14.standards": [first, second, dict(second)], "i17.metrologists": 9}
    rows = [
        Row(1, 14, 7, "i14.standards", second, "a"),
        Row(1, 14, 8, "i14.standards", second, "b"),  # an identical record: the next place
        Row(1, 14, 8, "i14.standards", second, "c"),  # a second file of the same record
        Row(1, 17, None, None, None, "d"),
    ]
    found = evidenced(values, rows)
    assert found.records == {("i14.standards", 2), ("i14.standards", 3)}
    assert found.indicators == {17}


def test_an_explanation_has_its_own_audit_action_and_no_return_diff_lists_it(
    world: World,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from qcounty.web.reporting import actions
    from qcounty.web.review.board import changes_since_return
    from qcounty.web.review.models import Section

    _implausible(world.application)
    section = Section.objects.get(application=world.application, department=world.market_dept)
    section.status, section.returned_at = (
        Section.Status.RETURNED,
        timezone.now() - timedelta(hours=1),
    )
    section.save()
    actions.explain_flag(world.application, world.office, _ident(world.application), "已核实")
    entry = AuditEntry.objects.get(application=world.application, name="explain_flag")
    assert (entry.action, entry.user, entry.new) == ("flag_explained", world.office, "已核实")
    assert entry.key == "pre.three_star" and "超过" in entry.reason  # the flag as it read
    assert changes_since_return(section) == []  # the value did not change
