"""What the review pages show, as plain data for templates: the panel, the board, the history.

No state changes here (review.actions does those); only reading and formatting.

The package's modules: `state` (statuses, inputs by section), `notes` (return notes), `panel`
(the review panel), `progress` (the progress board and to-dos), `history` (the audit history)
and `readable` (values as read, changes since a return).
"""

from __future__ import annotations

from qcounty.web.review.board.history import HistoryRow, history
from qcounty.web.review.board.notes import (
    Note,
    application_notes,
    last_notes,
    notes_shown,
    open_notes,
    return_keys,
)
from qcounty.web.review.board.panel import Panel, Row, blockers, clerk_section, panel, section_rows
from qcounty.web.review.board.progress import (
    STATUS_FILTERS,
    progress,
    progress_title,
    progress_xlsx,
)
from qcounty.web.review.board.readable import Change, changes_since_return, field_label, readable
from qcounty.web.review.board.state import (
    CHANGES,
    SUBMITTED_STATES,
    A,
    Action,
    Role,
    S,
    action_labels,
    inputs_by_section,
    is_overdue,
    missing_by_section,
)

__all__ = [
    "CHANGES",
    "STATUS_FILTERS",
    "SUBMITTED_STATES",
    "A",
    "Action",
    "Change",
    "HistoryRow",
    "Note",
    "Panel",
    "Role",
    "Row",
    "S",
    "action_labels",
    "application_notes",
    "blockers",
    "changes_since_return",
    "clerk_section",
    "field_label",
    "history",
    "inputs_by_section",
    "is_overdue",
    "last_notes",
    "missing_by_section",
    "notes_shown",
    "open_notes",
    "panel",
    "progress",
    "progress_title",
    "progress_xlsx",
    "readable",
    "return_keys",
    "section_rows",
]
