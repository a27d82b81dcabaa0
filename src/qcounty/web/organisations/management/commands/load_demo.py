from django.core.management.base import BaseCommand

from qcounty.web.demo import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo: Shandong's organisations, Wendeng's departments and users, a campaign."

    def handle(self, *args: object, **options: object) -> None:
        demo = load_demo()
        self.stdout.write(f"演示数据已就绪：{demo.campaign.name}")
        self.stdout.write(f"所有演示账号的密码：{PASSWORD}")
        self.stdout.write(f"省级批量导入用的十个县填报模板：{demo.workbooks}")
        for user in demo.users:
            self.stdout.write(
                f"  {user.username:<36} {user.get_role_display()} · {user.organisation}"
            )
