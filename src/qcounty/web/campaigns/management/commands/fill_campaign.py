import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qcounty.web.campaigns.models import Campaign
from qcounty.web.campaigns.synthetic import fill_campaign


class Command(BaseCommand):
    help = (
        "Add N accepted applications with synthetic values to a campaign (counties beyond "
        "Shandong's are synthetic: 合成县0001 in 合成市01, …)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--applications", type=int, required=True, help="how many to add")
        parser.add_argument("--seed", type=int, default=7, help="the generator's seed")
        parser.add_argument(
            "--campaign", help="the campaign's id or name (default: the latest evaluation year)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["applications"]
        if n < 1:
            raise CommandError("申报数量应为正整数。")
        campaign = _campaign(options["campaign"])
        started = time.perf_counter()
        filled = fill_campaign(campaign, n, seed=options["seed"])
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"已向“{campaign.name}”添加 {filled.applications} 个省级已接收的合成申报"
            f"（山东县 {filled.real_counties} 个，新建合成县 {filled.synthetic_counties} 个；"
            f"取值 {filled.values} 条，记录 {filled.records} 条），用时 {seconds:.1f} 秒。"
        )


def _campaign(wanted: str | None) -> Campaign:
    campaigns = Campaign.objects.defer("reference_cohort")
    if wanted is None:
        found = campaigns.order_by("-evaluation_year", "-id").first()
        if found is None:
            raise CommandError("还没有创建周期：请先创建（或运行 load_demo）。")
        return found
    found = (
        campaigns.filter(pk=int(wanted)).first()
        if wanted.isdigit()
        else campaigns.filter(name=wanted).first()
    )
    if found is None:
        raise CommandError(f"没有创建周期“{wanted}”。")
    return found
