"""The cockpit's demo data: Wendeng's earlier campaign, so that its history has two years.

The 2022 round (evaluation year 2022: 近三年 = 2019–2021) with its own synthetic reference of
136 counties (another seed than the 2023 one). Wendeng's application is filled in with its values
in that reference, every department's section submitted and accepted by the county office, the
application submitted and accepted by the province: each step through the review workflow's
actions, on dates inside the 2022 round. The multi-year view and the report's trend then show
2022 beside 2023.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from qcounty.core import load_framework
from qcounty.core.framework.inputs import RecordsInput
from qcounty.core.framework.model import Framework
from qcounty.core.synth import generate_cohort
from qcounty.web.accounts.models import User
from qcounty.web.campaigns.actions import open_application, set_reference_cohort
from qcounty.web.campaigns.models import Application, Campaign
from qcounty.web.organisations.models import Organisation
from qcounty.web.reporting.models import InputValue, Record
from qcounty.web.review.actions import transition_application, transition_section
from qcounty.web.review.models import Notification, Section

FRAMEWORK = "shandong-county-2022"
YEAR = 2022
SEED = 2022  # the 2023 reference uses seed 7
NAME = f"{YEAR}年山东省质量强县（市、区）创建"
SUBMITTED_ON = dt.date(YEAR, 4, 20)  # the departments' submissions
SENT_ON = dt.date(YEAR, 5, 20)  # the office's submission to the province
S = Section.Status
A = Application.Status


@transaction.atomic
def load_demo_history(today: dt.date | None = None) -> Application | None:
    """Create (or complete) Wendeng's accepted 2022 application; running it twice changes nothing.

    Returns the application, or None when the demo's organisations and users are not there
    (call it after `qcounty.web.demo.load_demo` has created them). The round's dates are those
    of 2022 whatever `today` is: it is history.
    """
    framework = load_framework(FRAMEWORK)
    wendeng = Organisation.objects.filter(
        kind=Organisation.Kind.COUNTY, name="文登区", parent__name="威海市"
    ).first()
    office = User.objects.filter(username="wendeng-office").first()
    province = User.objects.filter(username="province").first()
    if wendeng is None or office is None or province is None:
        return None
    campaign, _created = Campaign.objects.defer("reference_cohort").get_or_create(
        name=NAME,
        defaults={
            "framework_id": framework.id,
            "framework_version": framework.version,
            "evaluation_year": YEAR,
            "data_cutoff": dt.date(YEAR - 1, 12, 31),
            "department_deadline": dt.date(YEAR, 4, 30),
            "application_deadline": dt.date(YEAR, 5, 31),
        },
    )
    application = open_application(campaign, wendeng)
    has_reference = Campaign.objects.filter(pk=campaign.pk, reference_cohort__isnull=False).exists()
    if application.status == A.ACCEPTED and has_reference:
        return application
    reference = generate_cohort(framework, counties=136, seed=SEED, year=YEAR)
    if not InputValue.objects.filter(application=application).exists():
        _fill(application, framework, reference)
    # the reference is stored last: every transition below reads the campaign, and a large
    # reference cohort read 50 times costs seconds
    for section in Section.objects.filter(application=application, status=S.DRAFT):
        transition_section(section, "submit_section", office, today=SUBMITTED_ON)
    for section in Section.objects.filter(application=application, status=S.SUBMITTED):
        transition_section(section, "accept_section", office, today=SUBMITTED_ON)
    application.refresh_from_db()
    if application.status == A.DRAFT:
        transition_application(application, "submit_application", office, today=SENT_ON)
        application.refresh_from_db()
    if application.status == A.SUBMITTED:
        transition_application(application, "accept_application", province, today=SENT_ON)
        application.refresh_from_db()
    if not has_reference:
        set_reference_cohort(Campaign.objects.get(pk=campaign.pk), reference)
    # the actions notify the office, the clerks and the province when the transaction commits;
    # the 2022 round is long over, its messages were read (registered after the actions' own
    # callbacks, this one runs after them)
    transaction.on_commit(
        lambda: Notification.objects.filter(application=application, read_at=None).update(
            read_at=timezone.now()
        )
    )
    return application


def _fill(application: Application, framework: Framework, reference: dict[str, Any]) -> None:
    """Store Wendeng's values of the 2022 reference as its application's values."""
    values = next(
        c["values"] for c in reference["counties"] if (c["city"], c["name"]) == ("威海市", "文登区")
    )
    for spec in framework.inputs():
        if spec.key not in values:
            continue
        value = values[spec.key]
        if isinstance(spec, RecordsInput) and value:
            for data in value:
                Record.objects.create(application=application, key=spec.key, data=data)
        else:
            InputValue.objects.create(application=application, key=spec.key, value=value)
