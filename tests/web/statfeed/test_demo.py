"""The demo's statistical feed: every county's resident population, fed once."""

from __future__ import annotations

from qcounty.web import demo
from qcounty.web.campaigns.models import Application
from qcounty.web.reporting.selfcheck import flags_of
from qcounty.web.statfeed.models import FeedBatch, OfficialFigure
from tests.web.statfeed.conftest import KEY


def test_the_demo_feeds_136_counties_once_and_flags_wendengs_different_claim(db: None) -> None:
    loaded = demo.load_demo()
    demo.load_demo()  # twice: fed once
    [batch] = FeedBatch.objects.all()
    assert batch.created == 136 and batch.keys == [KEY]
    assert OfficialFigure.objects.filter(campaign=loaded.campaign).count() == 136
    wendeng = Application.objects.get(campaign=loaded.campaign, county__name="文登区")
    [flag] = [f for f in flags_of(wendeng) if f.kind == "official_mismatch"]
    # 800,797 claimed; the demo's statistics office counted 3 % more: round(800,797 × 1.03)
    assert flag.values == {KEY: 800_797, f"{KEY}@official": 824_821}
