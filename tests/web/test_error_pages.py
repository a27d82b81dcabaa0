"""Error pages speak Chinese: not found, no permission, a refused submission, a server error."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_a_missing_page_says_so_in_chinese(world, login):
    response = login(world.office).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and 'lang="zh-hans"' in html
    assert "Not Found" not in html


def test_a_page_of_another_role_is_refused_in_chinese(world, login):
    # the county office's cockpit is not for a department's clerk
    response = login(world.market_clerk).get(
        reverse("cockpit:dashboard", args=[world.application.pk])
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html and "Forbidden" not in html


def test_a_forged_form_without_its_token_is_refused_in_chinese_and_saves_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office)
    url = reverse("reporting:save", args=[world.application.pk, "i17.metrologists"])
    response = client.post(url, {"value": "9"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert not world.application.values.filter(key="i17.metrologists").exists()


def test_a_server_error_page_is_chinese_and_needs_no_session():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错" in html and "Server Error" not in html


def test_a_refused_save_says_why_in_the_message_the_page_shows_beside_the_field(world, login):
    # 17's inputs belong to 市场监管部门: the statistics clerk's save is refused, and the 403
    # page carries the reason in its .error-message, which app.js shows beside the field
    url = reverse("reporting:save", args=[world.application.pk, "i17.metrologists"])
    response = login(world.statistics_clerk).post(url, {"value": "9"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    html = response.content.decode()
    assert (
        '<p class="error-message">这一项已不能由您修改：它可能已提交、已接收，或不属于您的填报范围。'
        in html
    )
    assert not world.application.values.filter(key="i17.metrologists").exists()
