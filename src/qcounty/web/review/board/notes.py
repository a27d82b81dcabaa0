"""Return notes: what a reviewer said when returning a section, and which are still open."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from qcounty.core.framework.model import Framework
from qcounty.web.campaigns.models import Application
from qcounty.web.gatewords import gate_word_of_input
from qcounty.web.reporting import access
from qcounty.web.review.board.readable import field_label
from qcounty.web.review.board.state import A, inputs_by_section
from qcounty.web.review.models import ReturnNote, Section
from qcounty.web.review.sections import (
    Owned,
)


@dataclass
class Note:
    """A return note with the label of the field it points at and where that field is."""

    note: ReturnNote
    field: str
    anchor: str

    @property
    def link(self) -> str:
        """Return the field's place on the application page: its section and its anchor."""
        if self.anchor.startswith("indicator-"):
            return f"?indicator={self.anchor.removeprefix('indicator-')}#{self.anchor}"
        return f"#{self.anchor}" if self.anchor else ""


def notes_shown(application: Application, notes: Iterable[ReturnNote]) -> list[Note]:
    framework = application.campaign.framework
    out = []
    for note in notes:
        if not note.key:
            out.append(Note(note, "", ""))
            continue
        indicator = access.indicator_of_key(framework, note.key)
        anchor = f"indicator-{indicator.number}" if indicator else "gates"
        out.append(Note(note, field_label(framework, note.key), anchor))
    return out


def open_notes(section: Section) -> list[Note]:
    notes = ReturnNote.objects.filter(section=section, resolved=False).select_related("created_by")
    return notes_shown(section.application, notes)


def application_notes(application: Application) -> list[Note]:
    """Return the province's reason for the current return (none unless returned)."""
    if application.status != A.RETURNED:
        return []
    note = (
        ReturnNote.objects.filter(application=application, section=None)
        .select_related("created_by")
        .first()
    )
    return notes_shown(application, [note] if note else [])


def return_keys(application: Application, section: Section) -> list[tuple[str, str]]:
    """Return (key, label) of each input of a section: the fields a return can point at."""
    return [
        (o.spec.key, _input_choice_label(application.campaign.framework, o))
        for o in inputs_by_section(application, [section])[section.pk]
    ]


def last_notes(section: Section) -> list[Note]:
    """Return the note of the section's last return (its reason, and the field if one)."""
    note = ReturnNote.objects.filter(section=section).select_related("created_by").first()
    return notes_shown(section.application, [note] if note else [])


def _input_choice_label(framework: Framework, o: Owned) -> str:
    if o.indicator == 0:
        where = gate_word_of_input(framework, o.spec.key)
    else:
        where = _("指标{n}").format(n=o.indicator)
    return f"{where} · {o.spec.label}"
