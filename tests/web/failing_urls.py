"""The site's URLs plus one view that fails, for the tests of what a 500 leaves in the logs."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from qcounty.web.urls import urlpatterns as site_urlpatterns


@login_required
def fail(request: HttpRequest) -> HttpResponse:
    """Warn, then fail as a bug would."""
    logging.getLogger("qcounty.tests").warning("about to fail")
    raise RuntimeError("the view failed on purpose")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
