"""The help texts are read once into typed objects; a malformed file is refused, saying where."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from qcounty.web.help import texts
from qcounty.web.help.texts import TEXTS_DIR, HelpTextError, _manual


def clerk() -> dict[str, Any]:
    return dict(yaml.safe_load((TEXTS_DIR / "clerk.yaml").read_text(encoding="utf-8")))


def test_every_audience_has_a_general_page_and_pages_with_steps() -> None:
    for manual in texts.manuals():
        assert manual.general.steps
        assert manual.pages
        assert all(e.purpose and e.steps for e in manual.pages), manual.audience
        assert len({e.key for e in manual.pages}) == len(manual.pages)


def test_an_office_user_reads_the_offices_help_first_then_the_leaders() -> None:
    for page, audience in (("home", "county_office"), ("cockpit:dashboard", "leader")):
        found = texts.entry_for("county_office", page)
        assert found is not None and found[0].audience == audience
    assert texts.entry_for("clerk", "cockpit:dashboard") is None
    assert texts.general_for("nobody") is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["pages"]["home"].pop("steps"), "clerk.yaml: pages: home: missing steps"),
        (lambda d: d["pages"]["home"].update(step=["x"]), "pages: home: unknown step"),
        (lambda d: d["pages"]["home"].update(steps=[]), "pages: home: steps: expected a list"),
        (lambda d: d["pages"]["home"].update(title=" "), "pages: home: title: expected a non"),
        (lambda d: d.update(audience="expert"), "audience is 'expert', expected 'clerk'"),
        (lambda d: d["pages"].update(application={**d["pages"]["home"]}), "a URL name"),
        (lambda d: d.update(pages=[]), "pages: expected a mapping"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_place(change, message) -> None:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(clerk())
    change(data)
    with pytest.raises(HelpTextError, match=message.replace("(", r"\(")):
        _manual("clerk.yaml", "clerk", data)


def test_the_texts_are_plain_chinese_without_the_engines_jargon() -> None:
    jargon = ("x_s", "x_h", "d =", "SHA", "功效系数", "快照 #", "efficacy")
    for manual in texts.manuals():
        if manual.audience in ("evaluator", "admin"):
            continue  # the province's own work is snapshots and policies
        for entry in (manual.general, *manual.pages):
            text = " ".join((entry.purpose, *entry.steps, *entry.notes))
            assert not [j for j in jargon if j in text], (manual.audience, entry.key)


def test_a_refused_correction_shows_the_county_page_and_its_help() -> None:
    found = texts.entry_for("evaluator", "evaluation:whatif_save")
    assert found is not None and found[1].key == "evaluation:county"
