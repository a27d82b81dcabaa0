"""Template tags of the documents: the user's recent document jobs of an application."""

from __future__ import annotations

from typing import Any

from django import template

from qcounty.web.documents.models import DocumentJob

register = template.Library()
SHOWN = 5


@register.simple_tag
def recent_document_jobs(application: Any, user: Any) -> list[DocumentJob]:
    """Return the user's latest document jobs of the application (the cleaned-up ones are gone)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(DocumentJob.objects.filter(application=application, requested_by=user)[:SHOWN])
