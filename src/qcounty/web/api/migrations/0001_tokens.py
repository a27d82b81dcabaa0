import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                ("scope", models.CharField(choices=[("read", "只读"), ("write", "读写")], max_length=8, verbose_name="权限范围")),
                ("digest", models.CharField(max_length=64, unique=True, verbose_name="SHA-256")),
                ("prefix", models.CharField(max_length=12, verbose_name="令牌开头")),
                ("expires_at", models.DateTimeField(verbose_name="有效期至")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="吊销时间")),
                ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="创建人")),
                ("revoked_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="吊销人")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="api_token", to=settings.AUTH_USER_MODEL, verbose_name="令牌账户")),
            ],
            options={
                "verbose_name": "接口令牌",
                "verbose_name_plural": "接口令牌",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="TokenUse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                ("method", models.CharField(max_length=8, verbose_name="方法")),
                ("path", models.CharField(max_length=300, verbose_name="地址")),
                ("status", models.PositiveSmallIntegerField(verbose_name="状态码")),
                ("address", models.GenericIPAddressField(blank=True, null=True, verbose_name="来源地址")),
                ("token", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="uses", to="api.apitoken", verbose_name="令牌")),
            ],
            options={
                "verbose_name": "令牌使用记录",
                "verbose_name_plural": "令牌使用记录",
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["token", "at"], name="token_use_by_time")],
            },
        ),
    ]
