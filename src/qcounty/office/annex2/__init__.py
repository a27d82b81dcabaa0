"""Annex 2: the seed's reporting form (重要指标) filled in from a county's values, as Word and Excel.

The form is the seed's Annex 2, held as data (``qcounty/data/annex2-<framework>.csv``): for
every item its 指标表述 and 填报内容 as the seed words them, and how the county's values fill
its blanks. Nothing of the form is reworded: the system's finer inputs only tick its boxes
(□ → ☑), fill its blanks (____ → the value) and, under an item's "请说明…/请列明…", list what
the county reported (its text, its records one per line, a record that does not count with
why). The layout is the seed's table — 一级指标, 二级指标, 指标表述, 填报内容 — with the
prerequisite and the veto first (their name across the first two columns), the first- and
second-level cells merged down over their rows.

How a line is filled (the ``fill`` column, one expression a content line):

* ``yes`` / ``no`` / ``yesno``: the item's answer ticks "□是" / "□否" (``answer`` column:
  ``head`` as the indicator's first input or rule decides, ``gate`` from the gate's
  conditions, ``any:key`` a choice other than "none" or a non-empty checklist, ``all:k1,k2``
  every yes/no input yes);
* ``v:key`` a value (input or derived, as the score counts it), ``n:records[field=a|b;…]`` the
  counted records matching, ``t:key`` a text: each fills the next blank, and a box on the
  line is ticked when a count is above zero;
* ``c:key=id`` ticks the box when the option is chosen; ``none`` ticks "□无" when the item is
  reported and every count of it is zero (nothing chosen).

A scheme without such a file gets a generic form built from its tree: a row per gate and per
indicator (or per ``annex2`` statement of its inputs), each input's label with its value or a
blank, titled "{unit}《{scheme}》重要指标" without the seed's "附件2".

Values are as in a county file (JSON form or already typed); a value that does not pass the
county file's checks is treated as not reported (a record list keeps its valid records).

The package's modules: `items` (the form's items as data, statements), `values` (the county's
values typed and tabulated), `records` (a record list's lines), `form` (`annex2_rows`, each
item's lines), `helpers` (thresholds, dimensions, fields shown) and `output` (.docx and .xlsx).
"""

from __future__ import annotations

from qcounty.office.annex2.form import annex2_rows
from qcounty.office.annex2.items import BLANK, FormItem, Row, form_items, has_form
from qcounty.office.annex2.output import (
    DOCX_WIDTHS,
    HEADER,
    LABEL,
    XLSX_WIDTHS,
    annex2_docx,
    annex2_xlsx,
    form_label,
    form_title,
)
from qcounty.office.docstyle import BOX_NO

__all__ = [
    "BLANK",
    "BOX_NO",
    "DOCX_WIDTHS",
    "HEADER",
    "LABEL",
    "XLSX_WIDTHS",
    "FormItem",
    "Row",
    "annex2_docx",
    "annex2_rows",
    "annex2_xlsx",
    "form_items",
    "form_label",
    "form_title",
    "has_form",
]
