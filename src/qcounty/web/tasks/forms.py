"""The forms of the task pages: they parse input; tasks.actions decides what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qcounty.web.campaigns.models import Application
from qcounty.web.formfields import choice_field
from qcounty.web.organisations.models import Organisation
from qcounty.web.tasks.models import Task
from qcounty.web.tasks.queries import STATUS_FILTERS
from qcounty.web.words import invalid_department

INVALID_STATUS = _("无效的状态，请从列表中选择")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("请输入有效的日期（如 2023-05-31）"), "required": _("请填写日期")}


class _DepartmentChoiceField(forms.ModelChoiceField[Organisation]):
    """A county's department, shown by its own name (not the county-prefixed one)."""

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


def _department_field(
    application: Application, **kwargs: Any
) -> forms.ModelChoiceField[Organisation]:
    return _DepartmentChoiceField(
        label=_("责任部门"),
        queryset=Organisation.objects.filter(
            kind=Organisation.Kind.DEPARTMENT, parent_id=application.county_id
        ).order_by("id"),
        error_messages={
            "invalid_choice": invalid_department(application),
            "required": invalid_department(application),
        },
        **kwargs,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        choices=Task.Status.choices,
        error_messages={"invalid_choice": INVALID_STATUS, "required": INVALID_STATUS},
    )
    note = forms.CharField(
        label=_("进展说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("内容过长（最多 2000 个字）")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("进展说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        error_messages={
            "required": _("请填写进展说明"),
            "max_length": _("内容过长（最多 2000 个字）"),
        },
    )


class EditForm(forms.Form):
    """The office's changes to a task: deadline, department, status (and text of its own tasks)."""

    department = forms.ModelChoiceField(queryset=Organisation.objects.none())
    deadline = forms.DateField(label=_("完成时限"), widget=DATE, error_messages=DATE_ERRORS)
    status = StatusForm.base_fields["status"]
    starts_on = forms.DateField(
        label=_("开始日期"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    title = forms.CharField(label=_("任务名称"), required=False, max_length=300)
    standard = forms.CharField(
        label=_("任务要求"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = StatusForm.base_fields["note"]

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"] = _department_field(task.application)
        if not task.custom:
            for name in ("starts_on", "title", "standard"):
                del self.fields[name]


class AddForm(forms.Form):
    """One of the office's own tasks."""

    title = forms.CharField(
        label=_("任务名称"),
        max_length=300,
        error_messages={"required": _("请填写任务名称"), "max_length": _("任务名称过长")},
    )
    department = forms.ModelChoiceField(queryset=Organisation.objects.none())
    lead = forms.BooleanField(label=_("牵头"), required=False, initial=True)
    starts_on = forms.DateField(
        label=_("开始日期"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    deadline = forms.DateField(label=_("完成时限"), widget=DATE, error_messages=DATE_ERRORS)
    standard = forms.CharField(
        label=_("任务要求"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"] = _department_field(application)


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)
    department = forms.TypedChoiceField(
        label=_("部门"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Task.Status.choices)
        labels["overdue"] = _("已逾期")
        choice_field(self, "status").choices = [("", _("全部"))] + [
            (value, labels[value]) for value in STATUS_FILTERS
        ]
        departments = Organisation.objects.filter(
            kind=Organisation.Kind.DEPARTMENT, parent_id=application.county_id
        ).order_by("id")
        choice_field(self, "department").choices = [("", _("全部"))] + [
            (d.pk, d.name) for d in departments
        ]


class MappingForm(forms.Form):
    unit = forms.CharField(max_length=60)
    department = forms.TypedChoiceField(coerce=int, choices=(), empty_value=None)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "department").choices = [
            (d.pk, d.name)
            for d in Organisation.objects.filter(
                kind=Organisation.Kind.DEPARTMENT, parent_id=application.county_id
            )
        ]
        invalid = invalid_department(application)
        self.fields["department"].error_messages["invalid_choice"] = invalid
        self.fields["department"].error_messages["required"] = invalid


class DepartmentForm(forms.Form):
    name = forms.CharField(
        label=_("部门名称"),
        max_length=100,
        error_messages={
            "required": _("请填写部门名称"),
            "max_length": _("部门名称过长（最多 100 个字）"),
        },
    )
