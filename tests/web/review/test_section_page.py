"""A department's review page: the office sees one department's section alone and decides there.

URL name review:section, /review/section/<section id>/. The decisions are the review actions'
(review.actions.transition_section), posted to review:section_action from the page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from qcounty.web.reporting import actions as reporting
from qcounty.web.reporting.models import InputValue
from qcounty.web.review.actions import transition_section
from qcounty.web.review.models import ReturnNote, Section
from tests.web.conftest import World
from tests.web.review.conftest import BEFORE_DEADLINE, Sections, complete, user_of

S = Section.Status


def url(section: Section) -> str:
    return reverse("review:section", args=[section.pk])


def test_its_url_is_stable(sections: Sections) -> None:
    assert url(sections.market) == f"/review/section/{sections.market.pk}/"


def test_the_office_sees_the_departments_values_alone(
    world: World, sections: Sections, login
) -> None:
    complete(sections.market)
    InputValue.objects.update_or_create(
        application=world.application, key="i17.metrologists", defaults={"value": 9}
    )
    complete(sections.statistics)
    InputValue.objects.filter(application=world.application, key="i41.patents").delete()
    page = login(world.office).get(url(sections.market)).content.decode()
    assert "区市场监管局的填报" in page
    assert 'id="indicator-17"' in page and 'id="indicator-41"' in page
    block = page[page.index('id="indicator-17"') :]
    assert "9人" in block[: block.index("</section>")]
    block = page[page.index('id="indicator-41"') :]
    assert "1 项未填" in block[: block.index("</section>")]
    # 31 (a statistics indicator) belongs to the other department's section: not shown
    assert 'id="indicator-31"' not in page


def test_the_office_accepts_from_the_page_and_comes_back_to_it(
    world: World, sections: Sections, login
) -> None:
    complete(sections.market)
    transition_section(sections.market, "submit_section", world.market_clerk, today=BEFORE_DEADLINE)
    client = login(world.office)
    page = client.get(url(sections.market)).content.decode()
    assert "接收本部门的填报" in page and "退回本部门的填报" in page
    accept = reverse("review:section_action", args=[sections.market.pk, "accept"])
    response = client.post(accept, {"from": "section"})
    assert response.status_code == 302 and response["Location"] == url(sections.market)
    sections.market.refresh_from_db()
    assert sections.market.status == S.ACCEPTED
    page = client.get(url(sections.market)).content.decode()
    assert "接收本部门的填报" not in page and "重新打开本部门的填报" in page


def test_the_office_returns_one_field_and_then_sees_what_changed(
    world: World, sections: Sections, login
) -> None:
    complete(sections.market)
    transition_section(sections.market, "submit_section", world.market_clerk, today=BEFORE_DEADLINE)
    client = login(world.office)
    back = client.post(
        reverse("review:section_action", args=[sections.market.pk, "return"]),
        {"from": "section", "reason": "计量师人数与证书不符", "key": "i17.metrologists"},
    )
    assert back["Location"] == url(sections.market)
    assert ReturnNote.objects.get(section=sections.market).key == "i17.metrologists"
    before = InputValue.objects.get(application=world.application, key="i17.metrologists").value
    reporting.save_value(world.application, "i17.metrologists", before + 1, world.market_clerk)
    transition_section(sections.market, "resubmit_section", world.market_clerk)
    page = client.get(url(sections.market)).content.decode()
    changes = page[page.index('id="changes"') :]
    changes = changes[: changes.index("</section>")]
    assert f"{before}人" in changes and f"{before + 1}人" in changes
    assert "计量师人数与证书不符" in page


def test_a_refusal_comes_back_to_the_page_with_its_message(
    world: World, sections: Sections, login
) -> None:
    client = login(world.office)
    response = client.post(
        reverse("review:section_action", args=[sections.market.pk, "accept"]),
        {"from": "section"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(sections.market)
    assert "当前状态为“填报中”，不能执行此操作" in response.content.decode()
    sections.market.refresh_from_db()
    assert sections.market.status == S.DRAFT


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office", 200),
        ("admin", 200),
        ("clerk", 200),  # the market clerk: her own section, read only
        ("other_clerk", 404),
        ("other_office", 404),
        ("other_county_clerk", 404),
        ("evaluator", 404),
    ],
)
def test_who_sees_a_departments_page(
    world: World, sections: Sections, login, who: str, status: int
) -> None:
    response = login(user_of(world, who)).get(url(sections.market))
    assert response.status_code == status
    if status == 200 and who != "office":
        assert "接收本部门的填报" not in response.content.decode()


def test_the_evidence_of_each_indicator_is_one_click_away(
    world: World, sections: Sections, login, make_evidence
) -> None:
    evidence = make_evidence(indicator=17, name="计量师名单.pdf")
    make_evidence(indicator=31, name="统计执法检查.pdf", content=b"%PDF-1.4 other")
    page = login(world.office).get(url(sections.market)).content.decode()
    block = page[page.index('id="indicator-17"') :]
    block = block[: block.index("</section>")]
    assert reverse("evidence:download", args=[evidence.pk]) in block and "计量师名单.pdf" in block
    assert "统计执法检查.pdf" not in page  # the statistics' indicator 31
