"""The 公示 period's demo: 荣成市's county office (it objects in the demo) and the office head
of the province, who may publish the final list before the 公示 is settled (recorded)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import Permission

from qcounty.web.accounts.models import User
from qcounty.web.organisations.models import Organisation

NewUser = Callable[[str, str, str, Organisation], User]


def load_demo_objections(make_user: NewUser) -> list[User]:
    """Create the demo's 荣成市 office and province head (once); return them."""
    users = []
    rongcheng = Organisation.objects.filter(
        kind=Organisation.Kind.COUNTY, name="荣成市", parent__name="威海市"
    ).first()
    if rongcheng is not None:
        users.append(
            make_user("rongcheng-office", "荣成市质量强市办", User.Role.COUNTY_OFFICE, rongcheng)
        )
    province = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE).first()
    if province is not None:
        head = make_user("province-head", "省质量强省办负责人", User.Role.EVALUATOR, province)
        head.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="objections", codename="override_final_list"
            )
        )
        users.append(head)
    return users
