"""Each role's home page as its work queue: counts first, then the items, each with its link.

- a clerk: their fields still empty, the fields returned to them with the reason, their
  section's state (their tasks come from the tasks app's `my_tasks` tag);
- a county office: sections waiting for review, returns not yet answered, the deadlines, the
  application's state and the province's decisions;
- the province (evaluator, administrator): applications to receive, claims to check, expert
  items to reconcile, the snapshot and publication steps, and the campaign's applications
  filtered, searched, sorted and paginated;
- an expert: the judged items to score by county, and their progress.

The province's and the expert's queues run a constant number of queries whatever the number of
applications: counts are aggregates, and only the page shown is read row by row.

Modules: `base` (roles, sort orders, days left), `county` (clerk, county office), `province`
(province, expert).
"""

from __future__ import annotations

from qcounty.web.reporting.queues.base import PAGE_SIZE, TIERS, days_left, role_of, sort_labels
from qcounty.web.reporting.queues.county import clerk_queue, office_queue
from qcounty.web.reporting.queues.province import expert_queue, province_queue

__all__ = [
    "PAGE_SIZE",
    "TIERS",
    "clerk_queue",
    "days_left",
    "expert_queue",
    "office_queue",
    "province_queue",
    "role_of",
    "sort_labels",
]
