"""The forms of the review pages: they parse input; review.actions decides what is allowed.

A reason is not required here: the actions refuse a missing reason themselves (and record the
refusal), so the message is the same whatever sent the request. The page's textareas carry the
HTML `required` attribute so that a browser asks first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application
from qcounty.web.formfields import choice_field, model_choice_field
from qcounty.web.gatewords import gates_title
from qcounty.web.review.board import STATUS_FILTERS
from qcounty.web.review.models import Section

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "required": True}),
    )


class ReturnSectionForm(ReasonForm):
    """退回: a reason and, optionally, the one field of the section it is about."""

    key = forms.ChoiceField(label=_("涉及的字段"), required=False)

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "key").choices = [("", _("（整个部门填报）")), *keys]


class ExtensionForm(ReasonForm):
    until = forms.DateField(label=_("延期至"), widget=forms.DateInput(attrs={"type": "date"}))


class _SectionChoiceField(forms.ModelChoiceField[Section]):
    """A department's section, shown by the department's name."""

    def label_from_instance(self, obj: Section) -> str:
        return obj.department.name


class HistoryFilterForm(forms.Form):
    indicator = forms.TypedChoiceField(
        label=_("指标"), required=False, coerce=int, empty_value=None
    )
    section = _SectionChoiceField(
        label=_("部门"), required=False, queryset=Section.objects.none(), empty_label=_("全部")
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        framework = application.campaign.framework
        choices: list[tuple[Any, StrOrPromise]] = [("", _("全部"))]
        if framework.gates:
            choices.append((0, gates_title(framework)))
        choices += [(i.number, f"{i.number}. {i.name}") for i in framework.indicators()]
        choice_field(self, "indicator").choices = choices
        model_choice_field(self, "section").queryset = Section.objects.filter(
            application=application
        ).select_related("department")


class ProgressFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Section.Status.choices)
        labels["overdue"] = _("已逾期")
        choice_field(self, "status").choices = [("", _("全部"))] + [
            (value, labels[value]) for value in STATUS_FILTERS
        ]
