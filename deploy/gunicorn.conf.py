"""gunicorn's configuration for qcounty: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (the systemd unit reads
/etc/qcounty/production.env); see docs/deployment.md.

- Workers: 2 × CPU + 1 synchronous processes (QCOUNTY_WEB_WORKERS overrides). Every request of
  the application is short (long work runs in the background worker), so sync workers suit it.
- Graceful reload: `kill -HUP <master pid>` (`systemctl reload qcounty-web`) starts new workers
  with the new code and settings, and lets the old ones finish their requests (up to
  graceful_timeout) before they stop: no request is cut during an upgrade.
- Logs: the access log to stdout and gunicorn's own errors to stderr, both kept by journald;
  the application's records go to stderr in one line each (settings.LOGGING).
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "qcounty.web.wsgi:application"

# Loopback by default: the reverse proxy (deploy/nginx/qcounty.conf) is the only client.
bind = os.environ.get("QCOUNTY_WEB_BIND", "127.0.0.1:8000").split(",")

workers = int(os.environ.get("QCOUNTY_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A worker busy for longer than this is killed and restarted (the request gets a 502 from the
# proxy); the proxy's read timeout (nginx: proxy_read_timeout) should be a little longer.
timeout = int(os.environ.get("QCOUNTY_WEB_TIMEOUT", 60))
# On HUP or TERM, how long a worker may take to finish the requests it is serving.
graceful_timeout = int(os.environ.get("QCOUNTY_WEB_GRACEFUL_TIMEOUT", 30))
keepalive = 5

# Restart each worker after this many requests (with jitter, so they do not restart together):
# a slow leak in a library cannot grow a worker for ever.
max_requests = int(os.environ.get("QCOUNTY_WEB_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("QCOUNTY_WEB_MAX_REQUESTS_JITTER", 100))

accesslog = "-"
errorlog = "-"  # gunicorn writes its error log to stderr
loglevel = os.environ.get("QCOUNTY_WEB_LOG_LEVEL", "info")
# the proxy's address, the request line, status, bytes, duration (µs) and the request id
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus rid=%({x-request-id}o)s "%(a)s"'

# Whether a request came over HTTPS is Django's decision alone (QCOUNTY_BEHIND_HTTPS_PROXY sets
# SECURE_PROXY_SSL_HEADER): gunicorn passes X-Forwarded-Proto through instead of turning it into
# wsgi.url_scheme for loopback clients, which would make the setting matter on some hosts only.
secure_scheme_headers: dict[str, str] = {}
proc_name = "qcounty-web"
# No control socket (gunicorn 25+ makes one at $HOME/.gunicorn/gunicorn.ctl by default, shared by
# every gunicorn of the user, so two app servers on one machine would take each other's): the
# service is run with signals (HUP to reload, TERM to stop), through systemctl.
control_socket_disable = True
