"""WSGI entry point: `gunicorn qcounty.web.wsgi` or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcounty.web.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Import every view and build the URL resolver before the first request is served."""
    # Django imports the URLconf on the first request; its views import the document builders
    # (matplotlib, openpyxl, python-docx): about 3 s that the first user of every worker waited
    from django.urls import reverse

    reverse("home")


warm_up()
