from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qcounty.core.framework.loader import FrameworkError, bundled_ids
from qcounty.web.demo import FRAMEWORK, PASSWORD, load_demo
from qcounty.web.demo_schemes import load_scheme_demo


class Command(BaseCommand):
    help = (
        "Load the demo: Shandong's organisations, Wendeng's departments and users, a campaign; "
        "with --framework, another bundled scheme's province, units, departments and campaign."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--framework",
            default=FRAMEWORK,
            help="a bundled scheme's id (default: Shandong's, the full demo)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scheme = options["framework"]
        if scheme == FRAMEWORK:
            demo = load_demo()
            self.stdout.write(f"演示数据已就绪：{demo.campaign.name}")
            self.stdout.write(f"所有演示账号的密码：{PASSWORD}")
            self.stdout.write(f"省级批量导入用的十个县填报模板：{demo.workbooks}")
            users = demo.users
        else:
            if scheme not in bundled_ids():
                known = "、".join(bundled_ids())
                raise CommandError(f"没有内置的评价体系“{scheme}”（可选：{known}）")
            try:
                other = load_scheme_demo(scheme)
            except FrameworkError as e:
                raise CommandError(str(e)) from None
            self.stdout.write(
                f"演示数据已就绪：{other.campaign.name}（{len(other.units)} 个参评单位）"
            )
            self.stdout.write(f"所有演示账号的密码：{PASSWORD}")
            users = other.users
        for user in users:
            self.stdout.write(
                f"  {user.username:<36} {user.get_role_display()} · {user.organisation}"
            )
