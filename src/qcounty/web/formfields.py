"""Typed access to the fields a form declared (its `fields` are only known as `Field`)."""

from __future__ import annotations

from typing import Any

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """Return the form's choice field of that name, to set its choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):  # a programming error: the form declares it
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """Return the form's model choice field of that name, to set its queryset."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):  # a programming error: the form declares it
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field
