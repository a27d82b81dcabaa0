"""WSGI entry point: `gunicorn qcounty.web.wsgi` or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qcounty.web.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Import every view, build the URL resolver and parse the bundled frameworks before the
    first request is served."""
    # Django imports the URLconf on the first request; its views import the document builders
    # (matplotlib, openpyxl, python-docx): about 3 s that the first user of every worker waited
    from django.urls import reverse

    from qcounty.core.framework.loader import bundled_ids, load_framework

    reverse("home")
    for framework_id in bundled_ids():  # parsed once per process (about 1 s of YAML each)
        load_framework(framework_id)


warm_up()
