"""The options of S3-compatible object storage for evidence files, read from the environment.

Imported by the settings module, so it imports nothing of Django but its exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

ADDRESSING_STYLES = ("path", "virtual", "auto")
# larger objects are spooled to a temporary file while they are read, not kept in memory
MAX_MEMORY_SIZE = 2 * 1024 * 1024


def s3_storage_options(env: Mapping[str, str]) -> dict[str, Any]:
    """Return django-storages' S3Storage options from QCOUNTY_S3_* variables."""
    bucket = env.get("QCOUNTY_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("QCOUNTY_STORAGE=s3 needs QCOUNTY_S3_BUCKET")
    style = env.get("QCOUNTY_S3_ADDRESSING_STYLE", "path").strip() or "path"
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"QCOUNTY_S3_ADDRESSING_STYLE={style!r}: expected one of {', '.join(ADDRESSING_STYLES)}"
        )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": env.get("QCOUNTY_S3_PREFIX", "").strip("/"),
        "endpoint_url": env.get("QCOUNTY_S3_ENDPOINT_URL") or None,
        "region_name": env.get("QCOUNTY_S3_REGION") or None,
        "addressing_style": style,
        "signature_version": "s3v4",
        # objects stay private (the bucket's default); files are served by the application
        "default_acl": None,
        "querystring_auth": True,
        # never replace an object that has the same name: the file system storage does not
        "file_overwrite": False,
        "max_memory_size": MAX_MEMORY_SIZE,
        "verify": env.get("QCOUNTY_S3_CA_BUNDLE") or None,
    }
    key_id = env.get("QCOUNTY_S3_ACCESS_KEY_ID")
    secret = env.get("QCOUNTY_S3_SECRET_ACCESS_KEY")
    if bool(key_id) != bool(secret):
        raise ImproperlyConfigured(
            "QCOUNTY_S3_ACCESS_KEY_ID and QCOUNTY_S3_SECRET_ACCESS_KEY go together"
        )
    if key_id:
        # otherwise boto3 looks for credentials itself (AWS_* variables, profiles, roles)
        options.update(access_key=key_id, secret_key=secret)
    return options
